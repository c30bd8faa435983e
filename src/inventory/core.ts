/**
 * The controlled-substance ledger's rules, pure: exact quantity arithmetic, what each kind of entry does to stock,
 * registration status, the DEA loss-reporting deadlines, the administration balance and a reference model of the
 * balances. Quantities are integers of the product's base unit (microlitres or devices) and of micrograms.
 */

export type BaseUnit = 'microlitre' | 'device';

export interface Strength {
  baseUnit: BaseUnit;
  /** Liquids: micrograms per millilitre. */
  concentrationMcgPerMl: number | null;
  /** Devices: micrograms per device. */
  mcgPerDevice: number | null;
}

export interface ProductShape extends Strength {
  /** One container in the base unit. */
  containerSize: number;
}

/**
 * The exact micrograms in a quantity of the base unit, or null when it is not a whole number of micrograms (a
 * volume too fine for the concentration): the ledger never rounds.
 */
export function microgramsIn(strength: Strength, quantity: number): number | null {
  if (!Number.isSafeInteger(quantity)) return null;
  if (strength.baseUnit === 'device')
    return strength.mcgPerDevice === null ? null : quantity * strength.mcgPerDevice;
  if (strength.concentrationMcgPerMl === null) return null;
  const scaled = quantity * strength.concentrationMcgPerMl;
  return scaled % 1000 === 0 ? scaled / 1000 : null;
}

/** An integer divided by 1000, written exactly with at least one decimal: 2500 → "2.5", 2000 → "2.0", 125 → "0.125". */
function thousandths(value: number, minDecimals: number): string {
  const sign = value < 0 ? '-' : '';
  const abs = Math.abs(value);
  const whole = Math.floor(abs / 1000);
  let fraction = String(abs % 1000)
    .padStart(3, '0')
    .replace(/0+$/, '');
  while (fraction.length < minDecimals) fraction += '0';
  return `${sign}${whole}${fraction ? `.${fraction}` : ''}`;
}

/** A quantity as a clinician reads it: microlitres as mL ("2.5 mL"), devices counted ("3 devices"). */
export function formatQuantity(baseUnit: BaseUnit, quantity: number): string {
  if (baseUnit === 'device') return `${quantity} ${Math.abs(quantity) === 1 ? 'device' : 'devices'}`;
  return `${thousandths(quantity, 1)} mL`;
}

/** Micrograms as milligrams, exactly: 35000 → "35 mg", 12500 → "12.5 mg", 250 → "0.25 mg". */
export function formatMilligrams(mcg: number): string {
  return `${thousandths(mcg, 0)} mg`;
}

/** Millilitres (as typed: up to three decimals) to microlitres, or null when not exact. */
export function microlitresFromMl(ml: string): number | null {
  const match = /^(\d{1,7})(?:\.(\d{1,3}))?$/.exec(ml);
  if (!match) return null;
  return Number(match[1]) * 1000 + Number((match[2] ?? '').padEnd(3, '0'));
}

/** Full containers and the rest (DEA Form 41 and counts ask for full and partial containers). */
export function containersOf(
  quantity: number,
  containerSize: number,
): { full: number; partial: number; containers: string } {
  const full = Math.floor(quantity / containerSize);
  const partial = quantity % containerSize;
  // Containers with up to three decimals, truncated (a display value; the quantity stays exact).
  const thousandthsOfContainer = Math.floor((quantity * 1000) / containerSize);
  return { full, partial, containers: thousandths(thousandthsOfContainer, 0) };
}

// ── What each kind of entry does ────────────────────────────────────────────────────────────────────────────

export const entryKinds = [
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
export type EntryKind = (typeof entryKinds)[number];

/** The kinds a clinician records directly; adjustments come only from resolving a discrepancy. */
export type ActKind = Exclude<EntryKind, 'adjustment' | 'reversal'>;

/**
 * The effect of an act of `quantity` (> 0) on the balance of its location and lot. Giving or wasting a dispensed
 * dose accounts for what dispensing already took out of the safe; waste without a session (breakage) comes out
 * of stock. Mirrors the ledger_entry_kind_shape CHECK.
 */
export function balanceChangeOf(kind: ActKind, quantity: number, fromDispensedDose = false): number {
  switch (kind) {
    case 'receive':
    case 'transfer_in':
      return quantity;
    case 'administer':
      return 0;
    case 'waste':
      return fromDispensedDose ? 0 : -quantity;
    case 'transfer_out':
    case 'dispense':
    case 'return':
    case 'destroy':
    case 'loss':
      return -quantity;
  }
}

export interface EntryAmounts {
  kind: EntryKind;
  quantity: number;
  quantityMcg: number;
  balanceChange: number;
}

/** Why an entry cannot be reversed, or null. Transfers are undone by a transfer back; adjustments by a new count. */
export function reversalRefusal(original: { kind: EntryKind; reversed: boolean }): string | null {
  if (original.reversed) return 'this entry has already been reversed';
  switch (original.kind) {
    case 'reversal':
      return 'a reversal cannot itself be reversed; record the act again';
    case 'transfer_out':
    case 'transfer_in':
      return 'a transfer is corrected by a transfer back, not a reversal';
    case 'adjustment':
      return 'an adjustment resolves a discrepancy; a new count corrects it';
    default:
      return null;
  }
}

/** The reversing entry's amounts: the exact negation of the original (enforced again by the database). */
export function reversalOf(original: EntryAmounts): EntryAmounts {
  return {
    kind: 'reversal',
    quantity: -original.quantity,
    quantityMcg: -original.quantityMcg,
    balanceChange: -original.balanceChange,
  };
}

/** The witness of a waste or destruction must be another person than the signer. */
export function witnessRefusal(signerStaffId: string, witnessStaffId: string | null): string | null {
  if (witnessStaffId === null) return 'a second licensed staff member must witness this';
  return witnessStaffId === signerStaffId ? 'the witness must be a different person from the signer' : null;
}

// ── Calendar dates (YYYY-MM-DD, in the clinic's time zone) ────────────────────────────────────────────────────

const DAY_MS = 86_400_000;
const toUtc = (date: string) =>
  Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)));
const fromUtc = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export function addDays(date: string, days: number): string {
  return fromUtc(toUtc(date) + days * DAY_MS);
}

export function daysBetween(from: string, to: string): number {
  return Math.round((toUtc(to) - toUtc(from)) / DAY_MS);
}

/** The date `days` business days after `date`, skipping Saturdays and Sundays (federal holidays are not modelled). */
export function addBusinessDays(date: string, days: number): string {
  let ms = toUtc(date);
  for (let left = days; left > 0; ) {
    ms += DAY_MS;
    const weekday = new Date(ms).getUTCDay();
    if (weekday !== 0 && weekday !== 6) left -= 1;
  }
  return fromUtc(ms);
}

/** Theft or significant loss (21 CFR 1301.76(b)): written notice to the field division, then DEA Form 106. */
export function lossDeadlines(
  discoveredOn: string,
  rules: { writtenNoticeBusinessDays: number; form106DeadlineDays: number },
): { writtenNoticeBy: string; form106By: string } {
  return {
    writtenNoticeBy: addBusinessDays(discoveredOn, rules.writtenNoticeBusinessDays),
    form106By: addDays(discoveredOn, rules.form106DeadlineDays),
  };
}

// ── Registrations ─────────────────────────────────────────────────────────────────────────────────────────────

export type RegistrationStatus = 'valid' | 'expiring' | 'expired';

/**
 * A registration's standing on a clinic date. It is valid through its expiry date. `warning` is the smallest
 * threshold (e.g. 60, 30, 7 days) the days left have reached, so the UI can escalate.
 */
export function registrationStatus(
  expiresOn: string,
  today: string,
  warningDays: readonly number[],
): { status: RegistrationStatus; daysLeft: number; warning: number | null } {
  const daysLeft = daysBetween(today, expiresOn);
  if (daysLeft < 0) return { status: 'expired', daysLeft, warning: null };
  const reached = warningDays.filter((threshold) => daysLeft <= threshold);
  if (reached.length === 0) return { status: 'valid', daysLeft, warning: null };
  return { status: 'expiring', daysLeft, warning: Math.min(...reached) };
}

export interface RegistrationFacts {
  id: string;
  kind: 'dea' | 'state';
  schedules: readonly string[];
  expiresOn: string;
  supersedesId: string | null;
}

/** Registrations not renewed by a later one: the ones in force or lapsed now. */
export function currentRegistrations<T extends RegistrationFacts>(all: readonly T[]): T[] {
  const superseded = new Set(all.flatMap((r) => (r.supersedesId ? [r.supersedesId] : [])));
  return all.filter((r) => !superseded.has(r.id));
}

/**
 * Whether the location may receive and administer Schedule III stock on `today`: a current DEA registration for
 * schedule III and the state controlled-substance licence it rests on, neither expired. Null when it may;
 * otherwise what is missing.
 */
export function handlingRefusal(all: readonly RegistrationFacts[], today: string): string | null {
  const current = currentRegistrations(all).filter((r) => r.schedules.includes('III'));
  const inForce = (kind: 'dea' | 'state') => current.some((r) => r.kind === kind && r.expiresOn >= today);
  const label = { dea: 'DEA registration', state: 'state controlled-substance licence' } as const;
  for (const kind of ['dea', 'state'] as const) {
    if (inForce(kind)) continue;
    return current.some((r) => r.kind === kind)
      ? `the location's ${label[kind]} for schedule III has expired`
      : `the location has no ${label[kind]} for schedule III`;
  }
  return null;
}

// ── Administrations ──────────────────────────────────────────────────────────────────────────────────────────

export interface SessionEntry {
  kind: EntryKind;
  /** For a reversal: the kind of the entry it reverses (its amounts are already negated). */
  reversedKind: EntryKind | null;
  lotId: string;
  quantity: number;
  quantityMcg: number;
}

export interface AdministrationBalance {
  dispensedMcg: number;
  administeredMcg: number;
  wastedMcg: number;
  /** dispensed − (administered + wasted): zero when every microgram dispensed is accounted for. */
  unaccountedMcg: number;
}

function effectiveKind(entry: SessionEntry): EntryKind {
  return entry.kind === 'reversal' && entry.reversedKind ? entry.reversedKind : entry.kind;
}

/** Dispensed = administered + wasted, per session, in micrograms (a session may use several lots). */
export function administrationBalance(entries: readonly SessionEntry[]): AdministrationBalance {
  const sum = (kind: EntryKind) =>
    entries.filter((e) => effectiveKind(e) === kind).reduce((total, e) => total + e.quantityMcg, 0);
  const dispensedMcg = sum('dispense');
  const administeredMcg = sum('administer');
  const wastedMcg = sum('waste');
  return {
    dispensedMcg,
    administeredMcg,
    wastedMcg,
    unaccountedMcg: dispensedMcg - administeredMcg - wastedMcg,
  };
}

/** What is still held of a lot dispensed for a session (base units): what can still be given or wasted. */
export function dispensedRemaining(entries: readonly SessionEntry[], lotId: string): number {
  let remaining = 0;
  for (const entry of entries) {
    if (entry.lotId !== lotId) continue;
    const kind = effectiveKind(entry);
    if (kind === 'dispense') remaining += entry.quantity;
    else if (kind === 'administer' || kind === 'waste') remaining -= entry.quantity;
  }
  return remaining;
}

// ── Reference model ──────────────────────────────────────────────────────────────────────────────────────────

/**
 * Balances as the sum of accepted entries per (location, lot): the model the property tests hold the database
 * to. An entry that would take a balance below zero is refused and changes nothing.
 */
export class ReferenceLedger {
  readonly #balances = new Map<string, number>();

  static key(locationId: string, lotId: string) {
    return `${locationId}/${lotId}`;
  }

  balance(locationId: string, lotId: string): number {
    return this.#balances.get(ReferenceLedger.key(locationId, lotId)) ?? 0;
  }

  /** Applies a set of changes all-or-nothing (a transfer moves out of one location and into another). */
  apply(changes: readonly { locationId: string; lotId: string; balanceChange: number }[]): boolean {
    const next = new Map<string, number>();
    for (const { locationId, lotId, balanceChange } of changes) {
      const key = ReferenceLedger.key(locationId, lotId);
      next.set(key, (next.get(key) ?? this.#balances.get(key) ?? 0) + balanceChange);
    }
    if ([...next.values()].some((value) => value < 0)) return false;
    for (const [key, value] of next) this.#balances.set(key, value);
    return true;
  }

  /** Every (location, lot) that has held stock, with its balance (zero balances included). */
  entries(): [string, number][] {
    return [...this.#balances.entries()].sort(([a], [b]) => a.localeCompare(b));
  }
}
