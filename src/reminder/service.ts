import { and, eq } from 'drizzle-orm';
import { treatmentCourse } from '../course/schema.js';
import { patientAccount } from '../identity/schema.js';
import { latestProfile } from '../intake/registration-service.js';
import { measuresSettings } from '../measures/settings.js';
import { normalisePhone } from '../organisation/core.js';
import { clinic } from '../organisation/schema.js';
import type { Clock } from '../platform/clock.js';
import type { Queryable, Tx } from '../platform/db/database.js';
import { protocol } from '../protocol/schema.js';
import { appointment } from '../schedule/schema.js';
import { scheduleSettings } from '../schedule/settings.js';
import { currentSettings } from '../settings/service.js';
import {
  type ContactDetails,
  dedupeKey,
  type MessageFacts,
  type PlannedMessage,
  type Preferences,
  plannedMessages,
  recipientsFor,
  renderMessage,
  type TreatmentRoute,
} from './core.js';
import { contactPreference, patientMessage } from './schema.js';

/** An appointment with what its messages are written from: the clinic, and the protocol's fasting and note. */
export async function appointmentFacts(db: Queryable, appointmentId: string) {
  const [row] = await db
    .select({
      appointment,
      clinicName: clinic.name,
      clinicPhone: clinic.phone,
      timeZone: clinic.timeZone,
      definition: protocol.definition,
    })
    .from(appointment)
    .innerJoin(clinic, eq(clinic.id, appointment.clinicId))
    .innerJoin(treatmentCourse, eq(treatmentCourse.id, appointment.courseId))
    .innerJoin(protocol, eq(protocol.id, treatmentCourse.protocolId))
    .where(eq(appointment.id, appointmentId));
  if (!row) return undefined;
  const facts: MessageFacts = {
    clinicName: row.clinicName,
    clinicPhone: row.clinicPhone,
    timeZone: row.timeZone,
    startsAt: row.appointment.startsAt,
    route: row.appointment.route as TreatmentRoute,
    fasting: row.definition.fasting,
    preparationNote: row.definition.preparationNote,
  };
  return { appointment: row.appointment, facts };
}

/** The patient's email and phone from their registration details, else their portal account's email. */
async function contactOf(db: Queryable, clinicId: string, patientId: string): Promise<ContactDetails> {
  const profile = await latestProfile(db, clinicId, patientId);
  const details = (profile?.details ?? {}) as { email?: string; phone?: string };
  let email = details.email ?? null;
  if (!email) {
    const [account] = await db
      .select({ email: patientAccount.email })
      .from(patientAccount)
      .where(and(eq(patientAccount.clinicId, clinicId), eq(patientAccount.patientId, patientId)));
    email = account?.email ?? null;
  }
  return { email, phone: details.phone ? (normalisePhone(details.phone) ?? null) : null };
}

/** The patient's stored channel choice, or null when they never chose (email by default). */
export async function preferencesOf(db: Queryable, patientId: string): Promise<Preferences | null> {
  const [row] = await db
    .select({ email: contactPreference.email, sms: contactPreference.sms })
    .from(contactPreference)
    .where(eq(contactPreference.patientId, patientId));
  return row ?? null;
}

/** Renders and inserts messages for each of the patient's channels; one already queued (same key) is kept. */
async function queue(
  tx: Tx,
  clock: Clock,
  subject: { id: string; clinicId: string; patientId: string },
  facts: MessageFacts,
  planned: PlannedMessage[],
) {
  const recipients = recipientsFor(
    await contactOf(tx, subject.clinicId, subject.patientId),
    await preferencesOf(tx, subject.patientId),
  );
  const now = clock.now();
  const rows = planned.flatMap((message) =>
    recipients.map(({ channel, recipient }) => ({
      clinicId: subject.clinicId,
      patientId: subject.patientId,
      appointmentId: subject.id,
      kind: message.kind,
      channel,
      recipient,
      ...renderMessage(message, channel, facts),
      dedupeKey: dedupeKey(subject.id, message, channel),
      sendAfter: message.sendAfter,
      status: 'pending',
      attempts: 0,
      nextAttemptAt: message.sendAfter,
      createdAt: now,
    })),
  );
  if (rows.length === 0) return;
  await tx.insert(patientMessage).values(rows).onConflictDoNothing({ target: patientMessage.dedupeKey });
}

/** Queues an appointment's messages (confirmation, reminders, escort request, follow-up) in the booking's transaction. */
export async function queueAppointmentMessages(tx: Tx, clock: Clock, appointmentId: string): Promise<void> {
  const found = await appointmentFacts(tx, appointmentId);
  if (!found) throw new Error('queueAppointmentMessages: no such appointment');
  const { appointment: booked, facts } = found;
  const [schedule, measures] = await Promise.all([
    currentSettings(tx, booked.clinicId, scheduleSettings),
    currentSettings(tx, booked.clinicId, measuresSettings),
  ]);
  const planned = plannedMessages(
    booked.startsAt,
    facts.timeZone,
    { ...schedule.values, preSessionWindowHours: measures.values.preSessionWindowHours },
    clock.now(),
  );
  await queue(tx, clock, booked, facts, planned);
}

/** Cancels an appointment's unsent messages (and tells the patient when it was cancelled). */
export async function cancelAppointmentMessages(
  tx: Tx,
  clock: Clock,
  appointmentId: string,
  why: 'cancelled' | 'rescheduled',
): Promise<void> {
  await tx
    .update(patientMessage)
    .set({ status: 'cancelled', lastError: `The appointment was ${why}` })
    .where(and(eq(patientMessage.appointmentId, appointmentId), eq(patientMessage.status, 'pending')));
  // A rescheduled appointment's new booking sends its own confirmation; a cancelled one in the future is told.
  const found = await appointmentFacts(tx, appointmentId);
  if (why !== 'cancelled' || !found || found.appointment.startsAt <= clock.now()) return;
  await queue(tx, clock, found.appointment, found.facts, [{ kind: 'cancellation', sendAfter: clock.now() }]);
}
