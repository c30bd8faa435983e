import { and, count, eq, notLike } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alert } from '../alert/schema.js';
import { auditEntry } from '../audit/schema.js';
import { DEMO_PASSWORD, loadDemo } from '../demo/demo.js';
import { hashPassword } from '../identity/crypto.js';
import { patientAccount } from '../identity/schema.js';
import { clinic } from '../organisation/schema.js';
import { createOrganisationWithClinic } from '../organisation/service.js';
import { patient } from '../patient/schema.js';
import { createTestApp, type TestApp } from '../testing/app.js';
import { type SignedIn, signIn, signInAsDemo } from '../testing/auth.js';
import type { AnswerEntry } from './model.js';
import { moodCheckIn, questionnaireAssignment, questionnaireResponse, score } from './schema.js';

/**
 * Measurement-based care through the HTTP API: a patient answering in the portal, staff recording and
 * correcting, suicide-risk answers raising exactly one alert, refusals writing nothing, assignments falling due
 * with the clock, check-ins in the clinic's time zone, and one clinic never seeing another's patients.
 */
let t: TestApp;
let clinicA: string;
let alphaId: string;
let clinicB: string;
let deltaId: string;
let portal: SignedIn;
let nurse: SignedIn;
let deltaPortal: SignedIn;
let nurseB: SignedIn;

beforeAll(async () => {
  t = await createTestApp();
  await loadDemo(t.database, t.clock);
  [{ id: clinicA }] = (await t.database.db.select({ id: clinic.id }).from(clinic)) as [{ id: string }];
  [{ id: alphaId }] = (await t.database.db.select({ id: patient.id }).from(patient)) as [{ id: string }];
  const hash = await hashPassword(DEMO_PASSWORD);
  await t.database.transaction(async (tx) => {
    const created = await createOrganisationWithClinic(
      t.database,
      t.clock,
      {
        organisationName: 'Other Demo Org (synthetic)',
        clinic: {
          name: 'Demo Clinic B',
          addressLine1: '9 Sample Road',
          city: 'Denver',
          state: 'CO',
          postalCode: '80202',
          timeZone: 'America/Denver',
          phone: '303-555-0199',
        },
      },
      tx,
    );
    clinicB = created.clinic.id;
    const { insertStaff } = await import('../identity/staff-service.js');
    await insertStaff(tx, t.clock, {
      organisationId: created.organisationId,
      clinicId: clinicB,
      fullName: 'Clinic B Demo Nurse',
      email: 'nurse@clinic-b.example',
      roles: ['nurse'],
      passwordHash: hash,
    });
    const [delta] = await tx
      .insert(patient)
      .values({
        clinicId: clinicB,
        givenName: 'Delta',
        familyName: 'Demo-Patient',
        birthDate: '1975-05-05',
        createdAt: t.clock.now(),
      })
      .returning({ id: patient.id });
    deltaId = delta!.id;
    await tx.insert(patientAccount).values({
      clinicId: clinicB,
      patientId: deltaId,
      email: 'delta@clinic-b.example',
      passwordHash: hash,
      passwordChangedAt: t.clock.now(),
      createdAt: t.clock.now(),
    });
  });
  portal = await signInAsDemo(t.app, t.clock, 'patient');
  nurse = await signInAsDemo(t.app, t.clock, 'nurse');
  deltaPortal = await signIn(
    t.app,
    { email: 'delta@clinic-b.example', password: DEMO_PASSWORD },
    '/api/portal/auth/login',
  );
  nurseB = await signIn(t.app, { email: 'nurse@clinic-b.example', password: DEMO_PASSWORD });
  t.clock.advanceMinutes(1);
}, 120_000);
afterAll(async () => t?.close());

/** Moves the clock on; sessions idle that long have ended, so the people used here sign in again. */
async function later(minutes: number) {
  t.clock.advanceMinutes(minutes);
  portal = await signInAsDemo(t.app, t.clock, 'patient');
  nurse = await signInAsDemo(t.app, t.clock, 'nurse');
}

/** PHQ-9 answers to items 1–9 (and no difficulty answer); `undefined` leaves an item blank. */
function phq9(values: ReadonlyArray<number | undefined>): AnswerEntry[] {
  return values.flatMap((value, i) => (value === undefined ? [] : [{ linkId: `phq-9-${i + 1}`, value }]));
}

const submit = (payload: Record<string, unknown>, who = portal) =>
  t.app.inject({ method: 'POST', url: '/api/portal/responses', headers: who.headers, payload });

const chart = async (patientId = alphaId) => {
  const res = await t.app.inject({
    method: 'GET',
    url: `/api/clinics/${clinicA}/patients/${patientId}/measures`,
    headers: nurse.headers,
  });
  expect(res.statusCode).toBe(200);
  return res.json();
};

const home = async () => {
  const res = await t.app.inject({ method: 'GET', url: '/api/portal/home', headers: portal.headers });
  expect(res.statusCode).toBe(200);
  return res.json() as {
    due: { assignmentId: string; overdue: boolean; dueAt: string }[];
    checkedInToday: boolean;
  };
};

async function rowCounts() {
  const db = t.database.db;
  const [responses] = await db.select({ n: count() }).from(questionnaireResponse);
  const [scores] = await db.select({ n: count() }).from(score);
  const [alerts] = await db.select({ n: count() }).from(alert);
  // Reads are audited too, by a buffer flushed in the background: count only what a write records.
  const [audit] = await db
    .select({ n: count() })
    .from(auditEntry)
    .where(and(notLike(auditEntry.action, 'read:%'), notLike(auditEntry.action, 'denied:%')));
  return { responses, scores, alerts, audit };
}

const openAlertsFor = (responseId: string) =>
  t.database.db.select().from(alert).where(eq(alert.sourceId, responseId));

describe('a patient answering in the portal', () => {
  it('stores a PHQ-9 the chart shows with its total, band and LOINC total-score code', async () => {
    const res = await submit({
      instrumentId: 'phq-9',
      instrumentVersion: '1.0.0',
      answers: phq9([2, 2, 1, 1, 1, 1, 1, 1, 0]),
    });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body.crisis).toBe(false);
    expect(body.message).toMatch(/care team/);
    expect(await openAlertsFor(body.responseId)).toHaveLength(0);

    const trend = (await chart()).trends.find((x: { instrumentId: string }) => x.instrumentId === 'phq-9');
    expect(trend.latest).toMatchObject({
      responseId: body.responseId,
      total: 10,
      band: 'moderate',
      valid: true,
      loinc: '44261-6',
      source: 'patient',
    });
    expect(trend.outcomeNote).toBe(
      'No first dose recorded yet, so there is no baseline and no response figure.',
    );
  });

  it('shows crisis resources and raises exactly one critical suicide-risk alert for item 9 = 1', async () => {
    const res = await submit({
      instrumentId: 'phq-9',
      instrumentVersion: '1.0.0',
      answers: phq9([0, 0, 0, 0, 0, 0, 0, 0, 1]),
    });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body.crisis).toBe(true);
    expect(body.message).toMatch(/988/);
    expect(body.message).toMatch(/911/);
    const alerts = await openAlertsFor(body.responseId);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({
      clinicId: clinicA,
      patientId: alphaId,
      kind: 'suicide_risk',
      severity: 'critical',
      sourceType: 'questionnaire_response',
    });
    expect(alerts[0]!.title).toMatch(/item 9/);
    // The queue shows the name from the patient row; the alert text itself carries none.
    expect(`${alerts[0]!.title} ${alerts[0]!.detail}`).not.toMatch(/Alpha|Demo-Patient/);
  });

  it('stores a half-finished PHQ-9 with item 9 above 0 as invalid, and still alerts', async () => {
    const res = await submit({
      instrumentId: 'phq-9',
      instrumentVersion: '1.0.0',
      answers: phq9([3, 3, undefined, undefined, undefined, 1, 1, 1, 2]),
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().crisis).toBe(true);
    expect(await openAlertsFor(res.json().responseId)).toHaveLength(1);
    const [stored] = await t.database.db
      .select()
      .from(score)
      .where(eq(score.responseId, res.json().responseId));
    expect(stored).toMatchObject({ valid: false, total: null });
  });

  it('refuses answers out of range or to unknown items, naming each, and writes nothing', async () => {
    const before = await rowCounts();
    const answers = [
      ...phq9([0, 1, 0]),
      { linkId: 'phq-9-4', value: 7 },
      { linkId: 'phq-9-99', value: 1 },
      { linkId: 'phq-9-9', value: 2 },
    ];
    const res = await submit({ instrumentId: 'phq-9', instrumentVersion: '1.0.0', answers });
    expect(res.statusCode).toBe(422);
    const paths = res.json().errors.map((e: { path: string }) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['/body/answers/3/value', '/body/answers/4/linkId']));
    expect(await rowCounts()).toEqual(before);
  });

  it('refuses an item answered twice', async () => {
    const res = await submit({
      instrumentId: 'phq-9',
      instrumentVersion: '1.0.0',
      answers: [...phq9([0, 0]), { linkId: 'phq-9-1', value: 3 }],
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().errors).toEqual([
      { path: '/body/answers/2/linkId', message: expect.stringMatching(/twice/) },
    ]);
  });

  it('refuses a form of another version', async () => {
    const before = await rowCounts();
    const res = await submit({
      instrumentId: 'phq-9',
      instrumentVersion: '0.9.0',
      answers: phq9([0, 0, 0, 0, 0, 0, 0, 0, 0]),
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().errors.map((e: { path: string }) => e.path)).toEqual(['/body/instrumentVersion']);
    expect(await rowCounts()).toEqual(before);
  });

  it('keeps clinician-rated instruments away from patients', async () => {
    const res = await submit({
      instrumentId: 'moaas',
      instrumentVersion: '1.0.0',
      answers: [{ linkId: 'moaas', value: 5 }],
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().errors[0].path).toBe('/body/instrumentId');
    const form = await t.app.inject({
      method: 'GET',
      url: '/api/portal/instruments/moaas',
      headers: portal.headers,
    });
    expect(form.statusCode).toBe(404);
    const phq = await t.app.inject({
      method: 'GET',
      url: '/api/portal/instruments/phq-9',
      headers: portal.headers,
    });
    expect(phq.statusCode).toBe(200);
    expect(phq.json().items).toHaveLength(10);
  });

  it('refuses an assignment of another instrument or patient', async () => {
    const [other] = await t.database.db
      .insert(questionnaireAssignment)
      .values({
        clinicId: clinicB,
        patientId: deltaId,
        instrumentId: 'phq-9',
        reason: 'requested',
        opensAt: t.clock.now(),
        dueAt: t.clock.now(),
        createdAt: t.clock.now(),
      })
      .returning();
    const res = await submit({
      instrumentId: 'phq-9',
      instrumentVersion: '1.0.0',
      assignmentId: other!.id,
      answers: phq9([0, 0, 0, 0, 0, 0, 0, 0, 0]),
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().errors[0].path).toBe('/body/assignmentId');
  });
});

describe('one clinic never sees another’s patients', () => {
  it('answers 404 to clinic B’s staff asking for clinic A’s chart (a patient has no chart access at all)', async () => {
    const read = (who: SignedIn, patientId = alphaId) =>
      t.app.inject({
        method: 'GET',
        url: `/api/clinics/${clinicA}/patients/${patientId}/measures`,
        headers: who.headers,
      });
    expect((await read(nurseB)).statusCode).toBe(404);
    expect((await read(deltaPortal)).statusCode).toBe(403);
    // Clinic A staff naming clinic B's patient under their own clinic: not found either.
    expect((await read(nurse, deltaId)).statusCode).toBe(404);
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/clinics/${clinicA}/patients/${deltaId}/responses`,
      headers: nurse.headers,
      payload: {
        instrumentId: 'gad-7',
        instrumentVersion: '1.0.0',
        answers: [{ linkId: 'gad-7-1', value: 1 }],
      },
    });
    expect(res.statusCode).toBe(404);
  });

  it('shows a patient only their own progress', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/portal/progress',
      headers: deltaPortal.headers,
    });
    expect(res.json()).toEqual({ series: [], moods: [] });
  });
});

describe('staff recording and correcting', () => {
  const record = (payload: Record<string, unknown>) =>
    t.app.inject({
      method: 'POST',
      url: `/api/clinics/${clinicA}/patients/${alphaId}/responses`,
      headers: nurse.headers,
      payload,
    });
  const correct = (responseId: string, payload: Record<string, unknown>, who = nurse) =>
    t.app.inject({
      method: 'POST',
      url: `/api/clinics/${clinicA}/patients/${alphaId}/responses/${responseId}/corrections`,
      headers: who.headers,
      payload,
    });
  const gad7 = (values: number[]) => values.map((value, i) => ({ linkId: `gad-7-${i + 1}`, value }));

  it('records a clinician rating with its safety flag returned to the clinician, without a suicide-risk alert', async () => {
    const res = await record({
      instrumentId: 'moaas',
      instrumentVersion: '1.0.0',
      answers: [{ linkId: 'moaas', value: 2 }],
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().safety).toEqual([{ triggerId: 'moaas-deep-sedation', message: expect.any(String) }]);
    expect(res.json().alertIds).toEqual([]);
  });

  it('refuses a time in the future or before the patient was registered', async () => {
    for (const authoredAt of [new Date(t.clock.now().getTime() + 60_000), new Date('2020-01-01T00:00:00Z')]) {
      const res = await record({
        instrumentId: 'gad-7',
        instrumentVersion: '1.0.0',
        authoredAt: authoredAt.toISOString(),
        answers: gad7([1, 1, 1, 1, 1, 1, 1]),
      });
      expect(res.statusCode).toBe(422);
      expect(res.json().errors[0].path).toBe('/body/authoredAt');
    }
  });

  it('amends with new answers (re-scored), retracts, and never corrects one response twice', async () => {
    const first = await record({
      instrumentId: 'gad-7',
      instrumentVersion: '1.0.0',
      answers: gad7([3, 3, 3, 3, 3, 3, 3]),
    });
    expect(first.statusCode).toBe(201);
    expect(first.json().score).toMatchObject({ total: 21, band: 'severe', loinc: '70274-6' });

    const amended = await correct(first.json().responseId, {
      kind: 'amend',
      reason: 'Typed the wrong column',
      answers: gad7([1, 1, 1, 1, 1, 1, 1]),
    });
    expect(amended.statusCode).toBe(201);
    expect(amended.json().score).toMatchObject({ total: 7, band: 'mild' });
    const gadTrend = () =>
      chart().then((c) => c.trends.find((x: { instrumentId: string }) => x.instrumentId === 'gad-7'));
    // The demo's two GAD-7 scores, then the amendment in place of the original 21.
    const totals = () => gadTrend().then((trend) => trend.scores.map((s: { total: number }) => s.total));
    expect(await totals()).toEqual([14, 8, 7]);

    const again = await correct(first.json().responseId, { kind: 'entered-in-error', reason: 'again' });
    expect(again.statusCode).toBe(409);

    const retracted = await correct(amended.json().responseId, {
      kind: 'entered-in-error',
      reason: 'Wrong patient',
    });
    expect(retracted.statusCode).toBe(201);
    expect(retracted.json().score).toBeNull();
    expect(await totals()).toEqual([14, 8]);
    expect(
      (await correct(retracted.json().responseId, { kind: 'entered-in-error', reason: 'undo' })).statusCode,
    ).toBe(409);
  });

  it('raises an alert when an amendment adds an item-9 answer, and refuses bad amended answers', async () => {
    const first = await record({
      instrumentId: 'phq-9',
      instrumentVersion: '1.0.0',
      answers: phq9([1, 1, 1, 1, 1, 1, 1, 1, 0]),
    });
    const bad = await correct(first.json().responseId, {
      kind: 'amend',
      reason: 'fix',
      answers: phq9([1, 1, 1, 1, 1, 1, 1, 1, 4]),
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().errors[0].path).toBe('/body/answers/8/value');
    const amended = await correct(first.json().responseId, {
      kind: 'amend',
      reason: 'Patient corrected item 9',
      answers: phq9([1, 1, 1, 1, 1, 1, 1, 1, 1]),
    });
    expect(amended.statusCode).toBe(201);
    expect(amended.json().alertIds).toHaveLength(1);
  });

  it('lets only staff correct, and only their own clinic’s responses', async () => {
    const [any] = await t.database.db.select().from(questionnaireResponse).limit(1);
    expect((await correct(any!.id, { kind: 'entered-in-error', reason: 'mine' }, portal)).statusCode).toBe(
      403,
    );
    expect((await correct(any!.id, { kind: 'entered-in-error', reason: 'theirs' }, nurseB)).statusCode).toBe(
      404,
    );
  });
});

describe('assigned questionnaires', () => {
  const assign = (payload: Record<string, unknown>) =>
    t.app.inject({
      method: 'POST',
      url: `/api/clinics/${clinicA}/patients/${alphaId}/assignments`,
      headers: nurse.headers,
      payload,
    });

  it('shows a pre-session questionnaire as due, then overdue, until it is filled', async () => {
    await later(1); // after every response recorded so far
    const sessionAt = new Date(t.clock.now().getTime() + 24 * 3_600_000);
    const res = await assign({
      instrumentId: 'gad-7',
      reason: 'pre_session',
      dueAt: sessionAt.toISOString(),
    });
    expect(res.statusCode).toBe(201);
    const assignment = res.json();
    // Opens the clinic's pre-session window (24 h) before the session.
    expect(assignment.opensAt).toBe(t.clock.now().toISOString());
    expect(assignment.repeatEveryDays).toBeNull();

    let due = (await home()).due.find((d) => d.assignmentId === assignment.id);
    expect(due).toMatchObject({ overdue: false, dueAt: sessionAt.toISOString() });
    await later(24 * 60 + 1);
    due = (await home()).due.find((d) => d.assignmentId === assignment.id);
    expect(due?.overdue).toBe(true);

    const filled = await submit({
      instrumentId: 'gad-7',
      instrumentVersion: '1.0.0',
      assignmentId: assignment.id,
      answers: [0, 0, 0, 0, 0, 0, 0].map((value, i) => ({ linkId: `gad-7-${i + 1}`, value })),
    });
    expect(filled.statusCode).toBe(201);
    expect((await home()).due.find((d) => d.assignmentId === assignment.id)).toBeUndefined();
  });

  it('repeats weekly between sessions, and stops when ended', async () => {
    const res = await assign({ instrumentId: 'pcl-5', reason: 'between_sessions' });
    expect(res.statusCode).toBe(201);
    const { id } = res.json();
    expect(res.json().repeatEveryDays).toBe(7);
    const pcl5 = Array.from({ length: 20 }, (_, i) => ({ linkId: `pcl-5-${i + 1}`, value: 1 }));
    expect((await home()).due.some((d) => d.assignmentId === id)).toBe(true);
    expect(
      (await submit({ instrumentId: 'pcl-5', instrumentVersion: '1.0.0', answers: pcl5 })).statusCode,
    ).toBe(201);
    expect((await home()).due.some((d) => d.assignmentId === id)).toBe(false);
    await later(7 * 24 * 60);
    expect((await home()).due.some((d) => d.assignmentId === id)).toBe(true);

    const end = () =>
      t.app.inject({
        method: 'POST',
        url: `/api/clinics/${clinicA}/patients/${alphaId}/assignments/${id}/end`,
        headers: nurse.headers,
      });
    const ended = await end();
    expect(ended.statusCode).toBe(200);
    expect(ended.json().endedAt).toBe(t.clock.now().toISOString());
    expect((await home()).due.some((d) => d.assignmentId === id)).toBe(false);
    expect((await end()).statusCode).toBe(409);
    const [audited] = await t.database.db.select().from(auditEntry).where(eq(auditEntry.resourceId, id));
    expect(audited).toBeDefined();
  });

  it('refuses clinician-rated instruments and times that make no sense', async () => {
    expect((await assign({ instrumentId: 'moaas', reason: 'requested' })).json().errors[0].path).toBe(
      '/body/instrumentId',
    );
    const now = t.clock.now().getTime();
    const backwards = await assign({
      instrumentId: 'phq-9',
      reason: 'requested',
      opensAt: new Date(now + 3_600_000).toISOString(),
      dueAt: new Date(now).toISOString(),
    });
    expect(backwards.statusCode).toBe(422);
    expect(backwards.json().errors[0].path).toBe('/body/dueAt');
  });
});

describe('mood check-ins', () => {
  const checkIn = (payload: Record<string, unknown>) =>
    t.app.inject({ method: 'POST', url: '/api/portal/check-ins', headers: portal.headers, payload });

  it('needs a mood or a journal line, and counts by the clinic’s calendar day', async () => {
    expect((await checkIn({})).statusCode).toBe(422);
    // 14:00 UTC is 09:00 in Springfield (America/Chicago; daylight time from 8 March 2026).
    const now = t.clock.now();
    const nextNine = new Date(now);
    nextNine.setUTCHours(14, 0, 0, 0);
    if (nextNine <= now) nextNine.setUTCDate(nextNine.getUTCDate() + 1);
    await later((nextNine.getTime() - now.getTime()) / 60_000);
    expect((await home()).checkedInToday).toBe(false);
    const saved = await checkIn({ mood: 6, journal: 'Slept better this week' });
    expect(saved.statusCode).toBe(201);
    expect(saved.json()).toMatchObject({ mood: 6, journal: 'Slept better this week' });
    expect((await home()).checkedInToday).toBe(true);
    // 23:00 local (already the next day in UTC) is still today; 00:30 local the next day is not.
    await later(14 * 60);
    expect((await home()).checkedInToday).toBe(true);
    await later(90);
    expect((await home()).checkedInToday).toBe(false);
    const stored = await t.database.db.select().from(moodCheckIn).where(eq(moodCheckIn.patientId, alphaId));
    expect(stored.filter((row) => row.journal === 'Slept better this week')).toHaveLength(1);
  });
});

describe('my progress', () => {
  it('explains each questionnaire’s scores in plain words', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/portal/progress', headers: portal.headers });
    expect(res.statusCode).toBe(200);
    const phq = res.json().series.find((s: { instrumentId: string }) => s.instrumentId === 'phq-9');
    expect(phq.maximum).toBe(27);
    expect(phq.summary).toMatch(
      // The demo's baseline five weeks before the test clock's start, to the last score of the day it starts.
      /^Your PHQ-9 depression score went from 18 on January 26 to 9 on March 2 — lower is better\.$/,
    );
    expect(phq.summary).not.toMatch(/band|remission|baseline/i);
    const moods = res.json().moods as { at: string; mood: number }[];
    expect(moods.map((m) => m.mood)).toEqual([4, 5, 6, 6, 6]);
    expect(moods.map((m) => m.at)).toEqual(moods.map((m) => m.at).sort());
  });
});
