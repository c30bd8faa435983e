import {
  Button,
  Checkbox,
  Group,
  NativeSelect,
  NumberInput,
  PasswordInput,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { microlitresFromMl } from '../../../src/inventory/core';
import type { Count, CountInput, CountList, CountSheet } from '../../../src/inventory/count-model';
import { send } from '../api/client';
import { DataTable } from '../ui/DataTable';
import { fieldError, ProblemAlert } from '../ui/Problem';
import { useStepUp } from '../ui/StepUp';
import { useApi, useSubmit } from '../ui/useApi';
import { quantity } from './StockTab';

const kinds: { value: CountInput['kind']; label: string }[] = [
  { value: 'daily', label: 'End-of-day count' },
  { value: 'biennial', label: 'Biennial inventory' },
  { value: 'initial', label: 'Initial inventory' },
  { value: 'other', label: 'Other (ad hoc) count' },
];

interface Entered {
  sealed: number;
  /** As typed: mL for liquids, devices for nasal devices. */
  opened: string;
  estimated: boolean;
}

/** Start a count at a location, enter what is there, and sign it with a second staff member. */
export function CountsTab({ clinicId, canCount }: { clinicId: string; canCount: boolean }) {
  const base = `/api/clinics/${clinicId}/inventory`;
  const all = useApi<CountSheet>(`${base}/count-sheet`);
  const counts = useApi<CountList>(`${base}/counts`);
  const locations = [...new Map((all.data?.lines ?? []).map((l) => [l.locationId, l.locationName]))];
  const [locationId, setLocationId] = useState<string>('');
  const [started, setStarted] = useState<string | null>(null);
  const sheet = useApi<CountSheet>(started ? `${base}/count-sheet?locationId=${started}` : null);
  const [kind, setKind] = useState<CountInput['kind']>('daily');
  const [takenAt, setTakenAt] = useState<CountInput['takenAt']>('close');
  const [entered, setEntered] = useState<Record<string, Entered>>({});
  const [recorded, setRecorded] = useState<Count>();
  const { withStepUp, dialog } = useStepUp();
  const submit = useSubmit((body: CountInput) =>
    withStepUp(() => send<Count>('POST', `${base}/counts`, body)),
  );
  const chosen = locationId || locations[0]?.[0] || '';

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!sheet.data || !started) return;
    const form = new FormData(event.currentTarget);
    const lines = sheet.data.lines.map((l) => {
      const e = entered[l.lotId] ?? { sealed: 0, opened: '0', estimated: false };
      const opened =
        l.baseUnit === 'microlitre' ? (microlitresFromMl(e.opened.trim() || '0') ?? -1) : Number(e.opened);
      return {
        locationId: l.locationId,
        lotId: l.lotId,
        expected: l.expected,
        sealedContainers: e.sealed,
        openedQuantity: opened,
        openedEstimated: e.estimated,
      };
    });
    const result = await submit.run({
      locationId: started,
      kind,
      takenAt,
      lines,
      witness: {
        email: String(form.get('witnessEmail') ?? ''),
        password: String(form.get('witnessPassword') ?? ''),
        totp: String(form.get('witnessTotp') ?? '').replace(/\s+/g, ''),
      },
    });
    if (result) {
      setRecorded(result);
      setStarted(null);
      setEntered({});
      counts.reload();
    }
  };

  return (
    <Stack gap="lg">
      {dialog}
      {recorded && (
        <Text role="status" fw={600}>
          Count recorded:{' '}
          {recorded.differences === 0
            ? 'no differences.'
            : `${recorded.differences} difference(s), each opened as a discrepancy.`}
        </Text>
      )}
      {canCount && !started && (
        <Group align="flex-end">
          <NativeSelect
            label="Location"
            value={chosen}
            onChange={(e) => setLocationId(e.currentTarget.value)}
            data={locations.map(([value, label]) => ({ value, label }))}
          />
          <NativeSelect
            label="Kind of count"
            value={kind}
            onChange={(e) => setKind(e.currentTarget.value as CountInput['kind'])}
            data={kinds}
          />
          <NativeSelect
            label="Taken at"
            value={takenAt}
            onChange={(e) => setTakenAt(e.currentTarget.value as CountInput['takenAt'])}
            data={[
              { value: 'close', label: 'Close of business' },
              { value: 'opening', label: 'Opening of business' },
            ]}
          />
          <Button onClick={() => setStarted(chosen)} disabled={!chosen}>
            Start count
          </Button>
        </Group>
      )}
      {started && sheet.data && (
        <form onSubmit={onSubmit} aria-label="Count" noValidate>
          <Stack gap="sm">
            <Title order={2} size="h4">
              Count at {sheet.data.lines[0]?.locationName ?? 'this location'}
            </Title>
            <Text size="sm">
              Count sealed containers exactly. What is left in an opened container may be estimated unless the
              container holds more than 1,000 units.
            </Text>
            <Table aria-label="Count sheet" verticalSpacing="xs">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">Lot</Table.Th>
                  <Table.Th scope="col">Expected</Table.Th>
                  <Table.Th scope="col">Sealed containers</Table.Th>
                  <Table.Th scope="col">In the opened container</Table.Th>
                  <Table.Th scope="col">Estimated</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {sheet.data.lines.map((l, i) => {
                  const e = entered[l.lotId] ?? { sealed: 0, opened: '0', estimated: false };
                  const set = (patch: Partial<Entered>) =>
                    setEntered((all) => ({ ...all, [l.lotId]: { ...e, ...patch } }));
                  const unit = l.baseUnit === 'microlitre' ? 'mL' : 'devices';
                  return (
                    <Table.Tr key={l.lotId}>
                      <Table.Td>
                        {l.productName}, lot {l.lotNumber}
                      </Table.Td>
                      <Table.Td>{quantity(l, l.expected)}</Table.Td>
                      <Table.Td>
                        <NumberInput
                          aria-label={`Sealed containers of lot ${l.lotNumber}`}
                          min={0}
                          allowDecimal={false}
                          value={e.sealed}
                          onChange={(v) => set({ sealed: Number(v) || 0 })}
                          error={fieldError(submit.error, `/body/lines/${i}/sealedContainers`)}
                        />
                      </Table.Td>
                      <Table.Td>
                        <TextInput
                          aria-label={`Opened container of lot ${l.lotNumber} (${unit})`}
                          value={e.opened}
                          onChange={(ev) => set({ opened: ev.currentTarget.value })}
                          rightSection={<Text size="xs">{unit}</Text>}
                          error={fieldError(submit.error, `/body/lines/${i}/openedQuantity`)}
                        />
                      </Table.Td>
                      <Table.Td>
                        <Checkbox
                          label={`Estimated (lot ${l.lotNumber})`}
                          disabled={!l.openedMayBeEstimated}
                          checked={e.estimated}
                          onChange={(ev) => set({ estimated: ev.currentTarget.checked })}
                          error={fieldError(submit.error, `/body/lines/${i}/openedEstimated`)}
                        />
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
            <Title order={3} size="h5">
              Second staff member
            </Title>
            <Text size="sm">
              The second person counts with you and signs here with their own password and code.
            </Text>
            <Group align="flex-start">
              <TextInput label="Witness email" name="witnessEmail" autoComplete="off" required />
              <PasswordInput label="Witness password" name="witnessPassword" autoComplete="off" required />
              <TextInput
                label="Witness authenticator code"
                name="witnessTotp"
                inputMode="numeric"
                maxLength={6}
                autoComplete="off"
                required
              />
            </Group>
            <Text c="red" size="sm" role="alert">
              {fieldError(submit.error, '/body/witness')}
            </Text>
            <ProblemAlert error={submit.error} fieldsShown />
            <Group>
              <Button type="submit" loading={submit.busy}>
                Sign the count
              </Button>
              <Button variant="default" onClick={() => setStarted(null)}>
                Cancel
              </Button>
            </Group>
          </Stack>
        </form>
      )}
      <Title order={2} size="h4">
        Counts
      </Title>
      <ProblemAlert error={counts.error} />
      <DataTable<Count>
        caption="Counts"
        rows={counts.data?.counts ?? []}
        rowKey={(c) => c.id}
        empty={counts.loading ? 'Loading…' : 'No count has been taken yet.'}
        columns={[
          { header: 'When', cell: (c) => new Date(c.countedAt).toLocaleString() },
          { header: 'Kind', cell: (c) => kinds.find((k) => k.value === c.kind)?.label ?? c.kind },
          { header: 'Taken at', cell: (c) => (c.takenAt === 'close' ? 'Close of business' : 'Opening') },
          { header: 'Location', cell: (c) => c.locationName ?? 'All locations' },
          { header: 'By', cell: (c) => `${c.countedBy.name} with ${c.witness.name}` },
          {
            header: 'Expected vs counted',
            cell: (c) =>
              c.lines
                .filter((l) => l.difference !== 0)
                .map(
                  (l) =>
                    `Lot ${l.lotNumber}: expected ${quantity(l, l.expected)}, counted ${quantity(l, l.counted)}`,
                )
                .join('; ') || `All ${c.lines.length} lots as expected`,
          },
        ]}
      />
    </Stack>
  );
}
