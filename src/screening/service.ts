import type { Clock } from '../platform/clock.js';
import type { Tx } from '../platform/db/database.js';

export type ScreeningTrigger =
  | 'intake_reviewed'
  | 'medication_added'
  | 'condition_added'
  | 'measurement_added'
  | 'allergy_added'
  | 'prior_treatment_added'
  | 'profile_changed'
  | 'requested'
  | 'rules_changed';

/**
 * Re-runs screening for a patient in the caller's transaction, after an input changed. An approved route whose
 * new findings are not covered by its decision becomes "review needed". Filled in by the screening service.
 */
export async function rescreen(
  _tx: Tx,
  _clock: Clock,
  _clinicId: string,
  _patientId: string,
  _trigger: ScreeningTrigger,
): Promise<void> {}
