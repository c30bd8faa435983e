import { and, count, eq, notLike } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEntry } from '../audit/schema.js';
import { DEMO_PASSWORD, demoLogins, loadDemo } from '../demo/demo.js';
import { hashPassword } from '../identity/crypto.js';
import { insertStaff } from '../identity/staff-service.js';
import {
  bodyMeasurement,
  condition,
  medicationStatement,
  patientProfile,
  priorTreatment,
} from '../intake/schema.js';
import { clinic } from '../organisation/schema.js';
import { createOrganisationWithClinic } from '../organisation/service.js';
import { patient } from '../patient/schema.js';
import { createTestApp, type TestApp } from '../testing/app.js';
import { type SignedIn, signIn, signInAsDemo, totpAt } from '../testing/auth.js';
import { defaultRules } from './defaults.js';
import type { Route } from './engine.js';
import type { ScreeningView } from './model.js';
import { eligibilityDecision, screeningRun } from './schema.js';
import { eligibilityFor, rescreen, type ScreeningTrigger } from './service.js';

/**
 * Screening through the HTTP API over facts written straight into the intake tables: the checklist, a decision
 * per route, refusals for absolute contraindications, overrides that need a step-up, an approved patient who
 * matches a new contraindication needing review, stale runs, clinic rule-set versions, and clinic scope.
 */
let t: TestApp;
let clinicId: string;
let otherClinicId: string;
let prescriber: SignedIn;
let nurse: SignedIn;
let frontDesk: SignedIn;
let otherNurse: SignedIn;
let otherPatient: string;

beforeAll(async () => {
  t = await createTestApp();
  await loadDemo(t.database, t.clock);
  [{ id: clinicId }] = (await t.database.db.select({ id: clinic.id }).from(clinic)) as [{ id: string }];
  const hash = await hashPassword(DEMO_PASSWORD);
  await t.database.transaction(async (tx) => {
    const created = await createOrganisationWithClinic(
      t.database,
      t.clock,
      {
        organisationName: 'Other Screening Org (synthetic)',
        clinic: {
          name: 'Screening Clinic B',
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
    otherClinicId = created.clinic.id;
    await insertStaff(tx, t.clock, {
      organisationId: created.organisationId,
      clinicId: otherClinicId,
      fullName: 'Clinic B Screening Nurse',
      email: 'nurse@screening-b.example',
      roles: ['nurse'],
      passwordHash: hash,
    });
  });
  otherPatient = await newPatient('Zeta', otherClinicId);
  prescriber = await signInAsDemo(t.app, t.clock, 'prescriber');
  nurse = await signInAsDemo(t.app, t.clock, 'nurse');
  frontDesk = await signInAsDemo(t.app, t.clock, 'front_desk');
  otherNurse = await signIn(t.app, { email: 'nurse@screening-b.example', password: DEMO_PASSWORD });
}, 120_000);
afterAll(async () => t?.close());

// ── Facts, written as the intake service would ───────────────────────────────────────────────────────────────

async function newPatient(givenName: string, inClinic = clinicId, birthDate = '1980-03-15'): Promise<string> {
  const [row] = await t.database.db
    .insert(patient)
    .values({
      clinicId: inClinic,
      givenName,
      familyName: 'Screening-Test',
      birthDate,
      createdAt: t.clock.now(),
    })
    .returning({ id: patient.id });
  return row!.id;
}

const fact = (patientId: string) => ({
  clinicId,
  patientId,
  status: 'active',
  source: 'staff',
  recordedAt: t.clock.now(),
});

/** Recurrent MDD, two failed antidepressants of two classes, CBT, normal blood pressure, living in Oregon. */
async function eligiblePatient(givenName: string): Promise<string> {
  const id = await newPatient(givenName);
  const db = t.database.db;
  await db.insert(patientProfile).values({
    clinicId,
    patientId: id,
    version: 1,
    details: {},
    state: 'OR',
    recordedAt: t.clock.now(),
  });
  await db.insert(condition).values({
    ...fact(id),
    icd10: 'F33.1',
    display: 'Major depressive disorder, recurrent, moderate',
    category: 'diagnosis',
  });
  await db.insert(priorTreatment).values([
    {
      ...fact(id),
      kind: 'antidepressant',
      name: 'Escitalopram',
      drugClass: 'ssri',
      durationWeeks: 8,
      outcome: 'none',
    },
    {
      ...fact(id),
      kind: 'antidepressant',
      name: 'Venlafaxine',
      drugClass: 'snri',
      durationWeeks: 10,
      outcome: 'none',
    },
    { ...fact(id), kind: 'psychotherapy', name: 'CBT', durationWeeks: 16, outcome: 'partial' },
  ]);
  await bloodPressure(id, 128, 82, '2026-03-01T15:00:00Z');
  await again(id, 'intake_reviewed');
  return id;
}

async function bloodPressure(patientId: string, systolic: number, diastolic: number, at: string) {
  const effectiveAt = new Date(at);
  await t.database.db.insert(bodyMeasurement).values([
    { ...fact(patientId), loinc: '8480-6', value: systolic, unit: 'mm[Hg]', effectiveAt },
    { ...fact(patientId), loinc: '8462-4', value: diastolic, unit: 'mm[Hg]', effectiveAt },
  ]);
}

async function addMedication(
  patientId: string,
  values: { name: string } & Partial<typeof medicationStatement.$inferInsert>,
) {
  const [row] = await t.database.db
    .insert(medicationStatement)
    .values({ ...fact(patientId), ...values })
    .returning({ id: medicationStatement.id });
  return row!.id;
}

const again = (patientId: string, trigger: ScreeningTrigger = 'medication_added') =>
  t.database.transaction((tx) => rescreen(tx, t.clock, clinicId, patientId, trigger));

// ── HTTP helpers ─────────────────────────────────────────────────────────────────────────────────────────────

const base = (patientId: string, inClinic = clinicId) => `/api/clinics/${inClinic}/patients/${patientId}`;

async function view(patientId: string, who = prescriber): Promise<ScreeningView> {
  const res = await t.app.inject({
    method: 'GET',
    url: `${base(patientId)}/screening`,
    headers: who.headers,
  });
  expect(res.statusCode).toBe(200);
  return res.json();
}

const statusOf = async (patientId: string, route: Route) =>
  (await view(patientId)).eligibility.find((e) => e.route === route);

async function decideOn(
  patientId: string,
  body: {
    route: Route;
    decision?: 'approved' | 'declined';
    rationale?: string;
    overrides?: object[];
    screeningRunId?: string;
  },
  who = prescriber,
) {
  const screeningRunId = body.screeningRunId ?? (await view(patientId)).run?.id;
  return t.app.inject({
    method: 'POST',
    url: `${base(patientId)}/eligibility`,
    headers: who.headers,
    payload: {
      decision: 'approved',
      rationale: 'Meets criteria; discussed with the patient',
      ...body,
      screeningRunId,
    },
  });
}

async function stepUp(who: SignedIn = prescriber) {
  t.clock.advanceMinutes(1);
  const secret = demoLogins.find((l) => l.role === 'prescriber')!.totpSecret!;
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/auth/step-up',
    headers: who.headers,
    payload: { password: DEMO_PASSWORD, totp: await totpAt(secret, t.clock) },
  });
  expect(res.statusCode).toBe(200);
}

async function decisionsOf(patientId: string) {
  const [row] = await t.database.db
    .select({ n: count() })
    .from(eligibilityDecision)
    .where(eq(eligibilityDecision.patientId, patientId));
  return row!.n;
}

async function writeAudits(patientId: string) {
  return t.database.db
    .select({ action: auditEntry.action, detail: auditEntry.detail })
    .from(auditEntry)
    .where(
      and(
        eq(auditEntry.patientId, patientId),
        notLike(auditEntry.action, 'read:%'),
        notLike(auditEntry.action, 'denied:%'),
      ),
    );
}

// ── Tests ────────────────────────────────────────────────────────────────────────────────────────────────────

describe('screening checklist and decisions', () => {
  it('shows "not screened" before the first run', async () => {
    const id = await newPatient('Nobody');
    const screening = await view(id);
    expect(screening.run).toBeNull();
    expect(screening.eligibility.map((e) => e.status)).toEqual(Array(4).fill('not_screened'));
  });

  it('lists every rule, none fired, for an eligible patient, with the digest and rule-set version', async () => {
    const id = await eligiblePatient('Alpha');
    const screening = await view(id, frontDesk);
    expect(screening.run).toMatchObject({
      ruleSetVersion: 0,
      ruleSetCurrent: true,
      trigger: 'intake_reviewed',
    });
    expect(screening.run?.inputDigest).toMatch(/^[0-9a-f]{64}$/);
    expect(screening.run?.checklist.map((l) => l.ruleId)).toEqual(defaultRules.map((r) => r.id));
    expect(screening.run?.checklist.filter((l) => l.fired)).toEqual([]);
    expect(screening.eligibility.map((e) => e.status)).toEqual(Array(4).fill('awaiting_decision'));
  });

  it('an automatic re-run over unchanged facts adds no run', async () => {
    const id = await eligiblePatient('Unchanged');
    await again(id, 'profile_changed');
    const [runs] = await t.database.db
      .select({ n: count() })
      .from(screeningRun)
      .where(eq(screeningRun.patientId, id));
    expect(runs!.n).toBe(1);
  });

  it('approves one route without step-up when nothing relative fired, audited without free text', async () => {
    const id = await eligiblePatient('Bravo');
    const res = await decideOn(id, { route: 'iv' });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      decision: {
        route: 'iv',
        decision: 'approved',
        overrides: [],
        decidedBy: { name: 'Dr Demo Prescriber Pat' },
      },
      eligibility: { route: 'iv', status: 'approved', ruleIds: [] },
    });
    expect(await statusOf(id, 'intranasal')).toMatchObject({ status: 'awaiting_decision' });
    const audits = await writeAudits(id);
    expect(audits).toContainEqual({
      action: 'screening.decided',
      detail: {
        route: 'iv',
        decision: 'approved',
        screeningRunId: (await view(id)).run?.id,
        overriddenRuleIds: [],
      },
    });
  });

  it('refuses to approve past an absolute contraindication (409 naming the rule) and writes nothing', async () => {
    const id = await eligiblePatient('Charlie');
    await t.database.db.insert(condition).values({
      ...fact(id),
      icd10: 'I67.1',
      display: 'Cerebral aneurysm, nonruptured',
      category: 'history',
    });
    await again(id, 'condition_added');
    const screening = await view(id);
    expect(screening.eligibility).toContainEqual({
      route: 'im',
      status: 'blocked',
      decisionId: null,
      ruleIds: ['CI-ANEURYSM'],
    });
    const line = screening.run?.checklist.find((l) => l.ruleId === 'CI-ANEURYSM');
    expect(line?.finding?.evidence).toEqual(['Cerebral aneurysm, nonruptured I67.1 (history)']);
    const auditsBefore = (await writeAudits(id)).length;

    const res = await decideOn(id, {
      route: 'im',
      overrides: [{ ruleId: 'CI-ANEURYSM', reason: 'Tiny, stable on the last scan' }],
    });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ type: '/problems/rule-violation', rule: 'CI-ANEURYSM' });
    expect(await decisionsOf(id)).toBe(0);
    expect((await writeAudits(id)).length).toBe(auditsBefore);

    // Declining is always possible.
    const declined = await decideOn(id, { route: 'im', decision: 'declined', rationale: 'Aneurysm: refer' });
    expect(declined.statusCode).toBe(201);
    expect(declined.json().eligibility.status).toBe('blocked');
  });

  it('an approval past a relative finding needs an override for each, then a step-up', async () => {
    const id = await eligiblePatient('Delta');
    await addMedication(id, {
      name: 'Lorazepam',
      rxnorm: '6470',
      drugClass: 'benzodiazepine',
      dailyDoseMicrograms: 2_000,
    });
    await again(id);
    const line = (await view(id)).run?.checklist.find((l) => l.ruleId === 'DDI-BZD-DOSE');
    expect(line?.finding).toMatchObject({
      severity: 'relative',
      evidence: [
        'Lorazepam 2 mg daily ≈ 20 mg diazepam (medication list)',
        'Total 20 mg diazepam-equivalent per day, over 8 mg',
      ],
    });

    const missing = await decideOn(id, { route: 'intranasal' });
    expect(missing.statusCode).toBe(422);
    expect(missing.json().errors).toEqual([
      { path: '/body/overrides', message: 'an override with a reason is needed for DDI-BZD-DOSE' },
    ]);
    const padded = await decideOn(id, {
      route: 'intranasal',
      overrides: [{ ruleId: 'DDI-BZD-DOSE', reason: '   hold     ' }],
    });
    expect(padded.statusCode).toBe(422);
    expect(padded.json().errors.map((e: { path: string }) => e.path)).toEqual(['/body/overrides/0/reason']);
    const unknown = await decideOn(id, {
      route: 'intranasal',
      overrides: [
        { ruleId: 'DDI-BZD-DOSE', reason: 'Will hold the evening dose before sessions' },
        { ruleId: 'CI-HTN', reason: 'Not a finding here at all' },
      ],
    });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json().errors.map((e: { path: string }) => e.path)).toEqual(['/body/overrides/1/ruleId']);

    const overrides = [{ ruleId: 'DDI-BZD-DOSE', reason: 'Will hold the evening dose before sessions' }];
    const noStepUp = await decideOn(id, { route: 'intranasal', overrides });
    expect(noStepUp.statusCode).toBe(403);
    expect(noStepUp.json().type).toBe('/problems/step-up-required');
    expect(await decisionsOf(id)).toBe(0);

    await stepUp();
    const approved = await decideOn(id, { route: 'intranasal', overrides });
    expect(approved.statusCode).toBe(201);
    expect(approved.json().decision.overrides).toEqual(overrides);
    expect(approved.json().eligibility.status).toBe('approved');
    expect(await writeAudits(id)).toContainEqual(
      expect.objectContaining({
        action: 'screening.decided',
        detail: expect.objectContaining({ overriddenRuleIds: ['DDI-BZD-DOSE'] }),
      }),
    );

    // Five minutes later the step-up has lapsed.
    t.clock.advanceMinutes(6);
    prescriber = await signInAsDemo(t.app, t.clock, 'prescriber');
    const lapsed = await decideOn(id, { route: 'iv', overrides });
    expect(lapsed.statusCode).toBe(403);
  });

  it('declining needs no step-up and takes no overrides', async () => {
    const id = await eligiblePatient('Echo');
    await addMedication(id, {
      name: 'Diazepam',
      rxnorm: '3322',
      drugClass: 'benzodiazepine',
      dailyDoseMicrograms: 20_000,
    });
    await again(id);
    const withOverride = await decideOn(id, {
      route: 'oral',
      decision: 'declined',
      overrides: [{ ruleId: 'DDI-BZD-DOSE', reason: 'Will hold the evening dose' }],
    });
    expect(withOverride.statusCode).toBe(422);
    const declined = await decideOn(id, {
      route: 'oral',
      decision: 'declined',
      rationale: 'Benzodiazepine dose first',
    });
    expect(declined.statusCode).toBe(201);
    expect(declined.json().eligibility.status).toBe('declined');
  });

  it('an approved patient who now matches a contraindication needs review; a new caution does not', async () => {
    const id = await eligiblePatient('Foxtrot');
    expect((await decideOn(id, { route: 'iv' })).statusCode).toBe(201);

    await addMedication(id, {
      name: 'Lamotrigine',
      rxnorm: '28439',
      drugClass: 'anticonvulsant',
      dailyDoseMicrograms: 200_000,
    });
    await again(id);
    expect(await statusOf(id, 'iv')).toMatchObject({ status: 'approved' });
    expect((await view(id)).run?.checklist.find((l) => l.ruleId === 'DDI-LAMO')?.finding?.evidence).toEqual([
      'Lamotrigine 200 mg daily (medication list)',
    ]);

    await addMedication(id, {
      name: 'Alprazolam',
      rxnorm: '596',
      drugClass: 'benzodiazepine',
      dailyDoseMicrograms: 2_000,
    });
    await again(id);
    expect(await statusOf(id, 'iv')).toMatchObject({ status: 'review_needed', ruleIds: ['DDI-BZD-DOSE'] });
    expect(await eligibilityFor(t.database.db, clinicId, id, 'iv')).toMatchObject({
      status: 'review_needed',
      ruleIds: ['DDI-BZD-DOSE'],
    });

    // Reviewed: a new approval on the latest run, overriding the new finding.
    await stepUp();
    const reviewed = await decideOn(id, {
      route: 'iv',
      overrides: [{ ruleId: 'DDI-BZD-DOSE', reason: 'Taper agreed with the psychiatrist' }],
    });
    expect(reviewed.statusCode).toBe(201);
    expect(await eligibilityFor(t.database.db, clinicId, id, 'iv')).toMatchObject({ status: 'approved' });
  });

  it('a theophylline prescription blocks an approved route', async () => {
    const id = await eligiblePatient('Golf');
    expect((await decideOn(id, { route: 'im' })).statusCode).toBe(201);
    await addMedication(id, { name: 'Theophylline', rxnorm: '10438', drugClass: 'methylxanthine' });
    await again(id);
    expect(await eligibilityFor(t.database.db, clinicId, id, 'im')).toMatchObject({
      status: 'blocked',
      ruleIds: ['DDI-THEO'],
    });
  });

  it('refuses a decision on a run that is no longer the latest', async () => {
    const id = await eligiblePatient('Hotel');
    const old = (await view(id)).run!.id;
    await bloodPressure(id, 130, 84, '2026-03-02T14:00:00Z');
    await again(id, 'measurement_added');
    const res = await decideOn(id, { route: 'iv', screeningRunId: old });
    expect(res.statusCode).toBe(409);
    expect(res.json().type).toBe('/problems/conflict');
    expect(await decisionsOf(id)).toBe(0);
  });

  it('reads only facts in force and the latest blood pressure', async () => {
    const id = await eligiblePatient('India');
    const [aneurysm] = await t.database.db
      .insert(condition)
      .values({ ...fact(id), icd10: 'I67.1', display: 'Cerebral aneurysm', category: 'history' })
      .returning({ id: condition.id });
    await t.database.db.insert(condition).values({
      ...fact(id),
      status: 'entered-in-error',
      replacesId: aneurysm!.id,
      icd10: 'I67.1',
      display: 'Cerebral aneurysm',
      category: 'history',
    });
    await bloodPressure(id, 192, 104, '2026-03-02T10:00:00Z');
    await bloodPressure(id, 150, 90, '2026-03-02T11:00:00Z');
    await again(id, 'measurement_added');
    expect((await view(id)).run?.checklist.filter((l) => l.fired)).toEqual([]);

    await bloodPressure(id, 186, 96, '2026-03-02T12:00:00Z');
    await again(id, 'measurement_added');
    expect((await view(id)).run?.checklist.find((l) => l.ruleId === 'CI-HTN')?.finding?.evidence).toEqual([
      'Blood pressure systolic 186 mmHg on 2026-03-02, over 180 (latest measurement)',
    ]);
  });

  it('a requested run is recorded and audited', async () => {
    const id = await eligiblePatient('Juliet');
    const res = await t.app.inject({
      method: 'POST',
      url: `${base(id)}/screening/runs`,
      headers: prescriber.headers,
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().run.trigger).toBe('requested');
    expect((await writeAudits(id)).map((a) => a.action)).toContain('screening.ran');
  });
});

describe('scope', () => {
  it('keeps patients inside their clinic and decisions with prescribers', async () => {
    const id = await eligiblePatient('Kilo');
    const otherReads = await t.app.inject({
      method: 'GET',
      url: `${base(id)}/screening`,
      headers: otherNurse.headers,
    });
    expect(otherReads.statusCode).toBe(404);
    const wrongClinic = await t.app.inject({
      method: 'GET',
      url: `${base(otherPatient)}/screening`,
      headers: prescriber.headers,
    });
    expect(wrongClinic.statusCode).toBe(404);
    const nurseDecides = await decideOn(id, { route: 'iv' }, nurse);
    expect(nurseDecides.statusCode).toBe(403);
    const nurseRuns = await t.app.inject({
      method: 'POST',
      url: `${base(id)}/screening/runs`,
      headers: nurse.headers,
    });
    expect(nurseRuns.statusCode).toBe(403);
    const patientPortal = await signInAsDemo(t.app, t.clock, 'patient');
    const portalReads = await t.app.inject({
      method: 'GET',
      url: `${base(id)}/screening`,
      headers: patientPortal.headers,
    });
    expect(portalReads.statusCode).toBe(403);
    expect(await decisionsOf(id)).toBe(0);
  });
});

describe('clinic rule sets', () => {
  const rulesUrl = () => `/api/clinics/${clinicId}/screening/rules`;

  it('starts at the shipped defaults, changes only after step-up with a valid set, and marks older runs', async () => {
    const id = await eligiblePatient('Lima');
    const current = await t.app.inject({ method: 'GET', url: rulesUrl(), headers: nurse.headers });
    expect(current.statusCode).toBe(200);
    expect(current.json()).toMatchObject({ version: 0, changedBy: null, reason: null });
    expect(current.json().rules).toHaveLength(defaultRules.length);
    expect(current.json().stateRules.default.minimumAge).toBe(18);
    const { rules, stateRules } = current.json();

    const stricter = {
      rules,
      stateRules: {
        ...stateRules,
        states: [...stateRules.states, { ...stateRules.default, state: 'OR', minimumAge: 50 }],
      },
      reason: 'Medical director: Oregon review',
    };
    t.clock.advanceMinutes(6);
    prescriber = await signInAsDemo(t.app, t.clock, 'prescriber');
    const noStepUp = await t.app.inject({
      method: 'PUT',
      url: rulesUrl(),
      headers: prescriber.headers,
      payload: stricter,
    });
    expect(noStepUp.statusCode).toBe(403);
    expect(noStepUp.json().type).toBe('/problems/step-up-required');

    await stepUp();
    const badRules = structuredClone(rules);
    badRules[4].criteria[0].icd10Prefixes[1] = 'aneurysm';
    badRules.push({ ...badRules[0] });
    const bad = await t.app.inject({
      method: 'PUT',
      url: rulesUrl(),
      headers: prescriber.headers,
      payload: { ...stricter, rules: badRules },
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().errors.map((e: { path: string }) => e.path)).toContain(
      '/body/rules/4/criteria/0/icd10Prefixes/1',
    );
    const duplicate = structuredClone(rules);
    duplicate.push({ ...duplicate[0] });
    const twice = await t.app.inject({
      method: 'PUT',
      url: rulesUrl(),
      headers: prescriber.headers,
      payload: { ...stricter, rules: duplicate },
    });
    expect(twice.statusCode).toBe(422);
    expect(twice.json().errors).toEqual([
      { path: `/body/rules/${rules.length}/id`, message: '"ELIG-AGE" is used by an earlier rule' },
    ]);

    const changed = await t.app.inject({
      method: 'PUT',
      url: rulesUrl(),
      headers: prescriber.headers,
      payload: stricter,
    });
    expect(changed.statusCode).toBe(200);
    expect(changed.json()).toMatchObject({
      version: 1,
      reason: 'Medical director: Oregon review',
      changedBy: { name: 'Dr Demo Prescriber Pat' },
    });
    const [audit] = await t.database.db
      .select({ detail: auditEntry.detail })
      .from(auditEntry)
      .where(eq(auditEntry.action, 'screening.rules_changed'));
    expect(audit?.detail).toEqual({
      version: 1,
      previousVersion: 0,
      added: [],
      removed: [],
      changed: [],
      stateRulesChanged: true,
    });
    const history = await t.app.inject({
      method: 'GET',
      url: `${rulesUrl()}/history`,
      headers: nurse.headers,
    });
    expect(history.json().versions.map((v: { version: number }) => v.version)).toEqual([1, 0]);

    // The patient's run used version 0 until screened again; then Oregon's minimum age of 50 applies.
    expect((await view(id)).run).toMatchObject({ ruleSetVersion: 0, ruleSetCurrent: false });
    const rerun = await t.app.inject({
      method: 'POST',
      url: `${base(id)}/screening/runs`,
      headers: prescriber.headers,
    });
    expect(rerun.json().run).toMatchObject({ ruleSetVersion: 1, ruleSetCurrent: true });
    expect(rerun.json().eligibility[0]).toMatchObject({ status: 'blocked', ruleIds: ['ELIG-AGE'] });
    expect(rerun.json().run.checklist[0].finding.evidence).toEqual([
      'Age 45 (born 1980-03-15); minimum age 50 in OR',
    ]);
  });
});
