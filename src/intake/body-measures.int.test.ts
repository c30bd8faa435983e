import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadDemo } from '../demo/demo.js';
import { patient } from '../patient/schema.js';
import { createTestApp, type TestApp } from '../testing/app.js';
import { signInAsDemo } from '../testing/auth.js';
import { latestBodyMeasures } from './body-measures.js';

let t: TestApp;
let clinicId: string;
let patientId: string;

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());
beforeEach(async () => {
  await t.database.reset();
  await loadDemo(t.database, t.clock);
  [{ clinicId, id: patientId }] = (await t.database.db
    .select({ clinicId: patient.clinicId, id: patient.id })
    .from(patient)) as [{ clinicId: string; id: string }];
  t.clock.advanceMinutes(10);
});

describe('body measures for dosing', () => {
  it('reads the reviewed intake weight and height, and the sex at birth from registration', async () => {
    // The demo intake: 168 cm, 72 kg, female.
    const measures = await latestBodyMeasures(t.database.db, clinicId, patientId);
    expect(measures).toMatchObject({ weightGrams: 72_000, heightMm: 1680, sexAtBirth: 'female' });
    expect(measures.weightMeasuredAt).toBeInstanceOf(Date);
  });

  it('takes the latest weight by when it was measured, and ignores one entered in error', async () => {
    const nurse = await signInAsDemo(t.app, t.clock, 'nurse');
    const record = (payload: object) =>
      t.app.inject({
        method: 'POST',
        url: `/api/clinics/${clinicId}/patients/${patientId}/measurements`,
        headers: nurse.headers,
        payload,
      });
    const today = await record({ measure: 'weight', value: 70.4, unit: 'kg' });
    expect(today.statusCode).toBe(201);
    // Typed in later, but measured a year ago: not today's weight.
    const old = await record({
      measure: 'weight',
      value: 90,
      unit: 'kg',
      effectiveAt: new Date(t.clock.now().getTime() - 365 * 86_400_000).toISOString(),
    });
    expect(old.statusCode).toBe(201);
    expect(await latestBodyMeasures(t.database.db, clinicId, patientId)).toMatchObject({
      weightGrams: 70_400,
      weightMeasuredAt: t.clock.now(),
    });

    t.clock.advanceMinutes(1);
    const retract = await t.app.inject({
      method: 'POST',
      url: `/api/clinics/${clinicId}/patients/${patientId}/measurements/${today.json().id}/corrections`,
      headers: nurse.headers,
      payload: { kind: 'entered-in-error', reason: 'wrong patient' },
    });
    expect(retract.statusCode).toBe(201);
    expect((await latestBodyMeasures(t.database.db, clinicId, patientId)).weightGrams).toBe(72_000);
  });

  it('knows nothing of a patient of another clinic', async () => {
    const otherClinic = '00000000-0000-7000-8000-000000000000';
    expect(await latestBodyMeasures(t.database.db, otherClinic, patientId)).toEqual({
      weightGrams: null,
      weightMeasuredAt: null,
      heightMm: null,
      sexAtBirth: null,
    });
  });
});
