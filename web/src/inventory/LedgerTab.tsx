import { Button, Group, NativeSelect, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useEffect, useRef, useState } from 'react';
import { entryKinds, reversalRefusal } from '../../../src/inventory/core';
import type { EntryList, EntryView, ReversalBody } from '../../../src/inventory/model';
import { DataTable } from '../ui/DataTable';
import { fieldError, ProblemAlert } from '../ui/Problem';
import { useStepUp } from '../ui/StepUp';
import { useApi } from '../ui/useApi';
import { ActForm, text, useAct } from './ActParts';
import { Acts } from './Acts';

const kindWords = (kind: string) => kind.replace('_', ' ');
const when = (e: EntryView) => new Date(e.occurredAt).toLocaleString();
const describe = (e: EntryView) =>
  `${kindWords(e.kind)} of ${e.quantityDisplay} (${e.milligramsDisplay}), ${e.productName} lot ${e.lotNumber} at ${e.locationName}, ${when(e)}`;
const reversible = (e: EntryView) =>
  reversalRefusal({ kind: e.kind, reversed: e.reversedByEntryId !== null }) === null;

/** The append-only ledger, newest first, filtered by kind; nurses and prescribers record acts above it. */
export function LedgerTab({ clinicId, canRecord }: { clinicId: string; canRecord: boolean }) {
  const [kind, setKind] = useState('');
  const entries = useApi<EntryList>(
    `/api/clinics/${clinicId}/inventory/ledger${kind ? `?kind=${kind}` : ''}`,
  );
  const [reversing, setReversing] = useState<EntryView>();
  const [done, setDone] = useState<string>();
  return (
    <Stack gap="md">
      {canRecord && <Acts clinicId={clinicId} onRecorded={entries.reload} />}
      <Title order={2} size="h4">
        Ledger entries
      </Title>
      <NativeSelect
        label="Kind of entry"
        value={kind}
        onChange={(e) => setKind(e.currentTarget.value)}
        data={[
          { value: '', label: 'All entries' },
          ...entryKinds.map((k) => ({ value: k, label: kindWords(k) })),
        ]}
        maw={240}
      />
      {done && <Text role="status">{done}</Text>}
      {reversing && (
        <Reverse
          clinicId={clinicId}
          entry={reversing}
          onCancel={() => setReversing(undefined)}
          onReversed={(reversal) => {
            setReversing(undefined);
            setDone(`Reversed: ${describe(reversing)}. Reason: ${reversal.reason ?? ''}`);
            entries.reload();
          }}
        />
      )}
      <ProblemAlert error={entries.error} />
      <DataTable<EntryView>
        caption="Ledger entries, newest first"
        rows={entries.data?.entries ?? []}
        rowKey={(e) => e.id}
        empty={entries.loading ? 'Loading…' : 'No entry of this kind.'}
        columns={[
          { header: 'When', cell: when },
          {
            header: 'Act',
            cell: (e) => `${kindWords(e.kind)}${e.reversedByEntryId ? ' (reversed)' : ''}`,
          },
          { header: 'Product and lot', cell: (e) => `${e.productName}, lot ${e.lotNumber}` },
          { header: 'Location', cell: (e) => e.locationName },
          { header: 'Quantity', cell: (e) => `${e.quantityDisplay} (${e.milligramsDisplay})` },
          { header: 'By', cell: (e) => e.recordedBy.name },
          { header: 'Witness', cell: (e) => e.witness?.name ?? '—' },
          { header: 'Reason', cell: (e) => e.reason ?? '—' },
          ...(canRecord
            ? [
                {
                  header: 'Correct',
                  cell: (e: EntryView) =>
                    reversible(e) ? (
                      <Button
                        size="compact-sm"
                        variant="default"
                        aria-label={`Reverse the ${describe(e)}`}
                        onClick={() => {
                          setDone(undefined);
                          setReversing(e);
                        }}
                      >
                        Reverse
                      </Button>
                    ) : (
                      '—'
                    ),
                },
              ]
            : []),
        ]}
      />
    </Stack>
  );
}

/** Reversing a mistaken entry: a new entry negating it exactly, with the reason; the original stays on record. */
function Reverse({
  clinicId,
  entry,
  onCancel,
  onReversed,
}: {
  clinicId: string;
  entry: EntryView;
  onCancel: () => void;
  onReversed: (reversal: EntryView) => void;
}) {
  const { withStepUp, dialog } = useStepUp();
  const reverse = useAct<ReversalBody, EntryView>(
    withStepUp,
    `/api/clinics/${clinicId}/inventory/ledger/reversals`,
  );
  const reason = useRef<HTMLInputElement>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: focus the reason whenever another entry is chosen
  useEffect(() => reason.current?.focus(), [entry.id]);
  return (
    <Paper withBorder p="md">
      {dialog}
      <ActForm
        title="Reverse an entry"
        submit="Reverse the entry"
        busy={reverse.busy}
        error={reverse.error}
        onSubmit={async (f) => {
          const reversal = await reverse.run({ entryId: entry.id, reason: text(f, 'reason') });
          if (reversal) onReversed(reversal);
        }}
      >
        <Text size="sm">The {describe(entry)} stays on the record; a reversal entry undoes it exactly.</Text>
        <TextInput
          ref={reason}
          label="Reason for the reversal"
          name="reason"
          required
          error={fieldError(reverse.error, '/body/reason')}
        />
        <Group>
          <Button variant="default" onClick={onCancel}>
            Cancel
          </Button>
        </Group>
      </ActForm>
    </Paper>
  );
}
