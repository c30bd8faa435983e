import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type HandledEntry,
  isLate,
  isSmallDifference,
  median,
  type OpeningHours,
  repeatedSmallDifferences,
  robustZ,
  soloLateSignals,
  unmatchedReason,
  wasteShareSignals,
} from './diversion.js';

let n = 0;
const entry = (e: Partial<HandledEntry> & Pick<HandledEntry, 'staffId' | 'kind'>): HandledEntry => ({
  id: `e${++n}`,
  witnessStaffId: null,
  occurredAt: new Date('2026-03-10T16:00:00Z'), // 11:00 in Chicago, a Tuesday
  mcg: 0,
  ...e,
});

describe('robust z-scores', () => {
  it('median of odd and even groups', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(() => median([])).toThrow(RangeError);
  });

  it('0.6745 × (x − median) ÷ MAD', () => {
    // median 0.1, deviations 0.02 0 0.02 0 0.3 → MAD 0.02
    const z = robustZ([0.08, 0.1, 0.12, 0.1, 0.4]);
    expect(z[4]).toBeCloseTo((0.6745 * 0.3) / 0.02, 10);
    expect(z[1]).toBe(0);
  });

  it('falls back to the mean absolute deviation when most values are equal, and to 0 when all are', () => {
    const z = robustZ([0.1, 0.1, 0.1, 0.5]);
    expect(z[3]).toBeCloseTo(0.4 / (1.253314 * 0.1), 10);
    expect(robustZ([2, 2, 2])).toEqual([0, 0, 0]);
  });

  it('property: shifting every value leaves the scores unchanged', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: 1, maxLength: 20 }),
        fc.integer({ min: -500, max: 500 }),
        (values, shift) => {
          const a = robustZ(values);
          const b = robustZ(values.map((v) => v + shift));
          for (const [i, z] of a.entries()) expect(b[i]).toBeCloseTo(z, 9);
        },
      ),
    );
  });
});

describe('waste share', () => {
  const dispensesAndWaste = (staffId: string, dispensed: number[], wasted: number[]) => [
    ...dispensed.map((mcg) => entry({ staffId, kind: 'dispense', mcg })),
    ...wasted.map((mcg) => entry({ staffId, kind: 'waste', mcg })),
  ];

  it('names the one nurse who wastes far more of what they dispense, with their waste entries', () => {
    const entries = [
      ...dispensesAndWaste('ana', [50_000, 50_000, 50_000], [5_000]), // 3.3 %
      ...dispensesAndWaste('ben', [50_000, 50_000, 50_000], [6_000]), // 4 %
      ...dispensesAndWaste('cy', [50_000, 50_000, 50_000], [4_500]), // 3 %
      ...dispensesAndWaste('dee', [50_000, 50_000, 50_000], [30_000, 20_000]), // 33 %
    ];
    const signals = wasteShareSignals(entries);
    expect(signals.map((s) => s.staffId)).toEqual(['dee']);
    expect(signals[0]!.value).toBeCloseTo(50_000 / 150_000, 12);
    expect(signals[0]!.entryIds).toHaveLength(2);
    expect(signals[0]!.peerMedian).toBeCloseTo((5_000 / 150_000 + 6_000 / 150_000) / 2, 12);
  });

  it('says nothing with fewer than three peers or too few dispenses to compare', () => {
    expect(
      wasteShareSignals([
        ...dispensesAndWaste('ana', [50_000, 50_000, 50_000], [0]),
        ...dispensesAndWaste('dee', [50_000, 50_000, 50_000], [50_000]),
      ]),
    ).toEqual([]);
    expect(
      wasteShareSignals([
        ...dispensesAndWaste('ana', [50_000, 50_000, 50_000], [1_000]),
        ...dispensesAndWaste('ben', [50_000, 50_000, 50_000], [1_000]),
        ...dispensesAndWaste('cy', [50_000, 50_000, 50_000], [1_000]),
        ...dispensesAndWaste('dee', [50_000, 50_000], [90_000]),
      ]),
    ).toEqual([]);
  });
});

describe('solo late handling', () => {
  const hours: OpeningHours = {
    timeZone: 'America/Chicago',
    days: new Map([1, 2, 3, 4, 5].map((d) => [d, { opensAt: '08:00', closesAt: '18:00' }])),
  };

  it('late means outside hours or within the last hour before closing, in the clinic time zone', () => {
    expect(isLate(new Date('2026-03-10T16:00:00Z'), hours)).toBe(false); // Tue 11:00 CDT
    expect(isLate(new Date('2026-03-10T21:59:00Z'), hours)).toBe(false); // Tue 16:59
    expect(isLate(new Date('2026-03-10T22:00:00Z'), hours)).toBe(true); // Tue 17:00: last hour
    expect(isLate(new Date('2026-03-10T12:59:00Z'), hours)).toBe(true); // Tue 07:59
    expect(isLate(new Date('2026-03-14T16:00:00Z'), hours)).toBe(true); // Saturday: closed
  });

  it('names the one who handles alone after hours far more than peers; witnessed entries do not count', () => {
    const day = (staffId: string, late: number, witnessedLate = 0) => [
      ...Array.from({ length: 5 }, () => entry({ staffId, kind: 'administer' })),
      ...Array.from({ length: late }, () =>
        entry({ staffId, kind: 'dispense', occurredAt: new Date('2026-03-11T02:00:00Z') }),
      ),
      ...Array.from({ length: witnessedLate }, () =>
        entry({
          staffId,
          kind: 'waste',
          witnessStaffId: 'someone',
          occurredAt: new Date('2026-03-11T02:00:00Z'),
        }),
      ),
    ];
    // Four peers at 0 and one at 4/9: the MAD is 0, so the mean absolute deviation scales it, z = 5 ÷ 1.2533 ≈ 4.0
    // (with only four staff, one outlier among zeros can reach 4 ÷ 1.2533 ≈ 3.2 at most: not far enough).
    const everyone = [...day('ana', 0, 4), ...day('ben', 0), ...day('cy', 0), ...day('dan', 0)];
    expect(soloLateSignals([...everyone.slice(0, -5), ...day('eve', 4)], hours)).toEqual([]);
    const signals = soloLateSignals([...everyone, ...day('eve', 4)], hours);
    expect(signals.map((s) => s.staffId)).toEqual(['eve']);
    expect(signals[0]!.entryIds).toHaveLength(4);
  });
});

describe('repeated small count differences', () => {
  it('a small difference is not zero and at most 5 % of what was expected', () => {
    expect(isSmallDifference({ expected: 10_000, counted: 9_500 })).toBe(true);
    expect(isSmallDifference({ expected: 10_000, counted: 9_499 })).toBe(false);
    expect(isSmallDifference({ expected: 10_000, counted: 10_000 })).toBe(false);
    expect(isSmallDifference({ expected: 0, counted: 1 })).toBe(false);
  });

  it('three or more small differences at one lot and location make a signal', () => {
    const line = (id: string, lotId: string, counted: number) => ({
      id,
      lotId,
      locationId: 'safe',
      expected: 20_000,
      counted,
    });
    const signals = repeatedSmallDifferences([
      line('1', 'L1', 19_900),
      line('2', 'L1', 19_950),
      line('3', 'L1', 20_000),
      line('4', 'L1', 19_800),
      line('5', 'L2', 19_900),
      line('6', 'L2', 19_900),
      line('7', 'L2', 10_000),
    ]);
    expect(signals).toEqual([
      { lotId: 'L1', locationId: 'safe', netDifference: -350, countLineIds: ['1', '2', '4'] },
    ]);
  });
});

describe('administrations without a matching session', () => {
  const ok = { patientId: 'p', status: 'attended', startsOn: '2026-03-10' };
  it.each([
    [null, 'no appointment'],
    [{ ...ok, patientId: 'q' }, 'appointment of another patient'],
    [{ ...ok, status: 'cancelled' }, 'appointment cancelled'],
    [{ ...ok, status: 'no_show' }, 'appointment marked no-show'],
    [{ ...ok, status: 'rescheduled' }, 'appointment rescheduled'],
    [{ ...ok, startsOn: '2026-03-09' }, 'appointment on another day'],
    [ok, null],
    [{ ...ok, status: 'booked' }, null],
  ])('%o → %s', (appointment, reason) => {
    expect(unmatchedReason({ entryId: 'e', patientId: 'p', occurredOn: '2026-03-10', appointment })).toBe(
      reason,
    );
  });
});
