import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, demoLogins, loadDemo } from '../demo/demo.js';
import { clinic } from '../organisation/schema.js';
import { createTestApp, type TestApp } from '../testing/app.js';
import { type SignedIn, signInAsDemo, totpAt } from '../testing/auth.js';
import type { Count, CountSheet, DiscrepancyDetail, DiscrepancyList } from './count-model.js';
import { stockBalance } from './schema.js';

let t: TestApp;
let clinicId: string;
let prescriber: SignedIn;

const secretOf = (role: string) => demoLogins.find((l) => l.role === role)!.totpSecret!;
const api = (path: string) => `/api/clinics/${clinicId}/inventory${path}`;

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

async function stepUp(who: SignedIn, role: string) {
  t.clock.advanceMinutes(1);
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/auth/step-up',
    headers: who.headers,
    payload: { password: DEMO_PASSWORD, totp: await totpAt(secretOf(role), t.clock) },
  });
  expect(res.statusCode).toBe(200);
}

const witness = async (role = 'compliance') => ({
  email: demoLogins.find((l) => l.role === role)!.email,
  password: DEMO_PASSWORD,
  totp: await totpAt(secretOf(role), t.clock, 30),
});

async function sheet(locationId?: string): Promise<CountSheet> {
  const res = await t.app.inject({
    method: 'GET',
    url: api(`/count-sheet${locationId ? `?locationId=${locationId}` : ''}`),
    headers: prescriber.headers,
  });
  expect(res.statusCode).toBe(200);
  return res.json();
}

const safeId = async () => (await sheet()).lines.find((l) => l.locationName === 'Main safe')!.locationId;

/** Counts every lot as expected except where `counted` says otherwise (in base units). */
function linesFor(s: CountSheet, counted: Record<string, number> = {}) {
  return s.lines.map((l) => {
    const total = counted[l.lotNumber] ?? l.expected;
    const sealedContainers = Math.floor(total / l.containerSize);
    return {
      locationId: l.locationId,
      lotId: l.lotId,
      expected: l.expected,
      sealedContainers,
      openedQuantity: total - sealedContainers * l.containerSize,
      openedEstimated: false,
    };
  });
}

const post = (path: string, payload: object, who = prescriber) =>
  t.app.inject({ method: 'POST', url: api(path), headers: who.headers, payload });

describe('stock counts', () => {
  it('lists what the ledger expects per lot at the safe, exactly, in base units and micrograms', async () => {
    const s = await sheet(await safeId());
    const byLot = Object.fromEntries(s.lines.map((l) => [l.lotNumber, [l.expected, l.expectedMcg]]));
    // 10 vials of 10 mL at 50 mg/mL received, 2 moved to the cabinet: 80,000 µL = 4,000,000 µg
    expect(byLot['K50-2611A']).toEqual([80_000, 4_000_000]);
    // 5 vials of 20 mL at 10 mg/mL, one broken: 80,000 µL = 800,000 µg
    expect(byLot['K10-2508B']).toEqual([80_000, 800_000]);
    expect(byLot['SPR84-31B']).toEqual([12, 336_000]);
    // the destroyed expired lot holds nothing and is not on the sheet
    expect(byLot['K10-2409X']).toBeUndefined();
  });

  it('a count with a difference, signed by two people, opens a discrepancy that compliance resolves with an adjustment', async () => {
    const locationId = await safeId();
    const s = await sheet(locationId);
    await stepUp(prescriber, 'prescriber');
    // 3 sealed vials and about 7.5 mL in an opened one: 37,500 µL where the ledger expects 40,000
    const lines = linesFor(s, { 'K50-2602C': 37_500 }).map((l) =>
      l.openedQuantity ? { ...l, openedEstimated: true } : l,
    );
    const res = await post('/counts', {
      locationId,
      kind: 'daily',
      takenAt: 'close',
      lines,
      witness: await witness(),
    });
    expect(res.statusCode, res.body).toBe(201);
    const count: Count = res.json();
    expect(count.differences).toBe(1);
    expect(count.witness.name).toBe('Demo Compliance Cam');
    const line = count.lines.find((l) => l.lotNumber === 'K50-2602C')!;
    expect(line).toMatchObject({ expected: 40_000, counted: 37_500, difference: -2_500, estimated: true });
    expect(line.discrepancyId).not.toBeNull();

    const open: DiscrepancyList = (
      await t.app.inject({
        method: 'GET',
        url: api('/discrepancies?status=open'),
        headers: prescriber.headers,
      })
    ).json();
    expect(open.discrepancies).toHaveLength(1);
    // 2,500 µL at 50 mg/mL = 125,000 µg
    expect(open.discrepancies[0]).toMatchObject({
      source: 'count',
      expectedQuantity: 40_000,
      observedQuantity: 37_500,
      differenceQuantity: -2_500,
      differenceMcg: -125_000,
      resolution: null,
    });

    const detail: DiscrepancyDetail = (
      await t.app.inject({
        method: 'GET',
        url: api(`/discrepancies/${line.discrepancyId}`),
        headers: prescriber.headers,
      })
    ).json();
    expect(detail.countLine?.id).toBe(line.id);
    // behind it: the entries at that lot and location since the previous count (the demo's clean count): none
    expect(detail.entries).toEqual([]);

    // A prescriber may not resolve; compliance can, after step-up.
    expect(
      (
        await post(`/discrepancies/${line.discrepancyId}/resolution`, {
          explanation: 'x'.repeat(20),
          adjust: true,
        })
      ).statusCode,
    ).toBe(403);
    // the witness's code was the next step's: compliance's own codes must come later
    t.clock.advanceMinutes(2);
    const compliance = await signInAsDemo(t.app, t.clock, 'compliance');
    await stepUp(compliance, 'compliance');
    const resolved = await post(
      `/discrepancies/${line.discrepancyId}/resolution`,
      { explanation: 'Spilled while drawing up; not witnessed at the time. Staff re-trained.', adjust: true },
      compliance,
    );
    expect(resolved.statusCode, resolved.body).toBe(201);
    const after: DiscrepancyDetail = resolved.json();
    expect(after.discrepancy.resolution).toMatchObject({ resolvedBy: { name: 'Demo Compliance Cam' } });
    expect(after.discrepancy.resolution?.adjustmentEntryId).toBeTruthy();
    // the ledger now holds what was counted
    const [balance] = await t.database.db
      .select({ quantity: stockBalance.quantity })
      .from(stockBalance)
      .where(and(eq(stockBalance.lotId, line.lotId), eq(stockBalance.locationId, locationId)));
    expect(balance?.quantity).toBe(37_500);
    // resolved once only
    const again = await post(
      `/discrepancies/${line.discrepancyId}/resolution`,
      { explanation: 'A second explanation.', adjust: false },
      compliance,
    );
    expect(again.statusCode).toBe(409);
  });

  it('refuses a count witnessed by the counter, one that misses a lot, and one taken from a stale sheet', async () => {
    const locationId = await safeId();
    const s = await sheet(locationId);
    await stepUp(prescriber, 'prescriber');
    const self = await post('/counts', {
      locationId,
      kind: 'daily',
      takenAt: 'close',
      lines: linesFor(s),
      witness: await witness('prescriber'),
    });
    expect(self.statusCode).toBe(422);
    expect(self.json().errors).toEqual([
      { path: '/body/witness', message: 'the witness must be a different person from the signer' },
    ]);

    const missing = await post('/counts', {
      locationId,
      kind: 'daily',
      takenAt: 'close',
      lines: linesFor(s).slice(1),
      witness: await witness(),
    });
    expect(missing.statusCode).toBe(422);
    expect(missing.json().errors[0].message).toMatch(/has not been counted/);

    const stale = linesFor(s).map((l, i) => (i === 0 ? { ...l, expected: l.expected + 1 } : l));
    const moved = await post('/counts', {
      locationId,
      kind: 'daily',
      takenAt: 'close',
      lines: stale,
      witness: await witness(),
    });
    expect(moved.statusCode).toBe(409);
    const counts = (
      await t.app.inject({ method: 'GET', url: api('/counts'), headers: prescriber.headers })
    ).json() as { counts: Count[] };
    // only the demo's two counts: nothing of the refused ones was written
    expect(counts.counts).toHaveLength(2);
  });

  it('an opened vial may be estimated, a full one may not be called opened', async () => {
    const locationId = await safeId();
    const s = await sheet(locationId);
    await stepUp(prescriber, 'prescriber');
    const lines = linesFor(s).map((l) =>
      l.lotId === s.lines[0]!.lotId ? { ...l, openedQuantity: s.lines[0]!.containerSize } : l,
    );
    const res = await post('/counts', {
      locationId,
      kind: 'daily',
      takenAt: 'close',
      lines,
      witness: await witness(),
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().errors[0].path).toBe('/body/lines/0/openedQuantity');
  });
});
