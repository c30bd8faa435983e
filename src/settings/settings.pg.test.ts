import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, demoLogins, loadDemo } from '../demo/demo.js';
import { measuresSettings } from '../measures/settings.js';
import { clinic } from '../organisation/schema.js';
import { createTestApp, type TestApp } from '../testing/app.js';
import { type SignedIn, signInAsDemo, totpAt } from '../testing/auth.js';
import { clinicSetting } from './schema.js';

/** PostgreSQL only: two changes at the same moment both read version n and both try to write n + 1. */
let t: TestApp;
let clinicId: string;
const sessions: SignedIn[] = [];

beforeAll(async () => {
  t = await createTestApp();
  await loadDemo(t.database, t.clock);
  [{ id: clinicId }] = (await t.database.db.select({ id: clinic.id }).from(clinic)) as [{ id: string }];
  for (const role of ['owner', 'prescriber']) {
    t.clock.advanceMinutes(1);
    const who = await signInAsDemo(t.app, t.clock, role);
    t.clock.advanceMinutes(1);
    const secret = demoLogins.find((l) => l.role === role)!.totpSecret!;
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/auth/step-up',
      headers: who.headers,
      payload: { password: DEMO_PASSWORD, totp: await totpAt(secret, t.clock) },
    });
    expect(res.statusCode).toBe(200);
    sessions.push(who);
  }
});
afterAll(async () => t?.close());

describe('concurrent settings changes', () => {
  it('lets one win each version and tells the other to reload (409), never a 500', async () => {
    expect(t.database.engine).toBe('postgres');
    for (let round = 1; round <= 5; round++) {
      const results = await Promise.all(
        sessions.map((who, i) =>
          t.app.inject({
            method: 'PUT',
            url: `/api/clinics/${clinicId}/settings/measures`,
            headers: who.headers,
            payload: {
              values: { ...measuresSettings.defaults, relapsePhq9Rise: 3 + i },
              reason: `round ${round}`,
            },
          }),
        ),
      );
      const statuses = results.map((r) => r.statusCode).sort();
      // Either they overlapped (one wins) or the second saw the first and became the next version.
      expect([
        [200, 409],
        [200, 200],
      ]).toContainEqual(statuses);
    }
    const rows = await t.database.db.select({ version: clinicSetting.version }).from(clinicSetting);
    const versions = rows.map((r) => r.version).sort((a, b) => a - b);
    expect(versions).toEqual(versions.map((_, i) => i + 1));
  });
});
