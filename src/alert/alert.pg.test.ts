import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemo } from '../demo/demo.js';
import { clinic } from '../organisation/schema.js';
import { patient } from '../patient/schema.js';
import { createTestApp, type TestApp } from '../testing/app.js';
import { type SignedIn, signInAsDemo } from '../testing/auth.js';
import { alertAcknowledgement } from './schema.js';
import { raiseAlert } from './service.js';

/** PostgreSQL only: two clinicians acknowledging the same alert at the same moment, on separate connections. */
let t: TestApp;
let clinicId: string;
let patientId: string;
let nurse: SignedIn;
let prescriber: SignedIn;

beforeAll(async () => {
  t = await createTestApp();
  await loadDemo(t.database, t.clock);
  [{ id: clinicId }] = (await t.database.db.select({ id: clinic.id }).from(clinic)) as [{ id: string }];
  [{ id: patientId }] = (await t.database.db.select({ id: patient.id }).from(patient)) as [{ id: string }];
  nurse = await signInAsDemo(t.app, t.clock, 'nurse');
  t.clock.advanceMinutes(1);
  prescriber = await signInAsDemo(t.app, t.clock, 'prescriber');
});
afterAll(async () => t?.close());

describe('concurrent acknowledgement', () => {
  it('gives one 201 and one 409, never a 500, and keeps exactly one acknowledgement', async () => {
    expect(t.database.engine).toBe('postgres');
    for (let round = 0; round < 10; round++) {
      const alertId = await t.database.transaction((tx) =>
        raiseAlert(tx, t.clock, {
          clinicId,
          patientId,
          kind: 'suicide_risk',
          severity: 'critical',
          title: 'PHQ-9 item 9 answered above 0',
          detail: 'race round',
          sourceType: 'questionnaire_response',
          sourceId: '00000000-0000-7000-8000-000000000001',
        }),
      );
      const url = `/api/clinics/${clinicId}/alerts/${alertId}/acknowledgement`;
      const results = await Promise.all([
        t.app.inject({
          method: 'POST',
          url,
          headers: nurse.headers,
          payload: { action: 'contacted_patient', note: 'Called her' },
        }),
        t.app.inject({
          method: 'POST',
          url,
          headers: prescriber.headers,
          payload: { action: 'same_day_evaluation', note: 'Seen today' },
        }),
      ]);
      expect(results.map((r) => r.statusCode).sort()).toEqual([201, 409]);
      const rows = await t.database.db
        .select()
        .from(alertAcknowledgement)
        .where(eq(alertAcknowledgement.alertId, alertId));
      expect(rows).toHaveLength(1);
      const winner = results.find((r) => r.statusCode === 201)!;
      expect(winner.json().acknowledgement.action).toBe(rows[0]!.action);
    }
  });
});
