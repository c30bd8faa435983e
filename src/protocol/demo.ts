import type { Clock } from '../platform/clock.js';
import type { Tx } from '../platform/db/database.js';

/** Publishes the clinic's default protocols (synthetic). */
export async function addDemoProtocols(
  _tx: Tx,
  _clock: Clock,
  _demo: { clinicId: string; patientId: string },
) {}
