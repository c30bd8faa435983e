import type { FastifyReply } from 'fastify';
import { requestMeta, scopeOf } from '../identity/authorise.js';
import type { App, AppDeps } from '../platform/http/app.js';
import { Problem } from '../platform/http/problem.js';
import {
  createFeed,
  feedDocument,
  listFeeds,
  portalAppointmentDocument,
  revokeFeed,
} from './calendar-service.js';
import {
  AppointmentList,
  AppointmentParams,
  AppointmentView,
  BookBody,
  CancelBody,
  ChairBody,
  ChairList,
  ChairParams,
  ChairView,
  ClinicParams,
  CloseWaitlistBody,
  FeedList,
  FeedParams,
  FeedTokenParams,
  FeedView,
  FreeSlots,
  FreeSlotsQuery,
  NewFeed,
  NoShowBody,
  PatientParams,
  PortalAppointmentParams,
  PortalCalendarQuery,
  PortalFeedBody,
  PortalFeedParams,
  RangeQuery,
  RescheduleBody,
  RotaStaffList,
  ScheduleQuery,
  ScheduleView,
  SeriesBody,
  ShiftBody,
  ShiftList,
  ShiftParams,
  ShiftView,
  WaitlistBody,
  WaitlistEntryView,
  WaitlistParams,
  WaitlistView,
  WeekHoursBody,
  WeekHoursView,
} from './model.js';
import {
  addToWaitlist,
  bookAppointment,
  bookSeries,
  cancelAppointment,
  chairFreeSlots,
  closeWaitlistEntry,
  openWaitlist,
  patientAppointments,
  recordNoShow,
  rescheduleAppointment,
  viewSchedule,
} from './service.js';
import {
  addChair,
  addShift,
  cancelShift,
  listChairs,
  listShifts,
  retireChair,
  rotaStaff,
  setHours,
  viewHours,
} from './setup-service.js';

const refused = { 404: Problem, 409: Problem, 422: Problem };
const read = { access: { permission: 'schedule.read' } } as const;
const book = { access: { permission: 'schedule.book' } } as const;
const manage = { access: { permission: 'schedule.manage' } } as const;
const portal = { access: { permission: 'portal.self' } } as const;
const tags = ['schedule'];

/** An iCalendar document, never cached (the feed is private and changes with every booking). */
function sendCalendar(reply: FastifyReply, text: string, filename?: string) {
  if (filename) reply.header('content-disposition', `attachment; filename="${filename}"`);
  return reply.type('text/calendar; charset=utf-8').header('cache-control', 'no-store').send(text);
}

export function scheduleRoutes(app: App, { database, clock, config }: AppDeps) {
  const { db } = database;

  // ── Setup: chairs, hours, shifts ──────────────────────────────────────────────────────────────────────────
  app.get(
    '/clinics/:clinicId/chairs',
    {
      config: read,
      schema: {
        tags,
        summary: 'The clinic’s chairs and rooms, retired ones included',
        params: ClinicParams,
        response: { 200: ChairList },
      },
    },
    async (request) => listChairs(db, scopeOf(request)),
  );
  app.post(
    '/clinics/:clinicId/chairs',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Add a chair and the routes it is equipped for',
        params: ClinicParams,
        body: ChairBody,
        response: { 201: ChairView, ...refused },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(await addChair(database, clock, scopeOf(request), request.body, requestMeta(request))),
  );
  app.post(
    '/clinics/:clinicId/chairs/:chairId/retirement',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Retire a chair: no new bookings in it',
        params: ChairParams,
        response: { 200: ChairView, ...refused },
      },
    },
    async (request) =>
      retireChair(database, clock, scopeOf(request), request.params.chairId, requestMeta(request)),
  );
  app.get(
    '/clinics/:clinicId/chairs/:chairId/free-slots',
    {
      config: read,
      schema: {
        tags,
        summary:
          'Start times in a chair on a date where the course’s block fits hours, chair and staff coverage',
        params: ChairParams,
        querystring: FreeSlotsQuery,
        response: { 200: FreeSlots, ...refused },
      },
    },
    async (request) => chairFreeSlots(db, clock, scopeOf(request), request.params.chairId, request.query),
  );
  app.get(
    '/clinics/:clinicId/hours',
    {
      config: read,
      schema: {
        tags,
        summary: 'Weekly opening hours in the clinic’s time zone',
        params: ClinicParams,
        response: { 200: WeekHoursView },
      },
    },
    async (request) => viewHours(db, scopeOf(request)),
  );
  app.put(
    '/clinics/:clinicId/hours',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Set the week’s opening hours (days left out are closed)',
        params: ClinicParams,
        body: WeekHoursBody,
        response: { 200: WeekHoursView, ...refused },
      },
    },
    async (request) => setHours(database, clock, scopeOf(request), request.body, requestMeta(request)),
  );
  app.get(
    '/clinics/:clinicId/shifts',
    {
      config: read,
      schema: {
        tags,
        summary: 'Staff shifts between two clinic dates',
        params: ClinicParams,
        querystring: RangeQuery,
        response: { 200: ShiftList, 422: Problem },
      },
    },
    async (request) => listShifts(db, scopeOf(request), request.query),
  );
  app.get(
    '/clinics/:clinicId/shifts/staff',
    {
      config: read,
      schema: {
        tags,
        summary: 'Nurses and prescribers who can be put on the rota',
        params: ClinicParams,
        response: { 200: RotaStaffList },
      },
    },
    async (request) => rotaStaff(db, scopeOf(request)),
  );
  app.post(
    '/clinics/:clinicId/shifts',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Put a nurse or prescriber on shift (409 when it overlaps their other shift)',
        params: ClinicParams,
        body: ShiftBody,
        response: { 201: ShiftView, ...refused },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(await addShift(database, clock, scopeOf(request), request.body, requestMeta(request))),
  );
  app.post(
    '/clinics/:clinicId/shifts/:shiftId/cancellation',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Cancel a shift',
        params: ShiftParams,
        response: { 200: ShiftView, ...refused },
      },
    },
    async (request) =>
      cancelShift(database, clock, scopeOf(request), request.params.shiftId, requestMeta(request)),
  );

  // ── Appointments ──────────────────────────────────────────────────────────────────────────────────────────
  app.get(
    '/clinics/:clinicId/schedule',
    {
      config: read,
      schema: {
        tags,
        summary: 'A day, or the Monday-to-Sunday week of a date, by chair: appointments, shifts and hours',
        params: ClinicParams,
        querystring: ScheduleQuery,
        response: { 200: ScheduleView },
      },
    },
    async (request) => viewSchedule(db, scopeOf(request), request.query),
  );
  app.post(
    '/clinics/:clinicId/appointments',
    {
      config: book,
      schema: {
        tags,
        summary:
          'Book a session: course rules, hours, chair, staff coverage; 409 names the rule that refused',
        params: ClinicParams,
        body: BookBody,
        response: { 201: AppointmentView, ...refused },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(await bookAppointment(database, clock, scopeOf(request), request.body, requestMeta(request))),
  );
  app.post(
    '/clinics/:clinicId/appointments/series',
    {
      config: book,
      schema: {
        tags,
        summary: 'Book a series of sessions, all or nothing; a refusal names the session and the rule',
        params: ClinicParams,
        body: SeriesBody,
        response: { 201: AppointmentList, ...refused },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(await bookSeries(database, clock, scopeOf(request), request.body, requestMeta(request))),
  );
  app.post(
    '/clinics/:clinicId/appointments/:appointmentId/reschedule',
    {
      config: book,
      schema: {
        tags,
        summary: 'Move a booked session: a new appointment replaces it (the old one is kept as rescheduled)',
        params: AppointmentParams,
        body: RescheduleBody,
        response: { 201: AppointmentView, ...refused },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(
          await rescheduleAppointment(
            database,
            clock,
            scopeOf(request),
            request.params.appointmentId,
            request.body,
            requestMeta(request),
          ),
        ),
  );
  app.post(
    '/clinics/:clinicId/appointments/:appointmentId/cancellation',
    {
      config: book,
      schema: {
        tags,
        summary: 'Cancel a booked session, with the reason',
        params: AppointmentParams,
        body: CancelBody,
        response: { 200: AppointmentView, ...refused },
      },
    },
    async (request) =>
      cancelAppointment(
        database,
        clock,
        scopeOf(request),
        request.params.appointmentId,
        request.body,
        requestMeta(request),
      ),
  );
  app.post(
    '/clinics/:clinicId/appointments/:appointmentId/no-show',
    {
      config: book,
      schema: {
        tags,
        summary: 'Record that the patient did not come',
        params: AppointmentParams,
        body: NoShowBody,
        response: { 200: AppointmentView, ...refused },
      },
    },
    async (request) =>
      recordNoShow(
        database,
        clock,
        scopeOf(request),
        request.params.appointmentId,
        request.body,
        requestMeta(request),
      ),
  );
  app.get(
    '/clinics/:clinicId/patients/:patientId/appointments',
    {
      config: read,
      schema: {
        tags,
        summary: 'A patient’s appointments, newest first',
        params: PatientParams,
        response: { 200: AppointmentList, 404: Problem },
      },
    },
    async (request) => patientAppointments(db, scopeOf(request), request.params.patientId),
  );

  // ── Waitlist ──────────────────────────────────────────────────────────────────────────────────────────────
  app.get(
    '/clinics/:clinicId/waitlist',
    {
      config: read,
      schema: {
        tags,
        summary: 'Patients waiting for a slot, earliest first',
        params: ClinicParams,
        response: { 200: WaitlistView },
      },
    },
    async (request) => openWaitlist(db, scopeOf(request)),
  );
  app.post(
    '/clinics/:clinicId/waitlist',
    {
      config: book,
      schema: {
        tags,
        summary: 'Put a patient on the waitlist for dates they could come',
        params: ClinicParams,
        body: WaitlistBody,
        response: { 201: WaitlistEntryView, ...refused },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(await addToWaitlist(database, clock, scopeOf(request), request.body, requestMeta(request))),
  );
  app.post(
    '/clinics/:clinicId/waitlist/:entryId/closure',
    {
      config: book,
      schema: {
        tags,
        summary: 'Take a patient off the waitlist, with the reason',
        params: WaitlistParams,
        body: CloseWaitlistBody,
        response: { 200: WaitlistEntryView, ...refused },
      },
    },
    async (request) =>
      closeWaitlistEntry(
        database,
        clock,
        scopeOf(request),
        request.params.entryId,
        request.body,
        requestMeta(request),
      ),
  );

  // ── Calendar feeds ────────────────────────────────────────────────────────────────────────────────────────
  app.get(
    '/clinics/:clinicId/calendar-feeds',
    {
      config: read,
      schema: {
        tags,
        summary: 'My calendar feeds at this clinic',
        params: ClinicParams,
        response: { 200: FeedList },
      },
    },
    async (request) => listFeeds(db, scopeOf(request)),
  );
  app.post(
    '/clinics/:clinicId/calendar-feeds',
    {
      config: read,
      schema: {
        tags,
        summary: 'A private feed of my shifts and the sessions during them (no patient names); shown once',
        params: ClinicParams,
        response: { 201: NewFeed },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await createFeed(database, clock, scopeOf(request), false, requestMeta(request))),
  );
  app.post(
    '/clinics/:clinicId/calendar-feeds/:feedId/revocation',
    {
      config: read,
      schema: {
        tags,
        summary: 'Revoke my calendar feed address',
        params: FeedParams,
        response: { 200: FeedView, ...refused },
      },
    },
    async (request) =>
      revokeFeed(database, clock, scopeOf(request), request.params.feedId, requestMeta(request)),
  );
  app.get(
    '/portal/calendar-feeds',
    {
      config: portal,
      schema: { tags: ['portal'], summary: 'My calendar feeds', response: { 200: FeedList } },
    },
    async (request) => listFeeds(db, scopeOf(request)),
  );
  app.post(
    '/portal/calendar-feeds',
    {
      config: portal,
      schema: {
        tags: ['portal'],
        summary:
          'A private feed of my appointments, with details or just "Appointment"; the address is shown once',
        body: PortalFeedBody,
        response: { 201: NewFeed },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(
          await createFeed(database, clock, scopeOf(request), request.body.showDetails, requestMeta(request)),
        ),
  );
  app.post(
    '/portal/calendar-feeds/:feedId/revocation',
    {
      config: portal,
      schema: {
        tags: ['portal'],
        summary: 'Revoke my calendar feed address',
        params: PortalFeedParams,
        response: { 200: FeedView, ...refused },
      },
    },
    async (request) =>
      revokeFeed(database, clock, scopeOf(request), request.params.feedId, requestMeta(request)),
  );
  app.get(
    '/portal/appointments/:appointmentId/calendar.ics',
    {
      config: portal,
      schema: {
        tags: ['portal'],
        summary: 'One of my appointments as a calendar file (details only with ?details=true)',
        params: PortalAppointmentParams,
        querystring: PortalCalendarQuery,
        response: { 404: Problem },
      },
    },
    async (request, reply) => {
      const text = await portalAppointmentDocument(
        db,
        clock,
        scopeOf(request),
        request.params.appointmentId,
        request.query.details ?? false,
      );
      return sendCalendar(reply, text, 'appointment.ics');
    },
  );
  app.get(
    '/calendar/:token.ics',
    {
      // The token is the credential (256 bits, only its hash stored); rate-limited like other token routes.
      config: {
        access: 'public',
        rateLimit: { max: config.loginRateLimitPerMinute, timeWindow: '1 minute' },
      },
      schema: {
        tags,
        summary: 'A calendar feed by its private address',
        params: FeedTokenParams,
        response: { 404: Problem },
      },
    },
    async (request, reply) => sendCalendar(reply, await feedDocument(db, clock, request.params.token)),
  );
}
