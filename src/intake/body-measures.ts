import type { Queryable } from '../platform/db/database.js';

export interface BodyMeasures {
  weightGrams: number | null;
  weightMeasuredAt: Date | null;
  heightMm: number | null;
  sexAtBirth: 'female' | 'male' | null;
}

/** The latest weight and height on record (intake facts) and sex at birth (registration), for dosing. */
export async function latestBodyMeasures(
  _db: Queryable,
  _clinicId: string,
  _patientId: string,
): Promise<BodyMeasures> {
  throw new Error('latestBodyMeasures: being built (issue 6)');
}
