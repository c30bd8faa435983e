import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, demoLogins, loadDemo } from '../demo/demo.js';
import type { Scope } from '../identity/authorise.js';
import { staff } from '../identity/schema.js';
import { medicationOrder } from '../order/schema.js';
import { clinic } from '../organisation/schema.js';
import { appointment } from '../schedule/schema.js';
import { createTestApp, type TestApp } from '../testing/app.js';
import { type SignedIn, signInAsDemo, totpAt } from '../testing/auth.js';
import {
  administerDose,
  dispenseStock,
  receiveStock,
  recordLoss,
  reverseEntry,
  wasteStock,
} from './ledger-service.js';
import type { ReconciliationReport, ReconciliationRow } from './report-model.js';
import { lot, product, stockLocation } from './schema.js';

let t: TestApp;
let clinicId: string;
let compliance: SignedIn;
const meta = { requestId: 'test', clientAddress: null };

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());
beforeEach(async () => {
  await t.database.reset();
  await loadDemo(t.database, t.clock);
  [{ id: clinicId }] = (await t.database.db.select({ id: clinic.id }).from(clinic)) as [{ id: string }];
  t.clock.advanceMinutes(1);
  compliance = await signInAsDemo(t.app, t.clock, 'compliance');
});

async function staffScope(email: string): Promise<Scope> {
  const [person] = await t.database.db.select().from(staff).where(eq(staff.email, email));
  return {
    actor: {
      kind: 'staff',
      staffId: person!.id,
      organisationId: person!.organisationId,
      sessionId: 'test',
      rolesByClinic: { [clinicId]: ['nurse'] },
      stepUpAt: t.clock.now(),
      enrolmentOnly: false,
    },
    clinicId,
    patientId: undefined,
  };
}

const idOf = async (
  table: typeof lot | typeof stockLocation,
  column: 'lotNumber' | 'name',
  value: string,
) => {
  const rows = (await t.database.db.select().from(table)) as Record<string, unknown>[];
  return rows.find((r) => r[column] === value)!.id as string;
};

const get = (path: string) =>
  t.app.inject({
    method: 'GET',
    url: `/api/clinics/${clinicId}/inventory/reports/${path}`,
    headers: compliance.headers,
  });

describe('the reconciliation report', () => {
  it('matches the hand-computed fixture to the microlitre (and so to the microgram)', async () => {
    const nurse = await staffScope('nurse@demo-clinic.example');
    const prescriber = demoLogins.find((l) => l.role === 'prescriber')!;
    const safe = await idOf(stockLocation, 'name', 'Main safe');
    const cabinet = await idOf(stockLocation, 'name', 'Treatment room cabinet');
    const k50 = await idOf(lot, 'lotNumber', 'K50-2611A');
    const k50c = await idOf(lot, 'lotNumber', 'K50-2602C');
    const [session] = await t.database.db
      .select({ id: appointment.id })
      .from(appointment)
      .orderBy(appointment.startsAt)
      .limit(1);
    const [order] = await t.database.db.select({ id: medicationOrder.id }).from(medicationOrder);
    const at = () => t.clock.now().toISOString();

    // The session: 700 µL dispensed from the cabinet, 600 µL given, 100 µL wasted with a witness.
    await dispenseStock(
      t.database,
      t.clock,
      nurse,
      {
        lotId: k50,
        locationId: cabinet,
        appointmentId: session!.id,
        orderId: order!.id,
        quantity: 700,
        occurredAt: at(),
      },
      meta,
    );
    t.clock.advanceMinutes(40);
    await administerDose(
      t.database,
      t.clock,
      nurse,
      { appointmentId: session!.id, lotId: k50, quantity: 600, occurredAt: at() },
      meta,
    );
    t.clock.advanceMinutes(1);
    await wasteStock(
      t.database,
      t.clock,
      nurse,
      {
        lotId: k50,
        appointmentId: session!.id,
        quantity: 100,
        reason: 'Unused part of the dose',
        method: 'Drug disposal pouch',
        witness: {
          email: prescriber.email,
          password: DEMO_PASSWORD,
          totp: await totpAt(prescriber.totpSecret!, t.clock),
        },
        occurredAt: at(),
      },
      meta,
    );
    // A receipt recorded by mistake and reversed, and a 10 µL loss.
    const [k50cProduct] = await t.database.db.select().from(product).where(eq(product.ndc, '99999-0050-10'));
    const wrong = await receiveStock(
      t.database,
      t.clock,
      nurse,
      {
        locationId: safe,
        productId: k50cProduct!.id,
        lotNumber: 'K50-2602C',
        lotExpiresOn: (await t.database.db.select().from(lot).where(eq(lot.id, k50c)))[0]!.expiresOn,
        containers: 1,
        supplier: {
          name: 'Synthetic Pharma Distribution LLC (demo)',
          address: '100 Example Parkway',
          deaNumber: 'RS1234563',
        },
        invoiceNumber: 'INV-WRONG',
        occurredAt: at(),
      },
      meta,
    );
    await reverseEntry(
      t.database,
      t.clock,
      nurse,
      { entryId: wrong.id, reason: 'Entered against the wrong delivery' },
      meta,
    );
    await recordLoss(
      t.database,
      t.clock,
      nurse,
      {
        lotId: k50c,
        locationId: safe,
        quantity: 10,
        type: 'significant_loss',
        discoveredOn: '2026-03-02',
        circumstances: 'Vial septum leaked in the safe',
        policeReportNumber: null,
        occurredAt: at(),
      },
      meta,
    );

    // 40 minutes at the chair outlast the compliance officer's idle session: sign in again.
    t.clock.advanceMinutes(1);
    compliance = await signInAsDemo(t.app, t.clock, 'compliance');
    // The demo's clock is 2026-03-02 09:00 in Chicago; its receipts (10 and 17 Feb) and the transfer (11 Feb) fall
    // before the period, the breakage (21 Feb) and the destruction (28 Feb) inside it.
    const res = await get('reconciliation?from=2026-02-20&to=2026-03-02');
    expect(res.statusCode, res.body).toBe(200);
    const report: ReconciliationReport = res.json();
    const row = (lotNumber: string, locationName: string) =>
      report.rows.find((r) => r.lotNumber === lotNumber && r.locationName === locationName)!;
    const zero = {
      received: 0,
      transferredIn: 0,
      transferredOut: 0,
      administered: 0,
      wasted: 0,
      returned: 0,
      destroyed: 0,
      lost: 0,
      adjusted: 0,
      dispensedUnaccounted: 0,
    };
    const expectRow = (
      r: ReconciliationRow,
      opening: number,
      moved: Partial<typeof zero>,
      closing: number,
    ) => {
      expect(r.opening).toBe(opening);
      expect(r.movements).toEqual({ ...zero, ...moved });
      expect(r.arithmeticClosing).toBe(closing);
      expect(r.ledgerClosing).toBe(closing);
      expect(r.mismatch).toBe(false);
    };
    // Safe, 50 mg/mL lot A: 10 vials × 10,000 µL received − 2 vials to the cabinet = 80,000 µL (4,000,000 µg).
    expectRow(row('K50-2611A', 'Main safe'), 100_000 - 20_000, {}, 80_000);
    // Cabinet: 20,000 − 600 given − 100 wasted − (700 − 600 − 100 = 0 unaccounted) = 19,300 µL (965,000 µg).
    expectRow(
      row('K50-2611A', 'Treatment room cabinet'),
      20_000,
      { administered: 600, wasted: 100 },
      20_000 - 600 - 100,
    );
    // Lot C: 4 vials; a vial received and reversed nets 0; 10 µL lost: 39,990 µL (1,999,500 µg).
    expectRow(row('K50-2602C', 'Main safe'), 40_000, { lost: 10 }, 40_000 + 10_000 - 10_000 - 10);
    // 10 mg/mL lot: 5 vials × 20,000 µL; one vial broken in the period: 80,000 µL (800,000 µg).
    expectRow(row('K10-2508B', 'Main safe'), 100_000, { wasted: 20_000 }, 80_000);
    // The expired lot: 2 vials destroyed: 0.
    expectRow(row('K10-2409X', 'Main safe'), 40_000, { destroyed: 40_000 }, 0);
    // Spravato: 6 kits × 2 devices and 4 kits × 3 devices, untouched.
    expectRow(row('SPR56-31A', 'Main safe'), 12, {}, 12);
    expectRow(row('SPR84-31B', 'Main safe'), 12, {}, 12);
    expect(report.rows).toHaveLength(7);
    expect(report.mismatches).toBe(0);

    // A period that ends before the session: the dose is not in it, and the closing is the balance then.
    const before: ReconciliationReport = (await get('reconciliation?from=2026-02-20&to=2026-03-01')).json();
    const cabinetBefore = before.rows.find(
      (r) => r.lotNumber === 'K50-2611A' && r.locationName === 'Treatment room cabinet',
    )!;
    expect([cabinetBefore.arithmeticClosing, cabinetBefore.ledgerClosing, cabinetBefore.mismatch]).toEqual([
      20_000,
      20_000,
      false,
    ]);

    // CSV: formula-safe and exact; PDF: a real PDF.
    const csv = await get('reconciliation.csv?from=2026-02-20&to=2026-03-02');
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    expect(csv.body).toContain('"19.3 mL"');
    expect(csv.body.split('\r\n')[0]).toContain('"Closing (ledger)"');
    const pdf = await get('reconciliation.pdf?from=2026-02-20&to=2026-03-02');
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');

    // Form 106 carries the deadlines from the discovery date (Monday 2 March 2026: notice by Tuesday).
    const form106 = (await get('form-106?from=2026-03-01&to=2026-03-02')).json();
    expect(form106.rows).toEqual([
      expect.objectContaining({
        discoveredOn: '2026-03-02',
        noticeDueBy: '2026-03-03',
        form106DueBy: '2026-04-16',
        quantity: 10,
        quantityMcg: 500,
      }),
    ]);
  });

  it('gives the receipt, dispensing, inventory, expiring and Form 41 reports, and refuses a backwards period', async () => {
    const receipts = (await get('receipts?from=2026-02-01&to=2026-03-02')).json();
    expect(receipts.deaNumber).toBe('FD1234563');
    expect(
      receipts.rows.map((r: { lotNumber: string; containers: number }) => [r.lotNumber, r.containers]),
    ).toEqual([
      ['K50-2611A', 10],
      ['K50-2602C', 4],
      ['K10-2508B', 5],
      ['SPR56-31A', 6],
      ['SPR84-31B', 4],
    ]);
    expect(receipts.rows[0].supplierDeaNumber).toBe('RS1234563');
    const form41 = (await get('form-41?from=2026-02-01&to=2026-03-02')).json();
    expect(form41.rows).toEqual([
      expect.objectContaining({
        lotNumber: 'K10-2409X',
        fullContainers: 2,
        partialQuantity: 0,
        quantityMcg: 400_000,
      }),
    ]);
    const expiring = (await get('expiring-lots?days=60')).json();
    expect(
      expiring.rows.map((r: { lotNumber: string; daysLeft: number }) => [r.lotNumber, r.daysLeft]),
    ).toEqual([['K50-2602C', 40]]);
    // No biennial inventory in the demo: the latest daily count can be asked for by id.
    expect((await get('biennial-inventory')).statusCode).toBe(422);
    const counts = (
      await t.app.inject({
        method: 'GET',
        url: `/api/clinics/${clinicId}/inventory/counts`,
        headers: compliance.headers,
      })
    ).json();
    const inventory = (await get(`biennial-inventory?countId=${counts.counts[0].id}`)).json();
    expect(inventory.takenAt).toBe('Taken at close of business');
    expect(inventory.rows.find((r: { lotNumber: string }) => r.lotNumber === 'SPR84-31B')).toMatchObject({
      sealedContainers: 4,
      openedQuantity: 0,
      total: 12,
      totalMcg: 336_000,
    });
    expect((await get('dispensing?from=2026-03-02&to=2026-02-01')).statusCode).toBe(422);
    // The demo ledger is clean: no diversion signal, and the rules are stated.
    const signals = (
      await t.app.inject({
        method: 'GET',
        url: `/api/clinics/${clinicId}/inventory/diversion-signals?from=2026-02-01&to=2026-03-02`,
        headers: compliance.headers,
      })
    ).json();
    expect(signals).toMatchObject({
      wasteShare: [],
      soloLate: [],
      repeatedCountDifferences: [],
      unmatchedAdministrations: [],
    });
    expect(signals.rules).toHaveLength(4);
    const csv = await get('receipts.csv?from=2026-02-01&to=2026-03-02');
    expect(csv.body).toContain('"Synthetic Pharma Distribution LLC (demo)"');
  });
});
