import type { Clock } from '../platform/clock.js';
import type { Tx } from '../platform/db/database.js';

/** The demo patient's contact preferences and escort confirmation (synthetic). */
export async function addDemoReminders(
  _tx: Tx,
  _clock: Clock,
  _demo: { clinicId: string; patientId: string },
) {}
