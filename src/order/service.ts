import type { Queryable } from '../platform/db/database.js';

/**
 * The order a session may be given under: a valid per-session order for the appointment, else a valid standing
 * order of the course; null when there is none (the check-in gate refuses). Validity is computed at `at`.
 */
export async function validOrderFor(
  _db: Queryable,
  _input: { clinicId: string; patientId: string; courseId: string; appointmentId?: string; at: Date },
): Promise<{ orderId: string; doseMcg: number } | null> {
  throw new Error('validOrderFor: being built (issue 6)');
}
