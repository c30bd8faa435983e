import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  balanceEffect,
  closingOf,
  expiringWithin,
  openedMayBeEstimated,
  type ReconciliationMovement,
  reconcile,
  reconciliationColumns,
} from './report-core.js';

const at = (iso: string) => new Date(iso);
const from = at('2026-03-01T06:00:00Z');
const to = at('2026-04-01T05:00:00Z');

describe('reconciliation', () => {
  it('adds inflows, subtracts outflows and takes adjustments with their sign', () => {
    const movements: ReconciliationMovement[] = [
      { key: 'A', column: 'received', amount: 1_000_000, occurredAt: at('2026-02-10T15:00:00Z') },
      { key: 'A', column: 'administered', amount: 35_000, occurredAt: at('2026-02-20T15:00:00Z') },
      { key: 'A', column: 'received', amount: 500_000, occurredAt: at('2026-03-02T15:00:00Z') },
      { key: 'A', column: 'transferredOut', amount: 500_000, occurredAt: at('2026-03-03T15:00:00Z') },
      { key: 'A', column: 'dispensedUnaccounted', amount: 50_000, occurredAt: at('2026-03-04T15:00:00Z') },
      { key: 'A', column: 'administered', amount: 42_500, occurredAt: at('2026-03-04T16:00:00Z') },
      { key: 'A', column: 'dispensedUnaccounted', amount: -42_500, occurredAt: at('2026-03-04T16:00:00Z') },
      { key: 'A', column: 'lost', amount: 1, occurredAt: at('2026-03-05T15:00:00Z') },
      { key: 'A', column: 'adjusted', amount: 1, occurredAt: at('2026-03-06T15:00:00Z') },
      // at the end of the period: not counted
      { key: 'A', column: 'administered', amount: 10_000, occurredAt: at('2026-04-01T05:00:00Z') },
    ];
    // opening 1,000,000 − 35,000 = 965,000;
    // closing 965,000 + 500,000 − 500,000 − 42,500 − 1 + 1 − 7,500 (dispensed, not yet accounted) = 915,000
    const [line] = reconcile({ from, to, movements, ledgerClosing: new Map([['A', 915_000]]) });
    expect(line).toEqual({
      key: 'A',
      opening: 965_000,
      movements: {
        received: 500_000,
        transferredIn: 0,
        transferredOut: 500_000,
        administered: 42_500,
        wasted: 0,
        returned: 0,
        destroyed: 0,
        lost: 1,
        adjusted: 1,
        dispensedUnaccounted: 7_500,
      },
      arithmeticClosing: 915_000,
      ledgerClosing: 915_000,
      mismatch: false,
    });
  });

  it('flags a row whose ledger closing differs from the arithmetic, even by one microgram', () => {
    const movements: ReconciliationMovement[] = [
      { key: 'B', column: 'received', amount: 100, occurredAt: at('2026-03-02T00:00:00Z') },
    ];
    const [line] = reconcile({ from, to, movements, ledgerClosing: new Map([['B', 99]]) });
    expect(line?.mismatch).toBe(true);
    expect(line?.arithmeticClosing).toBe(100);
  });

  it('lists a balance with no movements (stock that only sat there) and drops empty keys', () => {
    expect(
      reconcile({
        from,
        to,
        movements: [],
        ledgerClosing: new Map([
          ['C', 5],
          ['D', 0],
        ]),
      }),
    ).toEqual([
      expect.objectContaining({
        key: 'C',
        opening: 0,
        arithmeticClosing: 0,
        ledgerClosing: 5,
        mismatch: true,
      }),
    ]);
  });

  it('property: when the ledger closing is the sum of all effects, no row is flagged', () => {
    const movement = fc.record({
      key: fc.constantFrom('A', 'B', 'C'),
      column: fc.constantFrom(...reconciliationColumns),
      amount: fc.integer({ min: -50_000_000, max: 50_000_000 }),
      day: fc.integer({ min: 0, max: 90 }),
    });
    fc.assert(
      fc.property(fc.array(movement, { maxLength: 60 }), (raw) => {
        const movements: ReconciliationMovement[] = raw.map((m) => ({
          ...m,
          occurredAt: new Date(Date.UTC(2026, 1, 1) + m.day * 86_400_000),
        }));
        const ledgerClosing = new Map<string, number>();
        for (const m of movements)
          if (m.occurredAt < to) ledgerClosing.set(m.key, (ledgerClosing.get(m.key) ?? 0) + balanceEffect(m));
        const lines = reconcile({ from, to, movements, ledgerClosing });
        for (const line of lines) {
          expect(line.mismatch).toBe(false);
          expect(Number.isSafeInteger(line.arithmeticClosing)).toBe(true);
          expect(closingOf(line.opening, line.movements)).toBe(line.ledgerClosing);
        }
        // and one microgram more on the ledger side is always caught
        const [first] = lines;
        if (first) {
          ledgerClosing.set(first.key, first.ledgerClosing + 1);
          expect(
            reconcile({ from, to, movements, ledgerClosing }).find((l) => l.key === first.key)?.mismatch,
          ).toBe(true);
        }
      }),
    );
  });
});

describe('biennial inventory rules', () => {
  it('an opened container may be estimated unless it holds more than 1,000 units', () => {
    expect(openedMayBeEstimated(10)).toBe(true);
    expect(openedMayBeEstimated(1000)).toBe(true);
    expect(openedMayBeEstimated(1001)).toBe(false);
  });
});

describe('expiring lots', () => {
  it('lists lots with stock expiring within N days, soonest (and expired) first', () => {
    const lots = [
      { id: 'late', expiresOn: '2026-12-31', quantity: 5 },
      { id: 'soon', expiresOn: '2026-04-10', quantity: 5 },
      { id: 'gone', expiresOn: '2026-03-01', quantity: 5 },
      { id: 'empty', expiresOn: '2026-04-01', quantity: 0 },
      { id: 'edge', expiresOn: '2026-05-01', quantity: 1 },
    ];
    expect(expiringWithin(lots, '2026-04-01', 30).map((l) => [l.id, l.daysLeft])).toEqual([
      ['gone', -31],
      ['soon', 9],
      ['edge', 30],
    ]);
  });
});
