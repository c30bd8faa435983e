import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { auditEntry } from '../audit/schema.js';
import { loadDemo } from '../demo/demo.js';
import { outboxMessage } from '../notification/schema.js';
import { clinic } from '../organisation/schema.js';
import { createOrganisationWithClinic } from '../organisation/service.js';
import { patient } from '../patient/schema.js';
import { createTestApp, type TestApp } from '../testing/app.js';
import { type SignedIn, signInAsDemo } from '../testing/auth.js';
import { alertAcknowledgement } from './schema.js';
import { raiseAlert } from './service.js';

let t: TestApp;
let clinicId: string;
let alphaId: string;
let nurse: SignedIn;

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());
beforeEach(async () => {
  await t.database.reset();
  await loadDemo(t.database, t.clock);
  [{ id: clinicId }] = (await t.database.db.select({ id: clinic.id }).from(clinic)) as [{ id: string }];
  [{ id: alphaId }] = (await t.database.db.select({ id: patient.id }).from(patient)) as [{ id: string }];
  t.clock.advanceMinutes(1);
  nurse = await signInAsDemo(t.app, t.clock, 'nurse');
});

/** A suicide-risk alert as the measures module raises it, `minutesLater` after the previous one. */
async function raise(patientId: string | null, inClinic = clinicId, minutesLater = 1): Promise<string> {
  t.clock.advanceMinutes(minutesLater);
  return t.database.transaction((tx) =>
    raiseAlert(tx, t.clock, {
      clinicId: inClinic,
      patientId,
      kind: 'suicide_risk',
      severity: 'critical',
      title: 'PHQ-9 item 9 answered above 0',
      detail: 'Thoughts of self-harm reported on several days',
      sourceType: 'questionnaire_response',
      sourceId: '00000000-0000-7000-8000-000000000001',
    }),
  );
}

async function addPatient(givenName: string, familyName: string, inClinic = clinicId): Promise<string> {
  const [row] = await t.database.db
    .insert(patient)
    .values({ clinicId: inClinic, givenName, familyName, birthDate: '1970-02-03', createdAt: t.clock.now() })
    .returning({ id: patient.id });
  return row!.id;
}

const list = (query = '', headers = nurse.headers) =>
  t.app.inject({ method: 'GET', url: `/api/clinics/${clinicId}/alerts${query}`, headers });
const acknowledge = (alertId: string, payload: object, headers = nurse.headers, inClinic = clinicId) =>
  t.app.inject({
    method: 'POST',
    url: `/api/clinics/${inClinic}/alerts/${alertId}/acknowledgement`,
    headers,
    payload,
  });

describe('the alert work queue', () => {
  it('lists open alerts newest first with the patient’s preferred (or given) and family name', async () => {
    const bettyId = await addPatient('Elizabeth', 'Example');
    const first = await raise(alphaId);
    const second = await raise(bettyId);
    const res = await list();
    expect(res.statusCode).toBe(200);
    expect(res.json().openCount).toBe(2);
    expect(res.json().alerts.map((a: { id: string }) => a.id)).toEqual([second, first]);
    expect(res.json().alerts[0]).toMatchObject({
      patientId: bettyId,
      patientName: 'Elizabeth Example',
      kind: 'suicide_risk',
      severity: 'critical',
      title: 'PHQ-9 item 9 answered above 0',
      acknowledgement: null,
    });
    expect(res.json().alerts[1].patientName).toBe('Alpha Demo-Patient');
  });

  it('puts open alerts above acknowledged ones, and counts only the open ones', async () => {
    const older = await raise(alphaId);
    const newer = await raise(alphaId);
    expect((await acknowledge(newer, { action: 'contacted_patient', note: 'Called, safe' })).statusCode).toBe(
      201,
    );
    const all = await list('?state=all');
    expect(all.json().alerts.map((a: { id: string }) => a.id)).toEqual([older, newer]);
    expect(all.json().openCount).toBe(1);
    const done = await list('?state=acknowledged');
    expect(done.json().alerts.map((a: { id: string }) => a.id)).toEqual([newer]);
    expect(done.json().openCount).toBe(1);
    expect((await list()).json().alerts.map((a: { id: string }) => a.id)).toEqual([older]);
  });

  it('filters by patient and limits the page, while openCount stays the clinic’s', async () => {
    const otherId = await addPatient('Gamma', 'Example');
    await raise(alphaId);
    await raise(otherId);
    await raise(alphaId);
    const mine = await list(`?patientId=${alphaId}&limit=1`);
    expect(mine.json().alerts).toHaveLength(1);
    expect(mine.json().alerts[0].patientId).toBe(alphaId);
    expect(mine.json().openCount).toBe(3);
    expect((await list(`?patientId=${alphaId}`)).json().alerts).toHaveLength(2);
  });

  it('never shows another clinic’s alerts', async () => {
    const other = await createOrganisationWithClinic(t.database, t.clock, {
      organisationName: 'Elsewhere',
      clinic: {
        name: 'Other clinic',
        addressLine1: '1 Road',
        city: 'Denver',
        state: 'CO',
        postalCode: '80202',
        timeZone: 'America/Denver',
        phone: '303-555-0100',
      },
    });
    const foreignId = await raise(null, other.clinic.id);
    const res = await list('?state=all');
    expect(res.json()).toEqual({ alerts: [], openCount: 0 });
    // Acknowledging it through our clinic's path finds nothing.
    expect(
      (await acknowledge(foreignId, { action: 'other', note: 'Trying another clinic' })).statusCode,
    ).toBe(404);
  });
});

describe('acknowledging an alert', () => {
  it('records who did what, when, audits it and notifies the channel', async () => {
    const alertId = await raise(alphaId);
    t.clock.advanceMinutes(3);
    const res = await acknowledge(alertId, {
      action: 'safety_plan',
      note: '  Safety plan reviewed by phone ',
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      id: alertId,
      patientName: 'Alpha Demo-Patient',
      acknowledgement: {
        staffName: 'Demo Nurse Nico',
        action: 'safety_plan',
        note: 'Safety plan reviewed by phone',
        acknowledgedAt: t.clock.now().toISOString(),
      },
    });
    const [audit] = await t.database.db
      .select()
      .from(auditEntry)
      .where(eq(auditEntry.action, 'alert.acknowledged'));
    expect(audit).toMatchObject({
      clinicId,
      actorType: 'staff',
      actorId: res.json().acknowledgement.staffId,
      actorRole: 'nurse',
      resourceId: alertId,
      patientId: alphaId,
      detail: { kind: 'suicide_risk', action: 'safety_plan' },
    });
    const notices = await t.database.db
      .select({ topic: outboxMessage.topic, payload: outboxMessage.payload })
      .from(outboxMessage)
      .where(eq(outboxMessage.topic, 'alert.acknowledged'));
    expect(notices).toEqual([
      {
        topic: 'alert.acknowledged',
        payload: { alertId, action: 'safety_plan', notice: 'An alert was acknowledged in ketacare' },
      },
    ]);
  });

  it('refuses a second acknowledgement with 409 and keeps the first', async () => {
    const alertId = await raise(alphaId);
    expect(
      (await acknowledge(alertId, { action: 'contacted_patient', note: 'Reached her' })).statusCode,
    ).toBe(201);
    const prescriber = await signInAsDemo(t.app, t.clock, 'prescriber');
    const again = await acknowledge(
      alertId,
      { action: 'no_risk_found', note: 'Seen in clinic' },
      prescriber.headers,
    );
    expect(again.statusCode).toBe(409);
    expect(again.json().type).toBe('/problems/conflict');
    const rows = await t.database.db
      .select()
      .from(alertAcknowledgement)
      .where(eq(alertAcknowledgement.alertId, alertId));
    expect(rows.map((r) => r.action)).toEqual(['contacted_patient']);
  });

  it.each([
    [{ action: 'other', note: 'Handled' }, /at least 10 characters/],
    [{ action: 'contacted_patient', note: '      ' }, /at least 3 characters/],
    [{ action: 'contacted_patient', note: 'ok' }, /3 characters/],
    [{ action: 'contacted_patient' }, /required/],
    [{ action: 'hoped_for_the_best', note: 'Nothing at all' }, /./],
  ])('refuses %o with 422 at the field, writing nothing', async (body, message) => {
    const alertId = await raise(alphaId);
    const res = await acknowledge(alertId, body);
    expect(res.statusCode).toBe(422);
    const paths = res.json().errors.map((e: { path: string }) => e.path);
    expect(paths).toContain(
      'action' in body && body.action === 'hoped_for_the_best' ? '/body/action' : '/body/note',
    );
    expect(
      res
        .json()
        .errors.map((e: { message: string }) => e.message)
        .join(' '),
    ).toMatch(message);
    expect(await t.database.db.select().from(alertAcknowledgement)).toEqual([]);
    const audits = await t.database.db
      .select()
      .from(auditEntry)
      .where(and(eq(auditEntry.action, 'alert.acknowledged')));
    expect(audits).toEqual([]);
  });

  it('accepts "other" with a note that says what was done', async () => {
    const alertId = await raise(alphaId);
    const res = await acknowledge(alertId, { action: 'other', note: 'Family member confirmed she is safe' });
    expect(res.statusCode).toBe(201);
  });

  it('answers 404 for an alert that does not exist', async () => {
    const res = await acknowledge('00000000-0000-7000-8000-0000000000aa', {
      action: 'contacted_patient',
      note: 'Reached her',
    });
    expect(res.statusCode).toBe(404);
  });

  it('lets every staff member see the queue but only clinicians acknowledge', async () => {
    const alertId = await raise(alphaId);
    const frontDesk = await signInAsDemo(t.app, t.clock, 'front_desk');
    expect((await list('', frontDesk.headers)).json().openCount).toBe(1);
    const refused = await acknowledge(
      alertId,
      { action: 'contacted_patient', note: 'Called' },
      frontDesk.headers,
    );
    expect(refused.statusCode).toBe(403);
    expect((await list('', frontDesk.headers)).json().openCount).toBe(1);
  });
});
