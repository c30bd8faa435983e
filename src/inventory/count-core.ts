import { openedMayBeEstimated } from './report-core.js';

/**
 * The rules of a physical count (clinical reference §8; 21 CFR 1304.11). Pure: values in, values out; quantities
 * are exact integers of the product's base unit.
 *
 * A count is taken at one location, by kind (end of day, biennial, initial, other) and at opening or
 * close of business. For each lot the ledger expects stock of, the counter records the sealed containers and
 * what is left in an opened container; an opened container may be estimated unless it holds more than 1,000
 * dosage units. A second staff member co-signs on the spot; every line whose count differs from the ledger opens
 * a discrepancy.
 */

export const countKinds = ['daily', 'biennial', 'initial', 'other'] as const;
export type CountKind = (typeof countKinds)[number];
export const countTimings = ['opening', 'close'] as const;
export type CountTiming = (typeof countTimings)[number];

export const countKindNames: Record<CountKind, string> = {
  daily: 'End-of-day count',
  biennial: 'Biennial inventory',
  initial: 'Initial inventory',
  other: 'Other (ad hoc) count',
};

export interface CountedLine {
  sealedContainers: number;
  /** Base units left in the opened container (0 when none is open). */
  openedQuantity: number;
  openedEstimated: boolean;
}

export interface ContainerRule {
  /** Base units one full container holds (10,000 µL for a 10 mL vial; 2 devices for a 56 mg kit). */
  perContainer: number;
  /** Dosage units one container holds, for the 1,000-unit estimation rule. */
  dosageUnitsPerContainer: number;
}

/**
 * A product's containers for counting. A liquid's dosage unit is the millilitre (a 10 mL vial is 10 units); a
 * nasal device is one unit.
 */
export function containerRuleOf(product: { baseUnit: string; containerSize: number }): ContainerRule {
  return {
    perContainer: product.containerSize,
    dosageUnitsPerContainer:
      product.baseUnit === 'microlitre' ? Math.ceil(product.containerSize / 1000) : product.containerSize,
  };
}

export interface LineProblem {
  field: 'sealedContainers' | 'openedQuantity' | 'openedEstimated';
  message: string;
}

/** What is wrong with a counted line, in words a counter understands; empty when it can be recorded. */
export function countedLineProblems(line: CountedLine, rule: ContainerRule): LineProblem[] {
  const problems: LineProblem[] = [];
  if (!Number.isSafeInteger(line.sealedContainers) || line.sealedContainers < 0)
    problems.push({ field: 'sealedContainers', message: 'must be a whole number of containers, 0 or more' });
  if (!Number.isSafeInteger(line.openedQuantity) || line.openedQuantity < 0)
    problems.push({
      field: 'openedQuantity',
      message: 'must be a whole number of the smallest unit, 0 or more',
    });
  else if (line.openedQuantity >= rule.perContainer)
    problems.push({
      field: 'openedQuantity',
      message: 'an opened container holds less than a full one: count full containers as sealed',
    });
  if (line.openedEstimated && line.openedQuantity === 0)
    problems.push({ field: 'openedEstimated', message: 'only an opened container can be estimated' });
  if (line.openedEstimated && !openedMayBeEstimated(rule.dosageUnitsPerContainer))
    problems.push({
      field: 'openedEstimated',
      message: 'this container holds more than 1,000 units: count the opened container exactly',
    });
  return problems;
}

export function countedQuantity(line: CountedLine, rule: ContainerRule): number {
  return line.sealedContainers * rule.perContainer + line.openedQuantity;
}

/** Counted minus expected: negative when stock is short. */
export function differenceOf(line: { expected: number; counted: number }): number {
  return line.counted - line.expected;
}

/** The lines whose count differs from the ledger: each opens a discrepancy. */
export function linesWithDifference<T extends { expected: number; counted: number }>(
  lines: readonly T[],
): T[] {
  return lines.filter((l) => differenceOf(l) !== 0);
}
