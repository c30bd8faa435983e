import { and, asc, eq } from 'drizzle-orm';
import type { Clock } from '../platform/clock.js';
import type { Tx } from '../platform/db/database.js';
import { appointment, escortConfirmation } from '../schedule/schema.js';
import { contactPreference } from './schema.js';

/**
 * The demo patient hears by email; the escort (their registered driver) is confirmed for their last booked
 * session only, so the portal shows both states: the next session still asks "Confirm your escort".
 */
export async function addDemoReminders(tx: Tx, clock: Clock, demo: { clinicId: string; patientId: string }) {
  const { clinicId, patientId } = demo;
  await tx
    .insert(contactPreference)
    .values({ patientId, clinicId, email: true, sms: false, updatedAt: clock.now() });
  const booked = await tx
    .select({ id: appointment.id })
    .from(appointment)
    .where(
      and(
        eq(appointment.clinicId, clinicId),
        eq(appointment.patientId, patientId),
        eq(appointment.status, 'booked'),
      ),
    )
    .orderBy(asc(appointment.startsAt));
  const last = booked.length > 1 ? booked.at(-1) : undefined;
  if (!last) return;
  await tx.insert(escortConfirmation).values({
    clinicId,
    patientId,
    appointmentId: last.id,
    escortName: 'Gamma Demo-Driver',
    escortPhone: '+12175550144',
    relationship: 'partner',
    rideConfirmed: true,
    confirmedVia: 'portal',
    confirmedAt: clock.now(),
  });
}
