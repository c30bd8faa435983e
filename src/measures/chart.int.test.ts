import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemo } from '../demo/demo.js';
import { staff } from '../identity/schema.js';
import { clinic } from '../organisation/schema.js';
import { patient } from '../patient/schema.js';
import { clinicSetting } from '../settings/schema.js';
import { createTestApp, type TestApp } from '../testing/app.js';
import { type SignedIn, signInAsDemo } from '../testing/auth.js';
import type { PatientMeasures } from './model.js';
import { measuresSettings } from './settings.js';
import type { TreatmentDose, TreatmentTimeline, TreatmentTimelineSource } from './timeline.js';

/**
 * The clinician's chart against a fixture treatment timeline: baseline (the last valid score before the first
 * dose), response at exactly 50 %, the non-response flag after the clinic's number of induction sessions, the
 * relapse watch in maintenance, and treatment markers.
 */
const timelines = new Map<string, TreatmentTimeline>();
const treatment: TreatmentTimelineSource = {
  async timelines(_db, _clinicId, patientIds) {
    return new Map([...timelines].filter(([id]) => patientIds === 'all' || patientIds.includes(id)));
  },
};

let t: TestApp;
let clinicId: string;
let nurse: SignedIn;

const day = (n: number) => new Date(Date.UTC(2026, 0, 1, 15) + n * 86_400_000);
const dose = (
  n: number,
  phase: TreatmentDose['phase'] = 'induction',
  doseChanged = false,
): TreatmentDose => ({
  at: day(n),
  route: 'iv',
  protocol: 'IV 0.5 mg/kg over 40 min',
  phase,
  doseChanged,
  label: doseChanged ? `Session, dose raised (day ${n})` : `Session (day ${n})`,
});

beforeAll(async () => {
  t = await createTestApp({}, { treatment });
  await loadDemo(t.database, t.clock);
  [{ id: clinicId }] = (await t.database.db.select({ id: clinic.id }).from(clinic)) as [{ id: string }];
  nurse = await signInAsDemo(t.app, t.clock, 'nurse');
}, 120_000);
afterAll(async () => t?.close());

async function newPatient(name: string): Promise<string> {
  const [row] = await t.database.db
    .insert(patient)
    .values({
      clinicId,
      givenName: name,
      familyName: 'Demo-Patient',
      birthDate: '1970-01-01',
      createdAt: day(-30),
    })
    .returning({ id: patient.id });
  return row!.id;
}

/** Nine PHQ-9 answers adding up to `total`, highest first, item 9 left at 0. */
function phq9Total(total: number) {
  return Array.from({ length: 9 }, (_, i) => ({
    linkId: `phq-9-${i + 1}`,
    value: i === 8 ? 0 : Math.max(0, Math.min(3, total - i * 3)),
  }));
}

async function recordPhq9(patientId: string, n: number, total: number | 'incomplete') {
  const answers = total === 'incomplete' ? phq9Total(12).slice(0, 6) : phq9Total(total);
  const res = await t.app.inject({
    method: 'POST',
    url: `/api/clinics/${clinicId}/patients/${patientId}/responses`,
    headers: nurse.headers,
    payload: { instrumentId: 'phq-9', instrumentVersion: '1.0.0', authoredAt: day(n).toISOString(), answers },
  });
  expect(res.statusCode).toBe(201);
  return res.json().score.id as string;
}

async function chartOf(patientId: string): Promise<PatientMeasures> {
  const res = await t.app.inject({
    method: 'GET',
    url: `/api/clinics/${clinicId}/patients/${patientId}/measures`,
    headers: nurse.headers,
  });
  expect(res.statusCode).toBe(200);
  return res.json();
}
const phq9Of = (measures: PatientMeasures) =>
  measures.trends.find((trend) => trend.instrumentId === 'phq-9')!;
const induction = [10, 13, 17, 20, 24, 27];

describe('baseline and response', () => {
  it('uses the last valid score before the first dose, and calls exactly 50 % a response', async () => {
    const id = await newPatient('Responder');
    await recordPhq9(id, 1, 22);
    const baselineId = await recordPhq9(id, 5, 20);
    await recordPhq9(id, 8, 'incomplete');
    await recordPhq9(id, 28, 10);
    timelines.set(id, { doses: induction.map((n, i) => dose(n, 'induction', i === 2)), diagnosis: 'F33.2' });

    const measures = await chartOf(id);
    const trend = phq9Of(measures);
    expect(trend.scores.map((s) => s.total)).toEqual([22, 20, null, 10]);
    expect(trend.baseline?.id).toBe(baselineId);
    expect(trend.latest?.total).toBe(10);
    expect(trend.outcome).toEqual({ change: -10, percentChange: -50, response: true, remission: false });
    expect(trend.outcomeNote).toBeNull();
    expect(measures.firstDoseAt).toBe(day(10).toISOString());
    expect(measures.markers.map((m) => m.kind)).toEqual([
      'session',
      'session',
      'dose_change',
      'session',
      'session',
      'session',
    ]);
    expect(measures.nonResponse).toEqual({ flagged: false, inductionSessionsDone: 6, threshold: 6 });
    expect(measures.relapse).toBeNull();
  });

  it('says plainly when there is no baseline', async () => {
    const id = await newPatient('NoBaseline');
    await recordPhq9(id, 12, 18);
    timelines.set(id, { doses: [dose(10)], diagnosis: null });
    const trend = phq9Of(await chartOf(id));
    expect(trend.baseline).toBeNull();
    expect(trend.outcome).toBeNull();
    expect(trend.outcomeNote).toBe(
      'No valid score before the first dose, so there is no baseline and no response figure.',
    );
  });
});

describe('non-response', () => {
  it('flags no response after the clinic’s number of induction sessions, not before', async () => {
    const id = await newPatient('NonResponder');
    await recordPhq9(id, 5, 20);
    await recordPhq9(id, 28, 11);
    timelines.set(id, { doses: induction.slice(0, 5).map((n) => dose(n)), diagnosis: null });
    expect((await chartOf(id)).nonResponse).toEqual({
      flagged: false,
      inductionSessionsDone: 5,
      threshold: 6,
    });
    timelines.set(id, { doses: induction.map((n) => dose(n)), diagnosis: null });
    const measures = await chartOf(id);
    expect(phq9Of(measures).outcome?.response).toBe(false);
    expect(measures.nonResponse).toEqual({ flagged: true, inductionSessionsDone: 6, threshold: 6 });

    const [owner] = await t.database.db.select({ id: staff.id }).from(staff).limit(1);
    await t.database.db.insert(clinicSetting).values({
      clinicId,
      groupKey: measuresSettings.key,
      version: 1,
      values: { ...measuresSettings.defaults, nonResponseAfterInductionSessions: 7 },
      reason: 'Seven-session induction protocol',
      changedBy: owner!.id,
      changedAt: t.clock.now(),
    });
    expect((await chartOf(id)).nonResponse).toEqual({
      flagged: false,
      inductionSessionsDone: 6,
      threshold: 7,
    });
  });
});

describe('relapse watch', () => {
  it('suggests a booster in maintenance when PHQ-9 climbs back, with the scores behind it', async () => {
    const id = await newPatient('Relapse');
    await recordPhq9(id, 5, 22);
    const postInduction = await recordPhq9(id, 29, 6);
    const climbing = await recordPhq9(id, 45, 8);
    const latest = await recordPhq9(id, 58, 11);
    timelines.set(id, {
      doses: [...induction.map((n) => dose(n)), dose(35, 'maintenance'), dose(50, 'maintenance')],
      diagnosis: null,
    });
    const measures = await chartOf(id);
    expect(measures.relapse).toEqual({
      reason:
        'PHQ-9 up 5 points from the post-induction level (6 → 11); PHQ-9 back at 10 or above (now 11): consider a booster.',
      referenceTotal: 6,
      latestTotal: 11,
      scoreIds: [postInduction, climbing, latest],
    });
    // A response figure still refers to the pre-treatment baseline.
    expect(phq9Of(measures).outcome).toMatchObject({ change: -11, response: true });
  });
});
