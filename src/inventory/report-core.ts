import { daysBetween } from './core.js';

/**
 * The arithmetic behind the controlled-substance reports (clinical reference §8). Pure: values
 * in, values out; quantities are exact integers of the product's base unit (micrograms, microlitres, devices).
 */

/** A report as rows of text, the one shape both the CSV and the PDF are written from. */
export interface ReportTable {
  columns: readonly { header: string; align?: 'right' }[];
  rows: readonly (readonly string[])[];
  /** The sentence printed when there are no rows. */
  empty: string;
}

// ── Reconciliation ──────────────────────────────────────────────────────────────────────────────────────────

/**
 * What moved stock in or out of a product/lot/location, in the order the reconciliation formula names them:
 * opening + received + transferred in − transferred out − administered − wasted − returned − destroyed − lost
 * ± adjusted − dispensed not yet accounted for = closing.
 *
 * Dispensing takes the dose out of storage; giving it and wasting the rest account for it. A dose dispensed but
 * not (yet) given or wasted is its own column, so the formula holds at any moment and an unaccounted dose shows.
 */
export const reconciliationColumns = [
  'received',
  'transferredIn',
  'transferredOut',
  'administered',
  'wasted',
  'returned',
  'destroyed',
  'lost',
  'adjusted',
  'dispensedUnaccounted',
] as const;
export type ReconciliationColumn = (typeof reconciliationColumns)[number];

/** Columns that take stock away: shown as positive amounts and subtracted. */
const outflows: ReadonlySet<ReconciliationColumn> = new Set([
  'transferredOut',
  'administered',
  'wasted',
  'returned',
  'destroyed',
  'lost',
  'dispensedUnaccounted',
]);

/** One ledger movement as the reconciliation sees it: an amount in one column at one product/lot/location. */
export interface ReconciliationMovement {
  key: string;
  column: ReconciliationColumn;
  /** In the column's own direction, base units: a loss of 5 µL is 5 in 'lost'; adjustments are signed. */
  amount: number;
  occurredAt: Date;
}

/** What a movement does to the balance. */
export const balanceEffect = (m: Pick<ReconciliationMovement, 'column' | 'amount'>) =>
  outflows.has(m.column) ? -m.amount : m.amount;

export interface ReconciliationLine {
  key: string;
  opening: number;
  /** Each column's total over the period, in the column's own direction. */
  movements: Record<ReconciliationColumn, number>;
  /** The closing the formula gives. */
  arithmeticClosing: number;
  /** The balance the ledger holds at the end of the period. */
  ledgerClosing: number;
  /** Set when the arithmetic and the ledger disagree: the row needs investigating. */
  mismatch: boolean;
}

const zeroMovements = (): Record<ReconciliationColumn, number> =>
  Object.fromEntries(reconciliationColumns.map((c) => [c, 0])) as Record<ReconciliationColumn, number>;

/** The closing the formula gives from an opening and the period's movements. */
export function closingOf(opening: number, movements: Record<ReconciliationColumn, number>): number {
  let closing = opening;
  for (const column of reconciliationColumns) closing += balanceEffect({ column, amount: movements[column] });
  return closing;
}

/**
 * Reconciles each product/lot/location over [from, to): the opening is the effect of every movement before
 * `from`, the period's movements are summed per column, and the formula's closing is compared with the balance
 * the ledger reports for the end of the period (`ledgerClosing`, from the balances the database keeps).
 * Movements at or after `to` are ignored. Keys with nothing before `to` and no closing balance are left out.
 */
export function reconcile(input: {
  from: Date;
  to: Date;
  movements: readonly ReconciliationMovement[];
  ledgerClosing: ReadonlyMap<string, number>;
}): ReconciliationLine[] {
  const lines = new Map<string, { opening: number; movements: Record<ReconciliationColumn, number> }>();
  const lineOf = (key: string) => {
    let line = lines.get(key);
    if (!line) {
      line = { opening: 0, movements: zeroMovements() };
      lines.set(key, line);
    }
    return line;
  };
  for (const m of input.movements) {
    if (m.occurredAt >= input.to) continue;
    const line = lineOf(m.key);
    if (m.occurredAt < input.from) line.opening += balanceEffect(m);
    else line.movements[m.column] += m.amount;
  }
  for (const key of input.ledgerClosing.keys()) lineOf(key);
  return [...lines]
    .map(([key, { opening, movements }]) => {
      const arithmeticClosing = closingOf(opening, movements);
      const ledgerClosing = input.ledgerClosing.get(key) ?? 0;
      return {
        key,
        opening,
        movements,
        arithmeticClosing,
        ledgerClosing,
        mismatch: arithmeticClosing !== ledgerClosing,
      };
    })
    .filter(
      (l) => l.opening !== 0 || l.ledgerClosing !== 0 || Object.values(l.movements).some((v) => v !== 0),
    )
    .sort((a, b) => a.key.localeCompare(b.key));
}

// ── Biennial inventory ──────────────────────────────────────────────────────────────────────────────────────

/**
 * An opened Schedule III container may be estimated unless it holds more than 1,000 dosage units, then it is
 * counted exactly (21 CFR 1304.11(e)(3)). Sealed containers are always counted exactly.
 */
export const EXACT_COUNT_ABOVE_UNITS = 1000;

export function openedMayBeEstimated(dosageUnitsPerContainer: number): boolean {
  return dosageUnitsPerContainer <= EXACT_COUNT_ABOVE_UNITS;
}

// ── Expiring lots ───────────────────────────────────────────────────────────────────────────────────────────

/** Lots that expire within `days` of `today` (and those already expired) that still hold stock. */
export function expiringWithin<T extends { expiresOn: string; quantity: number }>(
  lots: readonly T[],
  today: string,
  days: number,
): (T & { daysLeft: number })[] {
  return lots
    .filter((l) => l.quantity > 0)
    .map((l) => ({ ...l, daysLeft: daysBetween(today, l.expiresOn) }))
    .filter((l) => l.daysLeft <= days)
    .sort((a, b) => a.daysLeft - b.daysLeft);
}
