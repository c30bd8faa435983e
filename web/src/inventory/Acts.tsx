import { Group, NativeSelect, NumberInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import type {
  EntryList,
  EntryView,
  LocationList,
  ProductList,
  ReceiveBody,
  ReturnBody,
  StockView,
  TransferBody,
  WasteBody,
} from '../../../src/inventory/model';
import { fieldError } from '../ui/Problem';
import { useStepUp } from '../ui/StepUp';
import { useApi } from '../ui/useApi';
import {
  ActForm,
  AmountInput,
  baseQuantity,
  HeldSelect,
  now,
  strengthOf,
  text,
  useAct,
  useHeld,
  WitnessFields,
  witnessOf,
} from './ActParts';

/** A party stock comes from or goes to: name, address and DEA number (21 CFR 1304.22). */
function PartyFields({
  who,
  error,
  prefix,
}: {
  who: string;
  error: ReturnType<typeof fieldError>[];
  prefix: string;
}) {
  const [name, address, dea] = error;
  return (
    <Group align="flex-start">
      <TextInput label={`${who} name`} name={`${prefix}Name`} required error={name} />
      <TextInput label={`${who} address`} name={`${prefix}Address`} required error={address} />
      <TextInput
        label={`${who} DEA number`}
        name={`${prefix}Dea`}
        description="Two letters and seven digits"
        required
        error={dea}
      />
    </Group>
  );
}

const partyOf = (f: FormData, prefix: string) => ({
  name: text(f, `${prefix}Name`),
  address: text(f, `${prefix}Address`),
  deaNumber: text(f, `${prefix}Dea`).toUpperCase(),
});

/**
 * Acts on stock in storage, each signed after step-up: receive a delivery, move stock between locations, return
 * it to the supplier or a reverse distributor, and record witnessed breakage or spillage.
 */
export function Acts({ clinicId, onRecorded }: { clinicId: string; onRecorded: () => void }) {
  const base = `/api/clinics/${clinicId}/inventory`;
  const products = useApi<ProductList>(`${base}/products`);
  const locations = useApi<LocationList>(`${base}/locations`);
  const stock = useApi<StockView>(`${base}/stock`);
  const lines = stock.data?.lines ?? [];
  const { withStepUp, dialog } = useStepUp();
  const [done, setDone] = useState<string>();
  const receive = useAct<ReceiveBody, EntryView>(withStepUp, `${base}/ledger/receipts`);
  const waste = useAct<WasteBody, EntryView>(withStepUp, `${base}/ledger/wastes`);
  const transfer = useAct<TransferBody, EntryList>(withStepUp, `${base}/ledger/transfers`);
  const giveBack = useAct<ReturnBody, EntryView>(withStepUp, `${base}/ledger/returns`);
  const wasted = useHeld(lines);
  const moved = useHeld(lines);
  const returned = useHeld(lines);
  const [returnedTo, setReturnedTo] = useState<'supplier' | 'reverse_distributor'>('reverse_distributor');

  const recorded = (message: string) => {
    setDone(message);
    stock.reload();
    onRecorded();
  };

  const locationOptions = (locations.data?.locations ?? []).map((l) => ({ value: l.id, label: l.name }));

  return (
    <Stack gap="lg">
      {dialog}
      <Title order={2} size="h4">
        Record a stock act
      </Title>
      {done && <Text role="status">{done}</Text>}
      <ActForm
        title="Receive stock"
        submit="Receive"
        busy={receive.busy}
        error={receive.error}
        onSubmit={async (f) => {
          const entry = await receive.run({
            locationId: text(f, 'locationId'),
            productId: text(f, 'productId'),
            lotNumber: text(f, 'lotNumber'),
            lotExpiresOn: text(f, 'lotExpiresOn'),
            containers: Number(text(f, 'containers')),
            supplier: partyOf(f, 'supplier'),
            invoiceNumber: text(f, 'invoiceNumber'),
            occurredAt: now(),
          });
          if (entry)
            recorded(
              `Received ${entry.quantityDisplay} (${entry.milligramsDisplay}) of lot ${entry.lotNumber}.`,
            );
        }}
      >
        <Group align="flex-start">
          <NativeSelect label="Into" name="locationId" data={locationOptions} />
          <NativeSelect
            label="Product"
            name="productId"
            data={(products.data?.products ?? []).map((p) => ({
              value: p.id,
              label: `${p.name} (NDC ${p.ndc})`,
            }))}
          />
          <TextInput
            label="Lot number"
            name="lotNumber"
            required
            error={fieldError(receive.error, '/body/lotNumber')}
          />
          <TextInput
            label="Lot expiry"
            name="lotExpiresOn"
            type="date"
            required
            error={fieldError(receive.error, '/body/lotExpiresOn')}
          />
          <NumberInput
            label="Containers"
            name="containers"
            description="Whole vials or kits"
            min={1}
            allowDecimal={false}
            required
            error={fieldError(receive.error, '/body/containers')}
          />
        </Group>
        <PartyFields
          who="Supplier"
          prefix="supplier"
          error={['name', 'address', 'deaNumber'].map((k) =>
            fieldError(receive.error, `/body/supplier/${k}`),
          )}
        />
        <TextInput
          label="Invoice number"
          name="invoiceNumber"
          required
          maw={280}
          error={fieldError(receive.error, '/body/invoiceNumber')}
        />
      </ActForm>

      <ActForm
        title="Transfer between locations"
        submit="Transfer"
        busy={transfer.busy}
        error={transfer.error}
        onSubmit={async (f) => {
          const line = moved.chosen();
          if (!line) return;
          const result = await transfer.run({
            lotId: line.lot.id,
            fromLocationId: line.location.id,
            toLocationId: text(f, 'toLocationId'),
            quantity: baseQuantity(line.product.baseUnit, text(f, 'quantity')),
            ...(text(f, 'reason') ? { reason: text(f, 'reason') } : {}),
            occurredAt: now(),
          });
          const [out, into] = result?.entries ?? [];
          if (out && into)
            recorded(
              `Moved ${out.quantityDisplay} (${out.milligramsDisplay}) of lot ${out.lotNumber} from ${out.locationName} to ${into.locationName}.`,
            );
        }}
      >
        <Group align="flex-start">
          <HeldSelect
            label="From (lot and location)"
            lines={lines}
            value={moved.key}
            onChange={moved.setKey}
            error={moved.missing ?? fieldError(transfer.error, '/body/lotId')}
          />
          <NativeSelect
            label="To location"
            name="toLocationId"
            data={locationOptions.filter((l) => l.value !== moved.line?.location.id)}
            error={fieldError(transfer.error, '/body/toLocationId')}
          />
          <AmountInput label="Amount moved" strength={strengthOf(moved.line)} error={transfer.error} />
          <TextInput
            label="Reason (optional)"
            name="reason"
            error={fieldError(transfer.error, '/body/reason')}
          />
        </Group>
      </ActForm>

      <ActForm
        title="Return to the supplier or a reverse distributor"
        name="Return stock"
        submit="Record the return"
        busy={giveBack.busy}
        error={giveBack.error}
        onSubmit={async (f) => {
          const line = returned.chosen();
          if (!line) return;
          const entry = await giveBack.run({
            lotId: line.lot.id,
            locationId: line.location.id,
            quantity: baseQuantity(line.product.baseUnit, text(f, 'quantity')),
            returnedTo,
            recipient: partyOf(f, 'recipient'),
            reason: text(f, 'reason'),
            occurredAt: now(),
          });
          if (entry)
            recorded(
              `Returned ${entry.quantityDisplay} (${entry.milligramsDisplay}) of lot ${entry.lotNumber} to ${entry.supplier?.name ?? 'the recipient'}.`,
            );
        }}
      >
        <Group align="flex-start">
          <HeldSelect
            lines={lines}
            value={returned.key}
            onChange={returned.setKey}
            error={returned.missing ?? fieldError(giveBack.error, '/body/lotId')}
          />
          <AmountInput label="Amount returned" strength={strengthOf(returned.line)} error={giveBack.error} />
          <NativeSelect
            label="Returned to"
            value={returnedTo}
            onChange={(e) => setReturnedTo(e.currentTarget.value as typeof returnedTo)}
            data={[
              { value: 'reverse_distributor', label: 'A reverse distributor (expired or unwanted stock)' },
              { value: 'supplier', label: 'The supplier' },
            ]}
          />
          <TextInput
            label="Reason"
            name="reason"
            required
            error={fieldError(giveBack.error, '/body/reason')}
          />
        </Group>
        <PartyFields
          who="Recipient"
          prefix="recipient"
          error={['name', 'address', 'deaNumber'].map((k) =>
            fieldError(giveBack.error, `/body/recipient/${k}`),
          )}
        />
      </ActForm>

      <ActForm
        title="Waste from storage (breakage or spill), witnessed"
        name="Waste from storage"
        submit="Record waste"
        busy={waste.busy}
        error={waste.error}
        onSubmit={async (f) => {
          const line = wasted.chosen();
          if (!line) return;
          const entry = await waste.run({
            lotId: line.lot.id,
            locationId: line.location.id,
            quantity: baseQuantity(line.product.baseUnit, text(f, 'quantity')),
            reason: text(f, 'reason'),
            method: text(f, 'method'),
            witness: witnessOf(f),
            occurredAt: now(),
          });
          if (entry)
            recorded(
              `Wasted ${entry.quantityDisplay} (${entry.milligramsDisplay}) of lot ${entry.lotNumber}, witnessed.`,
            );
        }}
      >
        <Group align="flex-start">
          <HeldSelect
            lines={lines}
            value={wasted.key}
            onChange={wasted.setKey}
            error={wasted.missing ?? fieldError(waste.error, '/body/lotId')}
          />
          <AmountInput label="Amount wasted" strength={strengthOf(wasted.line)} error={waste.error} />
          <TextInput label="Reason" name="reason" required error={fieldError(waste.error, '/body/reason')} />
          <TextInput label="Method" name="method" required error={fieldError(waste.error, '/body/method')} />
        </Group>
        <WitnessFields error={waste.error} />
      </ActForm>
    </Stack>
  );
}
