import type { Clock } from '../platform/clock.js';
import type { Tx } from '../platform/db/database.js';

/** Plans the demo patient's IV course (synthetic). */
export async function addDemoCourse(_tx: Tx, _clock: Clock, _demo: { clinicId: string; patientId: string }) {}
