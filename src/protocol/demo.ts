import type { Clock } from '../platform/clock.js';
import type { Tx } from '../platform/db/database.js';
import { publishDefaultProtocols } from './service.js';

/** The demo clinic's protocols are the shipped defaults (already there when the clinic was created: a no-op then). */
export async function addDemoProtocols(tx: Tx, clock: Clock, demo: { clinicId: string; patientId: string }) {
  await publishDefaultProtocols(tx, clock, demo.clinicId);
}
