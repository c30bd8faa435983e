import { and, count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEntry } from '../audit/schema.js';
import { loadDemo } from '../demo/demo.js';
import { staff } from '../identity/schema.js';
import { addDemoIntake } from '../intake/demo.js';
import { addDemoMeasures } from '../measures/demo.js';
import { clinic } from '../organisation/schema.js';
import { patient } from '../patient/schema.js';
import { ProblemError } from '../platform/http/problem.js';
import { appointment, chair } from '../schedule/schema.js';
import { addDemoApproval } from '../screening/demo.js';
import { createTestApp, type TestApp } from '../testing/app.js';
import { type SignedIn, signInAsDemo } from '../testing/auth.js';
import { type BookingCheck, checkBooking } from './booking.js';
import type { CourseList, CourseView, MisuseRiskView } from './model.js';
import { courseEvent, treatmentCourse } from './schema.js';

/**
 * Treatment courses through the API and the booking check: planning (active protocol, approved route, diagnosis,
 * one active course), the induction series, reassessment against PHQ-9, maintenance boosters, ending a course,
 * the safeguards refusing bookings with the rule named, and the misuse-risk view.
 */
let t: TestApp;
let clinicId: string;
let alphaId: string;
let bravoId: string;
let charlieId: string;
/** Approved for IV, with the demo's PHQ-9 history: 18 (35 days ago), 13 (21 days ago), 9 (7 days ago). */
let echoId: string;
let echoCourseId: string;
let chairId: string;
let prescriberId: string;
let prescriber: SignedIn;
let nurse: SignedIn;
let frontDesk: SignedIn;

const HOUR = 3_600_000;

async function newPatient(givenName: string, approved: boolean, withMeasures = false): Promise<string> {
  return t.database.transaction(async (tx) => {
    const [row] = await tx
      .insert(patient)
      .values({
        clinicId,
        givenName,
        familyName: 'Demo-Patient',
        birthDate: '1982-05-05',
        createdAt: t.clock.now(),
      })
      .returning({ id: patient.id });
    await addDemoIntake(tx, t.clock, { clinicId, patientId: row!.id });
    if (withMeasures) await addDemoMeasures(tx, t.clock, { clinicId, patientId: row!.id });
    if (approved)
      await addDemoApproval(tx, t.clock, { clinicId, patientId: row!.id, prescriberId, route: 'iv' });
    return row!.id;
  });
}

beforeAll(async () => {
  t = await createTestApp();
  await loadDemo(t.database, t.clock);
  const { db } = t.database;
  [{ id: clinicId }] = (await db.select({ id: clinic.id }).from(clinic)) as [{ id: string }];
  [{ id: alphaId }] = (await db.select({ id: patient.id }).from(patient)) as [{ id: string }];
  [{ id: prescriberId }] = (await db
    .select({ id: staff.id })
    .from(staff)
    .where(eq(staff.email, 'prescriber@demo-clinic.example'))) as [{ id: string }];
  bravoId = await newPatient('Bravo', true);
  charlieId = await newPatient('Charlie', false);
  echoId = await newPatient('Echo', true, true);
  const [row] = await db
    .insert(chair)
    .values({
      clinicId,
      name: 'Course test chair',
      routes: ['iv', 'im', 'intranasal', 'oral'],
      createdAt: t.clock.now(),
    })
    .returning({ id: chair.id });
  chairId = row!.id;
  prescriber = await signInAsDemo(t.app, t.clock, 'prescriber');
  nurse = await signInAsDemo(t.app, t.clock, 'nurse');
  frontDesk = await signInAsDemo(t.app, t.clock, 'front_desk');
  const planned = await plan(echoId, {
    protocolId: await ivProtocolId(),
    diagnosisCode: 'F33.2',
    goal: 'PHQ-9 response after induction',
  });
  echoCourseId = (planned.json() as CourseView).id;
}, 180_000);

afterAll(async () => {
  await t.close();
});

const coursesUrl = (patientId: string) => `/api/clinics/${clinicId}/patients/${patientId}/courses`;

async function courses(patientId: string, who = frontDesk): Promise<CourseView[]> {
  const res = await t.app.inject({ method: 'GET', url: coursesUrl(patientId), headers: who.headers });
  expect(res.statusCode).toBe(200);
  return (res.json() as CourseList).courses;
}

async function ivProtocolId(): Promise<string> {
  const [alphaCourse] = await courses(alphaId);
  return alphaCourse!.protocol.id;
}

const plan = (patientId: string, payload: object, who = prescriber) =>
  t.app.inject({ method: 'POST', url: coursesUrl(patientId), headers: who.headers, payload });

const post = (patientId: string, courseId: string, path: string, payload: object, who = prescriber) =>
  t.app.inject({
    method: 'POST',
    url: `${coursesUrl(patientId)}/${courseId}/${path}`,
    headers: who.headers,
    payload,
  });

/** An appointment row as the scheduler writes it, `hours` from now. */
async function book(
  patientId: string,
  courseId: string,
  hours: number,
  extra: Partial<typeof appointment.$inferInsert> = {},
) {
  const startsAt = new Date(t.clock.now().getTime() + hours * HOUR);
  const [row] = await t.database.db
    .insert(appointment)
    .values({
      clinicId,
      patientId,
      courseId,
      chairId,
      route: 'iv',
      drug: 'ketamine',
      plannedDoseMcg: 36_000,
      startsAt,
      endsAt: new Date(startsAt.getTime() + 2 * HOUR),
      status: hours < 0 ? 'attended' : 'booked',
      requestedBy: 'clinic',
      bookedAt: t.clock.now(),
      ...extra,
    })
    .returning({ id: appointment.id });
  return row!.id;
}

const check = (input: Partial<BookingCheck> & { patientId: string; courseId: string; hours: number }) =>
  t.database.transaction((tx) => {
    const startsAt = new Date(t.clock.now().getTime() + input.hours * HOUR);
    return checkBooking(tx, t.clock, {
      clinicId,
      endsAt: new Date(startsAt.getTime() + 2 * HOUR),
      requestedBy: 'clinic',
      ...input,
      startsAt,
    });
  });

async function refusal(promise: Promise<unknown>): Promise<ProblemError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ProblemError);
  return error as ProblemError;
}

const rows = async (table: typeof treatmentCourse | typeof courseEvent, patientId: string) =>
  (await t.database.db.select({ n: count() }).from(table).where(eq(table.patientId, patientId)))[0]!.n;

describe('the demo course', () => {
  it('the demo patient has an IV course planned by the demo prescriber, in induction at 0.5 mg/kg', async () => {
    const [course] = await courses(alphaId);
    expect(course).toMatchObject({
      protocol: { name: 'IV racemic ketamine', version: 1, drug: 'ketamine' },
      route: 'iv',
      diagnosis: { code: 'F33.2' },
      plannedBy: { name: 'Dr Demo Prescriber Pat' },
      phase: 'induction',
      step: { index: 0, label: '0.5 mg/kg', of: 3 },
      induction: { planned: 6, target: 6, withinDays: 21 },
      nextBoosterDate: null,
    });
  });
});

describe('planning a course', () => {
  it('refuses a patient whose route is not approved, naming the rule, and writes nothing', async () => {
    const res = await plan(charlieId, {
      protocolId: await ivProtocolId(),
      diagnosisCode: 'F33.2',
      goal: 'PHQ-9 response after induction',
    });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({
      type: '/problems/rule-violation',
      rule: 'COURSE-ELIGIBILITY-APPROVED',
    });
    expect(res.json().detail).toContain('not approved');
    expect(await rows(treatmentCourse, charlieId)).toBe(0);
  });

  it('refuses an unknown diagnosis code, a step the protocol lacks and a goal too short, field by field', async () => {
    const res = await plan(bravoId, {
      protocolId: await ivProtocolId(),
      diagnosisCode: 'X99.9',
      startingStepIndex: 3,
      goal: 'better',
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().errors.map((e: { path: string }) => e.path)).toEqual([
      '/body/diagnosisCode',
      '/body/startingStepIndex',
      '/body/goal',
    ]);
    expect(await rows(treatmentCourse, bravoId)).toBe(0);
  });

  it('is for prescribers only; front desk and nurses may read', async () => {
    const body = {
      protocolId: await ivProtocolId(),
      diagnosisCode: 'F33.2',
      goal: 'PHQ-9 response after induction',
    };
    expect((await plan(bravoId, body, nurse)).statusCode).toBe(403);
    expect((await plan(bravoId, body, frontDesk)).statusCode).toBe(403);
    expect(await courses(bravoId, nurse)).toEqual([]);
  });

  it('plans with the protocol’s induction defaults, audits it, and refuses a second active course', async () => {
    const body = {
      protocolId: await ivProtocolId(),
      diagnosisCode: 'f33.2',
      goal: 'PHQ-9 response after induction',
    };
    const res = await plan(bravoId, body);
    expect(res.statusCode).toBe(201);
    const course = res.json() as CourseView;
    expect(course).toMatchObject({
      patientId: bravoId,
      diagnosis: { code: 'F33.2', display: expect.stringContaining('Major depressive disorder') },
      phase: 'induction',
      induction: { planned: 6, target: 6, attended: 0, booked: 0, withinDays: 21 },
      plannedBy: { id: prescriberId, name: 'Dr Demo Prescriber Pat' },
    });
    const audits = await t.database.db
      .select()
      .from(auditEntry)
      .where(and(eq(auditEntry.action, 'course.planned'), eq(auditEntry.resourceId, course.id)));
    expect(audits).toHaveLength(1);
    const again = await plan(bravoId, body);
    expect(again.statusCode).toBe(409);
    expect(again.json().rule).toBe('COURSE-ONE-ACTIVE');
  });
});

describe('booking against a course', () => {
  let courseId: string;
  beforeAll(async () => {
    courseId = (await courses(bravoId))[0]!.id;
  });

  it('plans the dose from the current step and the latest weight (0.5 mg/kg × 72 kg)', async () => {
    const plan = await check({ patientId: bravoId, courseId, hours: 24 });
    expect(plan).toMatchObject({ route: 'iv', drug: 'ketamine', plannedDoseMcg: 36_000, blockMinutes: 120 });
  });

  it('refuses a course of another patient as not found', async () => {
    const [alphaCourse] = await courses(alphaId);
    const error = await refusal(check({ patientId: bravoId, courseId: alphaCourse!.id, hours: 24 }));
    expect(error.status).toBe(404);
  });

  it('refuses a session within the minimum interval of any live session, and says when to book', async () => {
    const first = await book(bravoId, courseId, 24);
    const error = await refusal(check({ patientId: bravoId, courseId, hours: 40 }));
    expect(error.status).toBe(409);
    expect(error.extras.rule).toBe('COURSE-MIN-INTERVAL');
    expect(error.message).toMatch(/at least 24 h apart.*16 h from .* Book from Wed 4 Mar 2026 09:00\./);
    // Rescheduling that very session is not refused by itself.
    await expect(
      check({ patientId: bravoId, courseId, hours: 40, ignoreAppointmentIds: [first] }),
    ).resolves.toMatchObject({
      plannedDoseMcg: 36_000,
    });
    // A session of another patient's course in another route does not count; the patient's own in any course does.
    await book(echoId, echoCourseId, 30);
    await expect(check({ patientId: bravoId, courseId, hours: 48 })).resolves.toBeDefined();
  });

  it('refuses a seventh induction session until a reassessment', async () => {
    for (const hours of [72, 120, 168, 216, 264]) await book(bravoId, courseId, hours);
    const full = await refusal(check({ patientId: bravoId, courseId, hours: 400 }));
    expect(full.extras.rule).toBe('COURSE-INDUCTION-FULL');
    expect(full.message).toContain('6 sessions is fully booked (0 attended, 6 booked)');
    const [course] = await courses(bravoId);
    expect(course!.induction).toMatchObject({ attended: 0, booked: 6 });
  });
});

describe('reassessment and the course’s end', () => {
  const courseId = () => echoCourseId;
  beforeAll(async () => {
    // Six attended induction infusions, between the demo's PHQ-9 of 18 (35 days ago) and 13 (21 days ago).
    for (const daysAgo of [32, 30, 28, 26, 24, 22]) await book(echoId, courseId(), -daysAgo * 24);
  });

  it('is due after the induction series is attended, and a booster is refused until it is recorded', async () => {
    const [course] = await courses(echoId);
    expect(course).toMatchObject({ phase: 'reassessment_due', induction: { attended: 6, target: 6 } });
    const error = await refusal(check({ patientId: echoId, courseId: courseId(), hours: 72 }));
    expect(error.extras.rule).toBe('COURSE-REASSESSMENT-DUE');
  });

  it('shows the PHQ-9 verdict: baseline before the first infusion against the latest score', async () => {
    const [course] = await courses(echoId);
    expect(course!.measures).toMatchObject({
      baseline: { total: 18 },
      latest: { total: 9 },
      percentChange: -50,
      response: true,
      remission: false,
      note: null,
    });
  });

  it('refuses an extension without a number, as a field', async () => {
    const res = await post(echoId, courseId(), 'reassessments', {
      decision: 'extend',
      note: 'Partial response',
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().errors[0].path).toBe('/body/extendInductionBy');
    expect(await rows(courseEvent, echoId)).toBe(0);
  });

  it('an extension adds induction sessions, continuing starts maintenance with a booster date', async () => {
    const extended = await post(echoId, courseId(), 'reassessments', {
      decision: 'extend',
      extendInductionBy: 1,
      note: 'Partial response',
    });
    expect(extended.statusCode).toBe(201);
    expect(extended.json()).toMatchObject({ phase: 'induction', induction: { target: 7 } });
    expect(extended.json().events[0]).toMatchObject({
      kind: 'reassessed',
      summary:
        'Reassessed: extend induction by 1 session. Patient Health Questionnaire (PHQ-9) 18 → 9 (-50 %): response, no remission',
      reason: 'Partial response',
      recordedBy: { name: 'Dr Demo Prescriber Pat' },
    });
    await book(echoId, courseId(), -20 * 24); // the seventh infusion, attended
    t.clock.advanceMinutes(5);
    const continued = await post(echoId, courseId(), 'reassessments', {
      decision: 'continue',
      note: 'Responded',
    });
    expect(continued.statusCode).toBe(201);
    const view = continued.json() as CourseView;
    expect(view.phase).toBe('maintenance');
    expect(view.events.map((e) => e.kind)).toEqual(['reassessed', 'reassessed', 'phase_changed']);
    const audits = await t.database.db
      .select({ detail: auditEntry.detail })
      .from(auditEntry)
      .where(and(eq(auditEntry.resourceId, courseId()), eq(auditEntry.action, 'course.reassessed')));
    expect(audits.map((a) => (a.detail as { decision: string }).decision)).toEqual(['extend', 'continue']);
    // The course's latest session is the one booked for Tue 3 Mar (in the interval test); the first booster is
    // due 14 days after it.
    expect(view.nextBoosterDate).toBe('2026-03-17');
    await expect(check({ patientId: echoId, courseId: courseId(), hours: 72 })).resolves.toMatchObject({
      plannedDoseMcg: 36_000,
    });
  });

  it('a discontinued course takes no more sessions; ending it twice is refused', async () => {
    const res = await post(echoId, courseId(), 'discontinuation', { reason: 'Patient moved away' });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ phase: 'discontinued', endReason: 'Patient moved away' });
    const error = await refusal(check({ patientId: echoId, courseId: courseId(), hours: 72 }));
    expect(error.extras.rule).toBe('COURSE-ENDED');
    expect(error.message).toContain('(Patient moved away)');
    const again = await post(echoId, courseId(), 'completion', { reason: 'Goal reached' });
    expect(again.statusCode).toBe(409);
    const audits = await t.database.db
      .select()
      .from(auditEntry)
      .where(and(eq(auditEntry.resourceId, courseId()), eq(auditEntry.action, 'course.discontinued')));
    expect(audits).toHaveLength(1);
  });
});

describe('the misuse-risk view', () => {
  it('lists patient-requested and earlier-moved sessions, intervals and mg per month', async () => {
    const daveId = await newPatient('Dave', true);
    const created = await plan(daveId, {
      protocolId: await ivProtocolId(),
      diagnosisCode: 'F33.2',
      goal: 'PHQ-9 response after induction',
    });
    const courseId = (created.json() as CourseView).id;
    // Three hours later in the day than the other patients' sessions in the one test chair.
    const at = (days: number) => days * 24 + 3;
    const original = await book(daveId, courseId, at(9), { status: 'rescheduled', requestedBy: 'patient' });
    await book(daveId, courseId, at(2));
    await book(daveId, courseId, at(5));
    await book(daveId, courseId, at(7), { requestedBy: 'patient', rescheduledFromId: original });
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/clinics/${clinicId}/patients/${daveId}/misuse-risk`,
      headers: frontDesk.headers,
    });
    expect(res.statusCode).toBe(200);
    const view = res.json() as MisuseRiskView;
    expect(view.earlierRequests.flagged).toBe(true);
    expect(view.earlierRequests.entries.map((e) => [e.requestedBy, e.movedEarlierByHours])).toEqual([
      ['patient', 48],
      ['patient', null],
    ]);
    expect(view.intervals.entries.map((e) => [e.hours, e.shorter])).toEqual([
      [72, false],
      [48, true],
    ]);
    expect(view.intervals.flagged).toBe(false);
    expect(view.monthlyExposure.entries).toEqual([{ month: '2026-03', ketamineMg: 108, esketamineMg: 0 }]);
    expect(view.doseEscalation).toMatchObject({ flagged: false, entries: [] });
  });

  it('is not reachable for another clinic’s patient id', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/clinics/${clinicId}/patients/00000000-0000-7000-8000-000000000000/misuse-risk`,
      headers: frontDesk.headers,
    });
    expect(res.statusCode).toBe(404);
  });
});
