import {
  Alert,
  Anchor,
  Button,
  Group,
  NativeSelect,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { type FormEvent, useEffect, useState } from 'react';
import type { AuditEntryView, AuditPage, VerifyResult } from '../../../src/audit/model';
import { api } from '../api/client';
import { useSession } from '../session/session';
import { DataTable } from '../ui/DataTable';
import { fieldError, ProblemAlert } from '../ui/Problem';
import { useSubmit } from '../ui/useApi';
import { auditColumns } from './auditEntries';
import { useStaffNames } from './staffNames';

const filterFields = ['patientId', 'actorId', 'action', 'from', 'to'] as const;
type Filters = Partial<Record<(typeof filterFields)[number], string>>;

/** The query for the filters: dates cover whole days in the viewer's time zone. */
function queryOf(filters: Filters, before?: number): string {
  const q = new URLSearchParams();
  for (const field of filterFields) {
    const value = filters[field]?.trim();
    if (!value) continue;
    if (field === 'from') q.set(field, new Date(`${value}T00:00:00`).toISOString());
    else if (field === 'to') q.set(field, new Date(`${value}T23:59:59.999`).toISOString());
    else q.set(field, value);
  }
  if (before) q.set('before', String(before));
  return q.toString();
}

/** In plain words: what the chain check found. */
function verdict(result: VerifyResult): string {
  if (result.ok)
    return `The audit trail is intact: ${result.sealed ?? 0} sealed entries check out${
      result.unsealed ? ` (${result.unsealed} newer entries are not sealed yet)` : ''
    }. Nothing has been changed or removed.`;
  return `The audit trail has been altered${
    result.position != null ? ` at entry ${result.position}` : ''
  }${result.kind ? ` (${result.kind})` : ''}. ${result.detail ?? ''} Keep the database as it is and contact your ketacare administrator.`;
}

export function AuditTab() {
  const { clinicId } = useSession();
  const { nameOf, staff } = useStaffNames(clinicId, true);
  const [filters, setFilters] = useState<Filters>({});
  const [entries, setEntries] = useState<AuditEntryView[]>([]);
  const [nextBefore, setNextBefore] = useState<number | null>(null);
  const page = useSubmit((f: Filters, before?: number) =>
    api<AuditPage>(`/api/clinics/${clinicId}/audit?${queryOf(f, before)}&limit=50`),
  );
  const verify = useSubmit(() => api<VerifyResult>(`/api/clinics/${clinicId}/audit/verify`));
  const [verified, setVerified] = useState<VerifyResult>();

  const load = async (f: Filters, before?: number) => {
    const result = await page.run(f, before);
    if (!result) return;
    setEntries((old) => (before ? [...old, ...result.entries] : result.entries));
    setNextBefore(result.nextBefore);
  };
  // biome-ignore lint/correctness/useExhaustiveDependencies: first page once, for this clinic
  useEffect(() => {
    void load({});
  }, [clinicId]);

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const f = Object.fromEntries(filterFields.map((k) => [k, String(form.get(k) ?? '')])) as Filters;
    setFilters(f);
    void load(f);
  };
  const err = (field: string) => fieldError(page.error, `/querystring/${field}`);

  return (
    <Stack gap="md">
      <form onSubmit={submit} noValidate aria-label="Filter the audit trail">
        <Stack gap="sm">
          <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
            <TextInput label="Patient id" name="patientId" error={err('patientId')} />
            <NativeSelect
              label="Staff member"
              name="actorId"
              error={err('actorId')}
              data={[
                { value: '', label: 'Anyone' },
                ...staff.map((s) => ({ value: s.id, label: s.fullName })),
              ]}
            />
            <TextInput
              label="Action"
              name="action"
              description="e.g. read:patient.read"
              error={err('action')}
            />
            <TextInput label="From" name="from" type="date" error={err('from')} />
            <TextInput label="To" name="to" type="date" error={err('to')} />
          </SimpleGrid>
          <Group>
            <Button type="submit" loading={page.busy}>
              Show entries
            </Button>
            <Anchor href={`/api/clinics/${clinicId}/audit.csv?${queryOf(filters)}`} download>
              Export these as CSV
            </Anchor>
          </Group>
        </Stack>
      </form>
      <ProblemAlert error={page.error} fieldsShown />
      <Title order={2} size="h4">
        Entries, newest first
      </Title>
      <DataTable
        caption="Audit entries"
        rows={entries}
        rowKey={(e) => e.id}
        empty={page.busy ? 'Loading…' : 'No entries match these filters.'}
        columns={auditColumns(nameOf)}
      />
      {nextBefore !== null && (
        <Group>
          <Button variant="default" loading={page.busy} onClick={() => void load(filters, nextBefore)}>
            Show older entries
          </Button>
        </Group>
      )}
      <Stack gap="xs">
        <Title order={2} size="h4">
          Is the trail intact?
        </Title>
        <Text size="sm" c="dimmed">
          Every entry is linked to the one before by a hash. The check recomputes the whole chain.
        </Text>
        <Group>
          <Button
            variant="default"
            loading={verify.busy}
            onClick={async () => setVerified(await verify.run())}
          >
            Check the chain
          </Button>
        </Group>
        <ProblemAlert error={verify.error} />
        {verified && (
          <Alert
            color={verified.ok ? 'teal' : 'red'}
            role="status"
            title={verified.ok ? 'Intact' : 'Altered'}
          >
            {verdict(verified)}
          </Alert>
        )}
      </Stack>
    </Stack>
  );
}
