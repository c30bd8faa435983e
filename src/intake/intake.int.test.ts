import { and, count, eq, notLike } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { auditEntry } from '../audit/schema.js';
import { DEMO_PASSWORD, loadDemo } from '../demo/demo.js';
import { hashPassword } from '../identity/crypto.js';
import { clinic } from '../organisation/schema.js';
import { createOrganisationWithClinic } from '../organisation/service.js';
import { patient } from '../patient/schema.js';
import { screeningRun } from '../screening/schema.js';
import { rescreen } from '../screening/service.js';
import { createTestApp, type TestApp } from '../testing/app.js';
import { cookieFrom, type SignedIn, signIn, signInAsDemo } from '../testing/auth.js';
import type { IntakeContent, RegistrationDetails } from './model.js';
import { condition, intakeSubmission, medicationStatement, patientProfile } from './schema.js';

// The real rescreen runs; the spy records that every fact change asked for it, with which trigger.
vi.mock('../screening/service.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../screening/service.js')>();
  return { ...original, rescreen: vi.fn(original.rescreen) };
});

/**
 * Intake through the HTTP API: registration and its 422s, profile versions, invitations (single use, expiry, the
 * patient signed in), the portal draft (revisions, nothing lost), submission checks, staff review into coded facts
 * with screening re-run, corrections as new rows, and scope (another clinic, another patient).
 */
let t: TestApp;
let clinicA: string;
let clinicB: string;
let alphaId: string;
let frontDesk: SignedIn;
let nurse: SignedIn;
let nurseB: SignedIn;
let portalAlpha: SignedIn;

const registration = (over: Partial<RegistrationDetails> = {}): RegistrationDetails => ({
  givenName: 'Test',
  familyName: 'Synthetic-Intake',
  preferredName: 'Testy',
  birthDate: '1985-06-15',
  sexAtBirth: 'female',
  genderIdentity: 'woman',
  phone: '(555) 010-2000',
  email: 'test.synthetic@example.invalid',
  address: { line1: '1 Example Street', city: 'Albany', state: 'NY', postalCode: '12207' },
  emergencyContact: { name: 'Sample Contact', phone: '555-010-2001', relationship: 'sibling' },
  escorts: [{ name: 'Sample Escort', phone: '555-010-2002', relationship: 'partner' }],
  payer: { kind: 'insurance', plans: [{ payerName: 'Example Health Plan', memberId: 'XMP123456' }] },
  referringClinician: { name: 'Dr Sample Referrer', npi: '1234567893' },
  ...over,
});

/** Every required answer, with a coded benzodiazepine, a free-text drug and metric height/weight. */
const completeIntake = (): IntakeContent => ({
  diagnoses: [{ icd10: 'F33.2', sinceYear: 2015 }],
  priorTreatments: {
    antidepressants: [
      { rxnorm: '36437', dose: '150 mg', durationWeeks: 12, outcome: 'none' },
      { name: 'Venlafaxine', dose: '225 mg', durationWeeks: 10, outcome: 'partial' },
    ],
    psychotherapy: { tried: 'yes', details: 'CBT', durationWeeks: 20, outcome: 'partial' },
    tms: { tried: 'no' },
    ect: { tried: 'no' },
    ketamine: { tried: 'no' },
    esketamine: { tried: 'no' },
  },
  psychiatricHistory: { psychosis: 'never', mania: 'never', dissociativeDisorder: 'never' },
  substanceUse: {
    alcohol: 'never',
    cannabis: 'past',
    stimulants: 'never',
    opioids: 'never',
    sedatives: 'never',
    ketamineMisuse: 'never',
    other: 'never',
  },
  medicalHistory: {
    hypertension: 'yes',
    heartDisease: 'no',
    heartAttack: 'no',
    stroke: 'no',
    aneurysm: 'no',
    arteriovenousMalformation: 'no',
    intracranialBleed: 'no',
    raisedIntracranialPressure: 'no',
    brainTumour: 'no',
    glaucoma: 'no',
    seizures: 'no',
    liverDisease: 'no',
    hyperthyroidism: 'no',
    porphyria: 'no',
    interstitialCystitis: 'no',
    sleepApnoea: 'unsure',
    pregnant: 'no',
    breastFeeding: 'no',
  },
  medications: [
    { rxnorm: '6470', doseMg: 1, timesPerDay: 2 },
    { name: 'Sleepwell herbal blend', doseText: 'one cup at night' },
  ],
  noKnownAllergies: true,
  height: { value: 170, unit: 'cm' },
  weight: { value: 154, unit: 'lb' },
});

beforeAll(async () => {
  t = await createTestApp();
  await loadDemo(t.database, t.clock);
  [{ id: clinicA }] = (await t.database.db.select({ id: clinic.id }).from(clinic)) as [{ id: string }];
  const [alpha] = await t.database.db
    .select({ id: patient.id })
    .from(patient)
    .where(eq(patient.givenName, 'Alpha'));
  alphaId = alpha!.id;
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
  });
  frontDesk = await signInAsDemo(t.app, t.clock, 'front_desk');
  nurse = await signInAsDemo(t.app, t.clock, 'nurse');
  portalAlpha = await signInAsDemo(t.app, t.clock, 'patient');
  nurseB = await signIn(t.app, { email: 'nurse@clinic-b.example', password: DEMO_PASSWORD });
}, 120_000);
afterAll(async () => t?.close());
beforeEach(() => {
  vi.mocked(rescreen).mockClear();
});

const api = (method: 'GET' | 'POST' | 'PUT', url: string, who: SignedIn | null, payload?: unknown) =>
  t.app.inject({
    method,
    url: `/api${url}`,
    headers: who?.headers ?? {},
    ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
  });

const paths = (res: { json(): unknown }) =>
  ((res.json() as { errors?: { path: string }[] }).errors ?? []).map((e) => e.path);

async function writeAuditCount() {
  const [row] = await t.database.db
    .select({ n: count() })
    .from(auditEntry)
    .where(and(notLike(auditEntry.action, 'read:%'), notLike(auditEntry.action, 'denied:%')));
  return row!.n;
}

async function patientCount() {
  const [row] = await t.database.db.select({ n: count() }).from(patient);
  return row!.n;
}

describe('registration by front desk', () => {
  it('creates the patient and profile version 1, audited with ids only', async () => {
    const res = await api('POST', `/clinics/${clinicA}/patients`, frontDesk, registration());
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body.profile.version).toBe(1);
    expect(body.profile.details.address.state).toBe('NY');
    const [row] = await t.database.db.select().from(patient).where(eq(patient.id, body.patientId));
    expect(row).toMatchObject({ givenName: 'Test', familyName: 'Synthetic-Intake', birthDate: '1985-06-15' });
    const [profile] = await t.database.db
      .select()
      .from(patientProfile)
      .where(eq(patientProfile.patientId, body.patientId));
    expect(profile).toMatchObject({ version: 1, state: 'NY' });
    const [entry] = await t.database.db
      .select()
      .from(auditEntry)
      .where(and(eq(auditEntry.action, 'patient.registered'), eq(auditEntry.resourceId, body.patientId)));
    expect(JSON.stringify(entry)).not.toContain('Synthetic-Intake');
    expect(JSON.stringify(entry)).not.toContain('1985-06-15');
  });

  it.each([
    ['an impossible date', { birthDate: '2026-02-30' }, '/body/birthDate'],
    ['a birth date in the future', { birthDate: '2027-01-01' }, '/body/birthDate'],
    ['an age of 120 or more', { birthDate: '1900-01-01' }, '/body/birthDate'],
    [
      'an unknown state',
      { address: { line1: '1 Example Street', city: 'Nowhere', state: 'XX', postalCode: '12207' } },
      '/body/address/state',
    ],
    ['a phone that is not a US number', { phone: '12345' }, '/body/phone'],
    [
      'an escort without a phone',
      { escorts: [{ name: 'Sample Escort', relationship: 'friend' }] },
      '/body/escorts/0/phone',
    ],
    [
      'insurance without a member id',
      { payer: { kind: 'insurance', plans: [{ payerName: 'Example Health Plan' }] } },
      '/body/payer',
    ],
    ['a bad email', { email: 'not-an-email' }, '/body/email'],
  ])('refuses %s with a field-level 422 and writes nothing', async (_what, over, path) => {
    const [patientsBefore, auditBefore] = [await patientCount(), await writeAuditCount()];
    const res = await api('POST', `/clinics/${clinicA}/patients`, frontDesk, {
      ...registration(),
      ...over,
    });
    expect(res.statusCode).toBe(422);
    expect(paths(res).some((p) => p.startsWith(path))).toBe(true);
    expect(await patientCount()).toBe(patientsBefore);
    expect(await writeAuditCount()).toBe(auditBefore);
  });

  it('refuses six escorts', async () => {
    const escort = { name: 'Sample Escort', phone: '555-010-2002', relationship: 'friend' };
    const res = await api(
      'POST',
      `/clinics/${clinicA}/patients`,
      frontDesk,
      registration({ escorts: Array.from({ length: 6 }, () => escort) }),
    );
    expect(res.statusCode).toBe(422);
    expect(paths(res)).toContain('/body/escorts');
  });

  it('a change is a new version; a stale version is refused; the audit names the fields only', async () => {
    const created = (await api('POST', `/clinics/${clinicA}/patients`, frontDesk, registration())).json();
    const url = `/clinics/${clinicA}/patients/${created.patientId}/profile`;
    const moved = registration({
      address: { line1: '2 Example Avenue', city: 'Newark', state: 'NJ', postalCode: '07102' },
      preferredName: 'Tess',
    });
    const res = await api('PUT', url, frontDesk, { version: 1, details: moved });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ version: 2, details: { address: { state: 'NJ' } } });
    expect(vi.mocked(rescreen)).toHaveBeenCalledWith(
      expect.anything(),
      expect.anything(),
      clinicA,
      created.patientId,
      'profile_changed',
    );

    const stale = await api('PUT', url, frontDesk, { version: 1, details: registration() });
    expect(stale.statusCode).toBe(409);

    const latest = await api('GET', url, nurse);
    expect(latest.json()).toMatchObject({ version: 2 });
    const [row] = await t.database.db.select().from(patient).where(eq(patient.id, created.patientId));
    expect(row!.preferredName).toBe('Tess');
    const [entry] = await t.database.db
      .select()
      .from(auditEntry)
      .where(
        and(eq(auditEntry.action, 'patient.profile_changed'), eq(auditEntry.patientId, created.patientId)),
      );
    expect(entry!.detail).toEqual({ version: 2, fields: ['address', 'preferredName'] });
  });

  it('another clinic’s staff cannot read or change the profile', async () => {
    const created = (await api('POST', `/clinics/${clinicA}/patients`, frontDesk, registration())).json();
    const res = await api('GET', `/clinics/${clinicB}/patients/${created.patientId}/profile`, nurseB);
    expect(res.statusCode).toBe(404);
    const intoA = await api('GET', `/clinics/${clinicA}/patients/${created.patientId}/profile`, nurseB);
    expect(intoA.statusCode).toBe(404);
  });
});

/** Creates an invitation as front desk and returns its token. */
async function invite(email: string, patientId?: string) {
  const res = await api('POST', `/clinics/${clinicA}/invitations`, frontDesk, {
    email,
    ...(patientId ? { patientId } : {}),
  });
  expect(res.statusCode).toBe(201);
  const { link } = res.json() as { link: string };
  expect(link).toMatch(/^\/portal\/join\/[A-Za-z0-9_-]{40,}$/);
  return link.split('/').pop()!;
}

async function accept(
  token: string,
  details: RegistrationDetails,
  password = 'a long synthetic passphrase 42',
) {
  return t.app.inject({
    method: 'POST',
    url: `/api/portal/invitations/${token}/accept`,
    payload: { details, password },
  });
}

function portalSession(res: { headers: Record<string, unknown>; json(): unknown }): SignedIn {
  const cookie = cookieFrom(res.headers['set-cookie'] as string | string[] | undefined);
  const csrf = String((res.json() as { csrfToken: string }).csrfToken);
  return { cookie, csrf, headers: { cookie, 'x-csrf-token': csrf } };
}

describe('invitations', () => {
  it('a new person accepts, is registered and signed in; the link then stops working', async () => {
    const token = await invite('new.person@example.invalid');
    const view = await api('GET', `/portal/invitations/${token}`, null);
    expect(view.statusCode).toBe(200);
    expect(view.json()).toMatchObject({
      clinicName: expect.any(String),
      email: 'new.person@example.invalid',
      prefill: null,
    });

    const weak = await accept(token, registration({ givenName: 'Newly' }), 'short');
    expect(weak.statusCode).toBe(422);
    expect(paths(weak)).toContain('/body/password');

    const before = await patientCount();
    const res = await accept(token, registration({ givenName: 'Newly' }));
    expect(res.statusCode).toBe(201);
    expect(await patientCount()).toBe(before + 1);
    const session = portalSession(res);
    const me = await api('GET', '/portal/me', session);
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ givenName: 'Newly' });
    const profile = await api('GET', '/portal/profile', session);
    expect(profile.json()).toMatchObject({ version: 1, recordedByStaff: null });

    // Single use: both the view and a second acceptance answer exactly as for a wrong token.
    const wrong = await api('GET', `/portal/invitations/${'x'.repeat(43)}`, null);
    const used = await api('GET', `/portal/invitations/${token}`, null);
    expect(used.statusCode).toBe(404);
    expect(used.json().detail).toBe(wrong.json().detail);
    const again = await accept(token, registration({ givenName: 'Again' }));
    expect(again.statusCode).toBe(404);
    expect(await patientCount()).toBe(before + 1);
  });

  it('expires after 7 days', async () => {
    const token = await invite('late.person@example.invalid');
    t.clock.advanceMinutes(7 * 24 * 60 + 1);
    const res = await api('GET', `/portal/invitations/${token}`, null);
    expect(res.statusCode).toBe(404);
    expect((await accept(token, registration())).statusCode).toBe(404);
    // Staff sessions ended with the clock: sign in again.
    frontDesk = await signInAsDemo(t.app, t.clock, 'front_desk');
    nurse = await signInAsDemo(t.app, t.clock, 'nurse');
    portalAlpha = await signInAsDemo(t.app, t.clock, 'patient');
    nurseB = await signIn(t.app, { email: 'nurse@clinic-b.example', password: DEMO_PASSWORD });
  });

  it('links to a patient front desk registered, once the birth date matches', async () => {
    const created = (await api('POST', `/clinics/${clinicA}/patients`, frontDesk, registration())).json();
    const token = await invite('registered.person@example.invalid', created.patientId);
    const view = (await api('GET', `/portal/invitations/${token}`, null)).json();
    expect(view.prefill).toEqual({
      givenName: 'Test',
      familyName: 'Synthetic-Intake',
      preferredName: 'Testy',
    });

    const mismatch = await accept(token, registration({ birthDate: '1985-06-16' }));
    expect(mismatch.statusCode).toBe(422);
    expect(paths(mismatch)).toContain('/body/details/birthDate');

    const before = await patientCount();
    const res = await accept(token, registration({ phone: '555-010-3000' }));
    expect(res.statusCode).toBe(201);
    expect(await patientCount()).toBe(before);
    const profile = (await api('GET', '/portal/profile', portalSession(res))).json();
    expect(profile).toMatchObject({
      patientId: created.patientId,
      version: 2,
      details: { phone: '555-010-3000' },
    });
  });

  it('refuses an email that already has a portal account', async () => {
    const token = await invite('patient@demo-clinic.example');
    const res = await accept(token, registration());
    expect(res.statusCode).toBe(409);
    // Nothing happened: the invitation still works.
    expect((await api('GET', `/portal/invitations/${token}`, null)).statusCode).toBe(200);
  });
});

describe('portal intake, review and facts', () => {
  let session: SignedIn;
  let patientId: string;
  let submissionId: string;

  beforeAll(async () => {
    const token = await invite('intake.person@example.invalid');
    const res = await accept(token, registration({ givenName: 'Intake' }));
    session = portalSession(res);
    patientId = (await api('GET', '/portal/me', session)).json().id;
  });

  it('autosaves with revisions: a stale save is refused and nothing typed is lost', async () => {
    expect((await api('GET', '/portal/intake', session)).json()).toMatchObject({
      status: 'not_started',
      revision: 0,
    });
    const partial: IntakeContent = {
      weight: { value: 0, unit: 'kg' },
      medications: [{ name: 'Something I take' }],
    };
    const first = await api('PUT', '/portal/intake', session, { content: partial, revision: 0 });
    expect(first.statusCode).toBe(200);
    expect(first.json().revision).toBe(1);
    const stale = await api('PUT', '/portal/intake', session, { content: {}, revision: 0 });
    expect(stale.statusCode).toBe(409);
    const got = (await api('GET', '/portal/intake', session)).json();
    expect(got).toMatchObject({ status: 'draft', revision: 1, content: partial });

    const unknownField = await api('PUT', '/portal/intake', session, {
      content: { shoeSize: 9 },
      revision: 1,
    });
    expect(unknownField.statusCode).toBe(422);
    expect(paths(unknownField)).toContain('/body/content/shoeSize');
  });

  it('submission checks completeness, values and codes with /content paths', async () => {
    const res = await api('POST', '/portal/intake/submit', session);
    expect(res.statusCode).toBe(422);
    const found = paths(res);
    expect(found).toEqual(
      expect.arrayContaining([
        '/content/weight/value',
        '/content/height/value',
        '/content/medicalHistory/hypertension',
        '/content/psychiatricHistory/psychosis',
        '/content/allergies',
      ]),
    );
    const withBadCode = { ...completeIntake(), diagnoses: [{ icd10: 'X99.99' }] };
    await api('PUT', '/portal/intake', session, { content: withBadCode, revision: 1 });
    const bad = await api('POST', '/portal/intake/submit', session);
    expect(paths(bad)).toEqual(['/content/diagnoses/0/icd10']);
  });

  it('submits a complete intake and keeps the draft', async () => {
    await api('PUT', '/portal/intake', session, { content: completeIntake(), revision: 2 });
    const res = await api('POST', '/portal/intake/submit', session);
    expect(res.statusCode).toBe(201);
    submissionId = res.json().submissionId;
    const got = (await api('GET', '/portal/intake', session)).json();
    expect(got).toMatchObject({ status: 'submitted', revision: 3, content: completeIntake() });
  });

  it('staff see the submission with the facts review would record', async () => {
    const res = await api('GET', `/clinics/${clinicA}/patients/${patientId}/intake`, nurse);
    expect(res.statusCode).toBe(200);
    const [submission] = res.json().submissions;
    expect(submission.id).toBe(submissionId);
    expect(submission.proposed.conditions).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ icd10: 'F33.2', category: 'diagnosis' }),
        expect.objectContaining({ icd10: 'I10', category: 'history' }),
        expect.objectContaining({ icd10: 'F12.11', category: 'history' }),
      ]),
    );
    // 'unsure' proposes nothing: staff ask.
    expect(submission.proposed.conditions.map((c: { icd10: string }) => c.icd10)).not.toContain('G47.33');
  });

  it('front desk may not review; a review with an unknown code writes nothing', async () => {
    const url = `/clinics/${clinicA}/patients/${patientId}/intake/${submissionId}/review`;
    expect((await api('POST', url, frontDesk, {})).statusCode).toBe(403);
    const facts = {
      conditions: [{ icd10: 'Q99.99', category: 'history' }],
      medications: [],
      allergies: [],
      priorTreatments: [],
      measurements: [{ measure: 'weight', value: 0, unit: 'kg' }],
    };
    const res = await api('POST', url, nurse, { facts });
    expect(res.statusCode).toBe(422);
    expect(paths(res)).toEqual(['/body/facts/conditions/0/icd10', '/body/facts/measurements/0/value']);
    const [sub] = await t.database.db
      .select()
      .from(intakeSubmission)
      .where(eq(intakeSubmission.id, submissionId));
    expect(sub!.reviewedAt).toBeNull();
    expect(await t.database.db.select().from(condition).where(eq(condition.patientId, patientId))).toEqual(
      [],
    );
    expect(vi.mocked(rescreen)).not.toHaveBeenCalled();
  });

  it('review records coded facts, marks the submission reviewed and re-runs screening once', async () => {
    const url = `/clinics/${clinicA}/patients/${patientId}/intake/${submissionId}/review`;
    const res = await api('POST', url, nurse, {});
    expect(res.statusCode).toBe(200);
    const { facts } = res.json();
    expect(facts.conditions.map((c: { icd10: string }) => c.icd10).sort()).toEqual([
      'F12.11',
      'F33.2',
      'I10',
    ]);
    expect(facts.medications).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          rxnorm: '6470',
          name: 'lorazepam',
          drugClass: 'benzodiazepine',
          dailyDoseMicrograms: 2000,
          source: 'intake',
          intakeSubmissionId: submissionId,
        }),
        expect.objectContaining({ rxnorm: null, name: 'Sleepwell herbal blend', drugClass: null }),
      ]),
    );
    expect(facts.priorTreatments).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          kind: 'antidepressant',
          name: 'sertraline',
          drugClass: 'ssri',
          durationWeeks: 12,
          outcome: 'none',
        }),
        expect.objectContaining({
          kind: 'antidepressant',
          name: 'venlafaxine',
          rxnorm: '39786',
          drugClass: 'snri',
        }),
        expect.objectContaining({ kind: 'psychotherapy', outcome: 'partial' }),
      ]),
    );
    expect(facts.measurements).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ measure: 'weight', loinc: '29463-7', value: 69853, unit: 'g' }),
        expect.objectContaining({ measure: 'height', loinc: '8302-2', value: 1700, unit: 'mm' }),
      ]),
    );
    expect(vi.mocked(rescreen)).toHaveBeenCalledTimes(1);
    expect(vi.mocked(rescreen)).toHaveBeenCalledWith(
      expect.anything(),
      t.clock,
      clinicA,
      patientId,
      'intake_reviewed',
    );

    const runs = await t.database.db.select().from(screeningRun).where(eq(screeningRun.patientId, patientId));
    expect(runs.map((r) => r.trigger)).toContain('intake_reviewed');

    const again = await api('POST', url, nurse, {});
    expect(again.statusCode).toBe(409);
    expect((await api('GET', '/portal/intake', session)).json().status).toBe('reviewed');
  });

  it('staff add facts directly; unknown codes and weight 0 get field-level 422s', async () => {
    const base = `/clinics/${clinicA}/patients/${patientId}`;
    const unknownCode = await api('POST', `${base}/conditions`, nurse, {
      icd10: 'X99.99',
      category: 'history',
    });
    expect(unknownCode.statusCode).toBe(422);
    expect(paths(unknownCode)).toEqual(['/body/icd10']);
    const weight0 = await api('POST', `${base}/measurements`, nurse, {
      measure: 'weight',
      value: 0,
      unit: 'kg',
    });
    expect(paths(weight0)).toEqual(['/body/value']);
    const wrongUnit = await api('POST', `${base}/measurements`, nurse, {
      measure: 'weight',
      value: 70,
      unit: 'cm',
    });
    expect(paths(wrongUnit)).toEqual(['/body/unit']);
    const unknownDrug = await api('POST', `${base}/medications`, nurse, { rxnorm: '99999999' });
    expect(paths(unknownDrug)).toEqual(['/body/rxnorm']);
    const impossibleOnset = await api('POST', `${base}/conditions`, nurse, {
      icd10: 'I10',
      category: 'history',
      onset: '2025-02-30',
    });
    expect(paths(impossibleOnset)).toEqual(['/body/onset']);
    expect(vi.mocked(rescreen)).not.toHaveBeenCalled();

    const added = await api('POST', `${base}/medications`, nurse, {
      rxnorm: '28439',
      doseText: '200 mg daily',
    });
    expect(added.statusCode).toBe(201);
    expect(added.json()).toMatchObject({
      name: 'lamotrigine',
      drugClass: 'anticonvulsant',
      source: 'staff',
      status: 'active',
    });
    expect(vi.mocked(rescreen)).toHaveBeenCalledWith(
      expect.anything(),
      t.clock,
      clinicA,
      patientId,
      'medication_added',
    );
    const bp = await api('POST', `${base}/measurements`, nurse, {
      measure: 'systolic',
      value: 128,
      unit: 'mm[Hg]',
    });
    expect(bp.json()).toMatchObject({ loinc: '8480-6', value: 128 });
  });

  it('corrections are new rows naming the one replaced; a replaced entry cannot be corrected again', async () => {
    const base = `/clinics/${clinicA}/patients/${patientId}`;
    const { facts } = (await api('GET', `${base}/intake`, nurse)).json();
    const herbal = facts.medications.find((m: { name: string }) => m.name === 'Sleepwell herbal blend');
    const classed = await api('POST', `${base}/medications/${herbal.id}/corrections`, nurse, {
      kind: 'amend',
      reason: 'Classed by staff',
      drugClass: 'sedative_hypnotic',
    });
    expect(classed.statusCode).toBe(201);
    expect(classed.json()).toMatchObject({
      replacesId: herbal.id,
      name: 'Sleepwell herbal blend',
      drugClass: 'sedative_hypnotic',
      doseText: herbal.doseText,
      status: 'active',
    });
    expect(vi.mocked(rescreen)).toHaveBeenLastCalledWith(
      expect.anything(),
      t.clock,
      clinicA,
      patientId,
      'medication_added',
    );
    const twice = await api('POST', `${base}/medications/${herbal.id}/corrections`, nurse, {
      kind: 'stop',
      reason: 'Stopped',
    });
    expect(twice.statusCode).toBe(409);

    const stopped = await api('POST', `${base}/medications/${classed.json().id}/corrections`, nurse, {
      kind: 'stop',
      reason: 'Patient stopped it',
    });
    expect(stopped.json()).toMatchObject({ status: 'inactive', drugClass: 'sedative_hypnotic' });

    const hypertension = facts.conditions.find((c: { icd10: string }) => c.icd10 === 'I10');
    const retracted = await api('POST', `${base}/conditions/${hypertension.id}/corrections`, nurse, {
      kind: 'entered-in-error',
      reason: 'Wrong patient answer',
    });
    expect(retracted.statusCode).toBe(201);
    const badAmend = await api('POST', `${base}/conditions/${retracted.json().id}/corrections`, nurse, {
      kind: 'amend',
      reason: 'try again',
      icd10: 'I10',
    });
    expect(badAmend.statusCode).toBe(409);

    const weight = facts.measurements.find((m: { measure: string }) => m.measure === 'weight');
    const noStop = await api('POST', `${base}/measurements/${weight.id}/corrections`, nurse, {
      kind: 'stop',
      reason: 'n/a',
    });
    expect(noStop.statusCode).toBe(422);
    const amended = await api('POST', `${base}/measurements/${weight.id}/corrections`, nurse, {
      kind: 'amend',
      reason: 'Weighed in clinic',
      value: 71.2,
      unit: 'kg',
    });
    expect(amended.json()).toMatchObject({ value: 71200, replacesId: weight.id });

    const now = (await api('GET', `${base}/intake`, nurse)).json().facts;
    expect(now.conditions.map((c: { icd10: string }) => c.icd10)).not.toContain('I10');
    expect(now.medications.find((m: { name: string }) => m.name === 'Sleepwell herbal blend').status).toBe(
      'inactive',
    );
    expect(now.measurements.filter((m: { measure: string }) => m.measure === 'weight')).toHaveLength(1);
    // The old rows stay.
    const rows = await t.database.db
      .select()
      .from(medicationStatement)
      .where(eq(medicationStatement.patientId, patientId));
    expect(rows.filter((r) => r.name === 'Sleepwell herbal blend')).toHaveLength(3);
  });

  it('scope: another clinic gets 404, a patient reaches only their own record', async () => {
    const base = `/clinics/${clinicB}/patients/${patientId}`;
    expect((await api('GET', `${base}/intake`, nurseB)).statusCode).toBe(404);
    const { facts } = (await api('GET', `/clinics/${clinicA}/patients/${patientId}/intake`, nurse)).json();
    const lamotrigine = facts.medications.find((m: { name: string }) => m.name === 'lamotrigine');
    const res = await api('POST', `${base}/medications/${lamotrigine.id}/corrections`, nurseB, {
      kind: 'stop',
      reason: 'not mine',
    });
    expect(res.statusCode).toBe(404);
    expect(
      (await api('POST', `${base}/conditions`, nurseB, { icd10: 'I10', category: 'history' })).statusCode,
    ).toBe(404);
    // The portal patient cannot use staff routes for anyone, and their own portal shows only their own draft.
    expect(
      (await api('GET', `/clinics/${clinicA}/patients/${patientId}/intake`, portalAlpha)).statusCode,
    ).toBe(403);
    const own = (await api('GET', '/portal/intake', portalAlpha)).json();
    expect(own.content).not.toEqual(completeIntake());
    expect((await api('GET', '/portal/profile', portalAlpha)).json()).toMatchObject({
      patientId: alphaId,
      version: 1,
    });
  });

  it('the demo patient has a reviewed intake: MDD, two trials, an SSRI and a low-dose benzodiazepine', async () => {
    const { submissions, facts } = (
      await api('GET', `/clinics/${clinicA}/patients/${alphaId}/intake`, nurse)
    ).json();
    expect(submissions).toHaveLength(1);
    expect(submissions[0].reviewedAt).not.toBeNull();
    expect(facts.conditions.map((c: { icd10: string }) => c.icd10)).toEqual(['F33.2']);
    expect(facts.medications.map((m: { drugClass: string }) => m.drugClass).sort()).toEqual([
      'benzodiazepine',
      'ssri',
    ]);
    expect(facts.priorTreatments).toHaveLength(3);
    expect(facts.measurements).toHaveLength(2);
  });

  it('code lists are searchable by staff and in the portal', async () => {
    const staff = await api('GET', `/clinics/${clinicA}/codes/conditions?search=recurrent severe`, nurse);
    expect(staff.json().codes.map((c: { code: string }) => c.code)).toContain('F33.2');
    const meds = await api('GET', '/portal/codes/medications?search=lorazepam', session);
    expect(meds.json().medications).toEqual([
      expect.objectContaining({ rxnorm: '6470', drugClass: 'benzodiazepine', diazepamEquivalentFactor: 10 }),
    ]);
  });
});
