import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { auditEntry } from '../audit/schema.js';
import { DEMO_PASSWORD, demoLogins, loadDemo } from '../demo/demo.js';
import { measuresSettings } from '../measures/settings.js';
import { clinic } from '../organisation/schema.js';
import { createTestApp, type TestApp } from '../testing/app.js';
import { type SignedIn, signInAsDemo, totpAt } from '../testing/auth.js';
import { clinicSetting } from './schema.js';
import { currentSettings } from './service.js';

let t: TestApp;
let clinicId: string;
let prescriber: SignedIn;

const url = () => `/api/clinics/${clinicId}/settings/measures`;
const defaults = measuresSettings.defaults;

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());
beforeEach(async () => {
  await t.database.reset();
  await loadDemo(t.database, t.clock);
  [{ id: clinicId }] = (await t.database.db.select({ id: clinic.id }).from(clinic)) as [{ id: string }];
  t.clock.advanceMinutes(1);
  prescriber = await signInAsDemo(t.app, t.clock, 'prescriber');
});

/** Password + authenticator code again, as the medical director does before changing thresholds. */
async function stepUp(who: SignedIn, role = 'prescriber') {
  t.clock.advanceMinutes(1);
  const secret = demoLogins.find((l) => l.role === role)!.totpSecret!;
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/auth/step-up',
    headers: who.headers,
    payload: { password: DEMO_PASSWORD, totp: await totpAt(secret, t.clock) },
  });
  expect(res.statusCode).toBe(200);
}

const put = (payload: object, headers = prescriber.headers) =>
  t.app.inject({ method: 'PUT', url: url(), headers, payload });
const view = (headers = prescriber.headers) => t.app.inject({ method: 'GET', url: url(), headers });
const history = () => t.app.inject({ method: 'GET', url: `${url()}/history`, headers: prescriber.headers });

const stricter = { ...defaults, nonResponseAfterInductionSessions: 4, relapsePhq9Rise: 4 };

describe('clinic settings', () => {
  it('shows the shipped defaults as version 0, with labels, units and sources, to every staff member', async () => {
    const nurse = await signInAsDemo(t.app, t.clock, 'nurse');
    const res = await view(nurse.headers);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      group: 'measures',
      title: measuresSettings.title,
      version: 0,
      changedAt: null,
      changedBy: null,
      reason: null,
    });
    expect(res.json().fields).toContainEqual({
      key: 'nonResponseAfterInductionSessions',
      label: measuresSettings.fields.nonResponseAfterInductionSessions.label,
      unit: 'sessions',
      value: 6,
      default: 6,
      source: measuresSettings.fields.nonResponseAfterInductionSessions.source,
    });
    expect(res.json().fields.map((f: { key: string }) => f.key)).toEqual(Object.keys(defaults));
  });

  it('stores a change as version 1 with who, when and why, audited with before and after', async () => {
    await stepUp(prescriber);
    const res = await put({ values: stricter, reason: 'Medical director: earlier non-response review' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      version: 1,
      changedAt: t.clock.now().toISOString(),
      changedBy: 'Dr Demo Prescriber Pat',
      reason: 'Medical director: earlier non-response review',
    });
    const field = res
      .json()
      .fields.find((f: { key: string }) => f.key === 'nonResponseAfterInductionSessions');
    expect(field).toMatchObject({ value: 4, default: 6 });
    expect(await currentSettings(t.database.db, clinicId, measuresSettings)).toEqual({
      version: 1,
      values: stricter,
    });
    const [audit] = await t.database.db
      .select()
      .from(auditEntry)
      .where(eq(auditEntry.action, 'settings.changed'));
    expect(audit).toMatchObject({
      clinicId,
      actorType: 'staff',
      actorRole: 'prescriber',
      resourceType: 'clinic_setting',
      detail: { group: 'measures', version: 1, before: defaults, after: stricter },
    });
  });

  it('keeps every version in the history, newest first, ending with the defaults', async () => {
    await stepUp(prescriber);
    expect((await put({ values: stricter, reason: 'First review' })).statusCode).toBe(200);
    t.clock.advanceMinutes(1);
    expect(
      (await put({ values: { ...stricter, relapseBandFrom: 15 }, reason: 'Second review' })).statusCode,
    ).toBe(200);
    const versions = (await history()).json().versions;
    expect(versions.map((v: { version: number; reason: string | null }) => [v.version, v.reason])).toEqual([
      [2, 'Second review'],
      [1, 'First review'],
      [0, null],
    ]);
    const band = (v: { fields: { key: string; value: unknown }[] }) =>
      v.fields.find((f) => f.key === 'relapseBandFrom')!.value;
    expect(versions.map(band)).toEqual([15, 10, 10]);
    expect((await view()).json().version).toBe(2);
  });

  it('needs a fresh step-up: without one (or after five minutes) the change is refused and nothing changes', async () => {
    const refused = await put({ values: stricter, reason: 'No step-up' });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().type).toBe('/problems/step-up-required');
    await stepUp(prescriber);
    t.clock.advanceMinutes(6);
    expect((await put({ values: stricter, reason: 'Step-up too old' })).statusCode).toBe(403);
    expect(await t.database.db.select().from(clinicSetting)).toEqual([]);
    expect((await history()).json().versions).toHaveLength(1);
  });

  it('refuses staff without the permission even after a step-up', async () => {
    const compliance = await signInAsDemo(t.app, t.clock, 'compliance');
    await stepUp(compliance, 'compliance');
    const res = await put({ values: stricter, reason: 'Not mine to change' }, compliance.headers);
    expect(res.statusCode).toBe(403);
    expect(res.json().type).toBe('/problems/forbidden');
  });

  it('names every out-of-range, missing or unknown field, and changes nothing', async () => {
    await stepUp(prescriber);
    const { relapseBandFrom: _missing, ...partial } = defaults;
    const res = await put({
      values: { ...partial, preSessionWindowHours: 500, relapsePhq9Rise: 0, extra: 1 },
      reason: 'x',
    });
    expect(res.statusCode).toBe(422);
    const paths = res.json().errors.map((e: { path: string }) => e.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        '/body/values/preSessionWindowHours',
        '/body/values/relapsePhq9Rise',
        '/body/values/relapseBandFrom',
        '/body/values/extra',
        '/body/reason',
      ]),
    );
    const blank = await put({ values: stricter, reason: '     ' });
    expect(blank.statusCode).toBe(422);
    expect(blank.json().errors).toEqual([{ path: '/body/reason', message: expect.any(String) }]);
    expect(await t.database.db.select().from(clinicSetting)).toEqual([]);
    expect(
      await t.database.db.select().from(auditEntry).where(eq(auditEntry.action, 'settings.changed')),
    ).toEqual([]);
  });
});
