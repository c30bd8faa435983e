import { Button, Group, NativeSelect, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { type FormEvent, type ReactNode, useState } from 'react';
import {
  type BaseUnit,
  formatMilligrams,
  formatQuantity,
  microgramsIn,
  microlitresFromMl,
  type Strength,
} from '../../../src/inventory/core';
import type { StockLine } from '../../../src/inventory/model';
import { type ApiError, send } from '../api/client';
import { fieldError, ProblemAlert } from '../ui/Problem';
import { useSubmit } from '../ui/useApi';

/**
 * Pieces every ledger act shares: signing through step-up, the form frame with its refusal, the amount typed in
 * mL or devices with its milligrams, the lot-and-location picker and the witness's credentials.
 */

export const text = (form: FormData, name: string) => String(form.get(name) ?? '').trim();
export const now = () => new Date().toISOString();

/** A quantity typed in mL (liquids) or devices, as the exact base unit; -1 when it is not exact. */
export const baseQuantity = (baseUnit: string, typed: string) =>
  baseUnit === 'microlitre' ? (microlitresFromMl(typed) ?? -1) : /^\d{1,7}$/.test(typed) ? Number(typed) : -1;

export const unitWord = (baseUnit: string) => (baseUnit === 'device' ? 'devices' : 'mL');

/** "2.5 mL (125 mg)": a quantity of a product as a clinician reads it, always with its milligrams. */
export function amountText(strength: Strength, quantity: number): string {
  const mcg = microgramsIn(strength, quantity);
  const amount = formatQuantity(strength.baseUnit, quantity);
  return mcg === null ? amount : `${amount} (${formatMilligrams(mcg)})`;
}

/**
 * Ledger acts are signed after step-up (password + authenticator code within 5 minutes): `useAct(withStepUp, path)`
 * posts a body, asking for step-up through the screen's one dialog (`useStepUp`) when the server wants it, and
 * keeps the act's busy state and refusal.
 */
export function useAct<B extends object, R>(
  withStepUp: <T>(call: () => Promise<T>) => Promise<T>,
  path: string,
) {
  return useSubmit((body: B) => withStepUp(() => send<R>('POST', path, body)));
}

/** One act's form: a heading, its fields, the refusal in words (fields show their own) and the button. */
export function ActForm({
  title,
  name,
  submit,
  busy,
  error,
  onSubmit,
  children,
  disabled = false,
}: {
  title: string;
  /** The form's accessible name (the heading's words when left out). */
  name?: string;
  submit: string;
  busy: boolean;
  error: ApiError | undefined;
  onSubmit: (form: FormData) => void;
  children: ReactNode;
  disabled?: boolean;
}) {
  const handle = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    onSubmit(new FormData(event.currentTarget));
  };
  return (
    <form onSubmit={handle} aria-label={name ?? title} noValidate>
      <Stack gap="xs">
        <Title order={3} size="h5">
          {title}
        </Title>
        {children}
        <ProblemAlert error={error} fieldsShown />
        <Group>
          <Button type="submit" loading={busy} disabled={disabled}>
            {submit}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/**
 * The amount of an act, typed in mL (to 0.001) or whole devices, with the milligrams it holds shown as it is
 * typed. `label` gets the unit added: "Amount given (mL)".
 */
export function AmountInput({
  label,
  strength,
  error,
  name = 'quantity',
  defaultValue = '',
  hint,
}: {
  label: string;
  strength: Strength | undefined;
  error: ApiError | undefined;
  name?: string;
  defaultValue?: string;
  /** A sentence about the amount (e.g. what is still to account for), shown under the field. */
  hint?: (quantity: number | null) => ReactNode;
}) {
  const [typed, setTyped] = useState(defaultValue);
  const unit = strength?.baseUnit ?? 'microlitre';
  const quantity = typed ? baseQuantity(unit, typed) : -1;
  const valid = quantity > 0 ? quantity : null;
  const mcg = strength && valid !== null ? microgramsIn(strength, valid) : null;
  const said =
    typed === ''
      ? unit === 'device'
        ? 'Whole devices.'
        : 'In mL, up to 3 decimals.'
      : valid === null
        ? unit === 'device'
          ? 'Type a whole number of devices.'
          : 'Type mL as a number with up to 3 decimals, e.g. 0.7.'
        : mcg === null
          ? `${formatQuantity(unit, valid)}: not a whole number of micrograms at this strength.`
          : `${formatQuantity(unit, valid)} = ${formatMilligrams(mcg)}.`;
  return (
    <TextInput
      label={`${label} (${unitWord(unit)})`}
      name={name}
      inputMode="decimal"
      autoComplete="off"
      required
      value={typed}
      onChange={(e) => setTyped(e.currentTarget.value.trim())}
      description={
        <>
          <span aria-live="polite">{said}</span>
          {hint && <> {hint(valid)}</>}
        </>
      }
      error={fieldError(error, `/body/${name}`)}
    />
  );
}

/** `${locationId}|${lotId}`: one lot held at one location. */
export const heldKey = (line: { location: { id: string }; lot: { id: string } }) =>
  `${line.location.id}|${line.lot.id}`;

export const heldLabel = (line: StockLine) =>
  `${line.product.name}, lot ${line.lot.lotNumber}, ${line.location.name} (holds ${line.quantityDisplay}, ${line.milligramsDisplay})`;

export const strengthOf = (line: StockLine | undefined): Strength | undefined =>
  line && {
    baseUnit: line.product.baseUnit as BaseUnit,
    concentrationMcgPerMl: line.product.concentrationMcgPerMl,
    mcgPerDevice: line.product.mcgPerDevice,
  };

/** Picks a lot held at a location; controlled, so the amount field can follow its unit. */
export function HeldSelect({
  label = 'Lot and location',
  lines,
  value,
  onChange,
  error,
}: {
  label?: string;
  lines: StockLine[];
  value: string;
  onChange: (key: string) => void;
  error?: string | undefined;
}) {
  return (
    <NativeSelect
      label={label}
      name="held"
      value={value}
      onChange={(e) => onChange(e.currentTarget.value)}
      data={[
        { value: '', label: lines.length ? 'Choose a lot' : 'No stock held', disabled: true },
        ...lines.map((l) => ({ value: heldKey(l), label: heldLabel(l) })),
      ]}
      error={error}
    />
  );
}

/**
 * The chosen stock line. `chosen()` returns it, or marks the picker with "Choose …" when nothing is chosen yet
 * (`missing` is that sentence, for the picker's error).
 */
export function useHeld(lines: StockLine[]) {
  const [key, setKey] = useState('');
  const [asked, setAsked] = useState(false);
  const line = lines.find((l) => heldKey(l) === key);
  return {
    key,
    setKey,
    line,
    missing: asked && !line ? 'Choose the lot and where it is held' : undefined,
    chosen: () => {
      setAsked(true);
      return line;
    },
  };
}

/** A second licensed staff member signs on the spot: their email, password and authenticator code. */
export function WitnessFields({ error }: { error: ApiError | undefined }) {
  const refusal = fieldError(error, '/body/witness');
  return (
    <>
      <Group align="flex-start">
        <TextInput
          label="Witness email"
          name="witnessEmail"
          autoComplete="off"
          required
          error={fieldError(error, '/body/witness/email')}
        />
        <PasswordInput
          label="Witness password"
          name="witnessPassword"
          autoComplete="off"
          required
          error={fieldError(error, '/body/witness/password')}
        />
        <TextInput
          label="Witness authenticator code"
          name="witnessTotp"
          inputMode="numeric"
          maxLength={6}
          autoComplete="off"
          required
          error={fieldError(error, '/body/witness/totp')}
        />
      </Group>
      {refusal && (
        <Text c="red" size="sm" role="alert">
          Witness: {refusal}
        </Text>
      )}
    </>
  );
}

export const witnessOf = (f: FormData) => ({
  email: text(f, 'witnessEmail'),
  password: String(f.get('witnessPassword') ?? ''),
  totp: text(f, 'witnessTotp').replace(/\s+/g, ''),
});
