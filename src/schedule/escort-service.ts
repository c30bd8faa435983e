import type { Queryable } from '../platform/db/database.js';

/** The escort confirmation in force for an appointment (the newest), or null: check-in is blocked without one. */
export async function escortFor(
  _db: Queryable,
  _clinicId: string,
  _appointmentId: string,
): Promise<{ escortName: string; rideConfirmed: boolean; confirmedAt: Date } | null> {
  throw new Error('escortFor: being built (issue 6)');
}
