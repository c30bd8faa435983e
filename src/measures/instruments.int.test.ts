import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEntry } from '../audit/schema.js';
import { loadDemo } from '../demo/demo.js';
import { clinic } from '../organisation/schema.js';
import { createTestApp, type TestApp } from '../testing/app.js';
import { type SignedIn, signInAsDemo } from '../testing/auth.js';
import type { InstrumentDefinition } from './instrument.js';
import { gad7, shippedInstruments } from './instruments/index.js';
import { clinicInstrument } from './schema.js';

/** The clinic's instrument registry: shipped instruments, the clinic's own (validated, versioned), FHIR export. */
let t: TestApp;
let clinicId: string;
let prescriber: SignedIn;
let nurse: SignedIn;
let portal: SignedIn;

beforeAll(async () => {
  t = await createTestApp();
  await loadDemo(t.database, t.clock);
  [{ id: clinicId }] = (await t.database.db.select({ id: clinic.id }).from(clinic)) as [{ id: string }];
  prescriber = await signInAsDemo(t.app, t.clock, 'prescriber');
  nurse = await signInAsDemo(t.app, t.clock, 'nurse');
  portal = await signInAsDemo(t.app, t.clock, 'patient');
}, 120_000);
afterAll(async () => t?.close());

/** A clinic's own worry scale, built on the GAD-7 answer scale: obviously not a published instrument. */
const worry: InstrumentDefinition = {
  ...gad7,
  id: 'clinic-worry-3',
  version: '1.0.0',
  title: 'Clinic worry check (CWC-3)',
  copyright: 'Demo clinic, synthetic example',
  loinc: { panel: null, total: null },
  items: gad7.items.slice(0, 3).map((item, i) => ({ ...item, linkId: `worry-${i + 1}`, loinc: null })),
  scoring: { method: 'sum', prorateAtMost: 0 },
  bands: [
    { from: 0, to: 4, label: 'low' },
    { from: 5, to: 9, label: 'high' },
  ],
  remissionBelow: 3,
  safetyTriggers: [],
  source: 'Synthetic test instrument',
};

const add = (body: unknown, who = prescriber) =>
  t.app.inject({
    method: 'POST',
    url: `/api/clinics/${clinicId}/instruments`,
    headers: who.headers,
    payload: body as object,
  });
const get = (path: string, who = nurse) =>
  t.app.inject({ method: 'GET', url: `/api/clinics/${clinicId}/instruments${path}`, headers: who.headers });
const paths = (res: { json(): { errors: { path: string }[] } }) => res.json().errors.map((e) => e.path);

describe('the instrument registry', () => {
  it('lists every shipped instrument', async () => {
    const res = await get('');
    expect(res.statusCode).toBe(200);
    expect(res.json().instruments.map((i: { id: string }) => i.id)).toEqual(
      shippedInstruments.map((d) => d.id),
    );
    expect(res.json().instruments[0]).toMatchObject({
      id: 'phq-9',
      origin: 'shipped',
      kind: 'patient-reported',
      itemCount: 10,
    });
  });

  it('exports an instrument as a FHIR R4 Questionnaire', async () => {
    const res = await get('/phq-9/questionnaire');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/fhir\+json/);
    const questionnaire = res.json();
    expect(questionnaire).toMatchObject({
      resourceType: 'Questionnaire',
      version: '1.0.0',
      code: [{ code: '44249-1' }],
    });
    expect(questionnaire.url).toMatch(/\/Questionnaire\/phq-9$/);
    expect(questionnaire.item).toHaveLength(10);
    expect((await get('/no-such-scale/questionnaire')).statusCode).toBe(404);
  });

  it('adds the clinic’s own instrument, audited, and serves it like a shipped one', async () => {
    const res = await add(worry);
    expect(res.statusCode).toBe(201);
    expect(res.json()).toEqual({
      id: 'clinic-worry-3',
      version: '1.0.0',
      title: 'Clinic worry check (CWC-3)',
      kind: 'patient-reported',
      origin: 'clinic',
      itemCount: 3,
      recallPeriod: gad7.recallPeriod,
    });
    const audited = await t.database.db
      .select()
      .from(auditEntry)
      .where(and(eq(auditEntry.clinicId, clinicId), eq(auditEntry.action, 'instrument.added')));
    expect(audited).toHaveLength(1);
    expect((await get('')).json().instruments.at(-1)).toMatchObject({
      id: 'clinic-worry-3',
      origin: 'clinic',
    });
    expect((await get('/clinic-worry-3')).json()).toEqual(worry);
    const fhir = (await get('/clinic-worry-3/questionnaire')).json();
    expect(fhir.item.map((i: { linkId: string }) => i.linkId)).toEqual(['worry-1', 'worry-2', 'worry-3']);
  });

  it('refuses a version twice, an older version, and a shipped instrument’s id (409)', async () => {
    expect((await add(worry)).statusCode).toBe(409);
    expect((await add({ ...worry, version: '0.9' })).statusCode).toBe(409);
    expect((await add({ ...worry, id: 'phq-9' })).statusCode).toBe(409);
  });

  it('names every problem of a definition that fails validation (422), storing nothing', async () => {
    const before = await t.database.db.select().from(clinicInstrument);
    const gap = await add({
      ...worry,
      version: '2.0.0',
      bands: [
        { from: 0, to: 3, label: 'low' },
        { from: 5, to: 9, label: 'high' },
      ],
    });
    expect(gap.statusCode).toBe(422);
    expect(paths(gap)).toEqual(['/body/bands/1/from']);
    const twice = await add({ ...worry, version: '2.0.0', items: [worry.items[0], worry.items[0]] });
    expect(twice.statusCode).toBe(422);
    expect(paths(twice)).toContain('/body/items/1/linkId');
    const unknownField = await add({ ...worry, version: '2.0.0', colour: 'blue' });
    expect(unknownField.statusCode).toBe(422);
    expect(paths(unknownField)).toContain('/body/colour');
    expect(await t.database.db.select().from(clinicInstrument)).toHaveLength(before.length);
  });

  it('lets only owners and prescribers add instruments', async () => {
    expect((await add({ ...worry, version: '3.0.0' }, nurse)).statusCode).toBe(403);
  });

  it('makes a new version current: patients must answer it', async () => {
    const next = { ...worry, version: '1.1.0', title: 'Clinic worry check (CWC-3), revised' };
    expect((await add(next)).statusCode).toBe(201);
    expect((await get('/clinic-worry-3')).json().version).toBe('1.1.0');
    const form = await t.app.inject({
      method: 'GET',
      url: '/api/portal/instruments/clinic-worry-3',
      headers: portal.headers,
    });
    expect(form.json().title).toBe(next.title);

    const answers = [1, 2, 3].map((n) => ({ linkId: `worry-${n}`, value: 1 }));
    const submit = (instrumentVersion: string) =>
      t.app.inject({
        method: 'POST',
        url: '/api/portal/responses',
        headers: portal.headers,
        payload: { instrumentId: 'clinic-worry-3', instrumentVersion, answers },
      });
    const stale = await submit('1.0.0');
    expect(stale.statusCode).toBe(422);
    expect(paths(stale)).toEqual(['/body/instrumentVersion']);
    expect((await submit('1.1.0')).statusCode).toBe(201);
  });
});
