import { Stack, Text } from '@mantine/core';
import { type BaseUnit, containersOf, formatMilligrams, formatQuantity } from '../../../src/inventory/core';
import type { CountSheet, CountSheetLine } from '../../../src/inventory/count-model';
import { DataTable } from '../ui/DataTable';
import { ProblemAlert } from '../ui/Problem';
import { useApi } from '../ui/useApi';

export const quantity = (line: { baseUnit: string }, value: number) =>
  formatQuantity(line.baseUnit as BaseUnit, value);

/** "3 full + 4.25 mL" / "6 full": a lot's stock in containers, exactly. */
export function inContainers(line: { baseUnit: string; containerSize: number }, value: number) {
  const { full, partial } = containersOf(value, line.containerSize);
  return partial ? `${full} full + ${quantity(line, partial)}` : `${full} full`;
}

/** What the ledger holds now, per location and lot, in containers, the base unit and milligrams. */
export function StockTab({ clinicId }: { clinicId: string }) {
  const stock = useApi<CountSheet>(`/api/clinics/${clinicId}/inventory/count-sheet`);
  return (
    <Stack gap="sm">
      <Text size="sm" c="dimmed">
        Balances are kept by the ledger: every receipt, transfer, dispense, waste, return, destruction, loss
        and adjustment changes them, and nothing else can.
      </Text>
      <ProblemAlert error={stock.error} />
      <DataTable<CountSheetLine>
        caption="Stock by location, product and lot"
        rows={stock.data?.lines ?? []}
        rowKey={(l) => `${l.locationId}|${l.lotId}`}
        empty={stock.loading ? 'Loading…' : 'No stock is held.'}
        columns={[
          { header: 'Location', cell: (l) => l.locationName },
          { header: 'Product', cell: (l) => `${l.productName} (NDC ${l.ndc})` },
          { header: 'Lot', cell: (l) => l.lotNumber },
          { header: 'Expires', cell: (l) => l.expiresOn },
          { header: 'Containers', cell: (l) => inContainers(l, l.expected) },
          { header: 'Quantity', cell: (l) => quantity(l, l.expected) },
          { header: 'Milligrams', cell: (l) => formatMilligrams(l.expectedMcg) },
        ]}
      />
    </Stack>
  );
}
