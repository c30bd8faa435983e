import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addBusinessDays,
  administrationBalance,
  balanceChangeOf,
  containersOf,
  currentRegistrations,
  dispensedRemaining,
  formatMilligrams,
  formatQuantity,
  handlingRefusal,
  lossDeadlines,
  microgramsIn,
  microlitresFromMl,
  ReferenceLedger,
  type RegistrationFacts,
  registrationStatus,
  reversalOf,
  reversalRefusal,
  type SessionEntry,
  witnessRefusal,
} from './core.js';

const vial10 = { baseUnit: 'microlitre', concentrationMcgPerMl: 10_000, mcgPerDevice: null } as const;
const spravato = { baseUnit: 'device', concentrationMcgPerMl: null, mcgPerDevice: 28_000 } as const;

describe('quantities', () => {
  it('converts base units to exact micrograms or refuses', () => {
    expect(microgramsIn(vial10, 2500)).toBe(25_000);
    expect(microgramsIn(spravato, 3)).toBe(84_000);
    // 1 µL of a 2.5 mg/mL solution is 2.5 mcg: not a whole microgram, so no conversion
    expect(microgramsIn({ ...vial10, concentrationMcgPerMl: 2500 }, 1)).toBeNull();
    expect(microgramsIn({ ...vial10, concentrationMcgPerMl: 2500 }, 2)).toBe(5);
    expect(microgramsIn(vial10, 1.5)).toBeNull();
  });

  it('microgram conversion is additive (no rounding drift over any split)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1_000_000 }), fc.integer({ min: 0, max: 1_000_000 }), (a, b) => {
        expect(microgramsIn(vial10, a + b)).toBe(
          (microgramsIn(vial10, a) ?? 0) + (microgramsIn(vial10, b) ?? 0),
        );
      }),
    );
  });

  it('formats exactly', () => {
    expect(formatQuantity('microlitre', 2000)).toBe('2.0 mL');
    expect(formatQuantity('microlitre', 2500)).toBe('2.5 mL');
    expect(formatQuantity('microlitre', 125)).toBe('0.125 mL');
    expect(formatQuantity('device', 1)).toBe('1 device');
    expect(formatQuantity('device', 3)).toBe('3 devices');
    expect(formatMilligrams(35_000)).toBe('35 mg');
    expect(formatMilligrams(12_500)).toBe('12.5 mg');
    expect(formatMilligrams(250)).toBe('0.25 mg');
    expect(formatMilligrams(-1500)).toBe('-1.5 mg');
  });

  it('parses millilitres without floating point and round-trips with the formatter', () => {
    expect(microlitresFromMl('2.5')).toBe(2500);
    expect(microlitresFromMl('0.125')).toBe(125);
    expect(microlitresFromMl('10')).toBe(10_000);
    expect(microlitresFromMl('0.1234')).toBeNull();
    expect(microlitresFromMl('-1')).toBeNull();
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 9_999_999 }), (ul) => {
        expect(microlitresFromMl(formatQuantity('microlitre', ul).replace(' mL', ''))).toBe(ul);
      }),
    );
  });

  it('splits into full and partial containers', () => {
    expect(containersOf(25_000, 10_000)).toEqual({ full: 2, partial: 5000, containers: '2.5' });
    expect(containersOf(5, 3)).toEqual({ full: 1, partial: 2, containers: '1.666' });
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000_000 }),
        fc.integer({ min: 1, max: 100_000 }),
        (q, size) => {
          const { full, partial } = containersOf(q, size);
          expect(full * size + partial).toBe(q);
          expect(partial).toBeLessThan(size);
        },
      ),
    );
  });
});

describe('entries', () => {
  it('gives each act its effect on stock', () => {
    expect(balanceChangeOf('receive', 10)).toBe(10);
    expect(balanceChangeOf('transfer_in', 10)).toBe(10);
    for (const kind of ['transfer_out', 'dispense', 'return', 'destroy', 'loss'] as const) {
      expect(balanceChangeOf(kind, 10)).toBe(-10);
    }
    expect(balanceChangeOf('administer', 10)).toBe(0);
    expect(balanceChangeOf('waste', 10, true)).toBe(0);
    expect(balanceChangeOf('waste', 10, false)).toBe(-10);
  });

  it('reverses by exact negation, once, and never a reversal, transfer or adjustment', () => {
    const original = { kind: 'dispense' as const, quantity: 2500, quantityMcg: 25_000, balanceChange: -2500 };
    expect(reversalOf(original)).toEqual({
      kind: 'reversal',
      quantity: -2500,
      quantityMcg: -25_000,
      balanceChange: 2500,
    });
    expect(reversalRefusal({ kind: 'dispense', reversed: false })).toBeNull();
    expect(reversalRefusal({ kind: 'dispense', reversed: true })).toMatch(/already/);
    for (const kind of ['reversal', 'transfer_out', 'transfer_in', 'adjustment'] as const) {
      expect(reversalRefusal({ kind, reversed: false })).not.toBeNull();
    }
  });

  it('needs a witness who is someone else', () => {
    expect(witnessRefusal('a', 'b')).toBeNull();
    expect(witnessRefusal('a', 'a')).toMatch(/different person/);
    expect(witnessRefusal('a', null)).toMatch(/witness/);
  });
});

describe('dates and deadlines', () => {
  it('counts business days over weekends', () => {
    expect(addBusinessDays('2026-11-27', 1)).toBe('2026-11-30'); // Friday → Monday
    expect(addBusinessDays('2026-11-28', 1)).toBe('2026-11-30'); // Saturday → Monday
    expect(addBusinessDays('2026-11-25', 1)).toBe('2026-11-26');
  });

  it('gives the Form 106 deadline 45 days after discovery and written notice the next business day', () => {
    expect(lossDeadlines('2026-12-31', { writtenNoticeBusinessDays: 1, form106DeadlineDays: 45 })).toEqual({
      writtenNoticeBy: '2027-01-01',
      form106By: '2027-02-14',
    });
  });
});

describe('registrations', () => {
  const warnings = [60, 30, 7];
  it('escalates warnings at 60, 30 and 7 days and expires after the expiry date', () => {
    expect(registrationStatus('2027-03-01', '2026-12-31', warnings)).toEqual({
      status: 'expiring',
      daysLeft: 60,
      warning: 60,
    });
    expect(registrationStatus('2027-03-02', '2026-12-31', warnings)).toEqual({
      status: 'valid',
      daysLeft: 61,
      warning: null,
    });
    expect(registrationStatus('2027-01-30', '2026-12-31', warnings).warning).toBe(30);
    expect(registrationStatus('2027-01-07', '2026-12-31', warnings).warning).toBe(7);
    expect(registrationStatus('2026-12-31', '2026-12-31', warnings)).toEqual({
      status: 'expiring',
      daysLeft: 0,
      warning: 7,
    });
    expect(registrationStatus('2026-12-30', '2026-12-31', warnings)).toEqual({
      status: 'expired',
      daysLeft: -1,
      warning: null,
    });
  });

  const dea = (id: string, expiresOn: string, supersedesId: string | null = null): RegistrationFacts => ({
    id,
    kind: 'dea',
    schedules: ['II', 'III'],
    expiresOn,
    supersedesId,
  });
  const state: RegistrationFacts = {
    id: 's',
    kind: 'state',
    schedules: ['III'],
    expiresOn: '2028-01-01',
    supersedesId: null,
  };

  it('lets a location handle stock only with a current DEA registration and state licence for schedule III', () => {
    expect(handlingRefusal([dea('a', '2027-01-01'), state], '2026-12-31')).toBeNull();
    expect(handlingRefusal([dea('a', '2026-12-30'), state], '2026-12-31')).toMatch(
      /DEA registration .* expired/,
    );
    expect(handlingRefusal([state], '2026-12-31')).toMatch(/no DEA registration/);
    expect(handlingRefusal([dea('a', '2027-01-01')], '2026-12-31')).toMatch(/no state/);
    expect(handlingRefusal([{ ...dea('a', '2027-01-01'), schedules: ['II'] }, state], '2026-12-31')).toMatch(
      /no DEA/,
    );
  });

  it('judges a renewed registration by its renewal only', () => {
    const old = dea('a', '2026-12-30');
    const renewal = dea('b', '2029-12-30', 'a');
    expect(currentRegistrations([old, renewal])).toEqual([renewal]);
    expect(handlingRefusal([old, renewal, state], '2026-12-31')).toBeNull();
  });
});

describe('administration balance', () => {
  const entry = (
    kind: SessionEntry['kind'],
    quantity: number,
    reversedKind: SessionEntry['kind'] | null = null,
  ): SessionEntry => ({
    kind,
    reversedKind,
    lotId: 'L',
    quantity,
    quantityMcg: quantity * 10,
  });

  it('accounts dispensed = administered + wasted, counting reversals against what they reverse', () => {
    const balanced = [entry('dispense', 5000), entry('administer', 3500), entry('waste', 1500)];
    expect(administrationBalance(balanced)).toEqual({
      dispensedMcg: 50_000,
      administeredMcg: 35_000,
      wastedMcg: 15_000,
      unaccountedMcg: 0,
    });
    const gap = [...balanced, entry('reversal', -1500, 'waste')];
    expect(administrationBalance(gap).unaccountedMcg).toBe(15_000);
    expect(dispensedRemaining(gap, 'L')).toBe(1500);
    expect(dispensedRemaining(gap, 'other')).toBe(0);
  });
});

describe('reference ledger', () => {
  it('is the sum of accepted changes and never negative', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({ location: fc.constantFrom('A', 'B'), change: fc.integer({ min: -50, max: 50 }) }),
        ),
        (changes) => {
          const model = new ReferenceLedger();
          const accepted: Record<string, number> = { A: 0, B: 0 };
          for (const { location, change } of changes) {
            const ok = model.apply([{ locationId: location, lotId: 'L', balanceChange: change }]);
            expect(ok).toBe(accepted[location]! + change >= 0);
            if (ok) accepted[location]! += change;
          }
          expect(model.balance('A', 'L')).toBe(accepted.A);
          expect(model.balance('B', 'L')).toBe(accepted.B);
        },
      ),
    );
  });

  it('applies a transfer all or nothing', () => {
    const model = new ReferenceLedger();
    model.apply([{ locationId: 'A', lotId: 'L', balanceChange: 5 }]);
    const transfer = (n: number) => [
      { locationId: 'A', lotId: 'L', balanceChange: -n },
      { locationId: 'B', lotId: 'L', balanceChange: n },
    ];
    expect(model.apply(transfer(6))).toBe(false);
    expect(model.entries()).toEqual([['A/L', 5]]);
    expect(model.apply(transfer(5))).toBe(true);
    expect(model.entries()).toEqual([
      ['A/L', 0],
      ['B/L', 5],
    ]);
  });
});
