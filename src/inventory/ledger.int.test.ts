import { eq } from 'drizzle-orm';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { medicationOrder, orderDiscontinuation } from '../order/schema.js';
import { createTestApp, type TestApp } from '../testing/app.js';
import { type LedgerFixture, ledgerFixture } from './test-fixture.js';

/** The ledger through the API: what a clinic does with controlled stock, and what it is refused. */
let t: TestApp;
let f: LedgerFixture;

beforeEach(async () => {
  t ??= await createTestApp();
  await t.database.reset();
  f = await ledgerFixture(t);
});
afterAll(async () => t?.close());

const supplier = {
  name: 'Synthetic Pharma Supply',
  address: '1 Depot Way, Chicago IL',
  deaNumber: 'RS0000001',
};

/** A lot that expires two years after the clock's date. */
async function receive(
  containers = 1,
  lotNumber = 'K-100',
  lotExpiresOn = `${t.clock.now().getUTCFullYear() + 2}-06-30`,
) {
  return f.post('/ledger/receipts', {
    locationId: f.safeId,
    productId: f.productId,
    lotNumber,
    lotExpiresOn,
    containers,
    supplier,
    invoiceNumber: 'INV-1',
    occurredAt: f.at(),
  });
}

/** Stock of the product these tests receive (the demo clinic holds stock of its own). */
async function stock() {
  const res = await t.app.inject({ method: 'GET', url: f.url('/stock'), headers: f.nurse.headers });
  const lines = res.json().lines as {
    location: { id: string };
    lot: { id: string };
    product: { id: string };
    quantity: number;
    mcg: number;
  }[];
  return lines.filter((line) => line.product.id === f.productId);
}

const dispense = (lotId: string, quantity: number) =>
  f.post('/ledger/dispenses', {
    lotId,
    locationId: f.safeId,
    appointmentId: f.appointmentId,
    orderId: f.orderId,
    quantity,
    occurredAt: f.at(),
  });

describe('a session’s dose', () => {
  it('receives, dispenses, gives and wastes with a witness, and the session balances', async () => {
    const received = await receive(2);
    expect(received.statusCode, received.body).toBe(201);
    const lotId = received.json().lotId;
    expect(received.json()).toMatchObject({
      kind: 'receive',
      quantity: 40_000,
      quantityMcg: 400_000,
      containers: 2,
    });
    expect((await dispense(lotId, 5000)).statusCode).toBe(201);
    const given = await f.post('/ledger/administrations', {
      appointmentId: f.appointmentId,
      lotId,
      quantity: 3500,
      occurredAt: f.at(),
    });
    expect(given.statusCode, given.body).toBe(201);
    expect(given.json()).toMatchObject({ balanceChange: 0, milligramsDisplay: '35 mg' });
    const wasted = await f.post('/ledger/wastes', {
      lotId,
      appointmentId: f.appointmentId,
      quantity: 1500,
      reason: 'unused remainder of the dose',
      method: 'drug disposal pouch',
      witness: await f.witness(),
      occurredAt: f.at(),
    });
    expect(wasted.statusCode, wasted.body).toBe(201);
    expect(wasted.json().witness.name).toBe('Demo Nurse Noor');
    const closed = await f.post(`/administrations/${f.appointmentId}/close`, {});
    expect(closed.json()).toEqual({
      appointmentId: f.appointmentId,
      dispensedMcg: 50_000,
      administeredMcg: 35_000,
      wastedMcg: 15_000,
      unaccountedMcg: 0,
      discrepancyId: null,
    });
    expect(await stock()).toMatchObject([{ lot: { id: lotId }, quantity: 35_000, mcg: 350_000 }]);
  });

  it('opens a discrepancy when what was dispensed is not all accounted for', async () => {
    const lotId = (await receive()).json().lotId;
    await dispense(lotId, 5000);
    await f.post('/ledger/administrations', {
      appointmentId: f.appointmentId,
      lotId,
      quantity: 3500,
      occurredAt: f.at(),
    });
    const closed = (await f.post(`/administrations/${f.appointmentId}/close`, {})).json();
    expect(closed).toMatchObject({ unaccountedMcg: 15_000, discrepancyId: expect.any(String) });
    // closing again reuses the open discrepancy
    expect((await f.post(`/administrations/${f.appointmentId}/close`, {})).json().discrepancyId).toBe(
      closed.discrepancyId,
    );
    // with the clinic's default, the safe is now blocked for dispensing
    const blocked = await dispense(lotId, 100);
    expect(blocked.statusCode).toBe(409);
    expect(blocked.json().rule).toBe('CS-OPEN-DISCREPANCY');
  });

  it('refuses the signer as their own witness, at /body/witness, and writes nothing', async () => {
    const lotId = (await receive()).json().lotId;
    const res = await f.post('/ledger/wastes', {
      lotId,
      locationId: f.safeId,
      quantity: 1000,
      reason: 'vial dropped',
      method: 'drug disposal pouch',
      witness: await f.witness('nurse@demo-clinic.example'),
      occurredAt: f.at(),
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().errors).toEqual([
      { path: '/body/witness', message: expect.stringMatching(/different person/) },
    ]);
    expect((await stock())[0]!.quantity).toBe(20_000);
  });

  it('refuses to give more than was dispensed, and to overdraw the safe with a clear 409', async () => {
    const lotId = (await receive()).json().lotId;
    await dispense(lotId, 2000);
    const tooMuch = await f.post('/ledger/administrations', {
      appointmentId: f.appointmentId,
      lotId,
      quantity: 2001,
      occurredAt: f.at(),
    });
    expect(tooMuch.statusCode).toBe(422);
    const overdraw = await dispense(lotId, 18_001);
    expect(overdraw.statusCode).toBe(409);
    expect(overdraw.json().detail).toBe(
      'Lot K-100 of Ketamine HCl 10 mg/mL, 20 mL vial at Safe A holds 18.0 mL; 18.001 mL cannot be dispensed',
    );
  });
});

describe('dispensing under the order in force', () => {
  it('refuses stock for a session whose order was discontinued, naming why, and writes nothing', async () => {
    const lotId = (await receive()).json().lotId;
    const before = await stock();
    const [order] = await t.database.db
      .select({ signedBy: medicationOrder.signedBy })
      .from(medicationOrder)
      .where(eq(medicationOrder.id, f.orderId));
    await t.database.db.insert(orderDiscontinuation).values({
      clinicId: f.clinicId,
      orderId: f.orderId,
      reason: 'Patient asked to pause treatment',
      discontinuedBy: order!.signedBy,
      discontinuedAt: t.clock.now(),
    });
    const refused = await dispense(lotId, 2000);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().rule).toBe('CS-ORDER-NOT-VALID');
    expect(refused.json().detail).toMatch(/no valid order for this session/);
    expect(await stock()).toEqual(before);
  });
});

describe('registrations and expiry', () => {
  it('blocks receiving and dispensing once the DEA registration has expired, until it is renewed', async () => {
    const lotId = (await receive()).json().lotId;
    const registrations = async () =>
      (
        await t.app.inject({ method: 'GET', url: f.url('/registrations'), headers: f.compliance.headers })
      ).json();
    const deas = (await registrations()).registrations.filter(
      (r: { kind: string; renewedById: string | null }) => r.kind === 'dea' && !r.renewedById,
    );
    const lastExpiry = deas
      .map((r: { expiresOn: string }) => r.expiresOn)
      .sort()
      .at(-1) as string;
    // The day after every DEA registration has expired (noon UTC is the same date in Chicago).
    t.clock.advance(Date.parse(`${lastExpiry}T12:00:00Z`) + 2 * 86_400_000 - t.clock.now().getTime());
    await f.refreshSessions();
    const refusedReceipt = await receive(1, 'K-200', '2099-01-01');
    expect(refusedReceipt.statusCode).toBe(409);
    expect(refusedReceipt.json()).toMatchObject({
      rule: 'CS-REGISTRATION',
      detail: expect.stringMatching(/expired/),
    });
    expect((await dispense(lotId, 100)).json().rule).toBe('CS-REGISTRATION');
    expect((await registrations()).handling.allowed).toBe(false);
    const renewed = await f.post(
      `/registrations/${deas.at(-1).id}/renewal`,
      { number: 'FD1234563', schedules: ['II', 'III'], expiresOn: '2098-12-31' },
      f.compliance,
    );
    expect(renewed.statusCode, renewed.body).toBe(201);
    const stateLicences = (await registrations()).registrations.filter(
      (r: { kind: string; renewedById: string | null; status: string }) =>
        r.kind === 'state' && !r.renewedById,
    );
    for (const licence of stateLicences.filter((r: { status: string }) => r.status === 'expired'))
      await f.post(
        `/registrations/${licence.id}/renewal`,
        { number: 'IL-CS-3377', schedules: ['II', 'III'], expiresOn: '2098-12-31' },
        f.compliance,
      );
    expect((await registrations()).handling.allowed).toBe(true);
    expect((await receive(1, 'K-200', '2099-01-01')).statusCode).toBe(201);
    // the lot received earlier expired before the registrations did: it is not dispensed
    expect((await dispense(lotId, 100)).json().rule).toBe('CS-LOT-EXPIRED');
  });

  it('warns 60, 30 and 7 days before expiry', async () => {
    const inDays = (days: number) =>
      new Date(t.clock.now().getTime() + days * 86_400_000).toISOString().slice(0, 10);
    const expected: Record<string, number | null> = {};
    for (const [days, warning] of [
      [45, 60],
      [20, 30],
      [5, 7],
      [90, null],
    ] as const) {
      const res = await f.post(
        '/registrations',
        { kind: 'state', number: `WARN-${days}`, state: 'IL', schedules: ['III'], expiresOn: inDays(days) },
        f.compliance,
      );
      expect(res.statusCode, res.body).toBe(201);
      expected[`WARN-${days}`] = warning;
    }
    const list = (
      await t.app.inject({ method: 'GET', url: f.url('/registrations'), headers: f.nurse.headers })
    ).json();
    const warnings = Object.fromEntries(
      list.registrations
        .filter((r: { number: string }) => r.number.startsWith('WARN-'))
        .map((r: { number: string; warningDays: number | null }) => [r.number, r.warningDays]),
    );
    expect(warnings).toEqual(expected);
  });
});

describe('corrections and leaving stock', () => {
  it('reverses an entry exactly, once, and restores the balance', async () => {
    const lotId = (await receive()).json().lotId;
    const dispensed = (await dispense(lotId, 5000)).json();
    expect((await stock())[0]!.quantity).toBe(15_000);
    const reversal = await f.post('/ledger/reversals', {
      entryId: dispensed.id,
      reason: 'wrong patient selected',
    });
    expect(reversal.statusCode, reversal.body).toBe(201);
    expect(reversal.json()).toMatchObject({
      kind: 'reversal',
      quantity: -5000,
      balanceChange: 5000,
      reversesEntryId: dispensed.id,
    });
    expect((await stock())[0]!.quantity).toBe(20_000);
    expect((await f.post('/ledger/reversals', { entryId: dispensed.id, reason: 'again' })).statusCode).toBe(
      409,
    );
    const list = await t.app.inject({
      method: 'GET',
      url: f.url(`/ledger?lotId=${lotId}`),
      headers: f.nurse.headers,
    });
    expect(list.json().entries.find((e: { id: string }) => e.id === dispensed.id).reversedByEntryId).toBe(
      reversal.json().id,
    );
  });

  it('records a destruction with its Form 41 and a loss with its Form 106 deadlines', async () => {
    const lotId = (await receive(2)).json().lotId;
    const destroyed = await f.post(
      '/ledger/destructions',
      {
        lotId,
        locationId: f.safeId,
        quantity: 25_000,
        method: 'chemical digestion',
        place: 'on site, medication room',
        reason: 'damaged stock',
        witness: await f.witness(),
        occurredAt: f.at(),
      },
      f.compliance,
    );
    expect(destroyed.statusCode, destroyed.body).toBe(201);
    expect(destroyed.json().form41).toMatchObject({
      registrationNumber: 'FD1234563',
      fullContainers: 1,
      partialQuantity: '5.0 mL',
      total: '25.0 mL',
      totalMcg: 250_000,
      witnesses: ['Demo Compliance Cam', 'Demo Nurse Noor'],
    });
    const lost = await f.post(
      '/ledger/losses',
      {
        lotId,
        locationId: f.safeId,
        quantity: 1000,
        type: 'theft',
        discoveredOn: f.at().slice(0, 10),
        circumstances: 'safe found open',
        policeReportNumber: null,
        occurredAt: f.at(),
      },
      f.compliance,
    );
    expect(lost.statusCode, lost.body).toBe(201);
    const form106 = lost.json().form106;
    expect(form106.form106By > form106.writtenNoticeBy).toBe(true);
    expect((await stock())[0]!.quantity).toBe(14_000);
    // a nurse cannot record a loss (inventory.resolve)
    expect((await f.post('/ledger/losses', {}, f.nurse)).statusCode).toBe(403);
  });

  it('transfers between locations as a pair', async () => {
    const lotId = (await receive()).json().lotId;
    const moved = await f.post('/ledger/transfers', {
      lotId,
      fromLocationId: f.safeId,
      toLocationId: f.cabinetId,
      quantity: 5000,
      occurredAt: f.at(),
    });
    expect(moved.statusCode, moved.body).toBe(201);
    const [out, into] = moved.json().entries;
    expect(into.transferOutId).toBe(out.id);
    const lines = await stock();
    expect(lines.map((l) => [l.location.id, l.quantity]).sort()).toEqual(
      [
        [f.cabinetId, 5000],
        [f.safeId, 15_000],
      ].sort(),
    );
  });
});
