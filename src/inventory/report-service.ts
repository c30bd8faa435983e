import { and, asc, desc, eq, gte, inArray, isNotNull, lt, type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { csvCell } from '../audit/service.js';
import type { Scope } from '../identity/authorise.js';
import { staff } from '../identity/schema.js';
import { clinicOf } from '../identity/scope.js';
import { patientProfile } from '../intake/schema.js';
import { clinic } from '../organisation/schema.js';
import { clinicTimeZone, clinicToday } from '../organisation/service.js';
import { patient } from '../patient/schema.js';
import type { Clock } from '../platform/clock.js';
import type { Queryable } from '../platform/db/database.js';
import { type FieldError, invalidFields, notFound } from '../platform/http/problem.js';
import { addDays, localInstant } from '../schedule/core.js';
import { type BaseUnit, containersOf, type EntryKind, formatQuantity } from './core.js';
import type { EntryDetails } from './model.js';
import {
  expiringWithin,
  type ReconciliationColumn,
  type ReconciliationMovement,
  type ReportTable,
  reconcile,
  reconciliationColumns,
} from './report-core.js';
import type {
  DispensingReport,
  ExpiringReport,
  Form41Report,
  Form106Report,
  InventoryReport,
  ReceiptReport,
  ReconciliationReport,
  ReportName,
  ReportQuery,
} from './report-model.js';
import { reportTitles } from './report-model.js';
import { renderReportPdf } from './report-pdf.js';
import {
  csRegistration,
  ledgerEntry,
  lot,
  product,
  stockBalance,
  stockCount,
  stockCountLine,
  stockLocation,
} from './schema.js';
import { strengthDisplay } from './stock-service.js';

/**
 * The controlled-substance reports (21 CFR 1304; clinical reference §8): each is read in one pass over the
 * ledger, returned as JSON, and written as a formula-safe CSV and a paginated PDF from the same rows. Quantities
 * stay exact integers of the base unit and of micrograms; displays use the ledger's own formatting.
 */

const MAX_PERIOD_DAYS = 3 * 366;

interface Context {
  clinicId: string;
  clinicName: string;
  deaNumber: string | null;
  timeZone: string;
  today: string;
  generatedAt: Date;
}

async function contextOf(db: Queryable, clock: Clock, clinicId: string): Promise<Context> {
  const generatedAt = clock.now();
  const [[row], [dea], timeZone, today] = await Promise.all([
    db.select({ name: clinic.name }).from(clinic).where(eq(clinic.id, clinicId)),
    db
      .select({ number: csRegistration.number })
      .from(csRegistration)
      .where(and(eq(csRegistration.clinicId, clinicId), eq(csRegistration.kind, 'dea')))
      .orderBy(desc(csRegistration.expiresOn))
      .limit(1),
    clinicTimeZone(db, clinicId),
    clinicToday(db, clinicId, generatedAt),
  ]);
  return {
    clinicId,
    clinicName: row?.name ?? '',
    deaNumber: dea?.number ?? null,
    timeZone,
    today,
    generatedAt,
  };
}

const header = (c: Context, period: string) => ({
  clinicName: c.clinicName,
  deaNumber: c.deaNumber,
  period,
  generatedAt: c.generatedAt.toISOString(),
});

interface Period {
  from: string;
  to: string;
  start: Date;
  /** Exclusive: the start of the day after `to`. */
  end: Date;
  words: string;
}

/** A period of clinic dates, both inclusive, as instants in the clinic's time zone. */
function periodOf(c: Context, query: ReportQuery): Period {
  const problems: FieldError[] = [];
  if (!query.from) problems.push({ path: '/query/from', message: 'is required for this report' });
  if (!query.to) problems.push({ path: '/query/to', message: 'is required for this report' });
  if (query.from && query.to && query.to < query.from)
    problems.push({ path: '/query/to', message: 'must be on or after from' });
  else if (query.from && query.to && query.to > addDays(query.from, MAX_PERIOD_DAYS))
    problems.push({ path: '/query/to', message: 'the period can be at most three years' });
  if (problems.length || !query.from || !query.to) throw invalidFields(problems);
  return {
    from: query.from,
    to: query.to,
    start: localInstant(query.from, '00:00', c.timeZone),
    end: localInstant(addDays(query.to, 1), '00:00', c.timeZone),
    words: `${query.from} to ${query.to} (inclusive, ${c.timeZone})`,
  };
}

const recorder = alias(staff, 'recorder');
const witnessStaff = alias(staff, 'witness_staff');
const reversing = alias(ledgerEntry, 'reversing_entry');

/** Ledger entries of some kinds with their lot, product, location and people; `reversed` when a reversal exists. */
async function entriesOf(db: Queryable, clinicId: string, where: SQL | undefined) {
  const rows = await db
    .select({
      entry: ledgerEntry,
      product,
      lotNumber: lot.lotNumber,
      expiresOn: lot.expiresOn,
      locationName: stockLocation.name,
      byId: recorder.id,
      byName: recorder.fullName,
      witnessId: witnessStaff.id,
      witnessName: witnessStaff.fullName,
      reversalId: reversing.id,
    })
    .from(ledgerEntry)
    .innerJoin(lot, eq(lot.id, ledgerEntry.lotId))
    .innerJoin(product, eq(product.id, lot.productId))
    .innerJoin(stockLocation, eq(stockLocation.id, ledgerEntry.locationId))
    .innerJoin(recorder, eq(recorder.id, ledgerEntry.recordedBy))
    .leftJoin(witnessStaff, eq(witnessStaff.id, ledgerEntry.witnessStaffId))
    .leftJoin(reversing, eq(reversing.reversesEntryId, ledgerEntry.id))
    .where(and(eq(ledgerEntry.clinicId, clinicId), where))
    .orderBy(asc(ledgerEntry.occurredAt), asc(ledgerEntry.id));
  return rows.map((r) => ({
    ...r,
    baseUnit: r.product.baseUnit as BaseUnit,
    by: { id: r.byId, name: r.byName },
    witness: r.witnessId && r.witnessName !== null ? { id: r.witnessId, name: r.witnessName } : null,
    reversed: r.reversalId !== null,
    lotColumns: {
      productName: r.product.name,
      ndc: r.product.ndc,
      drug: r.product.drug,
      form: r.product.form,
      strength: strengthDisplay(r.product),
      lotNumber: r.lotNumber,
      baseUnit: r.product.baseUnit,
    },
  }));
}

const inPeriod = (p: Period, kinds: EntryKind[]) =>
  and(
    inArray(ledgerEntry.kind, kinds),
    gte(ledgerEntry.occurredAt, p.start),
    lt(ledgerEntry.occurredAt, p.end),
  );

/** Each patient's latest registered address, in one line. */
async function addresses(
  db: Queryable,
  clinicId: string,
  patientIds: string[],
): Promise<Map<string, string>> {
  if (patientIds.length === 0) return new Map();
  const rows = await db
    .selectDistinctOn([patientProfile.patientId], {
      patientId: patientProfile.patientId,
      details: patientProfile.details,
    })
    .from(patientProfile)
    .where(and(eq(patientProfile.clinicId, clinicId), inArray(patientProfile.patientId, patientIds)))
    .orderBy(patientProfile.patientId, desc(patientProfile.version));
  return new Map(
    rows.map(({ patientId, details }) => {
      const a = (details.address ?? {}) as Record<string, string | undefined>;
      const line = [a.line1, a.line2, a.city, [a.state, a.postalCode].filter(Boolean).join(' ')]
        .filter(Boolean)
        .join(', ');
      return [patientId, line];
    }),
  );
}

// ── The reports ────────────────────────────────────────────────────────────────────────────────────────────

async function dispensing(db: Queryable, c: Context, query: ReportQuery): Promise<DispensingReport> {
  const p = periodOf(c, query);
  const rows = await entriesOf(db, c.clinicId, inPeriod(p, ['dispense', 'administer', 'waste']));
  const patientIds = [...new Set(rows.flatMap((r) => (r.entry.patientId ? [r.entry.patientId] : [])))];
  const [names, where] = await Promise.all([
    patientIds.length
      ? db
          .select({ id: patient.id, givenName: patient.givenName, familyName: patient.familyName })
          .from(patient)
          .where(and(eq(patient.clinicId, c.clinicId), inArray(patient.id, patientIds)))
      : Promise.resolve([]),
    addresses(db, c.clinicId, patientIds),
  ]);
  const nameOf = new Map(names.map((n) => [n.id, `${n.givenName} ${n.familyName}`]));
  return {
    ...header(c, p.words),
    rows: rows.map((r) => ({
      entryId: r.entry.id,
      kind: r.entry.kind,
      occurredAt: r.entry.occurredAt.toISOString(),
      patientName: r.entry.patientId ? (nameOf.get(r.entry.patientId) ?? null) : null,
      patientAddress: r.entry.patientId ? (where.get(r.entry.patientId) ?? null) : null,
      ...r.lotColumns,
      locationName: r.locationName,
      quantity: r.entry.quantity,
      quantityMcg: r.entry.quantityMcg,
      by: r.by,
      witness: r.witness,
      appointmentId: r.entry.appointmentId,
      reversed: r.reversed,
    })),
  };
}

async function receipts(db: Queryable, c: Context, query: ReportQuery): Promise<ReceiptReport> {
  const p = periodOf(c, query);
  const rows = await entriesOf(db, c.clinicId, inPeriod(p, ['receive']));
  return {
    ...header(c, p.words),
    rows: rows.map((r) => ({
      entryId: r.entry.id,
      occurredAt: r.entry.occurredAt.toISOString(),
      ...r.lotColumns,
      locationName: r.locationName,
      containers: r.entry.containers,
      quantity: r.entry.quantity,
      quantityMcg: r.entry.quantityMcg,
      supplierName: r.entry.supplierName,
      supplierAddress: r.entry.supplierAddress,
      supplierDeaNumber: r.entry.supplierDeaNumber,
      invoiceNumber: r.entry.invoiceNumber,
      by: r.by,
      reversed: r.reversed,
    })),
  };
}

/** The inventory from a count: the one asked for, or the latest biennial or initial inventory. */
async function inventory(db: Queryable, c: Context, query: ReportQuery): Promise<InventoryReport> {
  const counter = alias(staff, 'counter');
  const second = alias(staff, 'second');
  const [count] = await db
    .select({
      count: stockCount,
      counterName: counter.fullName,
      secondName: second.fullName,
    })
    .from(stockCount)
    .innerJoin(counter, eq(counter.id, stockCount.countedBy))
    .innerJoin(second, eq(second.id, stockCount.witnessStaffId))
    .where(
      and(
        eq(stockCount.clinicId, c.clinicId),
        query.countId ? eq(stockCount.id, query.countId) : inArray(stockCount.kind, ['biennial', 'initial']),
      ),
    )
    .orderBy(desc(stockCount.countedAt))
    .limit(1);
  if (!count)
    throw query.countId
      ? notFound('The count')
      : invalidFields([
          { path: '/query/countId', message: 'no biennial or initial inventory has been taken yet' },
        ]);
  const lines = await db
    .select({
      line: stockCountLine,
      product,
      lotNumber: lot.lotNumber,
      expiresOn: lot.expiresOn,
      locationName: stockLocation.name,
    })
    .from(stockCountLine)
    .innerJoin(lot, eq(lot.id, stockCountLine.lotId))
    .innerJoin(product, eq(product.id, lot.productId))
    .innerJoin(stockLocation, eq(stockLocation.id, stockCountLine.locationId))
    .where(and(eq(stockCountLine.clinicId, c.clinicId), eq(stockCountLine.countId, count.count.id)))
    .orderBy(asc(stockLocation.name), asc(product.name), asc(lot.lotNumber));
  const takenAt = count.count.takenAt === 'opening' ? 'opening of business' : 'close of business';
  return {
    ...header(c, `as of ${count.count.countedAt.toISOString()} (${takenAt})`),
    countId: count.count.id,
    kind: count.count.kind,
    takenAt: `Taken at ${takenAt}`,
    countedAt: count.count.countedAt.toISOString(),
    countedBy: { id: count.count.countedBy, name: count.counterName },
    witness: { id: count.count.witnessStaffId, name: count.secondName },
    rows: lines.map(({ line, product: p, lotNumber, expiresOn, locationName }) => {
      // Stock is drawn a container at a time: every container but the one in use is sealed.
      const split = containersOf(line.counted, p.containerSize);
      const mcgPerUnit =
        p.baseUnit === 'device' ? (p.mcgPerDevice ?? 0) : (p.concentrationMcgPerMl ?? 0) / 1000;
      return {
        productName: p.name,
        ndc: p.ndc,
        drug: p.drug,
        form: p.form,
        strength: strengthDisplay(p),
        lotNumber,
        baseUnit: p.baseUnit,
        expiresOn,
        locationName,
        containerSize: p.containerSize,
        sealedContainers: split.full,
        openedQuantity: split.partial,
        opened: split.partial === 0 ? 'none open' : line.estimated ? 'estimated' : 'exact',
        total: line.counted,
        totalMcg: line.counted * mcgPerUnit,
      };
    }),
  };
}

/** Where an entry's quantity lands in the reconciliation; a reversal lands where its original did, negated. */
function movementsOf(kind: EntryKind, quantity: number, fromDispensedDose: boolean) {
  const m = (column: ReconciliationColumn, amount: number) => ({ column, amount });
  switch (kind) {
    case 'receive':
      return [m('received', quantity)];
    case 'transfer_in':
      return [m('transferredIn', quantity)];
    case 'transfer_out':
      return [m('transferredOut', quantity)];
    case 'dispense':
      return [m('dispensedUnaccounted', quantity)];
    case 'administer':
      return [m('administered', quantity), m('dispensedUnaccounted', -quantity)];
    case 'waste':
      return fromDispensedDose
        ? [m('wasted', quantity), m('dispensedUnaccounted', -quantity)]
        : [m('wasted', quantity)];
    case 'return':
      return [m('returned', quantity)];
    case 'destroy':
      return [m('destroyed', quantity)];
    case 'loss':
      return [m('lost', quantity)];
    case 'adjustment':
      return [m('adjusted', quantity)];
    case 'reversal':
      throw new Error('a reversal is reconciled as the kind it reverses');
  }
}

async function reconciliation(db: Queryable, c: Context, query: ReportQuery): Promise<ReconciliationReport> {
  const p = periodOf(c, query);
  const original = alias(ledgerEntry, 'original_entry');
  const [entries, balances, after, labels] = await Promise.all([
    db
      .select({
        lotId: ledgerEntry.lotId,
        locationId: ledgerEntry.locationId,
        kind: ledgerEntry.kind,
        originalKind: original.kind,
        quantity: ledgerEntry.quantity,
        balanceChange: ledgerEntry.balanceChange,
        appointmentId: ledgerEntry.appointmentId,
        occurredAt: ledgerEntry.occurredAt,
      })
      .from(ledgerEntry)
      .leftJoin(original, eq(original.id, ledgerEntry.reversesEntryId))
      .where(and(eq(ledgerEntry.clinicId, c.clinicId), lt(ledgerEntry.occurredAt, p.end))),
    db
      .select({
        lotId: stockBalance.lotId,
        locationId: stockBalance.locationId,
        quantity: stockBalance.quantity,
      })
      .from(stockBalance)
      .where(eq(stockBalance.clinicId, c.clinicId)),
    // What the ledger recorded as happening after the period: taken back off today's balance.
    db
      .select({
        lotId: ledgerEntry.lotId,
        locationId: ledgerEntry.locationId,
        change: sql<string>`sum(${ledgerEntry.balanceChange})`,
      })
      .from(ledgerEntry)
      .where(and(eq(ledgerEntry.clinicId, c.clinicId), gte(ledgerEntry.occurredAt, p.end)))
      .groupBy(ledgerEntry.lotId, ledgerEntry.locationId),
    db
      .select({ lotId: lot.id, product, lotNumber: lot.lotNumber })
      .from(lot)
      .innerJoin(product, eq(product.id, lot.productId))
      .where(eq(lot.clinicId, c.clinicId)),
  ]);
  const key = (r: { lotId: string; locationId: string }) => `${r.lotId}|${r.locationId}`;
  const movements: ReconciliationMovement[] = entries.flatMap((e) => {
    const kind = (e.kind === 'reversal' ? e.originalKind : e.kind) as EntryKind;
    // Waste of a session's dose names the session (and so does its reversal); breakage in storage does not.
    return movementsOf(kind, e.quantity, e.appointmentId !== null).map((m) => ({
      key: key(e),
      occurredAt: e.occurredAt,
      ...m,
    }));
  });
  const ledgerClosing = new Map(balances.map((b) => [key(b), b.quantity]));
  for (const a of after) ledgerClosing.set(key(a), (ledgerClosing.get(key(a)) ?? 0) - Number(a.change));
  const locations = await db
    .select({ id: stockLocation.id, name: stockLocation.name })
    .from(stockLocation)
    .where(eq(stockLocation.clinicId, c.clinicId));
  const lotOf = new Map(labels.map((l) => [l.lotId, l]));
  const locationOf = new Map(locations.map((l) => [l.id, l.name]));
  const rows = reconcile({ from: p.start, to: p.end, movements, ledgerClosing }).map((line) => {
    const [lotId, locationId] = line.key.split('|') as [string, string];
    const l = lotOf.get(lotId)!;
    return {
      productName: l.product.name,
      ndc: l.product.ndc,
      drug: l.product.drug,
      form: l.product.form,
      strength: strengthDisplay(l.product),
      lotNumber: l.lotNumber,
      baseUnit: l.product.baseUnit,
      locationName: locationOf.get(locationId) ?? '',
      opening: line.opening,
      movements: line.movements,
      arithmeticClosing: line.arithmeticClosing,
      ledgerClosing: line.ledgerClosing,
      mismatch: line.mismatch,
    };
  });
  rows.sort((a, b) =>
    `${a.productName}|${a.lotNumber}|${a.locationName}`.localeCompare(
      `${b.productName}|${b.lotNumber}|${b.locationName}`,
    ),
  );
  return {
    ...header(c, p.words),
    from: p.from,
    to: p.to,
    rows,
    mismatches: rows.filter((r) => r.mismatch).length,
  };
}

async function expiring(db: Queryable, c: Context, query: ReportQuery): Promise<ExpiringReport> {
  const days = query.days ?? 90;
  const rows = await db
    .select({
      product,
      lotNumber: lot.lotNumber,
      expiresOn: lot.expiresOn,
      locationName: stockLocation.name,
      quantity: stockBalance.quantity,
    })
    .from(stockBalance)
    .innerJoin(lot, eq(lot.id, stockBalance.lotId))
    .innerJoin(product, eq(product.id, lot.productId))
    .innerJoin(stockLocation, eq(stockLocation.id, stockBalance.locationId))
    .where(eq(stockBalance.clinicId, c.clinicId));
  return {
    ...header(c, `lots expiring by ${addDays(c.today, days)} (within ${days} days of ${c.today})`),
    days,
    rows: expiringWithin(rows, c.today, days).map((r) => ({
      productName: r.product.name,
      ndc: r.product.ndc,
      drug: r.product.drug,
      form: r.product.form,
      strength: strengthDisplay(r.product),
      lotNumber: r.lotNumber,
      baseUnit: r.product.baseUnit,
      expiresOn: r.expiresOn,
      daysLeft: r.daysLeft,
      locationName: r.locationName,
      quantity: r.quantity,
      quantityMcg:
        r.product.baseUnit === 'device'
          ? r.quantity * (r.product.mcgPerDevice ?? 0)
          : (r.quantity * (r.product.concentrationMcgPerMl ?? 0)) / 1000,
    })),
  };
}

async function form41(db: Queryable, c: Context, query: ReportQuery): Promise<Form41Report> {
  const p = periodOf(c, query);
  const rows = await entriesOf(db, c.clinicId, inPeriod(p, ['destroy']));
  return {
    ...header(c, p.words),
    rows: rows.map((r) => {
      const split = containersOf(r.entry.quantity, r.product.containerSize);
      return {
        entryId: r.entry.id,
        occurredAt: r.entry.occurredAt.toISOString(),
        ...r.lotColumns,
        packageQuantity: r.product.containerSize,
        fullContainers: split.full,
        partialQuantity: split.partial,
        quantity: r.entry.quantity,
        quantityMcg: r.entry.quantityMcg,
        method: r.entry.method,
        locationName: (r.entry.details as EntryDetails | null)?.form41?.place ?? r.locationName,
        by: r.by,
        witness: r.witness,
        reversed: r.reversed,
      };
    }),
  };
}

async function form106(db: Queryable, c: Context, query: ReportQuery): Promise<Form106Report> {
  const p = periodOf(c, query);
  const rows = await entriesOf(db, c.clinicId, and(inPeriod(p, ['loss']), isNotNull(ledgerEntry.details)));
  return {
    ...header(c, p.words),
    rows: rows.flatMap((r) => {
      const details = (r.entry.details as EntryDetails | null)?.form106;
      if (!details) return [];
      return [
        {
          entryId: r.entry.id,
          occurredAt: r.entry.occurredAt.toISOString(),
          discoveredOn: details.discoveredOn,
          noticeDueBy: details.writtenNoticeBy,
          form106DueBy: details.form106By,
          circumstances: `${details.type.replaceAll('_', ' ')}: ${details.circumstances}${details.policeReportNumber ? ` (police report ${details.policeReportNumber})` : ''}`,
          ...r.lotColumns,
          locationName: r.locationName,
          quantity: r.entry.quantity,
          quantityMcg: r.entry.quantityMcg,
          by: r.by,
          reversed: r.reversed,
        },
      ];
    }),
  };
}

// ── One table per report: the CSV and the PDF ─────────────────────────────────────────────────────────────

const when = (iso: string, timeZone: string) =>
  new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  })
    .format(new Date(iso))
    .replace(',', '');
const qty = (baseUnit: string, quantity: number) => formatQuantity(baseUnit as BaseUnit, quantity);
const num = (n: number) => String(n);
const right = (header: string) => ({ header, align: 'right' as const });
const yes = (b: boolean) => (b ? 'yes' : '');

export const reconciliationHeaders: Record<ReconciliationColumn, string> = {
  received: 'Received',
  transferredIn: 'Transferred in',
  transferredOut: 'Transferred out',
  administered: 'Administered',
  wasted: 'Wasted',
  returned: 'Returned',
  destroyed: 'Destroyed',
  lost: 'Lost or stolen',
  adjusted: 'Adjusted (±)',
  dispensedUnaccounted: 'Dispensed, not yet given or wasted',
};

type AnyReport =
  | { name: 'dispensing'; report: DispensingReport }
  | { name: 'receipts'; report: ReceiptReport }
  | { name: 'biennial-inventory'; report: InventoryReport }
  | { name: 'reconciliation'; report: ReconciliationReport }
  | { name: 'expiring-lots'; report: ExpiringReport }
  | { name: 'form-41'; report: Form41Report }
  | { name: 'form-106'; report: Form106Report };

/** The rows as text, exactly: quantities as the ledger writes them, micrograms as whole numbers. */
export function reportTable(r: AnyReport, timeZone: string): { table: ReportTable; notes: string[] } {
  switch (r.name) {
    case 'dispensing':
      return {
        table: {
          columns: [
            { header: 'Date and time' },
            { header: 'Act' },
            { header: 'Patient' },
            { header: 'Patient address' },
            { header: 'Substance' },
            { header: 'Form and strength' },
            { header: 'NDC' },
            { header: 'Lot' },
            right('Quantity'),
            right('Micrograms'),
            { header: 'By' },
            { header: 'Witness' },
            { header: 'Reversed' },
          ],
          rows: r.report.rows.map((x) => [
            when(x.occurredAt, timeZone),
            x.kind,
            x.patientName ?? '',
            x.patientAddress ?? '',
            x.drug,
            x.strength,
            x.ndc,
            x.lotNumber,
            qty(x.baseUnit, x.quantity),
            num(x.quantityMcg),
            x.by.name,
            x.witness?.name ?? '',
            yes(x.reversed),
          ]),
          empty: 'Nothing was dispensed, administered or wasted in this period.',
        },
        notes: ['Reversed entries were corrected by a reversing entry and do not count.'],
      };
    case 'receipts':
      return {
        table: {
          columns: [
            { header: 'Date' },
            { header: 'Product' },
            { header: 'NDC' },
            { header: 'Lot' },
            right('Containers'),
            right('Quantity'),
            right('Micrograms'),
            { header: 'Supplier' },
            { header: 'Supplier address' },
            { header: 'Supplier DEA number' },
            { header: 'Invoice' },
            { header: 'Received by' },
            { header: 'Reversed' },
          ],
          rows: r.report.rows.map((x) => [
            when(x.occurredAt, timeZone),
            x.productName,
            x.ndc,
            x.lotNumber,
            x.containers === null ? '' : num(x.containers),
            qty(x.baseUnit, x.quantity),
            num(x.quantityMcg),
            x.supplierName ?? '',
            x.supplierAddress ?? '',
            x.supplierDeaNumber ?? '',
            x.invoiceNumber ?? '',
            x.by.name,
            yes(x.reversed),
          ]),
          empty: 'Nothing was received in this period.',
        },
        notes: [],
      };
    case 'biennial-inventory':
      return {
        table: {
          columns: [
            { header: 'Location' },
            { header: 'Product' },
            { header: 'NDC' },
            { header: 'Lot' },
            { header: 'Expires' },
            right('Sealed containers'),
            right('In opened container'),
            { header: 'Opened container counted' },
            right('Total'),
            right('Micrograms'),
          ],
          rows: r.report.rows.map((x) => [
            x.locationName,
            x.productName,
            x.ndc,
            x.lotNumber,
            x.expiresOn,
            num(x.sealedContainers),
            qty(x.baseUnit, x.openedQuantity),
            x.opened,
            qty(x.baseUnit, x.total),
            num(x.totalMcg),
          ]),
          empty: 'The count found no stock.',
        },
        notes: [
          `${r.report.takenAt}. Counted by ${r.report.countedBy.name}, witnessed by ${r.report.witness.name}.`,
          'Sealed containers are counted exactly; an opened container may be estimated unless it holds more than 1,000 units (21 CFR 1304.11(e)(3)).',
        ],
      };
    case 'reconciliation':
      return {
        table: {
          columns: [
            { header: 'Product' },
            { header: 'Lot' },
            { header: 'Location' },
            right('Opening'),
            ...reconciliationColumns.map((c) => right(reconciliationHeaders[c])),
            right('Closing (arithmetic)'),
            right('Closing (ledger)'),
            { header: 'Check' },
          ],
          rows: r.report.rows.map((x) => [
            x.productName,
            x.lotNumber,
            x.locationName,
            qty(x.baseUnit, x.opening),
            ...reconciliationColumns.map((c) => qty(x.baseUnit, x.movements[c])),
            qty(x.baseUnit, x.arithmeticClosing),
            qty(x.baseUnit, x.ledgerClosing),
            x.mismatch ? 'MISMATCH' : 'ok',
          ]),
          empty: 'No stock was held or moved in this period.',
        },
        notes: [
          'Opening + received + transferred in − transferred out − administered − wasted − returned − destroyed − lost ± adjusted − dispensed not yet given or wasted = closing. Quantities in mL (exact to the microlitre) or devices.',
          `${r.report.mismatches} row(s) where the ledger's closing differs from the arithmetic.`,
        ],
      };
    case 'expiring-lots':
      return {
        table: {
          columns: [
            { header: 'Product' },
            { header: 'NDC' },
            { header: 'Lot' },
            { header: 'Expires' },
            right('Days left'),
            { header: 'Location' },
            right('Quantity'),
            right('Micrograms'),
          ],
          rows: r.report.rows.map((x) => [
            x.productName,
            x.ndc,
            x.lotNumber,
            x.expiresOn,
            num(x.daysLeft),
            x.locationName,
            qty(x.baseUnit, x.quantity),
            num(x.quantityMcg),
          ]),
          empty: 'No lot with stock expires in this horizon.',
        },
        notes: [
          'Expired stock is not dispensed; return it to a reverse distributor or destroy it (Form 41).',
        ],
      };
    case 'form-41':
      return {
        table: {
          columns: [
            { header: 'Date' },
            { header: 'NDC' },
            { header: 'Batch' },
            { header: 'Name' },
            { header: 'Strength' },
            { header: 'Form' },
            right('Package quantity'),
            right('Full containers'),
            right('Partial'),
            right('Total'),
            right('Micrograms'),
            { header: 'Method' },
            { header: 'Place' },
            { header: 'Witnesses' },
            { header: 'Reversed' },
          ],
          rows: r.report.rows.map((x) => [
            when(x.occurredAt, timeZone),
            x.ndc,
            x.lotNumber,
            x.productName,
            x.strength,
            x.form,
            qty(x.baseUnit, x.packageQuantity),
            num(x.fullContainers),
            qty(x.baseUnit, x.partialQuantity),
            qty(x.baseUnit, x.quantity),
            num(x.quantityMcg),
            x.method ?? '',
            x.locationName,
            [x.by.name, x.witness?.name].filter(Boolean).join('; '),
            yes(x.reversed),
          ]),
          empty: 'Nothing was destroyed in this period.',
        },
        notes: [
          'Draft data for DEA Form 41: the registrant files the form. Two authorised employees witnessed each destruction.',
        ],
      };
    case 'form-106':
      return {
        table: {
          columns: [
            { header: 'Discovered' },
            { header: 'Written notice due' },
            { header: 'Form 106 due' },
            { header: 'Circumstances' },
            { header: 'Product' },
            { header: 'NDC' },
            { header: 'Lot' },
            { header: 'Location' },
            right('Quantity'),
            right('Micrograms'),
            { header: 'Recorded by' },
            { header: 'Reversed' },
          ],
          rows: r.report.rows.map((x) => [
            x.discoveredOn,
            x.noticeDueBy,
            x.form106DueBy,
            x.circumstances ?? '',
            x.productName,
            x.ndc,
            x.lotNumber,
            x.locationName,
            qty(x.baseUnit, x.quantity),
            num(x.quantityMcg),
            x.by.name,
            yes(x.reversed),
          ]),
          empty: 'No theft or significant loss was recorded in this period.',
        },
        notes: [
          'Theft or significant loss: written notice to the DEA field division within one business day of discovery, then DEA Form 106 within 45 days (21 CFR 1301.76(b)). Draft data: the registrant files the form.',
        ],
      };
  }
}

export async function buildReport(
  db: Queryable,
  clock: Clock,
  scope: Scope,
  name: ReportName,
  query: ReportQuery,
) {
  const c = await contextOf(db, clock, clinicOf(scope));
  const report = await (async (): Promise<AnyReport> => {
    switch (name) {
      case 'dispensing':
        return { name, report: await dispensing(db, c, query) };
      case 'receipts':
        return { name, report: await receipts(db, c, query) };
      case 'biennial-inventory':
        return { name, report: await inventory(db, c, query) };
      case 'reconciliation':
        return { name, report: await reconciliation(db, c, query) };
      case 'expiring-lots':
        return { name, report: await expiring(db, c, query) };
      case 'form-41':
        return { name, report: await form41(db, c, query) };
      case 'form-106':
        return { name, report: await form106(db, c, query) };
    }
  })();
  return { ...report, timeZone: c.timeZone };
}

export function reportCsv(table: ReportTable): string {
  const lines = [table.columns.map((c) => csvCell(c.header)), ...table.rows.map((row) => row.map(csvCell))];
  return `${lines.map((l) => l.join(',')).join('\r\n')}\r\n`;
}

export async function reportFile(
  db: Queryable,
  clock: Clock,
  scope: Scope,
  name: ReportName,
  query: ReportQuery,
  format: 'csv' | 'pdf',
): Promise<{ body: string | Uint8Array; filename: string }> {
  const built = await buildReport(db, clock, scope, name, query);
  const { table, notes } = reportTable(built, built.timeZone);
  const stamp = query.from && query.to ? `${query.from}-${query.to}` : built.report.generatedAt.slice(0, 10);
  const filename = `${name}-${stamp}.${format}`;
  if (format === 'csv') return { body: reportCsv(table), filename };
  const body = await renderReportPdf({
    title: reportTitles[name],
    clinicName: built.report.clinicName,
    deaNumber: built.report.deaNumber,
    period: built.report.period,
    generatedAt: new Date(built.report.generatedAt),
    timeZone: built.timeZone,
    table,
    notes,
  });
  return { body, filename };
}
