import { and, count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEntry } from '../audit/schema.js';
import { treatmentCourse } from '../course/schema.js';
import { loadDemo } from '../demo/demo.js';
import { staff } from '../identity/schema.js';
import { questionnaireAssignment } from '../measures/schema.js';
import { clinic } from '../organisation/schema.js';
import { patient } from '../patient/schema.js';
import { createTestApp, type TestApp } from '../testing/app.js';
import { type SignedIn, signInAsDemo } from '../testing/auth.js';
import { addOralPatients } from './fixtures.js';
import type {
  AppointmentList,
  AppointmentView,
  ChairList,
  FreeSlots,
  NewFeed,
  ScheduleView,
  ShiftList,
  WaitlistEntryView,
  WaitlistView,
} from './model.js';
import { appointment } from './schema.js';

/**
 * Scheduling through the HTTP API on the demo clinic (America/Chicago; the test clock starts Monday 2 March 2026
 * 09:00 CST). The demo has booked the demo patient's first four IV infusions at 10:00 on 3, 5, 9 and 11 March
 * (9 March is the Monday after the spring-forward Sunday).
 */
let t: TestApp;
let clinicId: string;
let alphaId: string;
let alphaCourse: string;
let frontDesk: SignedIn;
let owner: SignedIn;
let therapist: SignedIn;
let portal: SignedIn;
let chairs: Record<string, string>;
let oral: { patientId: string; courseId: string }[];

const api = (path: string) => `/api/clinics/${clinicId}${path}`;
const as = (who: SignedIn, method: 'GET' | 'POST' | 'PUT', path: string, payload?: unknown) =>
  t.app.inject({
    method,
    url: path.startsWith('/api') ? path : api(path),
    headers: who.headers,
    payload: payload as object,
  });
const book = (payload: Record<string, unknown>) => as(frontDesk, 'POST', '/appointments', payload);
const alphaAt = (startsAt: string, chair = 'Chair 2') => ({
  patientId: alphaId,
  courseId: alphaCourse,
  chairId: chairs[chair],
  startsAt,
});
const liveCount = async () =>
  (await t.database.db.select({ n: count() }).from(appointment).where(eq(appointment.clinicId, clinicId)))[0]!
    .n;

beforeAll(async () => {
  t = await createTestApp();
  await loadDemo(t.database, t.clock);
  [{ id: clinicId }] = (await t.database.db.select({ id: clinic.id }).from(clinic)) as [{ id: string }];
  [{ id: alphaId }] = (await t.database.db
    .select({ id: patient.id })
    .from(patient)
    .where(eq(patient.givenName, 'Alpha'))) as [{ id: string }];
  [{ id: alphaCourse }] = (await t.database.db
    .select({ id: treatmentCourse.id })
    .from(treatmentCourse)
    .where(eq(treatmentCourse.patientId, alphaId))) as [{ id: string }];
  frontDesk = await signInAsDemo(t.app, t.clock, 'front_desk');
  owner = await signInAsDemo(t.app, t.clock, 'owner');
  therapist = await signInAsDemo(t.app, t.clock, 'therapist');
  portal = await signInAsDemo(t.app, t.clock, 'patient');
  const list = (await as(frontDesk, 'GET', '/chairs')).json() as ChairList;
  chairs = Object.fromEntries(list.chairs.map((c) => [c.name, c.id]));
  oral = await addOralPatients(t.database, t.clock, clinicId, 4);
});
afterAll(async () => t?.close());

describe('the demo schedule', () => {
  it('shows the demo patient’s induction infusions by chair in clinic time, across the DST change', async () => {
    const res = await as(frontDesk, 'GET', '/schedule?date=2026-03-05&view=week');
    expect(res.statusCode).toBe(200);
    const week = res.json() as ScheduleView;
    expect(week.timeZone).toBe('America/Chicago');
    expect([week.from, week.to]).toEqual(['2026-03-02', '2026-03-08']);
    expect(week.days.map((d) => d.open?.opensAt ?? null)).toEqual([
      '08:00',
      '08:00',
      '08:00',
      '08:00',
      '08:00',
      '09:00',
      null,
    ]);
    expect(week.chairs.map((c) => c.name)).toEqual(['Chair 1', 'Chair 2', 'Chair 4', 'Nasal room']);
    expect(
      week.appointments.map((a) => [
        a.date,
        a.startTime,
        a.endTime,
        a.chair.name,
        a.patient.name,
        a.route,
        a.status,
      ]),
    ).toEqual([
      ['2026-03-03', '10:00', '12:00', 'Chair 1', 'Alpha Demo-Patient', 'iv', 'booked'],
      ['2026-03-05', '10:00', '12:00', 'Chair 1', 'Alpha Demo-Patient', 'iv', 'booked'],
    ]);
    expect(week.appointments[0]!.startsAt).toBe('2026-03-03T16:00:00.000Z');
    expect(
      week.shifts.filter((s) => s.date === '2026-03-03').map((s) => [s.role, s.startTime, s.endTime]),
    ).toEqual([
      ['nurse', '08:00', '18:00'],
      ['prescriber', '08:00', '18:00'],
    ]);

    const monday = (await as(frontDesk, 'GET', '/schedule?date=2026-03-09')).json() as ScheduleView;
    expect(monday.days).toHaveLength(1);
    // 10:00 CDT (UTC−5) after the spring-forward Sunday, against 16:00Z the week before.
    expect(monday.appointments.map((a) => [a.startsAt, a.startTime])).toEqual([
      ['2026-03-09T15:00:00.000Z', '10:00'],
    ]);
    expect(monday.shifts.find((s) => s.role === 'nurse')!.startsAt).toBe('2026-03-09T13:00:00.000Z');
  });

  it('queued a pre-session PHQ-9 per booked session, due at its start and open 24 h before', async () => {
    const rows = await t.database.db
      .select()
      .from(questionnaireAssignment)
      .where(
        and(
          eq(questionnaireAssignment.patientId, alphaId),
          eq(questionnaireAssignment.reason, 'pre_session'),
        ),
      );
    const dues = rows.map((r) => r.dueAt.toISOString()).sort();
    expect(dues).toEqual([
      '2026-03-03T16:00:00.000Z',
      '2026-03-05T16:00:00.000Z',
      '2026-03-09T15:00:00.000Z',
      '2026-03-11T15:00:00.000Z',
    ]);
    expect(
      rows.every((r) => r.instrumentId === 'phq-9' && r.dueAt.getTime() - r.opensAt.getTime() === 86_400_000),
    ).toBe(true);
  });

  it('lets any staff member read the schedule but only the booking roles book', async () => {
    expect((await as(therapist, 'GET', '/schedule?date=2026-03-03')).statusCode).toBe(200);
    const res = await as(therapist, 'POST', '/appointments', alphaAt('2026-03-13T16:00:00Z'));
    expect(res.statusCode).toBe(403);
  });
});

describe('booking refusals in clinician words', () => {
  it('refuses a session too close to another with the course interval rule, at /body/startsAt', async () => {
    const before = await liveCount();
    const res = await book(alphaAt('2026-03-03T20:00:00Z'));
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ rule: 'COURSE-MIN-INTERVAL', errors: [{ path: '/body/startsAt' }] });
    expect(await liveCount()).toBe(before);
  });

  it('refuses a chair not equipped for IV and names the chairs that are', async () => {
    const res = await book(alphaAt('2026-03-13T16:00:00Z', 'Nasal room'));
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({
      rule: 'SCHED-CHAIR-ROUTE',
      detail: 'Nasal room is not equipped for IV sessions. Choose a chair equipped for IV: Chair 1, Chair 2.',
      errors: [{ path: '/body/chairId' }],
    });
  });

  it('refuses a block that runs past closing and a day the clinic is closed', async () => {
    const late = await book(alphaAt('2026-03-13T22:30:00Z')); // 16:30–18:30 CDT
    expect(late.json()).toMatchObject({ status: 409, rule: 'SCHED-CLOSED' });
    expect(late.json().detail).toContain('Start at 08:00 or later so the session ends by 18:00');
    const sunday = await book(alphaAt('2026-03-15T15:00:00Z'));
    expect(sunday.json()).toMatchObject({
      status: 409,
      rule: 'SCHED-CLOSED',
      detail: expect.stringContaining('closed on Sundays'),
    });
  });

  it('refuses an IV session when no prescriber is on shift, and books once one is', async () => {
    const shifts = (await as(frontDesk, 'GET', '/shifts?from=2026-03-13&to=2026-03-13')).json() as ShiftList;
    const prescriberShift = shifts.shifts.find((s) => s.role === 'prescriber')!;
    expect((await as(owner, 'POST', `/shifts/${prescriberShift.id}/cancellation`)).statusCode).toBe(200);
    const refused = await book(alphaAt('2026-03-13T15:00:00Z'));
    expect(refused.json()).toMatchObject({ status: 409, rule: 'SCHED-PRESCRIBER-COVERAGE' });
    expect(refused.json().detail).toBe(
      'An IV session needs a prescriber on site; none is on shift at 10:00. Add a prescriber shift covering 10:00–12:00, or choose a time when one is on shift.',
    );
    const added = await as(owner, 'POST', '/shifts', {
      staffId: prescriberShift.staff.id,
      role: 'prescriber',
      startsAt: '2026-03-13T14:00:00Z',
      endsAt: '2026-03-13T20:00:00Z',
    });
    expect(added.statusCode).toBe(201);
    const booked = await book(alphaAt('2026-03-13T15:00:00Z'));
    expect(booked.statusCode).toBe(201);
    expect(booked.json()).toMatchObject({
      startTime: '10:00',
      endTime: '12:00',
      chair: { name: 'Chair 2' },
      status: 'booked',
    });
  });

  it('refuses a third simultaneous session with one nurse monitoring two chairs', async () => {
    // 13 March 10:00–12:00 has Alpha in Chair 2; one oral session fits (2 per nurse), a third does not.
    const first = await book({ ...oral[0]!, chairId: chairs['Chair 4'], startsAt: '2026-03-13T15:00:00Z' });
    expect(first.statusCode).toBe(201);
    const third = await book({ ...oral[1]!, chairId: chairs['Chair 1'], startsAt: '2026-03-13T15:00:00Z' });
    // Chair 1 is not equipped for oral: that comes first.
    expect(third.json().rule).toBe('SCHED-CHAIR-ROUTE');
    await as(owner, 'PUT', '/hours', {
      days: [1, 2, 3, 4, 5]
        .map((weekday) => ({ weekday, opensAt: '08:00', closesAt: '18:00' }))
        .concat([{ weekday: 6, opensAt: '09:00', closesAt: '13:00' }]),
    });
    const added = await as(owner, 'POST', '/chairs', { name: 'Chair 5', routes: ['oral'] });
    expect(added.statusCode).toBe(201);
    const crowded = await book({ ...oral[1]!, chairId: added.json().id, startsAt: '2026-03-13T16:00:00Z' });
    expect(crowded.json()).toMatchObject({
      status: 409,
      rule: 'SCHED-NURSE-COVERAGE',
      detail:
        'At 11:00 3 sessions would run with 1 nurse on shift (one nurse monitors up to 2 chairs). Add a nurse shift covering 11:00–13:30, or choose a time with fewer sessions running.',
    });
  });

  it('answers a chair already taken with a 409 naming the booking there', async () => {
    // 12:00: Alpha has left Chair 2, so the nurse has room; Chair 4 is still taken until 12:30.
    const taken = await book({ ...oral[2]!, chairId: chairs['Chair 4'], startsAt: '2026-03-13T17:00:00Z' });
    expect(taken.json()).toMatchObject({
      status: 409,
      rule: 'SCHED-CHAIR-TAKEN',
      detail: 'Chair 4 is already booked 10:00–12:30. Choose another chair or time.',
      errors: [{ path: '/body/chairId' }],
    });
  });

  it('refuses with field paths: a chair or course of someone else, a waitlist entry that is not open', async () => {
    const noChair = await book({
      ...alphaAt('2026-03-16T15:00:00Z'),
      chairId: '00000000-0000-7000-8000-000000000001',
    });
    expect(noChair.json()).toMatchObject({ status: 422, errors: [{ path: '/body/chairId' }] });
    const wrongCourse = await book({ ...alphaAt('2026-03-16T15:00:00Z'), courseId: oral[0]!.courseId });
    expect(wrongCourse.json()).toMatchObject({ status: 422, errors: [{ path: '/body/courseId' }] });
    const unknownField = await book({ ...alphaAt('2026-03-16T15:00:00Z'), colour: 'red' });
    expect(unknownField.statusCode).toBe(422);
  });
});

describe('series, reschedule, cancel, no-show', () => {
  it('books a series all or nothing, naming the session that broke a rule', async () => {
    const before = await liveCount();
    const res = await as(frontDesk, 'POST', '/appointments/series', {
      patientId: oral[3]!.patientId,
      courseId: oral[3]!.courseId,
      sessions: [
        { chairId: chairs['Chair 4'], startsAt: '2026-03-16T15:00:00Z' },
        { chairId: chairs['Chair 4'], startsAt: '2026-03-18T15:00:00Z' },
        { chairId: chairs['Chair 4'], startsAt: '2026-03-18T20:00:00Z' },
      ],
    });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({
      rule: 'COURSE-MIN-INTERVAL',
      errors: [{ path: '/body/sessions/2/startsAt' }],
    });
    expect(res.json().detail).toMatch(/^Session 3: /);
    expect(await liveCount()).toBe(before);

    const ok = await as(frontDesk, 'POST', '/appointments/series', {
      patientId: oral[3]!.patientId,
      courseId: oral[3]!.courseId,
      sessions: [
        { chairId: chairs['Chair 4'], startsAt: '2026-03-18T15:00:00Z' },
        { chairId: chairs['Chair 4'], startsAt: '2026-03-16T15:00:00Z' },
      ],
    });
    expect(ok.statusCode).toBe(201);
    expect((ok.json() as AppointmentList).appointments.map((a) => a.date)).toEqual([
      '2026-03-16',
      '2026-03-18',
    ]);
  });

  it('reschedules into a new appointment, ending the old one’s questionnaire and starting the new one’s', async () => {
    const list = (await as(frontDesk, 'GET', `/patients/${alphaId}/appointments`)).json() as AppointmentList;
    const old = list.appointments.find((a) => a.date === '2026-03-13')!;
    const res = await as(frontDesk, 'POST', `/appointments/${old.id}/reschedule`, {
      startsAt: '2026-03-13T17:00:00Z',
      chairId: chairs['Chair 1'],
      reason: 'Patient asked for the afternoon',
      requestedBy: 'patient',
    });
    expect(res.statusCode).toBe(201);
    const moved = res.json() as AppointmentView;
    expect(moved).toMatchObject({
      rescheduledFromId: old.id,
      startTime: '12:00',
      chair: { name: 'Chair 1' },
      requestedBy: 'patient',
    });
    const after = (await as(frontDesk, 'GET', `/patients/${alphaId}/appointments`)).json() as AppointmentList;
    expect(after.appointments.find((a) => a.id === old.id)).toMatchObject({
      status: 'rescheduled',
      statusReason: 'Patient asked for the afternoon',
    });
    const assignments = await t.database.db
      .select()
      .from(questionnaireAssignment)
      .where(
        and(
          eq(questionnaireAssignment.patientId, alphaId),
          eq(questionnaireAssignment.reason, 'pre_session'),
        ),
      );
    expect(assignments.find((a) => a.dueAt.toISOString() === old.startsAt)!.endedAt).not.toBeNull();
    expect(assignments.find((a) => a.dueAt.toISOString() === moved.startsAt)!.endedAt).toBeNull();
    const again = await as(frontDesk, 'POST', `/appointments/${old.id}/reschedule`, {
      startsAt: '2026-03-13T19:00:00Z',
    });
    expect(again.statusCode).toBe(409);
  });

  it('cancels with a reason once, with an audit entry and the questionnaire ended', async () => {
    const list = (await as(frontDesk, 'GET', `/patients/${alphaId}/appointments`)).json() as AppointmentList;
    const target = list.appointments.find((a) => a.date === '2026-03-13' && a.status === 'booked')!;
    const noReason = await as(frontDesk, 'POST', `/appointments/${target.id}/cancellation`, { reason: '' });
    expect(noReason.statusCode).toBe(422);
    const res = await as(frontDesk, 'POST', `/appointments/${target.id}/cancellation`, {
      reason: 'Unwell with a cold',
    });
    expect(res.json()).toMatchObject({ status: 'cancelled', statusReason: 'Unwell with a cold' });
    expect(
      (await as(frontDesk, 'POST', `/appointments/${target.id}/cancellation`, { reason: 'Again' }))
        .statusCode,
    ).toBe(409);
    const [audit] = await t.database.db
      .select()
      .from(auditEntry)
      .where(
        and(eq(auditEntry.resourceId, target.id), eq(auditEntry.action, 'schedule.appointment_cancelled')),
      );
    expect(audit).toMatchObject({ patientId: alphaId, actorType: 'staff' });
    const [assignment] = await t.database.db
      .select()
      .from(questionnaireAssignment)
      .where(
        and(
          eq(questionnaireAssignment.patientId, alphaId),
          eq(questionnaireAssignment.dueAt, new Date(target.startsAt)),
        ),
      );
    expect(assignment!.endedAt).not.toBeNull();
    // The freed time can be booked again.
    expect((await book(alphaAt(target.startsAt, 'Chair 1'))).statusCode).toBe(201);
  });

  it('lists free start times for a chair on a date, skipping booked ones', async () => {
    const res = await as(
      frontDesk,
      'GET',
      `/chairs/${chairs['Chair 4']}/free-slots?date=2026-03-16&courseId=${oral[0]!.courseId}`,
    );
    const free = res.json() as FreeSlots;
    expect(free.blockMinutes).toBe(150);
    // Chair 4 holds 10:00–12:30 on the 16th: a 150 min block from 08:00 would overlap it; 15:30 ends at closing.
    expect(free.slots[0]!.startTime).toBe('12:30');
    expect(free.slots.at(-1)!.startTime).toBe('15:30');
    expect(free.slots.some((s) => s.startTime === '10:00')).toBe(false);
  });
});

describe('setup: chairs, hours, shifts', () => {
  it('refuses a week naming a day twice, at its path', async () => {
    const res = await as(owner, 'PUT', '/hours', {
      days: [
        { weekday: 1, opensAt: '08:00', closesAt: '18:00' },
        { weekday: 1, opensAt: '09:00', closesAt: '12:00' },
      ],
    });
    expect(res.json()).toMatchObject({
      status: 422,
      errors: [{ path: '/body/days/1', message: 'Monday is listed twice' }],
    });
  });

  it('refuses a duplicate chair name and books nothing into a retired chair', async () => {
    const dup = await as(owner, 'POST', '/chairs', { name: 'chair 1', routes: ['iv'] });
    expect(dup.json()).toMatchObject({ status: 422, errors: [{ path: '/body/name' }] });
    const retired = await as(owner, 'POST', `/chairs/${chairs['Chair 2']}/retirement`);
    expect(retired.json().retiredAt).not.toBeNull();
    const res = await book(alphaAt('2026-03-17T15:00:00Z', 'Chair 2'));
    expect(res.json()).toMatchObject({ status: 409, rule: 'SCHED-CHAIR-RETIRED' });
    expect((await as(frontDesk, 'POST', '/chairs', { name: 'Chair 9', routes: ['iv'] })).statusCode).toBe(
      201,
    );
  });

  it('refuses a second overlapping shift of one person with a 409 naming the shift, and a non-nurse', async () => {
    const [nurse] = await t.database.db
      .select({ id: staff.id })
      .from(staff)
      .where(eq(staff.email, 'nurse@demo-clinic.example'));
    const overlap = await as(owner, 'POST', '/shifts', {
      staffId: nurse!.id,
      role: 'nurse',
      startsAt: '2026-03-17T20:00:00Z',
      endsAt: '2026-03-18T01:00:00Z',
    });
    expect(overlap.json()).toMatchObject({
      status: 409,
      detail: 'Demo Nurse Nico is already on a nurse shift 2026-03-17 08:00–18:00',
    });
    const [desk] = await t.database.db
      .select({ id: staff.id })
      .from(staff)
      .where(eq(staff.email, 'frontdesk@demo-clinic.example'));
    const notNurse = await as(owner, 'POST', '/shifts', {
      staffId: desk!.id,
      role: 'nurse',
      startsAt: '2026-03-17T20:00:00Z',
      endsAt: '2026-03-18T01:00:00Z',
    });
    expect(notNurse.json()).toMatchObject({ status: 422, errors: [{ path: '/body/staffId' }] });
  });
});

describe('waitlist', () => {
  it('adds, lists, closes by booking and closes with a reason', async () => {
    const backwards = await as(frontDesk, 'POST', '/waitlist', {
      patientId: alphaId,
      courseId: alphaCourse,
      earliestDate: '2026-03-20',
      latestDate: '2026-03-19',
    });
    expect(backwards.json()).toMatchObject({ status: 422, errors: [{ path: '/body/latestDate' }] });
    const add = (patientId: string, courseId: string) =>
      as(frontDesk, 'POST', '/waitlist', {
        patientId,
        courseId,
        earliestDate: '2026-03-19',
        latestDate: '2026-03-27',
        note: 'Mornings',
      });
    const first = (await add(oral[1]!.patientId, oral[1]!.courseId)).json() as WaitlistEntryView;
    const second = (await add(oral[2]!.patientId, oral[2]!.courseId)).json() as WaitlistEntryView;
    expect(first.patient.name).toBe('Oral2 Test-Patient');
    expect(
      ((await as(frontDesk, 'GET', '/waitlist')).json() as WaitlistView).entries.map((e) => e.id),
    ).toEqual([first.id, second.id]);

    const booked = await book({
      ...oral[1]!,
      chairId: chairs['Chair 4'],
      startsAt: '2026-03-19T15:00:00Z',
      waitlistEntryId: first.id,
    });
    expect(booked.statusCode).toBe(201);
    const reused = await book({
      ...oral[1]!,
      chairId: chairs['Chair 4'],
      startsAt: '2026-03-23T15:00:00Z',
      waitlistEntryId: first.id,
    });
    expect(reused.json()).toMatchObject({ status: 422, errors: [{ path: '/body/waitlistEntryId' }] });
    const closed = await as(frontDesk, 'POST', `/waitlist/${second.id}/closure`, {
      reason: 'Found a time elsewhere',
    });
    expect(closed.json()).toMatchObject({ closedReason: 'Found a time elsewhere' });
    expect(((await as(frontDesk, 'GET', '/waitlist')).json() as WaitlistView).entries).toEqual([]);
  });
});

describe('calendar feeds', () => {
  it('gives a staff member their shifts and the sessions during them without patient names, until revoked', async () => {
    const nurse = await signInAsDemo(t.app, t.clock, 'nurse');
    const created = (await as(nurse, 'POST', '/calendar-feeds')).json() as NewFeed;
    expect(created.path).toMatch(/^\/api\/calendar\/[A-Za-z0-9_-]{40,}\.ics$/);
    const feed = await t.app.inject({ method: 'GET', url: created.path });
    expect(feed.statusCode).toBe(200);
    expect(feed.headers['content-type']).toBe('text/calendar; charset=utf-8');
    const text = feed.body.replace(/\r\n /g, '');
    expect(text).toContain('BEGIN:VTIMEZONE\r\nTZID:America/Chicago');
    expect(text).toContain('SUMMARY:Nurse shift · Demo Ketamine Clinic — Springfield');
    expect(text).toContain('SUMMARY:IV session · Chair 1');
    expect(text).toContain('DTSTART;TZID=America/Chicago:20260309T100000');
    expect(text).not.toMatch(/Alpha|Demo-Patient|Oral\d/);
    const list = await as(nurse, 'GET', '/calendar-feeds');
    expect(JSON.stringify(list.json())).not.toContain(created.path);
    expect((await as(nurse, 'POST', `/calendar-feeds/${created.feed.id}/revocation`)).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: created.path })).statusCode).toBe(404);
  });

  it('shows a patient only what they chose, and their own appointment as one file', async () => {
    const plain = (
      await as(portal, 'POST', '/api/portal/calendar-feeds', { showDetails: false })
    ).json() as NewFeed;
    const plainText = (await t.app.inject({ method: 'GET', url: plain.path })).body;
    expect(plainText).toContain('SUMMARY:Appointment');
    expect(plainText).not.toMatch(/Ketamine|Demo Ketamine Clinic|Chair|Example Street/);
    const detailed = (
      await as(portal, 'POST', '/api/portal/calendar-feeds', { showDetails: true })
    ).json() as NewFeed;
    const detailedText = (await t.app.inject({ method: 'GET', url: detailed.path })).body.replace(
      /\r\n /g,
      '',
    );
    expect(detailedText).toContain('SUMMARY:Ketamine session at Demo Ketamine Clinic — Springfield');
    expect(detailedText).toContain('LOCATION:123 Example Street');

    const mine = (await as(frontDesk, 'GET', `/patients/${alphaId}/appointments`)).json() as AppointmentList;
    const next = mine.appointments.find((a) => a.status === 'booked')!;
    const file = await as(portal, 'GET', `/api/portal/appointments/${next.id}/calendar.ics`);
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-disposition']).toContain('appointment.ics');
    expect(file.body).toContain('SUMMARY:Appointment');
    const someoneElses = (
      await as(frontDesk, 'GET', `/patients/${oral[0]!.patientId}/appointments`)
    ).json() as AppointmentList;
    const other = await as(
      portal,
      'GET',
      `/api/portal/appointments/${someoneElses.appointments[0]!.id}/calendar.ics`,
    );
    expect(other.statusCode).toBe(404);
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/calendar/not-a-real-token-at-all-xxxxxxxx.ics' }))
        .statusCode,
    ).toBe(404);
  });
});

// Last: it moves the clock on (sessions signed in earlier expire).
describe('no-show', () => {
  it('records a no-show only once the session has started', async () => {
    const res = await book({ ...oral[0]!, chairId: chairs['Chair 4'], startsAt: '2026-03-02T18:00:00Z' });
    expect(res.statusCode).toBe(201);
    const early = await as(frontDesk, 'POST', `/appointments/${res.json().id}/no-show`, {});
    expect(early.statusCode).toBe(409);
    t.clock.advanceMinutes(4 * 60);
    const desk = await signInAsDemo(t.app, t.clock, 'front_desk');
    const late = await as(desk, 'POST', `/appointments/${res.json().id}/no-show`, {
      note: 'No answer on the phone',
    });
    expect(late.json()).toMatchObject({ status: 'no_show', statusReason: 'No answer on the phone' });
  });
});
