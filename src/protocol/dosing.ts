import type { ProtocolDefinition } from './definition.js';

/**
 * The dose calculation (clinical core, pure): weight basis, titration step, rounding down to what the route can
 * measure, the hard maximum — and the working, line by line, so a nurse can double-check it.
 */
export interface DoseInput {
  definition: ProtocolDefinition;
  /** Index into the protocol's titration steps. */
  stepIndex: number;
  /** The weight to dose on (today's, or the latest recorded); null when none is on record. */
  weightGrams: number | null;
  heightMm: number | null;
  sexAtBirth: 'female' | 'male' | null;
  /** The course's first session: esketamine always starts at `firstSessionDevices`. */
  firstSession: boolean;
}

export type MeasuredDose =
  | { kind: 'infusion'; rateMicrolitresPerHour: number; volumeMicrolitres: number; minutes: number }
  | { kind: 'injection'; volumeMicrolitres: number }
  | { kind: 'devices'; devices: number }
  | { kind: 'oral'; stepMcg: number };

export type DoseCalculation =
  | {
      ok: true;
      doseMcg: number;
      /** The most this session may have: the lower of the per-kg and absolute maxima. */
      maxDoseMcg: number;
      dosingWeightGrams: number | null;
      weightBasis: 'actual' | 'adjusted' | null;
      measured: MeasuredDose;
      working: string[];
    }
  | { ok: false; reason: string; working: string[] };

export function calculateDose(_input: DoseInput): DoseCalculation {
  throw new Error('calculateDose: being built (issue 6)');
}
