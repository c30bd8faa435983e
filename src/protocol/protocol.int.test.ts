import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { auditEntry } from '../audit/schema.js';
import { DEMO_PASSWORD, demoLogins, loadDemo } from '../demo/demo.js';
import { clinic } from '../organisation/schema.js';
import { createOrganisationWithClinic } from '../organisation/service.js';
import { createTestApp, type TestApp } from '../testing/app.js';
import { type SignedIn, signInAsDemo, totpAt } from '../testing/auth.js';
import { defaultProtocols } from './defaults.js';
import type { ProtocolView, PublishProtocolBody } from './model.js';
import { protocol } from './schema.js';
import { currentProtocols, protocolVersion } from './service.js';

let t: TestApp;
let clinicId: string;
let prescriber: SignedIn;

const base = () => `/api/clinics/${clinicId}/protocols`;
const iv = defaultProtocols.find((p) => p.key === 'iv-racemic-ketamine')!;

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

const list = async (headers = prescriber.headers) => {
  const res = await t.app.inject({ method: 'GET', url: base(), headers });
  expect(res.statusCode).toBe(200);
  return res.json().protocols as ProtocolView[];
};
const publish = (payload: object, headers = prescriber.headers) =>
  t.app.inject({ method: 'POST', url: base(), headers, payload });
const nextIv = (change: Partial<PublishProtocolBody> = {}): PublishProtocolBody => ({
  key: iv.key,
  name: iv.name,
  definition: { ...iv.definition, blockMinutes: 135 },
  active: true,
  reason: 'Longer chair block: observation runs over',
  ...change,
});

describe('protocols', () => {
  it('starts every clinic with the four defaults as version 1, published by the system, readable by any staff', async () => {
    const nurse = await signInAsDemo(t.app, t.clock, 'nurse');
    const protocols = await list(nurse.headers);
    expect(protocols.map((p) => [p.key, p.route, p.version, p.active, p.publishedBy])).toEqual([
      ['iv-racemic-ketamine', 'iv', 1, true, null],
      ['im-ketamine', 'im', 1, true, null],
      ['intranasal-esketamine', 'intranasal', 1, true, null],
      ['oral-ketamine', 'oral', 1, true, null],
    ]);
    expect(protocols[0]!.definition).toEqual(iv.definition);
    const audited = await t.database.db
      .select()
      .from(auditEntry)
      .where(and(eq(auditEntry.clinicId, clinicId), eq(auditEntry.action, 'protocol.published')));
    expect(audited).toHaveLength(4);
    expect(audited.every((a) => a.actorType === 'system')).toBe(true);
  });

  it('refuses to publish without a fresh step-up, and refuses a nurse', async () => {
    const refused = await publish(nextIv());
    expect(refused.statusCode).toBe(403);
    const nurse = await signInAsDemo(t.app, t.clock, 'nurse');
    expect((await publish(nextIv(), nurse.headers)).statusCode).toBe(403);
    expect((await list()).find((p) => p.key === iv.key)!.version).toBe(1);
  });

  it('publishes the next version with who, when and why, keeps the old one, and audits it', async () => {
    const [v1] = await list();
    await stepUp(prescriber);
    const res = await publish(nextIv());
    expect(res.statusCode).toBe(201);
    const v2 = res.json() as ProtocolView;
    expect(v2).toMatchObject({
      key: iv.key,
      version: 2,
      active: true,
      reason: 'Longer chair block: observation runs over',
      publishedAt: t.clock.now().toISOString(),
      publishedBy: { name: demoLogins.find((l) => l.role === 'prescriber')!.name },
    });
    expect(v2.definition.blockMinutes).toBe(135);

    // The old version is still there, unchanged: courses planned under it keep pointing at it.
    expect((await protocolVersion(t.database.db, clinicId, v1!.id)).definition.blockMinutes).toBe(120);
    expect((await currentProtocols(t.database.db, clinicId)).find((p) => p.key === iv.key)!.id).toBe(v2.id);

    const history = await t.app.inject({
      method: 'GET',
      url: `/api/clinics/${clinicId}/protocol-history/${iv.key}`,
      headers: prescriber.headers,
    });
    expect(history.json().versions.map((v: ProtocolView) => [v.version, v.publishedBy?.id ?? null])).toEqual([
      [2, v2.publishedBy!.id],
      [1, null],
    ]);
    const [audit] = await t.database.db
      .select()
      .from(auditEntry)
      .where(and(eq(auditEntry.resourceId, v2.id), eq(auditEntry.action, 'protocol.published')));
    expect(audit).toMatchObject({ actorType: 'staff', actorId: v2.publishedBy!.id });
    expect(audit!.detail).toMatchObject({ key: iv.key, version: 2, active: true });
  });

  it('retires a protocol as a new inactive version, and publishes a new key as version 1', async () => {
    await stepUp(prescriber);
    expect((await publish(nextIv({ active: false, reason: 'We no longer offer IV' }))).statusCode).toBe(201);
    const adjusted = {
      ...nextIv(),
      key: 'iv-ketamine-adjusted-weight',
      name: 'IV ketamine, adjusted weight for BMI ≥ 30',
      definition: {
        ...iv.definition,
        dosing: { ...iv.definition.dosing, weightRule: { kind: 'adjusted_when_bmi_at_least', bmi: 30 } },
      },
    };
    const created = await publish(adjusted);
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ version: 1, key: 'iv-ketamine-adjusted-weight' });
    const protocols = await list();
    expect(protocols.find((p) => p.key === iv.key)).toMatchObject({ version: 2, active: false });
    expect(protocols).toHaveLength(5);
  });

  it('refuses a definition that breaks the clinical checks, with the paths, and stores nothing', async () => {
    await stepUp(prescriber);
    const dosing = { ...iv.definition.dosing, stepsMcgPerKg: [500, 1200], maxMcgPerKg: 1000 };
    const res = await publish(nextIv({ definition: { ...iv.definition, dosing, rems: true } as never }));
    expect(res.statusCode).toBe(422);
    expect(res.json().errors).toEqual([
      { path: '/body/definition/rems', message: 'applies to esketamine only' },
      { path: '/body/definition/dosing/stepsMcgPerKg/1', message: 'is above the maximum (1 mg/kg)' },
    ]);
    // The schema refuses unknown fields and floats before any clinical check.
    const float = await publish(nextIv({ definition: { ...iv.definition, blockMinutes: 120.5 } }));
    expect(float.statusCode).toBe(422);
    expect(JSON.stringify(float.json().errors)).toContain('/body/definition/blockMinutes');
    const im = defaultProtocols.find((p) => p.key === 'im-ketamine')!;
    const otherRoute = await publish(nextIv({ definition: im.definition }));
    expect(otherRoute.statusCode).toBe(422);
    expect(otherRoute.json().errors).toEqual([
      {
        path: '/body/definition/route',
        message: 'must stay iv for this protocol: publish another key for another route',
      },
    ]);
    const unknown = await publish({ ...nextIv(), definition: { ...iv.definition, extra: 1 } });
    expect(unknown.statusCode).toBe(422);
    expect(await t.database.db.select().from(protocol).where(eq(protocol.clinicId, clinicId))).toHaveLength(
      4,
    );
  });

  it('previews the dose with its working for any staff member', async () => {
    const nurse = await signInAsDemo(t.app, t.clock, 'nurse');
    const [ivV1] = await list(nurse.headers);
    const res = await t.app.inject({
      method: 'POST',
      url: `${base()}/${ivV1!.id}/dose-preview`,
      headers: nurse.headers,
      payload: { stepIndex: 0, weightGrams: 82_500 },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      ok: true,
      doseMcg: 41_200,
      measured: { kind: 'infusion', rateMicrolitresPerHour: 61_800 },
    });
    expect(res.json().working).toContain('Dose 41.2 mg: 61.8 mL/h for 40 min');
    const noWeight = await t.app.inject({
      method: 'POST',
      url: `${base()}/${ivV1!.id}/dose-preview`,
      headers: nurse.headers,
      payload: { stepIndex: 0 },
    });
    expect(noWeight.json()).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/No weight on record/),
    });
  });

  it('answers 404 for another clinic’s protocol', async () => {
    const other = await createOrganisationWithClinic(t.database, t.clock, {
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
    });
    const [theirs] = await currentProtocols(t.database.db, other.clinic.id);
    expect(theirs).toBeDefined();
    for (const request of [
      { method: 'GET' as const, url: `${base()}/${theirs!.id}` },
      {
        method: 'POST' as const,
        url: `${base()}/${theirs!.id}/dose-preview`,
        payload: { stepIndex: 0, weightGrams: 80_000 },
      },
    ]) {
      const res = await t.app.inject({ ...request, headers: prescriber.headers });
      expect(res.statusCode).toBe(404);
    }
    await expect(protocolVersion(t.database.db, clinicId, theirs!.id)).rejects.toMatchObject({ status: 404 });
    const history = await t.app.inject({
      method: 'GET',
      url: `/api/clinics/${clinicId}/protocol-history/no-such-protocol`,
      headers: prescriber.headers,
    });
    expect(history.statusCode).toBe(404);
  });
});
