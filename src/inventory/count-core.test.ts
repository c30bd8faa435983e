import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  containerRuleOf,
  countedLineProblems,
  countedQuantity,
  differenceOf,
  linesWithDifference,
} from './count-core.js';

const vial = { perContainer: 10_000, dosageUnitsPerContainer: 10 }; // 10 mL vial in µL, 10 mL
const bulk = { perContainer: 1_001, dosageUnitsPerContainer: 1_001 }; // a 1,001-tablet bottle

describe('a counted line', () => {
  it('a liquid counts in millilitres, a nasal device in devices', () => {
    expect(containerRuleOf({ baseUnit: 'microlitre', containerSize: 10_000 })).toEqual(vial);
    expect(containerRuleOf({ baseUnit: 'device', containerSize: 3 })).toEqual({
      perContainer: 3,
      dosageUnitsPerContainer: 3,
    });
  });

  it('adds sealed containers and the opened remainder', () => {
    // 3 sealed 10 mL vials and 4.25 mL left in one: 34,250 µL
    expect(countedQuantity({ sealedContainers: 3, openedQuantity: 4_250, openedEstimated: true }, vial)).toBe(
      34_250,
    );
  });

  it('accepts an estimated opened vial and refuses an estimate of a container over 1,000 units', () => {
    expect(
      countedLineProblems({ sealedContainers: 1, openedQuantity: 4_000, openedEstimated: true }, vial),
    ).toEqual([]);
    expect(
      countedLineProblems({ sealedContainers: 1, openedQuantity: 400, openedEstimated: true }, bulk),
    ).toEqual([
      {
        field: 'openedEstimated',
        message: 'this container holds more than 1,000 units: count the opened container exactly',
      },
    ]);
    expect(
      countedLineProblems({ sealedContainers: 1, openedQuantity: 400, openedEstimated: false }, bulk),
    ).toEqual([]);
  });

  it('refuses negative, fractional, over-full and estimated-but-empty entries', () => {
    const fields = (line: Parameters<typeof countedLineProblems>[0]) =>
      countedLineProblems(line, vial).map((p) => p.field);
    expect(fields({ sealedContainers: -1, openedQuantity: 0, openedEstimated: false })).toEqual([
      'sealedContainers',
    ]);
    expect(fields({ sealedContainers: 1.5, openedQuantity: 0, openedEstimated: false })).toEqual([
      'sealedContainers',
    ]);
    expect(fields({ sealedContainers: 0, openedQuantity: 0.5, openedEstimated: false })).toEqual([
      'openedQuantity',
    ]);
    expect(fields({ sealedContainers: 0, openedQuantity: 10_000, openedEstimated: false })).toEqual([
      'openedQuantity',
    ]);
    expect(fields({ sealedContainers: 2, openedQuantity: 0, openedEstimated: true })).toEqual([
      'openedEstimated',
    ]);
  });

  it('every line whose count differs opens a discrepancy, short or over', () => {
    const lines = [
      { lot: 'a', expected: 34_250, counted: 34_250 },
      { lot: 'b', expected: 20_000, counted: 19_500 },
      { lot: 'c', expected: 2, counted: 3 },
    ];
    expect(linesWithDifference(lines).map((l) => [l.lot, differenceOf(l)])).toEqual([
      ['b', -500],
      ['c', 1],
    ]);
  });

  it('property: a valid line counts to exactly sealed × size + opened, and only equal counts have no difference', () => {
    fc.assert(
      fc.property(fc.nat(500), fc.nat(9_999), fc.nat(6_000_000), (sealed, opened, expected) => {
        const line = { sealedContainers: sealed, openedQuantity: opened, openedEstimated: false };
        expect(countedLineProblems(line, vial)).toEqual([]);
        const counted = countedQuantity(line, vial);
        expect(counted).toBe(sealed * 10_000 + opened);
        expect(linesWithDifference([{ expected, counted }]).length).toBe(expected === counted ? 0 : 1);
      }),
    );
  });
});
