import type { Clock } from '../platform/clock.js';
import type { Tx } from '../platform/db/database.js';

/** Chairs, clinic hours, shifts and the demo patient's booked sessions (synthetic). */
export async function addDemoSchedule(
  _tx: Tx,
  _clock: Clock,
  _demo: { clinicId: string; patientId: string },
) {}
