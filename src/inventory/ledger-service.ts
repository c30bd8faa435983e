import { and, asc, desc, eq, gte, inArray, isNull, lte, type SQL, sql } from 'drizzle-orm';
import { recordAudit } from '../audit/service.js';
import type { Scope } from '../identity/authorise.js';
import { staff, staffRole } from '../identity/schema.js';
import { clinicOf } from '../identity/scope.js';
import { type RequestMeta, verifyWitness } from '../identity/service.js';
import { type StaffInClinic, staffAudit, staffInClinic } from '../identity/staff-scope.js';
import { medicationOrder } from '../order/schema.js';
import { orderCheckFor } from '../order/service.js';
import { clinic } from '../organisation/schema.js';
import { clinicToday } from '../organisation/service.js';
import type { Clock } from '../platform/clock.js';
import type { Database, Queryable, Tx } from '../platform/db/database.js';
import { isUniqueViolation } from '../platform/db/errors.js';
import { conflict, invalidFields, notFound, ruleViolation } from '../platform/http/problem.js';
import { appointment } from '../schedule/schema.js';
import { currentSettings } from '../settings/service.js';
import {
  type ActKind,
  type AdministrationBalance,
  administrationBalance,
  type BaseUnit,
  balanceChangeOf,
  containersOf,
  dispensedRemaining,
  type EntryKind,
  formatMilligrams,
  formatQuantity,
  lossDeadlines,
  reversalOf,
  reversalRefusal,
  type SessionEntry,
} from './core.js';
import type {
  AdministerBody,
  AdministrationCloseView,
  DestroyBody,
  DispenseBody,
  EntryDetails,
  EntryList,
  EntryQuery,
  EntryView,
  LossBody,
  ReceiveBody,
  ReturnBody,
  ReversalBody,
  TransferBody,
  WasteBody,
} from './model.js';
import { handlingRefusalOn } from './registration-service.js';
import {
  csRegistration,
  discrepancy,
  discrepancyResolution,
  ledgerEntry,
  lot,
  product,
  stockBalance,
  stockLocation,
} from './schema.js';
import { inventorySettings } from './settings.js';
import {
  findOrAddLot,
  type LocationRow,
  type LotRow,
  locationInClinic,
  lotInClinic,
  microgramsOrRefuse,
  type ProductRow,
} from './stock-service.js';

/**
 * The acts on controlled stock. Each is one transaction: checks, the entry (whose trigger moves the balance), the
 * audit entry. The database has the last word on stock: of two racing withdrawals from the last of a lot, the
 * second fails the stock_balance_not_negative CHECK and becomes a 409 here, with nothing written.
 */

type EntryInsert = typeof ledgerEntry.$inferInsert;
type Held = { lot: LotRow; product: ProductRow; location: LocationRow };

const unit = (held: Held) => held.product.baseUnit as BaseUnit;
const lotLabel = (held: Held) => `Lot ${held.lot.lotNumber} of ${held.product.name} at ${held.location.name}`;

function constraintOf(error: unknown): string | undefined {
  for (let e: unknown = error; e && typeof e === 'object'; e = (e as { cause?: unknown }).cause) {
    const found = e as { code?: unknown; constraint?: unknown };
    if (found.code === '23514' && typeof found.constraint === 'string') return found.constraint;
  }
  return undefined;
}

/** Runs one act; a racing overdraw refused by the database becomes a clear 409. */
async function act<T>(database: Database, work: (tx: Tx) => Promise<T>): Promise<T> {
  try {
    return await database.transaction(work);
  } catch (error) {
    if (constraintOf(error) === 'stock_balance_not_negative')
      throw conflict(
        'Another entry took this stock at the same moment and not enough is left: nothing was recorded; reload and try again',
      );
    if (isUniqueViolation(error)) throw conflict('This entry has already been reversed');
    throw error;
  }
}

async function heldAt(tx: Queryable, clinicId: string, lotId: string, locationId: string): Promise<Held> {
  const found = await lotInClinic(tx, clinicId, lotId);
  return { ...found, location: await locationInClinic(tx, clinicId, locationId) };
}

async function balanceOf(tx: Queryable, held: Held): Promise<number> {
  const [row] = await tx
    .select({ quantity: stockBalance.quantity })
    .from(stockBalance)
    .where(and(eq(stockBalance.locationId, held.location.id), eq(stockBalance.lotId, held.lot.id)));
  return row?.quantity ?? 0;
}

/** "Lot X at Safe A holds 2.0 mL; 2.5 mL cannot be dispensed" (the database refuses it anyway). */
async function mustHold(tx: Queryable, held: Held, quantity: number, verb: string) {
  const onHand = await balanceOf(tx, held);
  if (onHand < quantity)
    throw conflict(
      `${lotLabel(held)} holds ${formatQuantity(unit(held), onHand)}; ${formatQuantity(unit(held), quantity)} cannot be ${verb}`,
    );
}

async function mayHandle(tx: Queryable, clinicId: string, today: string, what: string) {
  const refusal = await handlingRefusalOn(tx, clinicId, today);
  if (refusal) throw ruleViolation('CS-REGISTRATION', `Stock cannot be ${what}: ${refusal}`);
}

function notExpired(held: Held, today: string, what: string) {
  if (held.lot.expiresOn < today)
    throw ruleViolation(
      'CS-LOT-EXPIRED',
      `Lot ${held.lot.lotNumber} expired on ${held.lot.expiresOn} and cannot be ${what}; return it to a reverse distributor`,
    );
}

async function insertEntry(
  tx: Tx,
  clock: Clock,
  who: StaffInClinic,
  meta: RequestMeta,
  entry: Omit<EntryInsert, 'clinicId' | 'recordedBy' | 'recordedAt'>,
): Promise<string> {
  const [row] = await tx
    .insert(ledgerEntry)
    .values({ ...entry, clinicId: who.clinicId, recordedBy: who.staffId, recordedAt: clock.now() })
    .returning({ id: ledgerEntry.id });
  await recordAudit(tx, clock, {
    ...staffAudit(who, meta),
    action: `inventory.${entry.kind}`,
    resourceType: 'ledger_entry',
    resourceId: row!.id,
    patientId: entry.patientId ?? null,
    detail: {
      lotId: entry.lotId,
      locationId: entry.locationId,
      quantity: entry.quantity,
      quantityMcg: entry.quantityMcg,
      balanceChange: entry.balanceChange,
      ...(entry.reversesEntryId ? { reverses: entry.reversesEntryId } : {}),
    },
  });
  return row!.id;
}

/** The amounts of an act of `quantity` on a lot. */
function amounts(held: Held, kind: ActKind, quantity: number, path: string, fromDispensedDose = false) {
  return {
    kind,
    lotId: held.lot.id,
    locationId: held.location.id,
    quantity,
    quantityMcg: microgramsOrRefuse(held.product, quantity, path),
    balanceChange: balanceChangeOf(kind, quantity, fromDispensedDose),
  };
}

/** A witness authenticates on the spot and must hold a licensed clinical role (nurse or prescriber) here. */
async function witnessed(tx: Tx, clock: Clock, who: StaffInClinic, credentials: WasteBody['witness']) {
  const { witnessStaffId } = await verifyWitness(tx, clock, {
    clinicId: who.clinicId,
    signerStaffId: who.staffId,
    ...credentials,
  });
  const [licensed] = await tx
    .select({ id: staffRole.id })
    .from(staffRole)
    .where(
      and(
        eq(staffRole.staffId, witnessStaffId),
        eq(staffRole.clinicId, who.clinicId),
        inArray(staffRole.role, ['nurse', 'prescriber']),
      ),
    );
  if (!licensed)
    throw invalidFields([
      { path: '/body/witness', message: 'the witness must be a licensed nurse or prescriber' },
    ]);
  return witnessStaffId;
}

const instantOf = (value: string) => new Date(value);

// ── Reading ──────────────────────────────────────────────────────────────────────────────────────────────────

// Drizzle types a query joining one table twice as never: the second lookups are subqueries.
const witnessName = sql<
  string | null
>`(select w.full_name from staff w where w.id = ${ledgerEntry.witnessStaffId})`;
const reversedBy = sql<
  string | null
>`(select r.id from ledger_entry r where r.reverses_entry_id = ${ledgerEntry.id})`;
const reversedKind = sql<
  string | null
>`(select o.kind from ledger_entry o where o.id = ${ledgerEntry.reversesEntryId})`;

async function entryViews(db: Queryable, conditions: SQL[], limit: number): Promise<EntryView[]> {
  const rows = await db
    .select({
      entry: ledgerEntry,
      lot,
      product,
      locationName: stockLocation.name,
      recorderName: staff.fullName,
      witnessName,
      reversedById: reversedBy,
    })
    .from(ledgerEntry)
    .innerJoin(lot, eq(lot.id, ledgerEntry.lotId))
    .innerJoin(product, eq(product.id, lot.productId))
    .innerJoin(stockLocation, eq(stockLocation.id, ledgerEntry.locationId))
    .innerJoin(staff, eq(staff.id, ledgerEntry.recordedBy))
    .where(and(...conditions))
    .orderBy(desc(ledgerEntry.occurredAt), desc(ledgerEntry.id))
    .limit(limit);
  return rows.map(
    ({ entry: e, lot: l, product: p, locationName, recorderName, witnessName, reversedById }) => {
      const details = (e.details ?? {}) as EntryDetails;
      const baseUnit = p.baseUnit as BaseUnit;
      return {
        id: e.id,
        kind: e.kind as EntryKind,
        lotId: l.id,
        lotNumber: l.lotNumber,
        productId: p.id,
        productName: p.name,
        ndc: p.ndc,
        locationId: e.locationId,
        locationName,
        quantity: e.quantity,
        quantityMcg: e.quantityMcg,
        quantityDisplay: formatQuantity(baseUnit, e.quantity),
        milligramsDisplay: formatMilligrams(e.quantityMcg),
        balanceChange: e.balanceChange,
        containers: e.containers,
        patientId: e.patientId,
        appointmentId: e.appointmentId,
        orderId: e.orderId,
        supplier:
          e.supplierName && e.supplierAddress && e.supplierDeaNumber
            ? { name: e.supplierName, address: e.supplierAddress, deaNumber: e.supplierDeaNumber }
            : null,
        invoiceNumber: e.invoiceNumber,
        reason: e.reason,
        method: e.method,
        witness: e.witnessStaffId && witnessName ? { id: e.witnessStaffId, name: witnessName } : null,
        returnedTo: details.returnedTo ?? null,
        form41: details.form41 ?? null,
        form106: details.form106 ?? null,
        reversesEntryId: e.reversesEntryId,
        reversedByEntryId: reversedById,
        transferOutId: e.transferOutId,
        discrepancyId: e.discrepancyId,
        occurredAt: e.occurredAt.toISOString(),
        recordedBy: { id: e.recordedBy, name: recorderName },
        recordedAt: e.recordedAt.toISOString(),
      };
    },
  );
}

async function entryView(db: Queryable, clinicId: string, id: string): Promise<EntryView> {
  const [view] = await entryViews(db, [eq(ledgerEntry.clinicId, clinicId), eq(ledgerEntry.id, id)], 1);
  if (!view) throw notFound('The ledger entry');
  return view;
}

export async function listEntries(db: Queryable, scope: Scope, query: EntryQuery): Promise<EntryList> {
  const conditions: SQL[] = [eq(ledgerEntry.clinicId, clinicOf(scope))];
  if (query.kind) conditions.push(eq(ledgerEntry.kind, query.kind));
  if (query.lotId) conditions.push(eq(ledgerEntry.lotId, query.lotId));
  if (query.locationId) conditions.push(eq(ledgerEntry.locationId, query.locationId));
  if (query.appointmentId) conditions.push(eq(ledgerEntry.appointmentId, query.appointmentId));
  if (query.from) conditions.push(gte(ledgerEntry.occurredAt, instantOf(query.from)));
  if (query.to) conditions.push(lte(ledgerEntry.occurredAt, instantOf(query.to)));
  return { entries: await entryViews(db, conditions, query.limit ?? 200) };
}

// ── Receiving and moving stock ───────────────────────────────────────────────────────────────────────────────

export async function receiveStock(
  database: Database,
  clock: Clock,
  scope: Scope,
  body: ReceiveBody,
  meta: RequestMeta,
): Promise<EntryView> {
  const who = staffInClinic(scope);
  return act(database, async (tx) => {
    const today = await clinicToday(tx, who.clinicId, clock.now());
    await mayHandle(tx, who.clinicId, today, 'received');
    const location = await locationInClinic(tx, who.clinicId, body.locationId);
    const [productRow] = await tx
      .select()
      .from(product)
      .where(and(eq(product.id, body.productId), eq(product.clinicId, who.clinicId)));
    if (!productRow) throw notFound('The product');
    if (body.lotExpiresOn < today)
      throw invalidFields([
        {
          path: '/body/lotExpiresOn',
          message: 'expired stock is not received into the safe; refuse the delivery',
        },
      ]);
    const { row } = await findOrAddLot(
      tx,
      clock,
      who,
      { productId: productRow.id, lotNumber: body.lotNumber, expiresOn: body.lotExpiresOn },
      { lotNumber: '/body/lotNumber', expiresOn: '/body/lotExpiresOn' },
    );
    const held = { lot: row, product: productRow, location };
    const id = await insertEntry(tx, clock, who, meta, {
      ...amounts(held, 'receive', body.containers * productRow.containerSize, '/body/containers'),
      containers: body.containers,
      supplierName: body.supplier.name.trim(),
      supplierAddress: body.supplier.address.trim(),
      supplierDeaNumber: body.supplier.deaNumber,
      invoiceNumber: body.invoiceNumber.trim(),
      occurredAt: instantOf(body.occurredAt),
    });
    return entryView(tx, who.clinicId, id);
  });
}

/** Moves stock between two storage locations: a transfer_out and the transfer_in that completes it, together. */
export async function transferStock(
  database: Database,
  clock: Clock,
  scope: Scope,
  body: TransferBody,
  meta: RequestMeta,
): Promise<EntryList> {
  const who = staffInClinic(scope);
  if (body.fromLocationId === body.toLocationId)
    throw invalidFields([
      { path: '/body/toLocationId', message: 'a transfer goes to another storage location' },
    ]);
  return act(database, async (tx) => {
    const from = await heldAt(tx, who.clinicId, body.lotId, body.fromLocationId);
    const to = { ...from, location: await locationInClinic(tx, who.clinicId, body.toLocationId) };
    await mustHold(tx, from, body.quantity, 'transferred');
    const common = { reason: body.reason?.trim() ?? null, occurredAt: instantOf(body.occurredAt) };
    const outId = await insertEntry(tx, clock, who, meta, {
      ...amounts(from, 'transfer_out', body.quantity, '/body/quantity'),
      ...common,
    });
    const inId = await insertEntry(tx, clock, who, meta, {
      ...amounts(to, 'transfer_in', body.quantity, '/body/quantity'),
      ...common,
      transferOutId: outId,
    });
    return { entries: [await entryView(tx, who.clinicId, outId), await entryView(tx, who.clinicId, inId)] };
  });
}

// ── A session: dispense, administer, waste ───────────────────────────────────────────────────────────────────

async function appointmentInClinic(tx: Queryable, clinicId: string, appointmentId: string) {
  const [found] = await tx
    .select({ id: appointment.id, patientId: appointment.patientId, courseId: appointment.courseId })
    .from(appointment)
    .where(and(eq(appointment.id, appointmentId), eq(appointment.clinicId, clinicId)));
  if (!found) throw notFound('The appointment');
  return found;
}

/** The session's dispense, administer and waste entries (and their reversals) as the core counts them. */
async function sessionEntries(tx: Queryable, clinicId: string, appointmentId: string) {
  const rows = await tx
    .select({ entry: ledgerEntry, reversedKind })
    .from(ledgerEntry)
    .where(and(eq(ledgerEntry.clinicId, clinicId), eq(ledgerEntry.appointmentId, appointmentId)))
    .orderBy(asc(ledgerEntry.recordedAt));
  return rows.map(({ entry, reversedKind }) => ({
    row: entry,
    session: {
      kind: entry.kind as EntryKind,
      reversedKind: (reversedKind as EntryKind | null) ?? null,
      lotId: entry.lotId,
      quantity: entry.quantity,
      quantityMcg: entry.quantityMcg,
    } satisfies SessionEntry,
  }));
}

async function openDiscrepancyAt(tx: Queryable, clinicId: string, locationId: string): Promise<boolean> {
  const [open] = await tx
    .select({ id: discrepancy.id })
    .from(discrepancy)
    .leftJoin(discrepancyResolution, eq(discrepancyResolution.discrepancyId, discrepancy.id))
    .where(
      and(
        eq(discrepancy.clinicId, clinicId),
        eq(discrepancy.locationId, locationId),
        isNull(discrepancyResolution.id),
      ),
    )
    .limit(1);
  return open !== undefined;
}

export async function dispenseStock(
  database: Database,
  clock: Clock,
  scope: Scope,
  body: DispenseBody,
  meta: RequestMeta,
): Promise<EntryView> {
  const who = staffInClinic(scope);
  return act(database, async (tx) => {
    const today = await clinicToday(tx, who.clinicId, clock.now());
    const held = await heldAt(tx, who.clinicId, body.lotId, body.locationId);
    const session = await appointmentInClinic(tx, who.clinicId, body.appointmentId);
    const [order] = await tx
      .select({
        patientId: medicationOrder.patientId,
        appointmentId: medicationOrder.appointmentId,
        drug: medicationOrder.drug,
      })
      .from(medicationOrder)
      .where(and(eq(medicationOrder.id, body.orderId), eq(medicationOrder.clinicId, who.clinicId)));
    if (!order) throw notFound('The order');
    if (order.patientId !== session.patientId || (order.appointmentId && order.appointmentId !== session.id))
      throw invalidFields([
        { path: '/body/orderId', message: 'the order is not for this patient’s session' },
      ]);
    if (order.drug !== held.product.drug)
      throw invalidFields([
        { path: '/body/lotId', message: `the order is for ${order.drug}, the lot is ${held.product.drug}` },
      ]);
    await mayHandle(tx, who.clinicId, today, 'dispensed');
    notExpired(held, today, 'dispensed');
    // Stock leaves the safe only under the order in force for this session: signed, not lapsed, not replaced.
    const check = await orderCheckFor(tx, {
      clinicId: who.clinicId,
      patientId: session.patientId,
      courseId: session.courseId,
      appointmentId: session.id,
      at: clock.now(),
    });
    if (check.order?.orderId !== body.orderId)
      throw ruleViolation(
        'CS-ORDER-NOT-VALID',
        check.order
          ? 'This is not the order in force for the session: dispense under the current order'
          : `There is no valid order for this session: ${check.reasons.join('; ')}`,
      );
    const { values } = await currentSettings(tx, who.clinicId, inventorySettings);
    if (
      values.blockDispensingWithOpenDiscrepancy === 1 &&
      (await openDiscrepancyAt(tx, who.clinicId, held.location.id))
    )
      throw ruleViolation(
        'CS-OPEN-DISCREPANCY',
        `${held.location.name} has an open discrepancy: nothing is dispensed from it until compliance resolves it`,
      );
    await mustHold(tx, held, body.quantity, 'dispensed');
    const id = await insertEntry(tx, clock, who, meta, {
      ...amounts(held, 'dispense', body.quantity, '/body/quantity'),
      patientId: session.patientId,
      appointmentId: session.id,
      orderId: body.orderId,
      occurredAt: instantOf(body.occurredAt),
    });
    return entryView(tx, who.clinicId, id);
  });
}

/** Giving or wasting part of what was dispensed of a lot for the session: never more than is still held. */
async function accountForDose(
  tx: Tx,
  who: StaffInClinic,
  appointmentId: string,
  lotId: string,
  quantity: number,
) {
  await appointmentInClinic(tx, who.clinicId, appointmentId);
  const entries = await sessionEntries(tx, who.clinicId, appointmentId);
  const dispensed = entries.find(({ row }) => row.kind === 'dispense' && row.lotId === lotId)?.row;
  if (!dispensed)
    throw invalidFields([
      { path: '/body/lotId', message: 'nothing of this lot was dispensed for the session' },
    ]);
  const held = await heldAt(tx, who.clinicId, lotId, dispensed.locationId);
  const remaining = dispensedRemaining(
    entries.map((e) => e.session),
    lotId,
  );
  if (quantity > remaining)
    throw invalidFields([
      {
        path: '/body/quantity',
        message: `only ${formatQuantity(unit(held), remaining)} of lot ${held.lot.lotNumber} dispensed for the session is unaccounted for`,
      },
    ]);
  return { held, dispensed };
}

export async function administerDose(
  database: Database,
  clock: Clock,
  scope: Scope,
  body: AdministerBody,
  meta: RequestMeta,
): Promise<EntryView> {
  const who = staffInClinic(scope);
  return act(database, async (tx) => {
    await mayHandle(tx, who.clinicId, await clinicToday(tx, who.clinicId, clock.now()), 'administered');
    const { held, dispensed } = await accountForDose(tx, who, body.appointmentId, body.lotId, body.quantity);
    const id = await insertEntry(tx, clock, who, meta, {
      ...amounts(held, 'administer', body.quantity, '/body/quantity'),
      patientId: dispensed.patientId,
      appointmentId: dispensed.appointmentId,
      orderId: dispensed.orderId,
      occurredAt: instantOf(body.occurredAt),
    });
    return entryView(tx, who.clinicId, id);
  });
}

export async function wasteStock(
  database: Database,
  clock: Clock,
  scope: Scope,
  body: WasteBody,
  meta: RequestMeta,
): Promise<EntryView> {
  const who = staffInClinic(scope);
  if ((body.appointmentId === undefined) === (body.locationId === undefined))
    throw invalidFields([
      {
        path: '/body/appointmentId',
        message:
          'name the session whose dose is wasted, or the storage location of broken or spilled stock (one of the two)',
      },
    ]);
  return act(database, async (tx) => {
    const witnessStaffId = await witnessed(tx, clock, who, body.witness);
    const common = {
      reason: body.reason.trim(),
      method: body.method.trim(),
      witnessStaffId,
      occurredAt: instantOf(body.occurredAt),
    };
    let id: string;
    if (body.appointmentId) {
      const { held, dispensed } = await accountForDose(
        tx,
        who,
        body.appointmentId,
        body.lotId,
        body.quantity,
      );
      id = await insertEntry(tx, clock, who, meta, {
        ...amounts(held, 'waste', body.quantity, '/body/quantity', true),
        ...common,
        patientId: dispensed.patientId,
        appointmentId: dispensed.appointmentId,
        orderId: dispensed.orderId,
      });
    } else {
      const held = await heldAt(tx, who.clinicId, body.lotId, body.locationId!);
      await mustHold(tx, held, body.quantity, 'wasted');
      id = await insertEntry(tx, clock, who, meta, {
        ...amounts(held, 'waste', body.quantity, '/body/quantity'),
        ...common,
      });
    }
    return entryView(tx, who.clinicId, id);
  });
}

// ── Stock leaving the clinic ─────────────────────────────────────────────────────────────────────────────────

export async function returnStock(
  database: Database,
  clock: Clock,
  scope: Scope,
  body: ReturnBody,
  meta: RequestMeta,
): Promise<EntryView> {
  const who = staffInClinic(scope);
  return act(database, async (tx) => {
    const held = await heldAt(tx, who.clinicId, body.lotId, body.locationId);
    await mustHold(tx, held, body.quantity, 'returned');
    const whole = body.quantity % held.product.containerSize === 0;
    const id = await insertEntry(tx, clock, who, meta, {
      ...amounts(held, 'return', body.quantity, '/body/quantity'),
      containers: whole ? body.quantity / held.product.containerSize : null,
      supplierName: body.recipient.name.trim(),
      supplierAddress: body.recipient.address.trim(),
      supplierDeaNumber: body.recipient.deaNumber,
      reason: body.reason.trim(),
      details: { returnedTo: body.returnedTo } satisfies EntryDetails,
      occurredAt: instantOf(body.occurredAt),
    });
    return entryView(tx, who.clinicId, id);
  });
}

/** Destruction of inventory, with what DEA Form 41 asks for; the signer and the witness are its two employees. */
export async function destroyStock(
  database: Database,
  clock: Clock,
  scope: Scope,
  body: DestroyBody,
  meta: RequestMeta,
): Promise<EntryView> {
  const who = staffInClinic(scope);
  return act(database, async (tx) => {
    const witnessStaffId = await witnessed(tx, clock, who, body.witness);
    const held = await heldAt(tx, who.clinicId, body.lotId, body.locationId);
    await mustHold(tx, held, body.quantity, 'destroyed');
    const today = await clinicToday(tx, who.clinicId, clock.now());
    const [[registrant], names, [dea]] = await Promise.all([
      tx.select({ name: clinic.name }).from(clinic).where(eq(clinic.id, who.clinicId)),
      tx
        .select({ id: staff.id, name: staff.fullName })
        .from(staff)
        .where(inArray(staff.id, [who.staffId, witnessStaffId])),
      tx
        .select({ number: csRegistration.number })
        .from(csRegistration)
        .where(and(eq(csRegistration.clinicId, who.clinicId), eq(csRegistration.kind, 'dea')))
        .orderBy(desc(csRegistration.expiresOn))
        .limit(1),
    ]);
    const nameOf = (id: string) => names.find((n) => n.id === id)?.name ?? '';
    const split = containersOf(body.quantity, held.product.containerSize);
    const mcg = microgramsOrRefuse(held.product, body.quantity, '/body/quantity');
    const form41 = {
      registrantName: registrant?.name ?? '',
      registrationNumber: dea?.number ?? null,
      ndc: held.product.ndc,
      batch: held.lot.lotNumber,
      name: held.product.name,
      strength:
        unit(held) === 'device'
          ? `${formatMilligrams(held.product.mcgPerDevice ?? 0)} per device`
          : `${formatMilligrams(held.product.concentrationMcgPerMl ?? 0)}/mL`,
      form: held.product.form,
      packageQuantity: formatQuantity(unit(held), held.product.containerSize),
      fullContainers: split.full,
      partialQuantity: formatQuantity(unit(held), split.partial),
      total: formatQuantity(unit(held), body.quantity),
      totalMcg: mcg,
      destroyedOn: today,
      method: body.method.trim(),
      place: body.place.trim(),
      witnesses: [nameOf(who.staffId), nameOf(witnessStaffId)],
    };
    const id = await insertEntry(tx, clock, who, meta, {
      ...amounts(held, 'destroy', body.quantity, '/body/quantity'),
      method: body.method.trim(),
      reason: body.reason.trim(),
      witnessStaffId,
      details: { form41 } satisfies EntryDetails,
      occurredAt: instantOf(body.occurredAt),
    });
    return entryView(tx, who.clinicId, id);
  });
}

/** Theft or significant loss: the stock leaves the ledger, with the DEA deadlines (Form 106) on the record. */
export async function recordLoss(
  database: Database,
  clock: Clock,
  scope: Scope,
  body: LossBody,
  meta: RequestMeta,
): Promise<EntryView> {
  const who = staffInClinic(scope);
  return act(database, async (tx) => {
    const held = await heldAt(tx, who.clinicId, body.lotId, body.locationId);
    const today = await clinicToday(tx, who.clinicId, clock.now());
    if (body.discoveredOn > today)
      throw invalidFields([
        { path: '/body/discoveredOn', message: 'the discovery date cannot be in the future' },
      ]);
    await mustHold(tx, held, body.quantity, 'recorded as lost');
    const { values } = await currentSettings(tx, who.clinicId, inventorySettings);
    const form106 = {
      type: body.type,
      discoveredOn: body.discoveredOn,
      ...lossDeadlines(body.discoveredOn, values),
      circumstances: body.circumstances.trim(),
      policeReportNumber: body.policeReportNumber?.trim() ?? null,
    };
    const id = await insertEntry(tx, clock, who, meta, {
      ...amounts(held, 'loss', body.quantity, '/body/quantity'),
      reason: body.circumstances.trim(),
      details: { form106 } satisfies EntryDetails,
      occurredAt: instantOf(body.occurredAt),
    });
    return entryView(tx, who.clinicId, id);
  });
}

// ── Corrections ──────────────────────────────────────────────────────────────────────────────────────────────

/** A mistake is corrected by an entry that negates the original exactly; the original stays on the record. */
export async function reverseEntry(
  database: Database,
  clock: Clock,
  scope: Scope,
  body: ReversalBody,
  meta: RequestMeta,
): Promise<EntryView> {
  const who = staffInClinic(scope);
  return act(database, async (tx) => {
    const [original] = await tx
      .select()
      .from(ledgerEntry)
      .where(and(eq(ledgerEntry.id, body.entryId), eq(ledgerEntry.clinicId, who.clinicId)));
    if (!original) throw notFound('The ledger entry');
    const [already] = await tx
      .select({ id: ledgerEntry.id })
      .from(ledgerEntry)
      .where(eq(ledgerEntry.reversesEntryId, original.id));
    const refusal = reversalRefusal({ kind: original.kind as EntryKind, reversed: already !== undefined });
    if (refusal) throw conflict(`This entry cannot be reversed: ${refusal}`);
    const held = await heldAt(tx, who.clinicId, original.lotId, original.locationId);
    if (original.kind === 'dispense' && original.appointmentId) {
      const entries = await sessionEntries(tx, who.clinicId, original.appointmentId);
      const remaining = dispensedRemaining(
        entries.map((e) => e.session),
        original.lotId,
      );
      if (remaining < original.quantity)
        throw conflict('Part of this dispense has been given or wasted: reverse those entries first');
    }
    const negated = reversalOf({
      kind: original.kind as EntryKind,
      quantity: original.quantity,
      quantityMcg: original.quantityMcg,
      balanceChange: original.balanceChange,
    });
    if (negated.balanceChange < 0)
      await mustHold(tx, held, -negated.balanceChange, 'taken back out by this reversal');
    const id = await insertEntry(tx, clock, who, meta, {
      ...negated,
      lotId: original.lotId,
      locationId: original.locationId,
      patientId: original.patientId,
      appointmentId: original.appointmentId,
      orderId: original.orderId,
      reason: body.reason.trim(),
      reversesEntryId: original.id,
      occurredAt: clock.now(),
    });
    return entryView(tx, who.clinicId, id);
  });
}

/**
 * The adjustment that resolves a discrepancy, in the caller's transaction (the discrepancy's resolution): a signed
 * quantity of the lot at the location. Taking out more than is there is refused with a 409.
 */
export async function recordAdjustment(
  tx: Tx,
  clock: Clock,
  scope: Scope,
  meta: RequestMeta,
  input: { discrepancyId: string; lotId: string; locationId: string; quantity: number; reason: string },
): Promise<string> {
  const who = staffInClinic(scope);
  if (!Number.isSafeInteger(input.quantity) || input.quantity === 0)
    throw invalidFields([{ path: '/body/adjust', message: 'an adjustment is a non-zero whole quantity' }]);
  const held = await heldAt(tx, who.clinicId, input.lotId, input.locationId);
  if (input.quantity < 0) await mustHold(tx, held, -input.quantity, 'adjusted away');
  const magnitude = microgramsOrRefuse(held.product, Math.abs(input.quantity), '/body/adjust');
  return insertEntry(tx, clock, who, meta, {
    kind: 'adjustment',
    lotId: held.lot.id,
    locationId: held.location.id,
    quantity: input.quantity,
    quantityMcg: Math.sign(input.quantity) * magnitude,
    balanceChange: input.quantity,
    discrepancyId: input.discrepancyId,
    reason: input.reason.trim(),
    occurredAt: clock.now(),
  });
}

// ── Closing an administration ────────────────────────────────────────────────────────────────────────────────

/**
 * When a session closes, every microgram dispensed for it must be given or wasted. A gap opens an administration
 * discrepancy (once: an open one for the session is reused). In the caller's transaction; the session module
 * calls it on discharge.
 */
export async function closeAdministration(
  tx: Tx,
  clock: Clock,
  input: { clinicId: string; appointmentId: string; staffId: string; meta?: RequestMeta },
): Promise<AdministrationBalance & { discrepancyId: string | null }> {
  const entries = await sessionEntries(tx, input.clinicId, input.appointmentId);
  const balance = administrationBalance(entries.map((e) => e.session));
  if (balance.unaccountedMcg === 0) return { ...balance, discrepancyId: null };
  const [open] = await tx
    .select({ id: discrepancy.id })
    .from(discrepancy)
    .leftJoin(discrepancyResolution, eq(discrepancyResolution.discrepancyId, discrepancy.id))
    .where(
      and(
        eq(discrepancy.clinicId, input.clinicId),
        eq(discrepancy.appointmentId, input.appointmentId),
        eq(discrepancy.source, 'administration'),
        isNull(discrepancyResolution.id),
      ),
    );
  if (open) return { ...balance, discrepancyId: open.id };
  const lots = [...new Set(entries.map((e) => e.row.lotId))];
  const locations = [...new Set(entries.map((e) => e.row.locationId))];
  const observedMcg = balance.administeredMcg + balance.wastedMcg;
  const [row] = await tx
    .insert(discrepancy)
    .values({
      clinicId: input.clinicId,
      source: 'administration',
      appointmentId: input.appointmentId,
      lotId: lots.length === 1 ? lots[0] : null,
      locationId: locations.length === 1 ? locations[0] : null,
      expectedMcg: balance.dispensedMcg,
      observedMcg,
      differenceMcg: observedMcg - balance.dispensedMcg,
      note: `Dispensed ${formatMilligrams(balance.dispensedMcg)}; given ${formatMilligrams(balance.administeredMcg)} and wasted ${formatMilligrams(balance.wastedMcg)}`,
      openedBy: input.staffId,
      openedAt: clock.now(),
    })
    .returning({ id: discrepancy.id });
  const patientId = entries[0]?.row.patientId ?? null;
  await recordAudit(tx, clock, {
    clinicId: input.clinicId,
    actorType: 'staff',
    actorId: input.staffId,
    actorRole: null,
    outcome: 'success',
    requestId: input.meta?.requestId ?? null,
    clientAddress: input.meta?.clientAddress ?? null,
    action: 'inventory.discrepancy_opened',
    resourceType: 'discrepancy',
    resourceId: row!.id,
    patientId,
    detail: {
      source: 'administration',
      appointmentId: input.appointmentId,
      unaccountedMcg: balance.unaccountedMcg,
    },
  });
  return { ...balance, discrepancyId: row!.id };
}

export async function closeAdministrationNow(
  database: Database,
  clock: Clock,
  scope: Scope,
  appointmentId: string,
  meta: RequestMeta,
): Promise<AdministrationCloseView> {
  const who = staffInClinic(scope);
  return database.transaction(async (tx) => {
    await appointmentInClinic(tx, who.clinicId, appointmentId);
    const closed = await closeAdministration(tx, clock, {
      clinicId: who.clinicId,
      appointmentId,
      staffId: who.staffId,
      meta,
    });
    return { appointmentId, ...closed };
  });
}
