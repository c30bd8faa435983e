import { NativeSelect, Stack } from '@mantine/core';
import { useState } from 'react';
import type { EntryList, EntryView } from '../../../src/inventory/model';
import { DataTable } from '../ui/DataTable';
import { ProblemAlert } from '../ui/Problem';
import { useApi } from '../ui/useApi';
import { Acts } from './Acts';

const kinds = [
  'receive',
  'transfer_out',
  'transfer_in',
  'dispense',
  'administer',
  'waste',
  'return',
  'destroy',
  'loss',
  'adjustment',
  'reversal',
] as const;

/** The append-only ledger, newest first, filtered by kind; nurses and prescribers record acts above it. */
export function LedgerTab({ clinicId, canRecord }: { clinicId: string; canRecord: boolean }) {
  const [kind, setKind] = useState('');
  const entries = useApi<EntryList>(
    `/api/clinics/${clinicId}/inventory/ledger${kind ? `?kind=${kind}` : ''}`,
  );
  return (
    <Stack gap="md">
      {canRecord && <Acts clinicId={clinicId} onRecorded={entries.reload} />}
      <NativeSelect
        label="Kind of entry"
        value={kind}
        onChange={(e) => setKind(e.currentTarget.value)}
        data={[
          { value: '', label: 'All entries' },
          ...kinds.map((k) => ({ value: k, label: k.replace('_', ' ') })),
        ]}
        maw={240}
      />
      <ProblemAlert error={entries.error} />
      <DataTable<EntryView>
        caption="Ledger entries, newest first"
        rows={entries.data?.entries ?? []}
        rowKey={(e) => e.id}
        empty={entries.loading ? 'Loading…' : 'No entry of this kind.'}
        columns={[
          { header: 'When', cell: (e) => new Date(e.occurredAt).toLocaleString() },
          {
            header: 'Act',
            cell: (e) => `${e.kind.replace('_', ' ')}${e.reversedByEntryId ? ' (reversed)' : ''}`,
          },
          { header: 'Product and lot', cell: (e) => `${e.productName}, lot ${e.lotNumber}` },
          { header: 'Location', cell: (e) => e.locationName },
          { header: 'Quantity', cell: (e) => `${e.quantityDisplay} (${e.milligramsDisplay})` },
          { header: 'By', cell: (e) => e.recordedBy.name },
          { header: 'Witness', cell: (e) => e.witness?.name ?? '—' },
        ]}
      />
    </Stack>
  );
}
