import { and, desc, eq } from 'drizzle-orm';
import { recordAudit } from '../audit/service.js';
import type { Scope } from '../identity/authorise.js';
import { actorOf, clinicOf } from '../identity/scope.js';
import type { RequestMeta } from '../identity/service.js';
import { normalisePhone } from '../organisation/core.js';
import type { Clock } from '../platform/clock.js';
import type { Database, Queryable } from '../platform/db/database.js';
import { conflict, type FieldError, invalidFields, notFound } from '../platform/http/problem.js';
import type { EscortBody, EscortView } from '../reminder/model.js';
import { appointment, escortConfirmation } from './schema.js';

type EscortRow = typeof escortConfirmation.$inferSelect;

function toEscortView(row: EscortRow): EscortView {
  return {
    id: row.id,
    appointmentId: row.appointmentId,
    escortName: row.escortName,
    escortPhone: row.escortPhone,
    relationship: row.relationship,
    rideConfirmed: row.rideConfirmed,
    confirmedVia: row.confirmedVia as EscortView['confirmedVia'],
    confirmedAt: row.confirmedAt.toISOString(),
  };
}

/** The newest confirmation for an appointment (append-only: a newer one supersedes), or null. */
export async function latestEscort(
  db: Queryable,
  clinicId: string,
  appointmentId: string,
): Promise<EscortView | null> {
  const [newest] = await db
    .select()
    .from(escortConfirmation)
    .where(
      and(eq(escortConfirmation.clinicId, clinicId), eq(escortConfirmation.appointmentId, appointmentId)),
    )
    .orderBy(desc(escortConfirmation.confirmedAt), desc(escortConfirmation.id))
    .limit(1);
  return newest ? toEscortView(newest) : null;
}

/** The escort confirmation in force for an appointment (the newest), or null: check-in is blocked without one. */
export async function escortFor(
  db: Queryable,
  clinicId: string,
  appointmentId: string,
): Promise<{ escortName: string; rideConfirmed: boolean; confirmedAt: Date } | null> {
  const newest = await latestEscort(db, clinicId, appointmentId);
  return (
    newest && {
      escortName: newest.escortName,
      rideConfirmed: newest.rideConfirmed,
      confirmedAt: new Date(newest.confirmedAt),
    }
  );
}

/**
 * Records who takes the patient home after a session and that they confirmed the ride: by the patient in the
 * portal (their own appointments only) or by staff taking it by phone. A new confirmation supersedes the old.
 */
export async function confirmEscort(
  database: Database,
  clock: Clock,
  scope: Scope,
  appointmentId: string,
  body: EscortBody,
  meta: RequestMeta,
): Promise<EscortView> {
  const clinicId = clinicOf(scope);
  const actor = actorOf(scope);
  return database.transaction(async (tx) => {
    const [booked] = await tx
      .select()
      .from(appointment)
      .where(
        and(
          eq(appointment.clinicId, clinicId),
          eq(appointment.id, appointmentId),
          // A patient reaches only their own appointments.
          scope.patientId ? eq(appointment.patientId, scope.patientId) : undefined,
        ),
      );
    if (!booked) throw notFound('The appointment');
    if (booked.status !== 'booked') {
      throw conflict(
        `This appointment is ${booked.status.replace('_', ' ')}: there is no session to go home from`,
      );
    }
    if (booked.endsAt <= clock.now()) throw conflict('This appointment is over');
    const errors: FieldError[] = [];
    const escortName = body.escortName.trim();
    if (!escortName) errors.push({ path: '/body/escortName', message: 'Give your escort’s name' });
    const escortPhone = normalisePhone(body.escortPhone);
    if (!escortPhone) {
      errors.push({ path: '/body/escortPhone', message: 'is not a US phone number (10 digits)' });
    }
    if (!body.rideConfirmed) {
      errors.push({ path: '/body/rideConfirmed', message: 'Confirm that your escort will take you home' });
    }
    if (errors.length > 0) throw invalidFields(errors);
    const [row] = await tx
      .insert(escortConfirmation)
      .values({
        clinicId,
        patientId: booked.patientId,
        appointmentId,
        escortName,
        escortPhone: escortPhone!,
        relationship: body.relationship?.trim() || null,
        rideConfirmed: true,
        confirmedVia: actor.staffId ? 'staff' : 'portal',
        recordedByStaff: actor.staffId,
        confirmedAt: clock.now(),
      })
      .returning();
    await recordAudit(tx, clock, {
      clinicId,
      ...actor.audit,
      action: 'escort.confirmed',
      resourceType: 'escort_confirmation',
      resourceId: row!.id,
      patientId: booked.patientId,
      outcome: 'success',
      requestId: meta.requestId,
      clientAddress: meta.clientAddress,
      detail: { appointmentId, via: row!.confirmedVia },
    });
    return toEscortView(row!);
  });
}
