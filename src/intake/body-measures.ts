import type { Queryable } from '../platform/db/database.js';
import { measureRules } from './core.js';
import { currentFacts } from './fact-service.js';
import { latestProfile } from './registration-service.js';

export interface BodyMeasures {
  weightGrams: number | null;
  weightMeasuredAt: Date | null;
  heightMm: number | null;
  sexAtBirth: 'female' | 'male' | null;
}

/** The latest weight and height on record (intake facts) and sex at birth (registration), for dosing. */
export async function latestBodyMeasures(
  db: Queryable,
  clinicId: string,
  patientId: string,
): Promise<BodyMeasures> {
  const { measurements } = await currentFacts(db, clinicId, patientId);
  // Latest by when it was measured, not when it was typed in: a correction of an old weight is not today's weight.
  const latest = (loinc: string) =>
    measurements
      .filter((m) => m.loinc === loinc)
      .reduce<(typeof measurements)[number] | undefined>(
        (best, m) => (best && best.effectiveAt >= m.effectiveAt ? best : m),
        undefined,
      );
  const weight = latest(measureRules.weight.loinc);
  const height = latest(measureRules.height.loinc);
  const sex = (await latestProfile(db, clinicId, patientId))?.details.sexAtBirth;
  return {
    weightGrams: weight?.value ?? null,
    weightMeasuredAt: weight ? new Date(weight.effectiveAt) : null,
    heightMm: height?.value ?? null,
    // Devine's ideal body weight is defined for female and male only: anything else is "not known" for dosing.
    sexAtBirth: sex === 'female' || sex === 'male' ? sex : null,
  };
}
