import { Badge, Button, Checkbox, Group, Stack, Text, Textarea, Title } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { formatMilligrams } from '../../../src/inventory/core';
import type {
  Discrepancy,
  DiscrepancyDetail,
  DiscrepancyList,
  EntryBehind,
  ResolutionInput,
} from '../../../src/inventory/count-model';
import { send } from '../api/client';
import { DataTable } from '../ui/DataTable';
import { fieldError, ProblemAlert } from '../ui/Problem';
import { useStepUp } from '../ui/StepUp';
import { useApi, useSubmit } from '../ui/useApi';
import { quantity } from './StockTab';

const sources: Record<Discrepancy['source'], string> = {
  count: 'Count',
  administration: 'Administration (dispensed ≠ given + wasted)',
  other: 'Other',
};

const difference = (d: Discrepancy) =>
  d.lot && d.differenceQuantity !== null
    ? `${quantity(d.lot, d.differenceQuantity)} (${formatMilligrams(d.differenceMcg)})`
    : formatMilligrams(d.differenceMcg);

/** Open discrepancies first; the entries behind one; resolution by compliance with an explanation. */
export function DiscrepanciesTab({ clinicId, canResolve }: { clinicId: string; canResolve: boolean }) {
  const base = `/api/clinics/${clinicId}/inventory/discrepancies`;
  const list = useApi<DiscrepancyList>(base);
  const [selected, setSelected] = useState<string | null>(null);
  const detail = useApi<DiscrepancyDetail>(selected ? `${base}/${selected}` : null);
  const [resolved, setResolved] = useState<string>();
  const { withStepUp, dialog } = useStepUp();
  const resolve = useSubmit((id: string, body: ResolutionInput) =>
    withStepUp(() => send<DiscrepancyDetail>('POST', `${base}/${id}/resolution`, body)),
  );
  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!selected) return;
    const form = new FormData(event.currentTarget);
    const result = await resolve.run(selected, {
      explanation: String(form.get('explanation') ?? ''),
      adjust: form.get('adjust') === 'on',
    });
    if (result) {
      setResolved('Discrepancy resolved.');
      list.reload();
      detail.reload();
    }
  };
  const d = detail.data;
  return (
    <Stack gap="lg">
      {dialog}
      <ProblemAlert error={list.error} />
      <DataTable<Discrepancy>
        caption="Discrepancies, open first"
        rows={list.data?.discrepancies ?? []}
        rowKey={(x) => x.id}
        empty={list.loading ? 'Loading…' : 'No discrepancy has been opened.'}
        columns={[
          {
            header: 'Status',
            cell: (x) =>
              x.resolution ? <Badge color="gray">Resolved</Badge> : <Badge color="red">Open</Badge>,
          },
          { header: 'Opened', cell: (x) => new Date(x.openedAt).toLocaleString() },
          { header: 'Source', cell: (x) => sources[x.source] },
          {
            header: 'Where',
            cell: (x) => [x.locationName, x.lot && `lot ${x.lot.lotNumber}`].filter(Boolean).join(', '),
          },
          { header: 'Difference', cell: difference },
          {
            header: 'Details',
            cell: (x) => (
              <Button size="xs" variant="default" onClick={() => setSelected(x.id)}>
                Open {x.lot ? `lot ${x.lot.lotNumber}` : 'discrepancy'}
              </Button>
            ),
          },
        ]}
      />
      {d && (
        <Stack gap="sm" component="section" aria-labelledby="discrepancy-heading">
          <Title order={2} size="h4" id="discrepancy-heading">
            {sources[d.discrepancy.source]} discrepancy: {difference(d.discrepancy)}
          </Title>
          {d.countLine && (
            <Text>
              Expected {quantity(d.countLine, d.countLine.expected)}, counted{' '}
              {quantity(d.countLine, d.countLine.counted)}
              {d.countLine.estimated ? ' (opened container estimated)' : ''}.
            </Text>
          )}
          {d.discrepancy.note && <Text>{d.discrepancy.note}</Text>}
          <DataTable<EntryBehind>
            caption="Ledger entries behind this discrepancy"
            rows={d.entries}
            rowKey={(e) => e.id}
            empty={
              d.entriesSince
                ? `No entry at this lot and location since the previous count (${new Date(d.entriesSince).toLocaleString()}).`
                : 'No ledger entry is linked.'
            }
            columns={[
              { header: 'When', cell: (e) => new Date(e.occurredAt).toLocaleString() },
              { header: 'Act', cell: (e) => e.kind },
              {
                header: 'Quantity',
                cell: (e) => `${quantity(e, e.quantity)} (${formatMilligrams(e.quantityMcg)})`,
              },
              { header: 'By', cell: (e) => e.recordedBy.name },
              { header: 'Witness', cell: (e) => e.witness?.name ?? '—' },
            ]}
          />
          {d.discrepancy.resolution ? (
            <Text>
              Resolved by {d.discrepancy.resolution.resolvedBy.name} on{' '}
              {new Date(d.discrepancy.resolution.resolvedAt).toLocaleString()}:{' '}
              {d.discrepancy.resolution.explanation}
              {d.discrepancy.resolution.adjustmentEntryId ? ' The ledger was adjusted to the count.' : ''}
            </Text>
          ) : canResolve ? (
            <form onSubmit={onSubmit} aria-label="Resolve the discrepancy" noValidate>
              <Stack gap="sm">
                <Textarea
                  label="Explanation"
                  name="explanation"
                  description="What happened, who checked, what was done: at least 10 characters"
                  minRows={3}
                  required
                  error={fieldError(resolve.error, '/body/explanation')}
                />
                {d.discrepancy.source === 'count' && (
                  <Checkbox
                    name="adjust"
                    label="Adjust the ledger to what was counted (an adjustment entry linked to this discrepancy)"
                    error={fieldError(resolve.error, '/body/adjust')}
                  />
                )}
                <ProblemAlert error={resolve.error} fieldsShown />
                <Group>
                  <Button type="submit" loading={resolve.busy}>
                    Resolve
                  </Button>
                </Group>
              </Stack>
            </form>
          ) : (
            <Text>Open until the owner or the compliance officer resolves it with an explanation.</Text>
          )}
          {resolved && <Text role="status">{resolved}</Text>}
        </Stack>
      )}
    </Stack>
  );
}
