import { type Static, Type } from 'typebox';
import { ClockTime, DateTime, IsoDate, Nullable, PersonRef, Route, Uuid } from '../platform/http/types.js';

/** API shapes for scheduling, shared by server and UI. Requests are closed; responses allow-list. */

const closed = { additionalProperties: false } as const;

export const ClinicParams = Type.Object({ clinicId: Uuid }, closed);
export const ChairParams = Type.Object({ clinicId: Uuid, chairId: Uuid }, closed);
export const ShiftParams = Type.Object({ clinicId: Uuid, shiftId: Uuid }, closed);
export const AppointmentParams = Type.Object({ clinicId: Uuid, appointmentId: Uuid }, closed);
export const PatientParams = Type.Object({ clinicId: Uuid, patientId: Uuid }, closed);
export const WaitlistParams = Type.Object({ clinicId: Uuid, entryId: Uuid }, closed);
export const FeedParams = Type.Object({ clinicId: Uuid, feedId: Uuid }, closed);
export const PortalFeedParams = Type.Object({ feedId: Uuid }, closed);
export const PortalAppointmentParams = Type.Object({ appointmentId: Uuid }, closed);
export const FeedTokenParams = Type.Object({ token: Type.String({ minLength: 20, maxLength: 100 }) }, closed);

export const AppointmentStatus = Type.Union([
  Type.Literal('booked'),
  Type.Literal('attended'),
  Type.Literal('cancelled'),
  Type.Literal('no_show'),
  Type.Literal('rescheduled'),
]);
export type AppointmentStatus = Static<typeof AppointmentStatus>;
export const RequestedBy = Type.Union([Type.Literal('clinic'), Type.Literal('patient')]);
export const ShiftRole = Type.Union([Type.Literal('nurse'), Type.Literal('prescriber')]);
const Note = Type.String({ minLength: 1, maxLength: 500 });
const Reason = Type.String({ minLength: 3, maxLength: 500 });

// ── Chairs, hours, shifts ───────────────────────────────────────────────────────────────────────────────────
export const ChairBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 60 }),
    routes: Type.Array(Route, { minItems: 1, maxItems: 4, uniqueItems: true }),
  },
  closed,
);
export type ChairBody = Static<typeof ChairBody>;

export const ChairView = Type.Object({
  id: Uuid,
  name: Type.String(),
  routes: Type.Array(Route),
  createdAt: DateTime,
  retiredAt: Nullable(DateTime),
});
export type ChairView = Static<typeof ChairView>;
export const ChairList = Type.Object({ chairs: Type.Array(ChairView) });
export type ChairList = Static<typeof ChairList>;

export const WeekdayHours = Type.Object(
  { weekday: Type.Integer({ minimum: 1, maximum: 7 }), opensAt: ClockTime, closesAt: ClockTime },
  closed,
);
/** The whole week at once: weekdays left out are closed. 422 at /body/days/N names a day twice or backwards. */
export const WeekHoursBody = Type.Object({ days: Type.Array(WeekdayHours, { maxItems: 7 }) }, closed);
export type WeekHoursBody = Static<typeof WeekHoursBody>;
export const WeekHoursView = Type.Object({
  timeZone: Type.String(),
  days: Type.Array(Type.Object({ weekday: Type.Integer(), opensAt: ClockTime, closesAt: ClockTime })),
});
export type WeekHoursView = Static<typeof WeekHoursView>;

export const ShiftBody = Type.Object(
  { staffId: Uuid, role: ShiftRole, startsAt: DateTime, endsAt: DateTime },
  closed,
);
export type ShiftBody = Static<typeof ShiftBody>;
export const ShiftView = Type.Object({
  id: Uuid,
  staff: PersonRef,
  role: ShiftRole,
  startsAt: DateTime,
  endsAt: DateTime,
  /** Clinic-local date and clock times. */
  date: IsoDate,
  startTime: ClockTime,
  endTime: ClockTime,
  cancelledAt: Nullable(DateTime),
});
export type ShiftView = Static<typeof ShiftView>;
export const RangeQuery = Type.Object({ from: IsoDate, to: IsoDate }, closed);
export type RangeQuery = Static<typeof RangeQuery>;
export const ShiftList = Type.Object({ shifts: Type.Array(ShiftView) });
export type ShiftList = Static<typeof ShiftList>;

/** Staff of the clinic who can work a shift (nurses and prescribers). */
export const RotaStaffList = Type.Object({
  staff: Type.Array(Type.Object({ id: Uuid, name: Type.String(), roles: Type.Array(ShiftRole) })),
});
export type RotaStaffList = Static<typeof RotaStaffList>;

// ── Appointments ────────────────────────────────────────────────────────────────────────────────────────────
export const BookBody = Type.Object(
  {
    patientId: Uuid,
    courseId: Uuid,
    chairId: Uuid,
    startsAt: DateTime,
    requestedBy: Type.Optional(RequestedBy),
    note: Type.Optional(Note),
    /** Booking a patient off the waitlist closes their entry. */
    waitlistEntryId: Type.Optional(Uuid),
  },
  closed,
);
export type BookBody = Static<typeof BookBody>;

/** All or nothing: a refusal names the session at /body/sessions/N/startsAt and the rule. */
export const SeriesBody = Type.Object(
  {
    patientId: Uuid,
    courseId: Uuid,
    sessions: Type.Array(Type.Object({ chairId: Uuid, startsAt: DateTime }, closed), {
      minItems: 1,
      maxItems: 24,
    }),
    requestedBy: Type.Optional(RequestedBy),
    note: Type.Optional(Note),
  },
  closed,
);
export type SeriesBody = Static<typeof SeriesBody>;

export const RescheduleBody = Type.Object(
  {
    startsAt: DateTime,
    /** Another chair; the same chair when left out. */
    chairId: Type.Optional(Uuid),
    requestedBy: Type.Optional(RequestedBy),
    reason: Type.Optional(Reason),
  },
  closed,
);
export type RescheduleBody = Static<typeof RescheduleBody>;
export const CancelBody = Type.Object({ reason: Reason }, closed);
export type CancelBody = Static<typeof CancelBody>;
export const NoShowBody = Type.Object({ note: Type.Optional(Note) }, closed);
export type NoShowBody = Static<typeof NoShowBody>;

export const AppointmentView = Type.Object({
  id: Uuid,
  /** The patient's preferred name (or given name) and family name. */
  patient: PersonRef,
  courseId: Uuid,
  chair: Type.Object({ id: Uuid, name: Type.String() }),
  route: Route,
  drug: Type.Union([Type.Literal('ketamine'), Type.Literal('esketamine')]),
  plannedDoseMcg: Type.Integer(),
  startsAt: DateTime,
  endsAt: DateTime,
  date: IsoDate,
  startTime: ClockTime,
  endTime: ClockTime,
  status: AppointmentStatus,
  requestedBy: RequestedBy,
  note: Nullable(Type.String()),
  statusReason: Nullable(Type.String()),
  rescheduledFromId: Nullable(Uuid),
  bookedAt: DateTime,
});
export type AppointmentView = Static<typeof AppointmentView>;
export const AppointmentList = Type.Object({ appointments: Type.Array(AppointmentView) });
export type AppointmentList = Static<typeof AppointmentList>;

export const ScheduleQuery = Type.Object(
  { date: IsoDate, view: Type.Optional(Type.Union([Type.Literal('day'), Type.Literal('week')])) },
  closed,
);
export type ScheduleQuery = Static<typeof ScheduleQuery>;

/** A day (or the Monday-to-Sunday week of `date`) by chair, in the clinic's time zone. */
export const ScheduleView = Type.Object({
  timeZone: Type.String(),
  from: IsoDate,
  to: IsoDate,
  days: Type.Array(
    Type.Object({
      date: IsoDate,
      weekday: Type.Integer(),
      open: Nullable(Type.Object({ opensAt: ClockTime, closesAt: ClockTime })),
    }),
  ),
  chairs: Type.Array(ChairView),
  appointments: Type.Array(AppointmentView),
  shifts: Type.Array(ShiftView),
});
export type ScheduleView = Static<typeof ScheduleView>;

export const FreeSlotsQuery = Type.Object({ date: IsoDate, courseId: Uuid }, closed);
export type FreeSlotsQuery = Static<typeof FreeSlotsQuery>;
export const FreeSlots = Type.Object({
  blockMinutes: Type.Integer(),
  slots: Type.Array(Type.Object({ startsAt: DateTime, endsAt: DateTime, startTime: ClockTime })),
});
export type FreeSlots = Static<typeof FreeSlots>;

// ── Waitlist ────────────────────────────────────────────────────────────────────────────────────────────────
export const WaitlistBody = Type.Object(
  { patientId: Uuid, courseId: Uuid, earliestDate: IsoDate, latestDate: IsoDate, note: Type.Optional(Note) },
  closed,
);
export type WaitlistBody = Static<typeof WaitlistBody>;
export const CloseWaitlistBody = Type.Object({ reason: Reason }, closed);
export type CloseWaitlistBody = Static<typeof CloseWaitlistBody>;
export const WaitlistEntryView = Type.Object({
  id: Uuid,
  patient: PersonRef,
  courseId: Uuid,
  earliestDate: IsoDate,
  latestDate: IsoDate,
  note: Nullable(Type.String()),
  createdAt: DateTime,
  appointmentId: Nullable(Uuid),
  closedAt: Nullable(DateTime),
  closedReason: Nullable(Type.String()),
});
export type WaitlistEntryView = Static<typeof WaitlistEntryView>;
export const WaitlistView = Type.Object({ entries: Type.Array(WaitlistEntryView) });
export type WaitlistView = Static<typeof WaitlistView>;

// ── Calendar feeds ──────────────────────────────────────────────────────────────────────────────────────────
export const PortalFeedBody = Type.Object(
  {
    /** true: "Ketamine session at <clinic>"; false: "Appointment" and the time only. */
    showDetails: Type.Boolean(),
  },
  closed,
);
export type PortalFeedBody = Static<typeof PortalFeedBody>;
export const FeedView = Type.Object({
  id: Uuid,
  showDetails: Type.Boolean(),
  createdAt: DateTime,
  revokedAt: Nullable(DateTime),
});
export type FeedView = Static<typeof FeedView>;
export const FeedList = Type.Object({ feeds: Type.Array(FeedView) });
export type FeedList = Static<typeof FeedList>;
/** The subscription address is shown once: only its hash is kept. */
export const NewFeed = Type.Object({ feed: FeedView, path: Type.String() });
export type NewFeed = Static<typeof NewFeed>;
export const PortalCalendarQuery = Type.Object({ details: Type.Optional(Type.Boolean()) }, closed);
