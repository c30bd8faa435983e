import { and, asc, eq, gt, gte, inArray, isNull, lt, ne, notInArray, type SQL, sql } from 'drizzle-orm';
import { recordAudit } from '../audit/service.js';
import { checkBooking } from '../course/booking.js';
import { treatmentCourse } from '../course/schema.js';
import type { Scope } from '../identity/authorise.js';
import { clinicOf } from '../identity/scope.js';
import type { RequestMeta } from '../identity/service.js';
import { type StaffInClinic, staffAudit, staffInClinic } from '../identity/staff-scope.js';
import { assignPreSessionQuestionnaire, endPreSessionQuestionnaire } from '../measures/pre-session.js';
import { clinicTimeZone } from '../organisation/service.js';
import { patient } from '../patient/schema.js';
import { patientInScope } from '../patient/service.js';
import type { Clock } from '../platform/clock.js';
import type { Database, Queryable, Tx } from '../platform/db/database.js';
import {
  conflict,
  type FieldError,
  invalidFields,
  notFound,
  ProblemError,
} from '../platform/http/problem.js';
import { protocolVersion } from '../protocol/service.js';
import { cancelAppointmentMessages, queueAppointmentMessages } from '../reminder/service.js';
import { currentSettings } from '../settings/service.js';
import {
  calendarDays,
  type Drug,
  freeSlots,
  type Interval,
  localDate,
  localDateRange,
  openInterval,
  placeOnCalendar,
  type Route,
  slotRefusals,
  weekStart,
} from './core.js';
import { exclusionViolated } from './exclusion.js';
import type {
  AppointmentList,
  AppointmentView,
  BookBody,
  CancelBody,
  CloseWaitlistBody,
  FreeSlots,
  FreeSlotsQuery,
  NoShowBody,
  RescheduleBody,
  ScheduleQuery,
  ScheduleView,
  SeriesBody,
  WaitlistBody,
  WaitlistEntryView,
  WaitlistView,
} from './model.js';
import { appointment, chair, waitlistEntry } from './schema.js';
import { scheduleSettings } from './settings.js';
import { shiftsBetween, toChairView, weekHours } from './setup-service.js';

/**
 * Booking sessions. Each booking, in one transaction: the course rules (`checkBooking`: interval, caps, phase),
 * the slot rules (core.ts: hours, chair, nurse and prescriber coverage), the insert — where the database's
 * exclusion constraints refuse a second live session in the chair or for the patient — then the patient's
 * messages and pre-session PHQ-9, and the audit entry.
 *
 * Coverage counts every session of the clinic, so two bookings in different chairs could each see room for
 * themselves; bookings of one clinic therefore take a transaction-scoped advisory lock first and run one after
 * another. Chair and patient overlaps are still refused by the database itself, not by a read before the insert.
 */

const live = ['booked', 'attended'] as const;
const MINUTE = 60_000;

async function lockClinicBookings(tx: Tx, clinicId: string) {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`schedule:${clinicId}`}))`);
}

const patientName = sql<string>`coalesce(${patient.preferredName}, ${patient.givenName}) || ' ' || ${patient.familyName}`;

type AppointmentRow = typeof appointment.$inferSelect;

function toAppointmentView(
  row: AppointmentRow,
  names: { patientName: string; chairName: string },
  timeZone: string,
): AppointmentView {
  return {
    id: row.id,
    patient: { id: row.patientId, name: names.patientName },
    courseId: row.courseId,
    chair: { id: row.chairId, name: names.chairName },
    route: row.route as Route,
    drug: row.drug as Drug,
    plannedDoseMcg: row.plannedDoseMcg,
    startsAt: row.startsAt.toISOString(),
    endsAt: row.endsAt.toISOString(),
    ...placeOnCalendar({ start: row.startsAt, end: row.endsAt }, timeZone),
    status: row.status as AppointmentView['status'],
    requestedBy: row.requestedBy as AppointmentView['requestedBy'],
    note: row.note,
    statusReason: row.statusReason,
    rescheduledFromId: row.rescheduledFromId,
    bookedAt: row.bookedAt.toISOString(),
  };
}

async function appointmentsWhere(db: Queryable, where: SQL | undefined, timeZone: string) {
  const rows = await db
    .select({ appointment, patientName, chairName: chair.name })
    .from(appointment)
    .innerJoin(patient, eq(patient.id, appointment.patientId))
    .innerJoin(chair, eq(chair.id, appointment.chairId))
    .where(where)
    .orderBy(asc(appointment.startsAt), asc(chair.name));
  return rows.map((r) => toAppointmentView(r.appointment, r, timeZone));
}

async function oneAppointment(db: Queryable, clinicId: string, appointmentId: string) {
  const [view] = await appointmentsWhere(
    db,
    and(eq(appointment.clinicId, clinicId), eq(appointment.id, appointmentId)),
    await clinicTimeZone(db, clinicId),
  );
  if (!view) throw notFound('The appointment');
  return view;
}

/** Where a request's fields sit, so a refusal points at the right one (a series: /body/sessions/N/…). */
interface FieldPaths {
  chairId: string;
  startsAt: string;
}

export interface BookingRequest {
  patientId: string;
  courseId: string;
  chairId: string;
  startsAt: Date;
  requestedBy: 'clinic' | 'patient';
  note: string | null;
  rescheduledFromId?: string;
}

/** A refusal from a rule, pointed at the request field it is about. */
function atField(error: unknown, path: string): unknown {
  if (!(error instanceof ProblemError) || error.extras.errors) return error;
  return new ProblemError(error.slug, error.message, {
    ...error.extras,
    errors: [{ path, message: error.message }],
  });
}

/**
 * Books one session in the caller's transaction (which holds the clinic's booking lock): every rule, the insert,
 * the patient's messages and pre-session questionnaire, the audit entry. Used by every booking use case and the
 * demo.
 */
export async function bookSession(
  tx: Tx,
  clock: Clock,
  who: { clinicId: string; staffId: string | null; audit: ReturnType<typeof staffAudit> | null },
  request: BookingRequest,
  paths: FieldPaths,
): Promise<AppointmentRow> {
  const { clinicId } = who;
  const [course] = await tx
    .select({ protocolId: treatmentCourse.protocolId })
    .from(treatmentCourse)
    .where(
      and(
        eq(treatmentCourse.id, request.courseId),
        eq(treatmentCourse.clinicId, clinicId),
        eq(treatmentCourse.patientId, request.patientId),
      ),
    );
  if (!course) throw invalidFields([{ path: '/body/courseId', message: 'is not a course of this patient' }]);
  const [place] = await tx
    .select()
    .from(chair)
    .where(and(eq(chair.id, request.chairId), eq(chair.clinicId, clinicId)));
  if (!place) throw invalidFields([{ path: paths.chairId, message: 'is not a chair of this clinic' }]);

  const { definition } = await protocolVersion(tx, clinicId, course.protocolId);
  const block: Interval = {
    start: request.startsAt,
    end: new Date(request.startsAt.getTime() + definition.blockMinutes * MINUTE),
  };
  const plan = await checkBooking(tx, clock, {
    clinicId,
    patientId: request.patientId,
    courseId: request.courseId,
    startsAt: block.start,
    endsAt: block.end,
    requestedBy: request.requestedBy,
    ignoreAppointmentIds: request.rescheduledFromId ? [request.rescheduledFromId] : [],
  }).catch((error: unknown) => {
    throw atField(error, paths.startsAt);
  });
  if (plan.blockMinutes !== definition.blockMinutes)
    throw new Error('the course check and the protocol disagree on the block length');

  const refusal = (await slotProblems(tx, clock, clinicId, block, plan, place))[0];
  if (refusal)
    throw new ProblemError('rule-violation', `${refusal.message}. ${refusal.remedy}.`, {
      rule: refusal.rule,
      errors: [
        {
          path: refusal.rule.startsWith('SCHED-CHAIR') ? paths.chairId : paths.startsAt,
          message: refusal.message,
        },
      ],
    });

  const [row] = await tx
    .insert(appointment)
    .values({
      clinicId,
      patientId: request.patientId,
      courseId: request.courseId,
      chairId: place.id,
      route: plan.route,
      drug: plan.drug,
      plannedDoseMcg: plan.plannedDoseMcg,
      startsAt: block.start,
      endsAt: block.end,
      status: 'booked',
      requestedBy: request.requestedBy,
      note: request.note,
      rescheduledFromId: request.rescheduledFromId ?? null,
      bookedBy: who.staffId,
      bookedAt: clock.now(),
    })
    .returning();
  await queueAppointmentMessages(tx, clock, row!.id);
  const questionnaireId = await assignPreSessionQuestionnaire(tx, clock, {
    clinicId,
    patientId: request.patientId,
    sessionStartsAt: block.start,
    staffId: who.staffId,
  });
  await recordAudit(tx, clock, {
    ...(who.audit ?? {
      clinicId,
      actorType: 'system',
      actorId: null,
      actorRole: null,
      outcome: 'success',
      requestId: null,
      clientAddress: null,
    }),
    action: request.rescheduledFromId ? 'schedule.appointment_rescheduled' : 'schedule.appointment_booked',
    resourceType: 'appointment',
    resourceId: row!.id,
    patientId: request.patientId,
    detail: {
      chairId: place.id,
      route: plan.route,
      startsAt: block.start.toISOString(),
      requestedBy: request.requestedBy,
      rescheduledFromId: request.rescheduledFromId ?? null,
      preSessionQuestionnaireId: questionnaireId,
    },
  });
  return row!;
}

/** The slot rules for a block in a chair, with what core.ts needs read from the clinic's calendar. */
async function slotProblems(
  tx: Tx,
  clock: Clock,
  clinicId: string,
  block: Interval,
  plan: { route: Route; drug: Drug },
  place: typeof chair.$inferSelect,
) {
  const timeZone = await clinicTimeZone(tx, clinicId);
  const context = await slotContext(tx, clinicId, block, timeZone);
  return slotRefusals({
    ...context,
    block,
    route: plan.route,
    drug: plan.drug,
    chair: { name: place.name, routes: place.routes, retired: place.retiredAt !== null },
    chairsForRoute: context.chairs
      .filter((c) => c.retiredAt === null && c.routes.includes(plan.route))
      .map((c) => c.name),
    now: clock.now(),
  });
}

/** Hours, shifts, chairs and other live sessions around a block (or a whole day): the inputs of the slot rules. */
async function slotContext(db: Queryable, clinicId: string, around: Interval, timeZone: string) {
  const [hours, shifts, chairs, sessions, settings] = [
    await weekHours(db, clinicId),
    await shiftsBetween(db, clinicId, around.start, around.end, timeZone),
    await db.select().from(chair).where(eq(chair.clinicId, clinicId)),
    await db
      .select({ chairId: appointment.chairId, start: appointment.startsAt, end: appointment.endsAt })
      .from(appointment)
      .where(
        and(
          eq(appointment.clinicId, clinicId),
          inArray(appointment.status, [...live]),
          lt(appointment.startsAt, around.end),
          gt(appointment.endsAt, around.start),
        ),
      ),
    await currentSettings(db, clinicId, scheduleSettings),
  ];
  return {
    timeZone,
    open: openInterval(hours, localDate(around.start, timeZone), timeZone),
    shifts: shifts.map((s) => ({ role: s.role, start: new Date(s.startsAt), end: new Date(s.endsAt) })),
    chairs,
    sessions,
    otherSessions: sessions,
    chairsPerNurse: settings.values.chairsPerNurse,
  };
}

/** Answers a refused insert: the chair or the patient already has a live session overlapping the block. */
async function doubleBooking(
  database: Database,
  error: unknown,
  attempt: { chairId: string; patientId: string; startsAt: Date; paths: FieldPaths } | null,
): Promise<unknown> {
  const which = exclusionViolated(error);
  if (!attempt || (which !== 'appointment_chair_no_overlap' && which !== 'appointment_patient_no_overlap'))
    return error;
  const { db } = database;
  const [mine] = await db
    .select({ clinicId: chair.clinicId, name: chair.name })
    .from(chair)
    .where(eq(chair.id, attempt.chairId));
  const timeZone = await clinicTimeZone(db, mine!.clinicId);
  const near = { start: attempt.startsAt, end: new Date(attempt.startsAt.getTime() + 8 * 60 * MINUTE) };
  const [existing] = await appointmentsWhere(
    db,
    and(
      which === 'appointment_chair_no_overlap'
        ? eq(appointment.chairId, attempt.chairId)
        : eq(appointment.patientId, attempt.patientId),
      inArray(appointment.status, [...live]),
      lt(appointment.startsAt, near.end),
      gt(appointment.endsAt, attempt.startsAt),
    ),
    timeZone,
  );
  const when = existing ? ` ${existing.startTime}–${existing.endTime}` : ' then';
  return which === 'appointment_chair_no_overlap'
    ? new ProblemError('conflict', `${mine!.name} is already booked${when}. Choose another chair or time.`, {
        rule: 'SCHED-CHAIR-TAKEN',
        errors: [{ path: attempt.paths.chairId, message: `${mine!.name} is already booked${when}` }],
      })
    : new ProblemError(
        'conflict',
        `The patient already has a session then${existing ? ` (${existing.chair.name},${when})` : ''}. Choose another time.`,
        {
          rule: 'SCHED-PATIENT-OVERLAP',
          errors: [{ path: attempt.paths.startsAt, message: 'The patient already has a session then' }],
        },
      );
}

/**
 * Runs a booking use case in one transaction under the clinic's booking lock. `attempt` is set by each session
 * just before it is booked, so a database refusal can name that session.
 */
async function bookingTransaction<T>(
  database: Database,
  clinicId: string,
  work: (tx: Tx, attempting: (a: Parameters<typeof doubleBooking>[2]) => void) => Promise<T>,
): Promise<T> {
  let attempt: Parameters<typeof doubleBooking>[2] = null;
  try {
    return await database.transaction(async (tx) => {
      await lockClinicBookings(tx, clinicId);
      return work(tx, (a) => {
        attempt = a;
      });
    });
  } catch (error) {
    throw await doubleBooking(database, error, attempt);
  }
}

const whoBooks = (who: StaffInClinic, meta: RequestMeta) => ({
  clinicId: who.clinicId,
  staffId: who.staffId,
  audit: staffAudit(who, meta),
});

export async function bookAppointment(
  database: Database,
  clock: Clock,
  scope: Scope,
  body: BookBody,
  meta: RequestMeta,
): Promise<AppointmentView> {
  const who = staffInClinic(scope);
  const paths = { chairId: '/body/chairId', startsAt: '/body/startsAt' };
  const startsAt = new Date(body.startsAt);
  const id = await bookingTransaction(database, who.clinicId, async (tx, attempting) => {
    await patientInScope(tx, scope, body.patientId);
    attempting({ chairId: body.chairId, patientId: body.patientId, startsAt, paths });
    const row = await bookSession(
      tx,
      clock,
      whoBooks(who, meta),
      {
        patientId: body.patientId,
        courseId: body.courseId,
        chairId: body.chairId,
        startsAt,
        requestedBy: body.requestedBy ?? 'clinic',
        note: body.note ?? null,
      },
      paths,
    );
    if (body.waitlistEntryId) await closeWaitlistByBooking(tx, clock, who, meta, body, row.id);
    return row.id;
  });
  return oneAppointment(database.db, who.clinicId, id);
}

/** The whole series or nothing; each session is checked against the ones booked before it in the series. */
export async function bookSeries(
  database: Database,
  clock: Clock,
  scope: Scope,
  body: SeriesBody,
  meta: RequestMeta,
): Promise<AppointmentList> {
  const who = staffInClinic(scope);
  const order = body.sessions
    .map((session, index) => ({ ...session, index, startsAt: new Date(session.startsAt) }))
    .sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
  const ids = await bookingTransaction(database, who.clinicId, async (tx, attempting) => {
    await patientInScope(tx, scope, body.patientId);
    const booked: string[] = [];
    for (const session of order) {
      const paths = {
        chairId: `/body/sessions/${session.index}/chairId`,
        startsAt: `/body/sessions/${session.index}/startsAt`,
      };
      attempting({ chairId: session.chairId, patientId: body.patientId, startsAt: session.startsAt, paths });
      const row = await bookSession(
        tx,
        clock,
        whoBooks(who, meta),
        {
          patientId: body.patientId,
          courseId: body.courseId,
          chairId: session.chairId,
          startsAt: session.startsAt,
          requestedBy: body.requestedBy ?? 'clinic',
          note: body.note ?? null,
        },
        paths,
      ).catch((error: unknown) => {
        throw inSession(error, session.index);
      });
      booked.push(row.id);
    }
    return booked;
  });
  const timeZone = await clinicTimeZone(database.db, who.clinicId);
  return { appointments: await appointmentsWhere(database.db, inArray(appointment.id, ids), timeZone) };
}

/** A series refusal says which session (numbered from 1 for people; the path counts from 0). */
function inSession(error: unknown, index: number): unknown {
  if (!(error instanceof ProblemError)) return error;
  return new ProblemError(error.slug, `Session ${index + 1}: ${error.message}`, error.extras);
}

async function closeWaitlistByBooking(
  tx: Tx,
  clock: Clock,
  who: StaffInClinic,
  meta: RequestMeta,
  body: BookBody,
  appointmentId: string,
) {
  const [entry] = await tx
    .update(waitlistEntry)
    .set({ appointmentId, closedAt: clock.now(), closedReason: 'booked' })
    .where(
      and(
        eq(waitlistEntry.id, body.waitlistEntryId!),
        eq(waitlistEntry.clinicId, who.clinicId),
        eq(waitlistEntry.patientId, body.patientId),
        isNull(waitlistEntry.closedAt),
      ),
    )
    .returning({ id: waitlistEntry.id });
  if (!entry)
    throw invalidFields([
      { path: '/body/waitlistEntryId', message: 'is not an open waitlist entry of this patient' },
    ]);
  await recordAudit(tx, clock, {
    ...staffAudit(who, meta),
    action: 'schedule.waitlist_closed',
    resourceType: 'waitlist_entry',
    resourceId: entry.id,
    patientId: body.patientId,
    detail: { appointmentId },
  });
}

/** Takes a booked appointment out of the schedule: its unsent messages and pre-session questionnaire end. */
async function endBooking(
  tx: Tx,
  clock: Clock,
  who: StaffInClinic,
  appointmentId: string,
  change: { status: 'cancelled' | 'rescheduled' | 'no_show'; reason: string | null },
): Promise<AppointmentRow> {
  const mine = and(eq(appointment.id, appointmentId), eq(appointment.clinicId, who.clinicId));
  const [row] = await tx
    .update(appointment)
    .set({
      status: change.status,
      statusReason: change.reason,
      statusChangedBy: who.staffId,
      statusChangedAt: clock.now(),
    })
    .where(and(mine, eq(appointment.status, 'booked')))
    .returning();
  if (!row) {
    const [exists] = await tx.select({ status: appointment.status }).from(appointment).where(mine);
    if (!exists) throw notFound('The appointment');
    throw conflict(
      `This appointment is ${exists.status.replace('_', '-')}: only a booked one can be changed`,
    );
  }
  if (change.status !== 'no_show') {
    await cancelAppointmentMessages(tx, clock, row.id, change.status);
    await endPreSessionQuestionnaire(tx, clock, {
      clinicId: who.clinicId,
      patientId: row.patientId,
      sessionStartsAt: row.startsAt,
      staffId: who.staffId,
    });
  }
  return row;
}

/** A new appointment pointing at the old one, which becomes 'rescheduled'; the course rules ignore the old one. */
export async function rescheduleAppointment(
  database: Database,
  clock: Clock,
  scope: Scope,
  appointmentId: string,
  body: RescheduleBody,
  meta: RequestMeta,
): Promise<AppointmentView> {
  const who = staffInClinic(scope);
  const paths = { chairId: '/body/chairId', startsAt: '/body/startsAt' };
  const startsAt = new Date(body.startsAt);
  const id = await bookingTransaction(database, who.clinicId, async (tx, attempting) => {
    const old = await endBooking(tx, clock, who, appointmentId, {
      status: 'rescheduled',
      reason: body.reason ?? null,
    });
    const chairId = body.chairId ?? old.chairId;
    attempting({ chairId, patientId: old.patientId, startsAt, paths });
    const row = await bookSession(
      tx,
      clock,
      whoBooks(who, meta),
      {
        patientId: old.patientId,
        courseId: old.courseId,
        chairId,
        startsAt,
        requestedBy: body.requestedBy ?? 'clinic',
        note: old.note,
        rescheduledFromId: old.id,
      },
      paths,
    );
    return row.id;
  });
  return oneAppointment(database.db, who.clinicId, id);
}

export async function cancelAppointment(
  database: Database,
  clock: Clock,
  scope: Scope,
  appointmentId: string,
  body: CancelBody,
  meta: RequestMeta,
): Promise<AppointmentView> {
  const who = staffInClinic(scope);
  await database.transaction(async (tx) => {
    const row = await endBooking(tx, clock, who, appointmentId, { status: 'cancelled', reason: body.reason });
    await recordAudit(tx, clock, {
      ...staffAudit(who, meta),
      action: 'schedule.appointment_cancelled',
      resourceType: 'appointment',
      resourceId: row.id,
      patientId: row.patientId,
      detail: { reason: body.reason, startsAt: row.startsAt.toISOString() },
    });
  });
  return oneAppointment(database.db, who.clinicId, appointmentId);
}

/** The patient did not come: recorded once the session's start has passed. */
export async function recordNoShow(
  database: Database,
  clock: Clock,
  scope: Scope,
  appointmentId: string,
  body: NoShowBody,
  meta: RequestMeta,
): Promise<AppointmentView> {
  const who = staffInClinic(scope);
  await database.transaction(async (tx) => {
    const [before] = await tx
      .select({ startsAt: appointment.startsAt })
      .from(appointment)
      .where(and(eq(appointment.id, appointmentId), eq(appointment.clinicId, who.clinicId)));
    if (before && before.startsAt > clock.now())
      throw conflict('The session has not started yet: record a no-show once its start time has passed');
    const row = await endBooking(tx, clock, who, appointmentId, {
      status: 'no_show',
      reason: body.note ?? null,
    });
    await recordAudit(tx, clock, {
      ...staffAudit(who, meta),
      action: 'schedule.appointment_no_show',
      resourceType: 'appointment',
      resourceId: row.id,
      patientId: row.patientId,
      detail: { startsAt: row.startsAt.toISOString() },
    });
  });
  return oneAppointment(database.db, who.clinicId, appointmentId);
}

// ── Reading the schedule ────────────────────────────────────────────────────────────────────────────────────

export async function viewSchedule(db: Queryable, scope: Scope, query: ScheduleQuery): Promise<ScheduleView> {
  const clinicId = clinicOf(scope);
  const timeZone = await clinicTimeZone(db, clinicId);
  const week = query.view === 'week';
  const from = week ? weekStart(query.date) : query.date;
  const count = week ? 7 : 1;
  const range = localDateRange(from, count, timeZone);
  const appointments = await appointmentsWhere(
    db,
    and(
      eq(appointment.clinicId, clinicId),
      // Rescheduled ones live on as their new appointment.
      ne(appointment.status, 'rescheduled'),
      lt(appointment.startsAt, range.end),
      gte(appointment.startsAt, range.start),
    ),
    timeZone,
  );
  const chairs = (await db.select().from(chair).where(eq(chair.clinicId, clinicId)).orderBy(asc(chair.name)))
    .filter((c) => c.retiredAt === null || appointments.some((a) => a.chair.id === c.id))
    .map(toChairView);
  return {
    timeZone,
    from,
    to: calendarDays(from, count, [])[count - 1]!.date,
    days: calendarDays(from, count, await weekHours(db, clinicId)),
    chairs,
    appointments,
    shifts: await shiftsBetween(db, clinicId, range.start, range.end, timeZone),
  };
}

/** Every appointment of a patient, newest first, for the chart. */
export async function patientAppointments(
  db: Queryable,
  scope: Scope,
  patientId: string,
): Promise<AppointmentList> {
  await patientInScope(db, scope, patientId);
  const clinicId = clinicOf(scope);
  const list = await appointmentsWhere(
    db,
    and(eq(appointment.clinicId, clinicId), eq(appointment.patientId, patientId)),
    await clinicTimeZone(db, clinicId),
  );
  return { appointments: list.reverse() };
}

/** Start times in a chair on a date where the course's block fits every slot rule (course rules: at booking). */
export async function chairFreeSlots(
  db: Queryable,
  clock: Clock,
  scope: Scope,
  chairId: string,
  query: FreeSlotsQuery,
): Promise<FreeSlots> {
  const clinicId = clinicOf(scope);
  const [place] = await db
    .select()
    .from(chair)
    .where(and(eq(chair.id, chairId), eq(chair.clinicId, clinicId)));
  if (!place) throw notFound('The chair');
  const [course] = await db
    .select({ protocolId: treatmentCourse.protocolId })
    .from(treatmentCourse)
    .where(and(eq(treatmentCourse.id, query.courseId), eq(treatmentCourse.clinicId, clinicId)));
  if (!course) throw invalidFields([{ path: '/query/courseId', message: 'is not a course of this clinic' }]);
  const { definition } = await protocolVersion(db, clinicId, course.protocolId);
  const timeZone = await clinicTimeZone(db, clinicId);
  const day = localDateRange(query.date, 1, timeZone);
  const context = await slotContext(db, clinicId, day, timeZone);
  const slots = freeSlots({
    ...context,
    open: openInterval(await weekHours(db, clinicId), query.date, timeZone),
    route: definition.route,
    drug: definition.drug,
    chair: { name: place.name, routes: place.routes, retired: place.retiredAt !== null },
    chairsForRoute: [],
    chairSessions: context.sessions.filter((s) => s.chairId === chairId),
    blockMinutes: definition.blockMinutes,
    stepMinutes: 15,
    now: clock.now(),
  });
  return {
    blockMinutes: definition.blockMinutes,
    slots: slots.map((s) => ({
      startsAt: s.start.toISOString(),
      endsAt: s.end.toISOString(),
      startTime: placeOnCalendar(s, timeZone).startTime,
    })),
  };
}

// ── Waitlist ────────────────────────────────────────────────────────────────────────────────────────────────

function toWaitlistView(row: typeof waitlistEntry.$inferSelect, patientName: string): WaitlistEntryView {
  return {
    id: row.id,
    patient: { id: row.patientId, name: patientName },
    courseId: row.courseId,
    earliestDate: row.earliestDate,
    latestDate: row.latestDate,
    note: row.note,
    createdAt: row.createdAt.toISOString(),
    appointmentId: row.appointmentId,
    closedAt: row.closedAt?.toISOString() ?? null,
    closedReason: row.closedReason,
  };
}

async function waitlistWhere(db: Queryable, where: SQL | undefined) {
  const rows = await db
    .select({ entry: waitlistEntry, patientName })
    .from(waitlistEntry)
    .innerJoin(patient, eq(patient.id, waitlistEntry.patientId))
    .where(where)
    .orderBy(asc(waitlistEntry.earliestDate), asc(waitlistEntry.createdAt));
  return rows.map((r) => toWaitlistView(r.entry, r.patientName));
}

export async function openWaitlist(db: Queryable, scope: Scope): Promise<WaitlistView> {
  return {
    entries: await waitlistWhere(
      db,
      and(eq(waitlistEntry.clinicId, clinicOf(scope)), isNull(waitlistEntry.closedAt)),
    ),
  };
}

export async function addToWaitlist(
  database: Database,
  clock: Clock,
  scope: Scope,
  body: WaitlistBody,
  meta: RequestMeta,
): Promise<WaitlistEntryView> {
  const who = staffInClinic(scope);
  return database.transaction(async (tx) => {
    await patientInScope(tx, scope, body.patientId);
    const today = localDate(clock.now(), await clinicTimeZone(tx, who.clinicId));
    const problems: FieldError[] = [];
    if (body.latestDate < body.earliestDate)
      problems.push({ path: '/body/latestDate', message: 'must not be before the earliest date' });
    else if (body.latestDate < today)
      problems.push({ path: '/body/latestDate', message: 'has already passed' });
    const [course] = await tx
      .select({ id: treatmentCourse.id })
      .from(treatmentCourse)
      .where(
        and(
          eq(treatmentCourse.id, body.courseId),
          eq(treatmentCourse.clinicId, who.clinicId),
          eq(treatmentCourse.patientId, body.patientId),
        ),
      );
    if (!course) problems.push({ path: '/body/courseId', message: 'is not a course of this patient' });
    if (problems.length > 0) throw invalidFields(problems);
    const [row] = await tx
      .insert(waitlistEntry)
      .values({
        clinicId: who.clinicId,
        patientId: body.patientId,
        courseId: body.courseId,
        earliestDate: body.earliestDate,
        latestDate: body.latestDate,
        note: body.note ?? null,
        createdBy: who.staffId,
        createdAt: clock.now(),
      })
      .returning();
    await recordAudit(tx, clock, {
      ...staffAudit(who, meta),
      action: 'schedule.waitlist_added',
      resourceType: 'waitlist_entry',
      resourceId: row!.id,
      patientId: body.patientId,
      detail: { earliestDate: body.earliestDate, latestDate: body.latestDate },
    });
    const [view] = await waitlistWhere(tx, eq(waitlistEntry.id, row!.id));
    return view!;
  });
}

/** Takes a patient off the waitlist without a booking (found another time, no longer needed), with a reason. */
export async function closeWaitlistEntry(
  database: Database,
  clock: Clock,
  scope: Scope,
  entryId: string,
  body: CloseWaitlistBody,
  meta: RequestMeta,
): Promise<WaitlistEntryView> {
  const who = staffInClinic(scope);
  return database.transaction(async (tx) => {
    const mine = and(eq(waitlistEntry.id, entryId), eq(waitlistEntry.clinicId, who.clinicId));
    const [row] = await tx
      .update(waitlistEntry)
      .set({ closedAt: clock.now(), closedReason: body.reason })
      .where(and(mine, isNull(waitlistEntry.closedAt)))
      .returning();
    if (!row) {
      const [exists] = await tx.select({ id: waitlistEntry.id }).from(waitlistEntry).where(mine);
      throw exists ? conflict('This waitlist entry is already closed') : notFound('The waitlist entry');
    }
    await recordAudit(tx, clock, {
      ...staffAudit(who, meta),
      action: 'schedule.waitlist_closed',
      resourceType: 'waitlist_entry',
      resourceId: row.id,
      patientId: row.patientId,
      detail: { reason: body.reason },
    });
    const [view] = await waitlistWhere(tx, eq(waitlistEntry.id, row.id));
    return view!;
  });
}

/** Live appointments of a clinic in a range, for the calendar feeds. */
export async function liveAppointmentsBetween(db: Queryable, clinicId: string, where: SQL, timeZone: string) {
  return appointmentsWhere(
    db,
    and(
      eq(appointment.clinicId, clinicId),
      notInArray(appointment.status, ['cancelled', 'rescheduled']),
      where,
    ),
    timeZone,
  );
}
