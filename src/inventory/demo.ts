import { eq, inArray } from 'drizzle-orm';
import { recordAudit } from '../audit/service.js';
import { staff } from '../identity/schema.js';
import { clinic } from '../organisation/schema.js';
import type { Clock } from '../platform/clock.js';
import type { Tx } from '../platform/db/database.js';
import {
  type ActKind,
  type BaseUnit,
  balanceChangeOf,
  containersOf,
  formatMilligrams,
  formatQuantity,
  microgramsIn,
} from './core.js';
import type { EntryDetails } from './model.js';
import {
  csRegistration,
  discrepancy,
  discrepancyResolution,
  ledgerEntry,
  lot,
  product,
  stockCount,
  stockCountLine,
  stockLocation,
} from './schema.js';

const DAY = 86_400_000;

/** The synthetic supplier every demo receipt comes from (a valid-looking DEA number with its check digit). */
const supplier = {
  supplierName: 'Synthetic Pharma Distribution LLC (demo)',
  supplierAddress: '100 Example Parkway, Springfield, IL 62701',
  supplierDeaNumber: 'RS1234563',
};

/**
 * A realistic controlled-substance ledger for the demo clinic (synthetic): a DEA registration and the state
 * licence it rests on (expiring in 45 days, so the 60-day warning shows), ketamine vials and Spravato kits in a
 * safe and a treatment-room cabinet, three weeks of receipts and a transfer, a witnessed breakage, the witnessed
 * destruction of an expired lot, an end-of-day count with a difference that was resolved, and a clean count
 * yesterday. Entries are written as the ledger services write them; the balances are kept by the database.
 */
export async function addDemoInventory(tx: Tx, clock: Clock, demo: { clinicId: string; patientId: string }) {
  const { clinicId } = demo;
  const now = clock.now().getTime();
  const daysAgo = (days: number, hour = 0) => new Date(now - days * DAY + hour * 3_600_000);
  const dateIn = (days: number) => new Date(now + days * DAY).toISOString().slice(0, 10);

  const people = await tx
    .select({ id: staff.id, email: staff.email, name: staff.fullName })
    .from(staff)
    .where(
      inArray(staff.email, [
        'nurse@demo-clinic.example',
        'prescriber@demo-clinic.example',
        'compliance@demo-clinic.example',
      ]),
    );
  const person = (role: string) => {
    const found = people.find((p) => p.email === `${role}@demo-clinic.example`);
    if (!found) throw new Error(`the demo ${role} is missing`);
    return found;
  };
  const nurse = person('nurse');
  const prescriber = person('prescriber');
  const compliance = person('compliance');
  const [clinicRow] = await tx.select({ name: clinic.name }).from(clinic).where(eq(clinic.id, clinicId));

  const deaNumber = 'FD1234563';
  await tx.insert(csRegistration).values([
    {
      clinicId,
      kind: 'dea',
      number: deaNumber,
      state: 'IL',
      schedules: ['II', 'IIN', 'III', 'IIIN', 'IV', 'V'],
      expiresOn: dateIn(400),
      recordedBy: compliance.id,
      recordedAt: daysAgo(60),
    },
    {
      clinicId,
      kind: 'state',
      number: 'IL-CSR-000123 (demo)',
      state: 'IL',
      schedules: ['II', 'III', 'IV', 'V'],
      expiresOn: dateIn(45),
      recordedBy: compliance.id,
      recordedAt: daysAgo(60),
    },
  ]);

  const products = await tx
    .insert(product)
    .values(
      [
        {
          ndc: '99999-0050-10',
          name: 'Ketamine HCl 50 mg/mL, 10 mL vial (demo)',
          drug: 'ketamine',
          form: 'vial',
          baseUnit: 'microlitre',
          concentrationMcgPerMl: 50_000,
          mcgPerDevice: null,
          containerSize: 10_000,
        },
        {
          ndc: '99999-0010-20',
          name: 'Ketamine HCl 10 mg/mL, 20 mL vial (demo)',
          drug: 'ketamine',
          form: 'vial',
          baseUnit: 'microlitre',
          concentrationMcgPerMl: 10_000,
          mcgPerDevice: null,
          containerSize: 20_000,
        },
        {
          ndc: '50458-028-02',
          name: 'Spravato 56 mg kit (2 devices)',
          drug: 'esketamine',
          form: 'nasal_device_pack',
          baseUnit: 'device',
          concentrationMcgPerMl: null,
          mcgPerDevice: 28_000,
          containerSize: 2,
        },
        {
          ndc: '50458-028-03',
          name: 'Spravato 84 mg kit (3 devices)',
          drug: 'esketamine',
          form: 'nasal_device_pack',
          baseUnit: 'device',
          concentrationMcgPerMl: null,
          mcgPerDevice: 28_000,
          containerSize: 3,
        },
      ].map((p) => ({ ...p, clinicId, createdBy: compliance.id, createdAt: daysAgo(60) })),
    )
    .returning();
  const productByNdc = (ndc: string) => products.find((p) => p.ndc === ndc)!;

  const [safe, cabinet] = await tx
    .insert(stockLocation)
    .values([
      { clinicId, kind: 'safe', name: 'Main safe', createdBy: compliance.id, createdAt: daysAgo(60) },
      {
        clinicId,
        kind: 'cabinet',
        name: 'Treatment room cabinet',
        createdBy: compliance.id,
        createdAt: daysAgo(60),
      },
    ])
    .returning();

  const lotRows = await tx
    .insert(lot)
    .values(
      [
        { productId: productByNdc('99999-0050-10').id, lotNumber: 'K50-2611A', expiresOn: dateIn(420) },
        { productId: productByNdc('99999-0050-10').id, lotNumber: 'K50-2602C', expiresOn: dateIn(40) },
        { productId: productByNdc('99999-0010-20').id, lotNumber: 'K10-2508B', expiresOn: dateIn(300) },
        { productId: productByNdc('99999-0010-20').id, lotNumber: 'K10-2409X', expiresOn: dateIn(-5) },
        { productId: productByNdc('50458-028-02').id, lotNumber: 'SPR56-31A', expiresOn: dateIn(500) },
        { productId: productByNdc('50458-028-03').id, lotNumber: 'SPR84-31B', expiresOn: dateIn(500) },
      ].map((l) => ({ ...l, clinicId, createdBy: nurse.id, createdAt: daysAgo(21) })),
    )
    .returning();
  const lotByNumber = (lotNumber: string) => {
    const row = lotRows.find((l) => l.lotNumber === lotNumber)!;
    return { row, product: products.find((p) => p.id === row.productId)! };
  };

  type Entry = {
    kind: ActKind;
    lotNumber: string;
    locationId: string;
    quantity: number;
    at: Date;
    by?: string;
    extra?: Partial<typeof ledgerEntry.$inferInsert>;
  };
  const record = async (e: Entry) => {
    const { row, product: p } = lotByNumber(e.lotNumber);
    const quantityMcg = microgramsIn({ ...p, baseUnit: p.baseUnit as BaseUnit }, e.quantity);
    if (quantityMcg === null) throw new Error(`demo quantity ${e.quantity} of ${p.name} is not exact`);
    const [entry] = await tx
      .insert(ledgerEntry)
      .values({
        clinicId,
        kind: e.kind,
        lotId: row.id,
        locationId: e.locationId,
        quantity: e.quantity,
        quantityMcg,
        balanceChange: balanceChangeOf(e.kind, e.quantity),
        occurredAt: e.at,
        recordedBy: e.by ?? nurse.id,
        recordedAt: e.at,
        ...e.extra,
      })
      .returning({ id: ledgerEntry.id });
    return entry!.id;
  };
  const receive = (lotNumber: string, containers: number, at: Date, invoiceNumber: string) =>
    record({
      kind: 'receive',
      lotNumber,
      locationId: safe!.id,
      quantity: containers * lotByNumber(lotNumber).product.containerSize,
      at,
      extra: { containers, invoiceNumber, ...supplier },
    });

  // An expired lot received long ago, destroyed on site with two witnesses (Form 41) three days ago.
  await receive('K10-2409X', 2, daysAgo(400, 15), 'INV-DEMO-0990');
  await receive('K50-2611A', 10, daysAgo(21, 15), 'INV-DEMO-1001');
  await receive('K50-2602C', 4, daysAgo(21, 15), 'INV-DEMO-1001');
  await receive('K10-2508B', 5, daysAgo(21, 15), 'INV-DEMO-1001');
  await receive('SPR56-31A', 6, daysAgo(14, 16), 'INV-DEMO-1002');
  await receive('SPR84-31B', 4, daysAgo(14, 16), 'INV-DEMO-1002');

  // Two vials of the 50 mg/mL lot to the treatment-room cabinet.
  const out = await record({
    kind: 'transfer_out',
    lotNumber: 'K50-2611A',
    locationId: safe!.id,
    quantity: 20_000,
    at: daysAgo(20, 14),
    extra: { reason: 'Stock for the treatment room' },
  });
  await record({
    kind: 'transfer_in',
    lotNumber: 'K50-2611A',
    locationId: cabinet!.id,
    quantity: 20_000,
    at: daysAgo(20, 14),
    extra: { transferOutId: out, reason: 'Stock for the treatment room' },
  });

  // A 10 mg/mL vial dropped in the safe: witnessed breakage, not a loss.
  await record({
    kind: 'waste',
    lotNumber: 'K10-2508B',
    locationId: safe!.id,
    quantity: 20_000,
    at: daysAgo(10, 17),
    extra: {
      witnessStaffId: prescriber.id,
      reason: 'Vial dropped and broke while restocking; contents spilled (witnessed)',
      method: 'Absorbed and placed in a drug disposal pouch',
    },
  });

  const expired = lotByNumber('K10-2409X');
  const split = containersOf(40_000, expired.product.containerSize);
  await record({
    kind: 'destroy',
    lotNumber: 'K10-2409X',
    locationId: safe!.id,
    quantity: 40_000,
    at: daysAgo(3, 16),
    extra: {
      witnessStaffId: prescriber.id,
      method: 'Chemical digestion pouch (rendered non-retrievable)',
      reason: 'Expired stock',
      details: {
        form41: {
          registrantName: clinicRow?.name ?? '',
          registrationNumber: deaNumber,
          ndc: expired.product.ndc,
          batch: expired.row.lotNumber,
          name: expired.product.name,
          strength: `${formatMilligrams(expired.product.concentrationMcgPerMl ?? 0)}/mL`,
          form: expired.product.form,
          packageQuantity: formatQuantity('microlitre', expired.product.containerSize),
          fullContainers: split.full,
          partialQuantity: formatQuantity('microlitre', split.partial),
          total: formatQuantity('microlitre', 40_000),
          totalMcg: 400_000,
          destroyedOn: dateIn(-3),
          method: 'Chemical digestion pouch (rendered non-retrievable)',
          place: 'On site, medication room',
          witnesses: [nurse.name, prescriber.name],
        },
      } satisfies EntryDetails,
    },
  });

  // End-of-day count of the safe two days ago: one Spravato 84 mg device short, found on recount.
  const sheet = [
    ['K50-2611A', 80_000],
    ['K50-2602C', 40_000],
    ['K10-2508B', 80_000],
    ['SPR56-31A', 12],
    ['SPR84-31B', 12],
  ] as const;
  const countAt = async (days: number, short: boolean) => {
    const [count] = await tx
      .insert(stockCount)
      .values({
        clinicId,
        locationId: safe!.id,
        kind: 'daily',
        takenAt: 'close',
        countedBy: nurse.id,
        witnessStaffId: prescriber.id,
        countedAt: daysAgo(days, 23),
        recordedAt: daysAgo(days, 23),
      })
      .returning({ id: stockCount.id });
    await tx.insert(stockCountLine).values(
      sheet.map(([lotNumber, expected]) => ({
        clinicId,
        countId: count!.id,
        locationId: safe!.id,
        lotId: lotByNumber(lotNumber).row.id,
        expected,
        counted: short && lotNumber === 'SPR84-31B' ? expected - 1 : expected,
        estimated: false,
      })),
    );
    return count!.id;
  };
  const shortCount = await countAt(2, true);
  const [opened] = await tx
    .insert(discrepancy)
    .values({
      clinicId,
      source: 'count',
      locationId: safe!.id,
      lotId: lotByNumber('SPR84-31B').row.id,
      countId: shortCount,
      expectedMcg: 12 * 28_000,
      observedMcg: 11 * 28_000,
      differenceMcg: -28_000,
      expectedQuantity: 12,
      observedQuantity: 11,
      differenceQuantity: -1,
      openedBy: nurse.id,
      openedAt: daysAgo(2, 23),
    })
    .returning({ id: discrepancy.id });
  await tx.insert(discrepancyResolution).values({
    clinicId,
    discrepancyId: opened!.id,
    explanation:
      'The missing device was in an unopened kit stored behind the 56 mg kits; recounted with the nurse the next morning: 12 devices present. The ledger was right; no adjustment.',
    adjustmentEntryId: null,
    resolvedBy: compliance.id,
    resolvedAt: daysAgo(1, 15),
  });
  await countAt(1, false);

  await recordAudit(tx, clock, {
    clinicId,
    actorType: 'system',
    actorId: null,
    actorRole: null,
    action: 'inventory.demo_setup',
    resourceType: 'clinic',
    resourceId: clinicId,
    patientId: null,
    outcome: 'success',
    requestId: null,
    clientAddress: null,
    detail: { products: products.length, lots: lotRows.length, demo: true },
  });
}
