import {
  Button,
  Group,
  NativeSelect,
  NumberInput,
  PasswordInput,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { microlitresFromMl } from '../../../src/inventory/core';
import type { CountSheet } from '../../../src/inventory/count-model';
import type {
  EntryView,
  LocationList,
  ProductList,
  ReceiveBody,
  WasteBody,
} from '../../../src/inventory/model';
import { send } from '../api/client';
import { fieldError, ProblemAlert } from '../ui/Problem';
import { useStepUp } from '../ui/StepUp';
import { useApi, useSubmit } from '../ui/useApi';

const text = (form: FormData, name: string) => String(form.get(name) ?? '').trim();

/** A quantity typed in mL (liquids) or devices, as the exact base unit; -1 when it is not exact. */
const baseQuantity = (baseUnit: string, typed: string) =>
  baseUnit === 'microlitre'
    ? (microlitresFromMl(typed) ?? -1)
    : Number.isInteger(Number(typed))
      ? Number(typed)
      : -1;

/** Receive a delivery into a storage location, and record witnessed breakage: each signed after step-up. */
export function Acts({ clinicId, onRecorded }: { clinicId: string; onRecorded: () => void }) {
  const base = `/api/clinics/${clinicId}/inventory`;
  const products = useApi<ProductList>(`${base}/products`);
  const locations = useApi<LocationList>(`${base}/locations`);
  const stock = useApi<CountSheet>(`${base}/count-sheet`);
  const { withStepUp, dialog } = useStepUp();
  const [done, setDone] = useState<string>();
  const receive = useSubmit((body: ReceiveBody) =>
    withStepUp(() => send<EntryView>('POST', `${base}/ledger/receipts`, body)),
  );
  const waste = useSubmit((body: WasteBody) =>
    withStepUp(() => send<EntryView>('POST', `${base}/ledger/wastes`, body)),
  );
  const now = () => new Date().toISOString();

  const onReceive = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const f = new FormData(event.currentTarget);
    const entry = await receive.run({
      locationId: text(f, 'locationId'),
      productId: text(f, 'productId'),
      lotNumber: text(f, 'lotNumber'),
      lotExpiresOn: text(f, 'lotExpiresOn'),
      containers: Number(text(f, 'containers')),
      supplier: {
        name: text(f, 'supplierName'),
        address: text(f, 'supplierAddress'),
        deaNumber: text(f, 'supplierDea'),
      },
      invoiceNumber: text(f, 'invoiceNumber'),
      occurredAt: now(),
    });
    if (entry) {
      setDone(`Received ${entry.quantityDisplay} (${entry.milligramsDisplay}) of lot ${entry.lotNumber}.`);
      stock.reload();
      onRecorded();
    }
  };

  const onWaste = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const f = new FormData(event.currentTarget);
    const line = stock.data?.lines.find((l) => `${l.locationId}|${l.lotId}` === text(f, 'held'));
    if (!line) return;
    const entry = await waste.run({
      lotId: line.lotId,
      locationId: line.locationId,
      quantity: baseQuantity(line.baseUnit, text(f, 'quantity')),
      reason: text(f, 'reason'),
      method: text(f, 'method'),
      witness: {
        email: text(f, 'witnessEmail'),
        password: String(f.get('witnessPassword') ?? ''),
        totp: text(f, 'witnessTotp'),
      },
      occurredAt: now(),
    });
    if (entry) {
      setDone(
        `Wasted ${entry.quantityDisplay} (${entry.milligramsDisplay}) of lot ${entry.lotNumber}, witnessed.`,
      );
      stock.reload();
      onRecorded();
    }
  };

  return (
    <Stack gap="lg">
      {dialog}
      {done && <Text role="status">{done}</Text>}
      <form onSubmit={onReceive} aria-label="Receive stock" noValidate>
        <Stack gap="xs">
          <Title order={2} size="h5">
            Receive stock
          </Title>
          <Group align="flex-start">
            <NativeSelect
              label="Into"
              name="locationId"
              data={(locations.data?.locations ?? []).map((l) => ({ value: l.id, label: l.name }))}
            />
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
              min={1}
              allowDecimal={false}
              required
              error={fieldError(receive.error, '/body/containers')}
            />
          </Group>
          <Group align="flex-start">
            <TextInput label="Supplier name" name="supplierName" required />
            <TextInput label="Supplier address" name="supplierAddress" required />
            <TextInput
              label="Supplier DEA number"
              name="supplierDea"
              required
              error={fieldError(receive.error, '/body/supplier/deaNumber')}
            />
            <TextInput label="Invoice number" name="invoiceNumber" required />
          </Group>
          <ProblemAlert error={receive.error} fieldsShown />
          <Group>
            <Button type="submit" loading={receive.busy}>
              Receive
            </Button>
          </Group>
        </Stack>
      </form>
      <form onSubmit={onWaste} aria-label="Waste from storage" noValidate>
        <Stack gap="xs">
          <Title order={2} size="h5">
            Waste from storage (breakage or spill), witnessed
          </Title>
          <Group align="flex-start">
            <NativeSelect
              label="Lot and location"
              name="held"
              data={(stock.data?.lines ?? []).map((l) => ({
                value: `${l.locationId}|${l.lotId}`,
                label: `${l.productName}, lot ${l.lotNumber}, ${l.locationName}`,
              }))}
            />
            <TextInput
              label="Quantity (mL or devices)"
              name="quantity"
              required
              error={fieldError(waste.error, '/body/quantity')}
            />
            <TextInput
              label="Reason"
              name="reason"
              required
              error={fieldError(waste.error, '/body/reason')}
            />
            <TextInput
              label="Method"
              name="method"
              required
              error={fieldError(waste.error, '/body/method')}
            />
          </Group>
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
          {fieldError(waste.error, '/body/witness') && (
            <Text c="red" size="sm" role="alert">
              Witness: {fieldError(waste.error, '/body/witness')}
            </Text>
          )}
          <ProblemAlert error={waste.error} fieldsShown />
          <Group>
            <Button type="submit" loading={waste.busy}>
              Record waste
            </Button>
          </Group>
        </Stack>
      </form>
    </Stack>
  );
}
