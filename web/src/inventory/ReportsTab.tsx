import { Anchor, Group, List, Stack, Text, TextInput, Title, VisuallyHidden } from '@mantine/core';
import { useState } from 'react';
import { reconciliationColumns } from '../../../src/inventory/report-core';
import {
  type ReconciliationReport,
  type ReconciliationRow,
  type ReportName,
  reportNames,
  reportTitles,
} from '../../../src/inventory/report-model';
import { type Column, DataTable } from '../ui/DataTable';
import { ProblemAlert } from '../ui/Problem';
import { useApi } from '../ui/useApi';
import { quantity } from './StockTab';

const headers: Record<(typeof reconciliationColumns)[number], string> = {
  received: 'Received',
  transferredIn: 'In',
  transferredOut: 'Out',
  administered: 'Given',
  wasted: 'Wasted',
  returned: 'Returned',
  destroyed: 'Destroyed',
  lost: 'Lost',
  adjusted: 'Adjusted',
  dispensedUnaccounted: 'Dispensed, not yet given or wasted',
};

const isoDay = (at: Date) =>
  `${at.getFullYear()}-${String(at.getMonth() + 1).padStart(2, '0')}-${String(at.getDate()).padStart(2, '0')}`;

/** Every report as CSV and PDF for a period, and the reconciliation table on screen. */
export function ReportsTab({ clinicId }: { clinicId: string }) {
  const today = new Date();
  const [from, setFrom] = useState(isoDay(new Date(today.getFullYear(), today.getMonth(), 1)));
  const [to, setTo] = useState(isoDay(today));
  const base = `/api/clinics/${clinicId}/inventory/reports`;
  const query = (name: ReportName) =>
    name === 'expiring-lots' ? 'days=90' : name === 'biennial-inventory' ? '' : `from=${from}&to=${to}`;
  const complete = Boolean(from && to);
  const reconciliation = useApi<ReconciliationReport>(
    complete ? `${base}/reconciliation?${query('reconciliation')}` : null,
  );
  const rows = reconciliation.data?.rows ?? [];
  const columns: Column<ReconciliationRow>[] = [
    { header: 'Product and lot', cell: (r) => `${r.productName}, lot ${r.lotNumber}` },
    { header: 'Location', cell: (r) => r.locationName },
    { header: 'Opening', cell: (r) => quantity(r, r.opening) },
    ...reconciliationColumns.map((c) => ({
      header: headers[c],
      cell: (r: ReconciliationRow) => quantity(r, r.movements[c]),
    })),
    { header: 'Closing', cell: (r) => quantity(r, r.arithmeticClosing) },
    { header: 'Ledger', cell: (r) => quantity(r, r.ledgerClosing) },
    { header: 'Check', cell: (r) => (r.mismatch ? 'Mismatch' : 'Reconciles') },
  ];
  return (
    <Stack gap="lg">
      <Group align="flex-end">
        <TextInput type="date" label="From" value={from} onChange={(e) => setFrom(e.currentTarget.value)} />
        <TextInput
          type="date"
          label="To (inclusive)"
          value={to}
          onChange={(e) => setTo(e.currentTarget.value)}
        />
      </Group>
      <List spacing="xs" aria-label="Downloads">
        {reportNames.map((name) => (
          <List.Item key={name}>
            {reportTitles[name]}:{' '}
            <Anchor href={`${base}/${name}.csv?${query(name)}`}>
              CSV<VisuallyHidden> of {reportTitles[name]}</VisuallyHidden>
            </Anchor>
            {' · '}
            <Anchor href={`${base}/${name}.pdf?${query(name)}`}>
              PDF<VisuallyHidden> of {reportTitles[name]}</VisuallyHidden>
            </Anchor>
          </List.Item>
        ))}
      </List>
      <Title order={2} size="h4">
        Reconciliation {from} to {to}
      </Title>
      <Text size="sm">
        Opening + received + in − out − given − wasted − returned − destroyed − lost ± adjusted − dispensed
        not yet accounted for = closing. A row whose closing differs from the ledger is marked “Mismatch”.
      </Text>
      <ProblemAlert error={reconciliation.error} />
      {reconciliation.data && reconciliation.data.mismatches > 0 && (
        <Text fw={700} role="alert">
          {reconciliation.data.mismatches} row(s) do not reconcile.
        </Text>
      )}
      <DataTable<ReconciliationRow>
        caption="Reconciliation by product, lot and location"
        rows={rows}
        rowKey={(r) => `${r.lotNumber}|${r.locationName}`}
        empty={reconciliation.loading ? 'Loading…' : 'No stock was held or moved in this period.'}
        columns={columns}
      />
    </Stack>
  );
}
