import { Group, List, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import type { DiversionSignals, SignalEntry } from '../../../src/inventory/report-model';
import { DataTable } from '../ui/DataTable';
import { ProblemAlert } from '../ui/Problem';
import { useApi } from '../ui/useApi';
import { quantity } from './StockTab';

const isoDay = (at: Date) =>
  `${at.getFullYear()}-${String(at.getMonth() + 1).padStart(2, '0')}-${String(at.getDate()).padStart(2, '0')}`;

function Entries({ caption, entries }: { caption: string; entries: SignalEntry[] }) {
  return (
    <DataTable<SignalEntry>
      caption={caption}
      rows={entries}
      rowKey={(e) => e.id}
      empty="No entries."
      columns={[
        { header: 'When', cell: (e) => new Date(e.occurredAt).toLocaleString() },
        { header: 'Act', cell: (e) => e.kind },
        { header: 'Lot', cell: (e) => `${e.productName}, lot ${e.lotNumber}` },
        { header: 'Quantity', cell: (e) => quantity(e, e.quantity) },
        { header: 'By', cell: (e) => e.by.name },
        { header: 'Witness', cell: (e) => e.witness?.name ?? 'none' },
      ]}
    />
  );
}

/** Patterns for the compliance officer to look at, each with the records behind it: never an accusation. */
export function DiversionTab({ clinicId }: { clinicId: string }) {
  const today = new Date();
  const [from, setFrom] = useState(isoDay(new Date(today.getFullYear(), today.getMonth() - 2, 1)));
  const [to, setTo] = useState(isoDay(today));
  const signals = useApi<DiversionSignals>(
    from && to ? `/api/clinics/${clinicId}/inventory/diversion-signals?from=${from}&to=${to}` : null,
  );
  const s = signals.data;
  const none =
    s &&
    !s.wasteShare.length &&
    !s.soloLate.length &&
    !s.repeatedCountDifferences.length &&
    !s.unmatchedAdministrations.length;
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
      <ProblemAlert error={signals.error} />
      {s && (
        <List size="sm" spacing={4} aria-label="How signals are found">
          {s.rules.map((r) => (
            <List.Item key={r}>{r}</List.Item>
          ))}
        </List>
      )}
      {none && <Text>No signal in this period.</Text>}
      {s?.wasteShare.map((x) => (
        <Stack key={`w${x.staff.id}`} gap="xs">
          <Title order={2} size="h5">
            Waste share: {x.staff.name} wasted {(x.value * 100).toFixed(1)} % of what they dispensed (peers'
            median {(x.peerMedian * 100).toFixed(1)} %)
          </Title>
          <Entries caption={`Waste entries of ${x.staff.name}`} entries={x.entries} />
        </Stack>
      ))}
      {s?.soloLate.map((x) => (
        <Stack key={`l${x.staff.id}`} gap="xs">
          <Title order={2} size="h5">
            Alone late or after hours: {x.staff.name}, {(x.value * 100).toFixed(1)} % of their entries (peers'
            median {(x.peerMedian * 100).toFixed(1)} %)
          </Title>
          <Entries caption={`Unwitnessed late entries of ${x.staff.name}`} entries={x.entries} />
        </Stack>
      ))}
      {s?.repeatedCountDifferences.map((x) => (
        <Text key={`c${x.lotNumber}${x.locationName}`}>
          Repeated small count differences: {x.productName}, lot {x.lotNumber} at {x.locationName}:{' '}
          {x.countLines.length} counts, net {quantity(x, x.netDifference)} (
          {x.countLines
            .map(
              (l) => `${new Date(l.countedAt).toLocaleDateString()}: ${quantity(x, l.counted - l.expected)}`,
            )
            .join('; ')}
          ).
        </Text>
      ))}
      {s && s.unmatchedAdministrations.length > 0 && (
        <DataTable
          caption="Administrations without a matching session"
          rows={s.unmatchedAdministrations}
          rowKey={(u) => u.entry.id}
          empty=""
          columns={[
            { header: 'Why', cell: (u) => u.reason },
            { header: 'When', cell: (u) => new Date(u.entry.occurredAt).toLocaleString() },
            { header: 'Quantity', cell: (u) => quantity(u.entry, u.entry.quantity) },
            { header: 'By', cell: (u) => u.entry.by.name },
          ]}
        />
      )}
    </Stack>
  );
}
