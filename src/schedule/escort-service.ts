import { and, desc, eq } from 'drizzle-orm';
import type { Queryable } from '../platform/db/database.js';
import { escortConfirmation } from './schema.js';

/** The escort confirmation in force for an appointment (the newest), or null: check-in is blocked without one. */
export async function escortFor(
  db: Queryable,
  clinicId: string,
  appointmentId: string,
): Promise<{ escortName: string; rideConfirmed: boolean; confirmedAt: Date } | null> {
  const [newest] = await db
    .select({
      escortName: escortConfirmation.escortName,
      rideConfirmed: escortConfirmation.rideConfirmed,
      confirmedAt: escortConfirmation.confirmedAt,
    })
    .from(escortConfirmation)
    .where(
      and(eq(escortConfirmation.clinicId, clinicId), eq(escortConfirmation.appointmentId, appointmentId)),
    )
    .orderBy(desc(escortConfirmation.confirmedAt), desc(escortConfirmation.id))
    .limit(1);
  return newest ?? null;
}
