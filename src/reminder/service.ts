import { and, asc, desc, eq, gte } from 'drizzle-orm';
import { recordAudit } from '../audit/service.js';
import { treatmentCourse } from '../course/schema.js';
import type { Scope } from '../identity/authorise.js';
import { patientAccount } from '../identity/schema.js';
import { actorOf, clinicOf, portalPatientOf } from '../identity/scope.js';
import type { RequestMeta } from '../identity/service.js';
import { latestProfile } from '../intake/registration-service.js';
import { measuresSettings } from '../measures/settings.js';
import { normalisePhone } from '../organisation/core.js';
import { clinic } from '../organisation/schema.js';
import type { Clock } from '../platform/clock.js';
import type { Database, Queryable, Tx } from '../platform/db/database.js';
import { type FieldError, invalidFields } from '../platform/http/problem.js';
import { protocol } from '../protocol/schema.js';
import { latestEscort } from '../schedule/escort-service.js';
import { appointment } from '../schedule/schema.js';
import { scheduleSettings } from '../schedule/settings.js';
import { currentSettings } from '../settings/service.js';
import {
  type Channel,
  type ContactDetails,
  dedupeKey,
  localClockTime,
  localTime,
  type MessageFacts,
  type MessageKind,
  type MessageStatus,
  type PlannedMessage,
  type Preferences,
  plannedMessages,
  preparationLines,
  recipientsFor,
  renderMessage,
  sessionName,
  type TreatmentRoute,
  withPortalLink,
} from './core.js';
import type {
  ContactPreferencesBody,
  ContactPreferencesView,
  PatientMessageList,
  PatientMessageQuery,
  PortalAppointment,
  PortalAppointmentList,
} from './model.js';
import { contactPreference, patientMessage } from './schema.js';

/** Appointments joined with what their messages are written from: the clinic, and the protocol's fasting and note. */
function appointmentsWithFacts(db: Queryable) {
  return db
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
    .innerJoin(protocol, eq(protocol.id, treatmentCourse.protocolId));
}

type WithFacts = Awaited<ReturnType<typeof appointmentsWithFacts>>[number];

function factsOf(row: WithFacts): MessageFacts {
  return {
    clinicName: row.clinicName,
    clinicPhone: row.clinicPhone,
    timeZone: row.timeZone,
    startsAt: row.appointment.startsAt,
    route: row.appointment.route as TreatmentRoute,
    fasting: row.definition.fasting,
    preparationNote: row.definition.preparationNote,
  };
}

async function appointmentFacts(db: Queryable, appointmentId: string) {
  const [row] = await appointmentsWithFacts(db).where(eq(appointment.id, appointmentId));
  return row && { appointment: row.appointment, facts: factsOf(row) };
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

/** The development mailbox and message log: what was (or would have been) sent, newest first. */
export async function listPatientMessages(
  db: Queryable,
  scope: Scope,
  query: PatientMessageQuery,
  publicUrl: string,
): Promise<PatientMessageList> {
  const rows = await db
    .select()
    .from(patientMessage)
    .where(
      and(
        eq(patientMessage.clinicId, clinicOf(scope)),
        query.status ? eq(patientMessage.status, query.status) : undefined,
        query.patientId ? eq(patientMessage.patientId, query.patientId) : undefined,
      ),
    )
    .orderBy(desc(patientMessage.sendAfter), desc(patientMessage.id))
    .limit(query.limit ?? 50);
  return {
    messages: rows.map((r) => ({
      id: r.id,
      patientId: r.patientId,
      appointmentId: r.appointmentId,
      kind: r.kind as MessageKind,
      channel: r.channel as Channel,
      recipient: r.recipient,
      subject: r.subject,
      body: withPortalLink(r.body, publicUrl),
      status: r.status as MessageStatus,
      attempts: r.attempts,
      sendAfter: r.sendAfter.toISOString(),
      deliveredAt: r.deliveredAt?.toISOString() ?? null,
      lastError: r.lastError,
      createdAt: r.createdAt.toISOString(),
    })),
  };
}

const RECENT_DAYS = 60;

/** The signed-in patient's upcoming sessions (soonest first) and recent ones, with how to prepare. */
export async function portalAppointments(
  db: Queryable,
  clock: Clock,
  scope: Scope,
): Promise<PortalAppointmentList> {
  const clinicId = clinicOf(scope);
  const patientId = portalPatientOf(scope);
  const now = clock.now();
  const rows = await appointmentsWithFacts(db)
    .where(
      and(
        eq(appointment.clinicId, clinicId),
        eq(appointment.patientId, patientId),
        gte(appointment.endsAt, new Date(now.getTime() - RECENT_DAYS * 86_400_000)),
      ),
    )
    .orderBy(asc(appointment.startsAt));
  const { values: schedule } = await currentSettings(db, clinicId, scheduleSettings);
  const escorts = await Promise.all(rows.map((r) => latestEscort(db, clinicId, r.appointment.id)));
  const views = rows.map((row, i): PortalAppointment => {
    const facts = factsOf(row);
    const booked = row.appointment;
    const escort = escorts[i] ?? null;
    const escortOpens = booked.startsAt.getTime() - schedule.escortConfirmationOpensHours * 3_600_000;
    return {
      id: booked.id,
      startsAt: booked.startsAt.toISOString(),
      endsAt: booked.endsAt.toISOString(),
      when: localTime(booked.startsAt, facts.timeZone),
      until: `until ${localClockTime(booked.endsAt, facts.timeZone)}`,
      route: facts.route,
      sessionName: sessionName(facts.route),
      status: booked.status as PortalAppointment['status'],
      clinicName: facts.clinicName,
      clinicPhone: facts.clinicPhone,
      preparation: preparationLines(facts),
      escort,
      escortDue: booked.status === 'booked' && !escort && booked.endsAt > now && now.getTime() >= escortOpens,
      calendarUrl: `/api/portal/appointments/${booked.id}/calendar.ics`,
    };
  });
  const isUpcoming = (a: PortalAppointment) => a.status === 'booked' && new Date(a.endsAt) > now;
  return {
    upcoming: views.filter(isUpcoming),
    recent: views.filter((a) => !isUpcoming(a)).reverse(),
  };
}

async function contactView(
  db: Queryable,
  clinicId: string,
  patientId: string,
): Promise<ContactPreferencesView> {
  const [contact, [stored]] = await Promise.all([
    contactOf(db, clinicId, patientId),
    db.select().from(contactPreference).where(eq(contactPreference.patientId, patientId)),
  ]);
  return {
    email: stored?.email ?? true,
    sms: stored?.sms ?? false,
    emailAddress: contact.email,
    phone: contact.phone,
    chosen: Boolean(stored),
    updatedAt: stored?.updatedAt.toISOString() ?? null,
  };
}

/** How the signed-in patient hears from the clinic, and the addresses each channel uses. */
export async function portalContactPreferences(db: Queryable, scope: Scope): Promise<ContactPreferencesView> {
  return contactView(db, clinicOf(scope), portalPatientOf(scope));
}

/**
 * The patient's choice of channels. At least one, and only channels the clinic can reach: reminders carry the
 * fasting and escort instructions. Messages already queued keep their channel; later bookings use the new choice.
 */
export async function saveContactPreferences(
  database: Database,
  clock: Clock,
  scope: Scope,
  body: ContactPreferencesBody,
  meta: RequestMeta,
): Promise<ContactPreferencesView> {
  const clinicId = clinicOf(scope);
  const patientId = portalPatientOf(scope);
  return database.transaction(async (tx) => {
    const contact = await contactOf(tx, clinicId, patientId);
    const errors: FieldError[] = [];
    if (!body.email && !body.sms) {
      errors.push({ path: '/body/email', message: 'Choose at least one way to get reminders' });
    }
    if (body.email && !contact.email) {
      errors.push({
        path: '/body/email',
        message: 'The clinic has no email address for you: add one in your details',
      });
    }
    if (body.sms && !contact.phone) {
      errors.push({
        path: '/body/sms',
        message: 'The clinic has no mobile number for you: add one in your details',
      });
    }
    if (errors.length > 0) throw invalidFields(errors);
    const values = { email: body.email, sms: body.sms, updatedAt: clock.now() };
    await tx
      .insert(contactPreference)
      .values({ patientId, clinicId, ...values })
      .onConflictDoUpdate({ target: contactPreference.patientId, set: values });
    await recordAudit(tx, clock, {
      clinicId,
      ...actorOf(scope).audit,
      action: 'reminder.preferences_changed',
      resourceType: 'contact_preference',
      resourceId: patientId,
      patientId,
      outcome: 'success',
      requestId: meta.requestId,
      clientAddress: meta.clientAddress,
      detail: { email: body.email, sms: body.sms },
    });
    return contactView(tx, clinicId, patientId);
  });
}
