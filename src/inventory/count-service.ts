import { and, asc, desc, eq, gt, inArray, isNull, lt, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { recordAudit } from '../audit/service.js';
import type { Scope } from '../identity/authorise.js';
import { staff } from '../identity/schema.js';
import { clinicOf } from '../identity/scope.js';
import type { RequestMeta } from '../identity/service.js';
import { verifyWitness } from '../identity/service.js';
import { staffAudit, staffInClinic } from '../identity/staff-scope.js';
import type { Clock } from '../platform/clock.js';
import type { Database, Queryable, Tx } from '../platform/db/database.js';
import { isUniqueViolation } from '../platform/db/errors.js';
import { conflict, type FieldError, invalidFields, notFound } from '../platform/http/problem.js';
import { type BaseUnit, microgramsIn, type Strength } from './core.js';
import {
  type CountKind,
  type CountTiming,
  containerRuleOf,
  countedLineProblems,
  countedQuantity,
  differenceOf,
} from './count-core.js';
import type {
  Count,
  CountInput,
  CountLine,
  CountList,
  CountSheet,
  Discrepancy,
  DiscrepancyDetail,
  DiscrepancyList,
  EntryBehind,
  ResolutionInput,
} from './count-model.js';
import { recordAdjustment } from './ledger-service.js';
import { openedMayBeEstimated } from './report-core.js';
import {
  discrepancy,
  discrepancyResolution,
  ledgerEntry,
  lot,
  product,
  stockBalance,
  stockCount,
  stockCountLine,
  stockLocation,
} from './schema.js';
import { locationInClinic } from './stock-service.js';

/**
 * Stock counts and the discrepancies they open, and the resolution of any discrepancy. A count is written in one
 * go, when the counter and a second staff member (who authenticates on the spot) sign it: the sheet they counted
 * from is the ledger's balances, and if stock moved since the sheet was read the count is refused, so "expected"
 * is always what the ledger held at the moment of signing.
 */

const lotColumns = {
  lotId: lot.id,
  lotNumber: lot.lotNumber,
  expiresOn: lot.expiresOn,
  productId: product.id,
  productName: product.name,
  ndc: product.ndc,
  baseUnit: product.baseUnit,
};

type ProductStrength = {
  baseUnit: string;
  concentrationMcgPerMl: number | null;
  mcgPerDevice: number | null;
};

const strengthOf = (p: ProductStrength): Strength => ({ ...p, baseUnit: p.baseUnit as BaseUnit });

/** A balance is always a whole number of micrograms: every entry that made it was. */
function balanceMcg(p: ProductStrength, quantity: number): number {
  const mcg = microgramsIn(strengthOf(p), quantity);
  if (mcg === null) throw new Error(`a ledger balance of ${quantity} is not a whole number of micrograms`);
  return mcg;
}

/** The ledger's balances (more than zero) at one location or all of them, as the lines a counter works from. */
async function sheetLines(
  db: Queryable,
  clinicId: string,
  locationId: string | undefined,
  forUpdate = false,
) {
  const query = db
    .select({
      ...lotColumns,
      locationId: stockLocation.id,
      locationName: stockLocation.name,
      expected: stockBalance.quantity,
      containerSize: product.containerSize,
      concentrationMcgPerMl: product.concentrationMcgPerMl,
      mcgPerDevice: product.mcgPerDevice,
    })
    .from(stockBalance)
    .innerJoin(lot, eq(lot.id, stockBalance.lotId))
    .innerJoin(product, eq(product.id, lot.productId))
    .innerJoin(stockLocation, eq(stockLocation.id, stockBalance.locationId))
    .where(
      and(
        eq(stockBalance.clinicId, clinicId),
        gt(stockBalance.quantity, 0),
        locationId ? eq(stockBalance.locationId, locationId) : undefined,
      ),
    )
    .orderBy(asc(stockLocation.name), asc(product.name), asc(lot.expiresOn), asc(lot.lotNumber));
  // Signing a count holds the balances it compares with until it commits: no entry can slip in between.
  return forUpdate ? query.for('update', { of: stockBalance }) : query;
}

export async function countSheet(
  db: Queryable,
  scope: Scope,
  query: { locationId?: string | undefined },
): Promise<CountSheet> {
  const clinicId = clinicOf(scope);
  if (query.locationId) await locationInClinic(db, clinicId, query.locationId);
  const rows = await sheetLines(db, clinicId, query.locationId);
  return {
    lines: rows.map(({ concentrationMcgPerMl, mcgPerDevice, ...row }) => ({
      ...row,
      expectedMcg: balanceMcg({ baseUnit: row.baseUnit, concentrationMcgPerMl, mcgPerDevice }, row.expected),
      openedMayBeEstimated: openedMayBeEstimated(containerRuleOf(row).dosageUnitsPerContainer),
    })),
  };
}

const personName = <T extends { id: unknown; fullName: unknown }>(t: T) => ({
  id: t.id as T['id'],
  name: t.fullName as T['fullName'],
});

/** Counts with their lines, newest first (optionally one). */
async function loadCounts(db: Queryable, clinicId: string, countId?: string): Promise<Count[]> {
  const counter = alias(staff, 'counter');
  const witness = alias(staff, 'count_witness');
  const counts = await db
    .select({
      id: stockCount.id,
      locationId: stockCount.locationId,
      locationName: stockLocation.name,
      kind: stockCount.kind,
      takenAt: stockCount.takenAt,
      countedBy: personName(counter),
      witness: personName(witness),
      countedAt: stockCount.countedAt,
      recordedAt: stockCount.recordedAt,
    })
    .from(stockCount)
    .innerJoin(counter, eq(counter.id, stockCount.countedBy))
    .innerJoin(witness, eq(witness.id, stockCount.witnessStaffId))
    .leftJoin(stockLocation, eq(stockLocation.id, stockCount.locationId))
    .where(and(eq(stockCount.clinicId, clinicId), countId ? eq(stockCount.id, countId) : undefined))
    .orderBy(desc(stockCount.countedAt), desc(stockCount.id))
    .limit(countId ? 1 : 100);
  if (counts.length === 0) return [];
  const lines = await countLines(
    db,
    clinicId,
    counts.map((c) => c.id),
  );
  return counts.map((c) => {
    const own = lines.filter((l) => l.countId === c.id).map(({ countId: _, ...line }) => line);
    return {
      ...c,
      kind: c.kind as CountKind,
      takenAt: c.takenAt as CountTiming,
      countedAt: c.countedAt.toISOString(),
      recordedAt: c.recordedAt.toISOString(),
      lines: own,
      differences: own.filter((l) => l.difference !== 0).length,
    };
  });
}

async function countLines(
  db: Queryable,
  clinicId: string,
  countIds: string[],
): Promise<(CountLine & { countId: string })[]> {
  const rows = await db
    .select({
      id: stockCountLine.id,
      countId: stockCountLine.countId,
      ...lotColumns,
      locationId: stockLocation.id,
      locationName: stockLocation.name,
      expected: stockCountLine.expected,
      counted: stockCountLine.counted,
      estimated: stockCountLine.estimated,
      discrepancyId: discrepancy.id,
    })
    .from(stockCountLine)
    .innerJoin(lot, eq(lot.id, stockCountLine.lotId))
    .innerJoin(product, eq(product.id, lot.productId))
    .innerJoin(stockLocation, eq(stockLocation.id, stockCountLine.locationId))
    .leftJoin(
      discrepancy,
      and(
        eq(discrepancy.countId, stockCountLine.countId),
        eq(discrepancy.lotId, stockCountLine.lotId),
        eq(discrepancy.locationId, stockCountLine.locationId),
      ),
    )
    .where(and(eq(stockCountLine.clinicId, clinicId), inArray(stockCountLine.countId, countIds)))
    .orderBy(asc(stockLocation.name), asc(product.name), asc(lot.lotNumber));
  return rows.map((r) => ({ ...r, difference: differenceOf(r) }));
}

export async function listCounts(db: Queryable, scope: Scope): Promise<CountList> {
  return { counts: await loadCounts(db, clinicOf(scope)) };
}

export async function getCount(db: Queryable, scope: Scope, countId: string): Promise<Count> {
  const [count] = await loadCounts(db, clinicOf(scope), countId);
  if (!count) throw notFound('The count');
  return count;
}

/**
 * Records a count signed by the counter and a witness. Every lot the ledger holds at the counted location(s) must
 * be on it; a lot found where the ledger expects none may be added (expected 0). Each line that differs opens a
 * discrepancy in the same transaction.
 */
export async function recordCount(
  database: Database,
  clock: Clock,
  scope: Scope,
  meta: RequestMeta,
  input: CountInput,
): Promise<Count> {
  const who = staffInClinic(scope);
  const { clinicId } = who;
  const now = clock.now();
  const countedAt = input.countedAt ? new Date(input.countedAt) : now;
  const countId = await database.transaction(async (tx) => {
    const problems: FieldError[] = [];
    if (countedAt > now) problems.push({ path: '/body/countedAt', message: 'cannot be in the future' });
    if (problems.length) throw invalidFields(problems);
    if (input.locationId) await locationInClinic(tx, clinicId, input.locationId);

    const sheet = await sheetLines(tx, clinicId, input.locationId, true);
    const key = (l: { locationId: string; lotId: string }) => `${l.locationId}|${l.lotId}`;
    const onSheet = new Map(sheet.map((l) => [key(l), l]));
    const given = new Map(input.lines.map((l, i) => [key(l), i]));
    if (given.size !== input.lines.length)
      problems.push({ path: '/body/lines', message: 'each lot at each location is counted once' });
    for (const l of sheet)
      if (!given.has(key(l)))
        problems.push({
          path: '/body/lines',
          message: `lot ${l.lotNumber} of ${l.productName} at ${l.locationName} has not been counted`,
        });

    // Lots found where the ledger expects none: they must be this clinic's, at a counted location.
    const extraLotIds = input.lines.filter((l) => !onSheet.has(key(l))).map((l) => l.lotId);
    const extraLots = extraLotIds.length
      ? await tx
          .select({
            ...lotColumns,
            containerSize: product.containerSize,
            concentrationMcgPerMl: product.concentrationMcgPerMl,
            mcgPerDevice: product.mcgPerDevice,
          })
          .from(lot)
          .innerJoin(product, eq(product.id, lot.productId))
          .where(and(eq(lot.clinicId, clinicId), inArray(lot.id, extraLotIds)))
      : [];
    const extraLotById = new Map(extraLots.map((l) => [l.lotId, l]));

    const lines: {
      locationId: string;
      lotId: string;
      expected: number;
      counted: number;
      estimated: boolean;
      strength: ProductStrength;
    }[] = [];
    for (const [i, line] of input.lines.entries()) {
      const path = `/body/lines/${i}`;
      const known = onSheet.get(key(line));
      const extra = extraLotById.get(line.lotId);
      const productRow = known ?? extra;
      if (!productRow) {
        problems.push({ path: `${path}/lotId`, message: 'no such lot in this clinic' });
        continue;
      }
      if (!known && input.locationId && line.locationId !== input.locationId)
        problems.push({ path: `${path}/locationId`, message: 'not the location being counted' });
      const expected = known?.expected ?? 0;
      if (line.expected !== expected)
        throw conflict(
          `Stock of lot ${productRow.lotNumber} moved since the count sheet was read (the ledger now holds ${expected}, the sheet said ${line.expected}): read the sheet again and recount that lot`,
        );
      const rule = containerRuleOf(productRow);
      for (const p of countedLineProblems(line, rule))
        problems.push({ path: `${path}/${p.field}`, message: p.message });
      if (microgramsIn(strengthOf(productRow), countedQuantity(line, rule)) === null)
        problems.push({
          path: `${path}/openedQuantity`,
          message: 'is not a whole number of micrograms at this concentration',
        });
      lines.push({
        locationId: line.locationId,
        lotId: line.lotId,
        expected,
        counted: countedQuantity(line, rule),
        estimated: line.openedEstimated,
        strength: productRow,
      });
    }
    if (problems.length) throw invalidFields(problems);

    const { witnessStaffId } = await verifyWitness(tx, clock, {
      clinicId,
      signerStaffId: who.staffId,
      ...input.witness,
    });
    const [count] = await tx
      .insert(stockCount)
      .values({
        clinicId,
        locationId: input.locationId ?? null,
        kind: input.kind,
        takenAt: input.takenAt,
        countedBy: who.staffId,
        witnessStaffId,
        countedAt,
        recordedAt: now,
      })
      .returning({ id: stockCount.id });
    const id = count!.id;
    if (lines.length)
      await tx
        .insert(stockCountLine)
        .values(lines.map(({ strength: _, ...l }) => ({ clinicId, countId: id, ...l })));
    const differing = lines.filter((l) => differenceOf(l) !== 0);
    if (differing.length)
      await tx.insert(discrepancy).values(
        differing.map((l) => {
          const expectedMcg = balanceMcg(l.strength, l.expected);
          const observedMcg = balanceMcg(l.strength, l.counted);
          return {
            clinicId,
            source: 'count',
            locationId: l.locationId,
            lotId: l.lotId,
            countId: id,
            expectedMcg,
            observedMcg,
            differenceMcg: observedMcg - expectedMcg,
            expectedQuantity: l.expected,
            observedQuantity: l.counted,
            differenceQuantity: differenceOf(l),
            note: l.estimated ? 'the opened container was estimated' : null,
            openedBy: who.staffId,
            openedAt: now,
          };
        }),
      );
    await recordAudit(tx, clock, {
      ...staffAudit(who, meta),
      action: 'inventory.count_recorded',
      resourceType: 'stock_count',
      resourceId: id,
      patientId: null,
      detail: {
        kind: input.kind,
        takenAt: input.takenAt,
        locationId: input.locationId ?? null,
        witnessStaffId,
        lines: lines.length,
        differences: differing.length,
      },
    });
    return id;
  });
  return getCount(database.db, scope, countId);
}

// ── Discrepancies ──────────────────────────────────────────────────────────────────────────────────────────

async function loadDiscrepancies(
  db: Queryable,
  clinicId: string,
  filter: { status?: 'open' | 'resolved' | 'all'; id?: string },
): Promise<Discrepancy[]> {
  const opener = alias(staff, 'opener');
  const resolver = alias(staff, 'resolver');
  const status = filter.status ?? 'all';
  const rows = await db
    .select({
      d: discrepancy,
      locationName: stockLocation.name,
      lot: lotColumns,
      openedBy: personName(opener),
      resolution: discrepancyResolution,
      resolvedById: resolver.id,
      resolvedByName: resolver.fullName,
    })
    .from(discrepancy)
    .innerJoin(opener, eq(opener.id, discrepancy.openedBy))
    .leftJoin(stockLocation, eq(stockLocation.id, discrepancy.locationId))
    .leftJoin(lot, eq(lot.id, discrepancy.lotId))
    .leftJoin(product, eq(product.id, lot.productId))
    .leftJoin(discrepancyResolution, eq(discrepancyResolution.discrepancyId, discrepancy.id))
    .leftJoin(resolver, eq(resolver.id, discrepancyResolution.resolvedBy))
    .where(
      and(
        eq(discrepancy.clinicId, clinicId),
        filter.id ? eq(discrepancy.id, filter.id) : undefined,
        status === 'open' ? isNull(discrepancyResolution.id) : undefined,
        status === 'resolved' ? sql`${discrepancyResolution.id} is not null` : undefined,
      ),
    )
    // Open ones first: they are the work.
    .orderBy(sql`${discrepancyResolution.id} is not null`, desc(discrepancy.openedAt), desc(discrepancy.id))
    .limit(500);
  return rows.map(({ d, locationName, lot: lotRef, openedBy, resolution, resolvedById, resolvedByName }) => ({
    id: d.id,
    source: d.source as Discrepancy['source'],
    locationId: d.locationId,
    locationName,
    lot: lotRef?.lotId ? (lotRef as NonNullable<Discrepancy['lot']>) : null,
    appointmentId: d.appointmentId,
    countId: d.countId,
    expectedMcg: d.expectedMcg,
    observedMcg: d.observedMcg,
    differenceMcg: d.differenceMcg,
    expectedQuantity: d.expectedQuantity,
    observedQuantity: d.observedQuantity,
    differenceQuantity: d.differenceQuantity,
    note: d.note,
    openedBy,
    openedAt: d.openedAt.toISOString(),
    resolution:
      resolution && resolvedById && resolvedByName !== null
        ? {
            explanation: resolution.explanation,
            resolvedBy: { id: resolvedById, name: resolvedByName },
            resolvedAt: resolution.resolvedAt.toISOString(),
            adjustmentEntryId: resolution.adjustmentEntryId,
          }
        : null,
  }));
}

export async function listDiscrepancies(
  db: Queryable,
  scope: Scope,
  query: { status?: 'open' | 'resolved' | 'all' | undefined },
): Promise<DiscrepancyList> {
  return { discrepancies: await loadDiscrepancies(db, clinicOf(scope), { status: query.status ?? 'all' }) };
}

async function discrepancyById(db: Queryable, clinicId: string, id: string) {
  const [found] = await loadDiscrepancies(db, clinicId, { id });
  if (!found) throw notFound('The discrepancy');
  return found;
}

/** Ledger entries as the compliance officer reads them. */
export async function entriesBehind(
  db: Queryable,
  clinicId: string,
  where: ReturnType<typeof and>,
): Promise<EntryBehind[]> {
  const recorder = alias(staff, 'recorder');
  const witness = alias(staff, 'entry_witness');
  const rows = await db
    .select({
      id: ledgerEntry.id,
      kind: ledgerEntry.kind,
      occurredAt: ledgerEntry.occurredAt,
      lotNumber: lot.lotNumber,
      locationName: stockLocation.name,
      quantity: ledgerEntry.quantity,
      quantityMcg: ledgerEntry.quantityMcg,
      baseUnit: product.baseUnit,
      recordedBy: personName(recorder),
      witnessId: witness.id,
      witnessName: witness.fullName,
      appointmentId: ledgerEntry.appointmentId,
      reversesEntryId: ledgerEntry.reversesEntryId,
      reason: ledgerEntry.reason,
    })
    .from(ledgerEntry)
    .innerJoin(lot, eq(lot.id, ledgerEntry.lotId))
    .innerJoin(product, eq(product.id, lot.productId))
    .innerJoin(stockLocation, eq(stockLocation.id, ledgerEntry.locationId))
    .innerJoin(recorder, eq(recorder.id, ledgerEntry.recordedBy))
    .leftJoin(witness, eq(witness.id, ledgerEntry.witnessStaffId))
    .where(and(eq(ledgerEntry.clinicId, clinicId), where))
    .orderBy(asc(ledgerEntry.occurredAt), asc(ledgerEntry.id))
    .limit(1000);
  return rows.map(({ witnessId, witnessName, ...r }) => ({
    ...r,
    occurredAt: r.occurredAt.toISOString(),
    witness: witnessId && witnessName !== null ? { id: witnessId, name: witnessName } : null,
  }));
}

/**
 * A discrepancy with what lies behind it: for a count, the count line and every entry at that lot and location
 * since the previous count there; for an administration, the session's dispense, administer and waste entries.
 */
export async function discrepancyDetail(db: Queryable, scope: Scope, id: string): Promise<DiscrepancyDetail> {
  const clinicId = clinicOf(scope);
  const found = await discrepancyById(db, clinicId, id);
  if (found.source === 'administration' && found.appointmentId)
    return {
      discrepancy: found,
      countLine: null,
      entries: await entriesBehind(db, clinicId, and(eq(ledgerEntry.appointmentId, found.appointmentId))),
      entriesSince: null,
    };
  if (found.countId && found.lot && found.locationId) {
    const count = await getCount(db, scope, found.countId);
    const countLine =
      count.lines.find((l) => l.lotId === found.lot?.lotId && l.locationId === found.locationId) ?? null;
    const [previous] = await db
      .select({ countedAt: stockCount.countedAt })
      .from(stockCountLine)
      .innerJoin(stockCount, eq(stockCount.id, stockCountLine.countId))
      .where(
        and(
          eq(stockCountLine.clinicId, clinicId),
          eq(stockCountLine.lotId, found.lot.lotId),
          eq(stockCountLine.locationId, found.locationId),
          lt(stockCount.countedAt, new Date(count.countedAt)),
        ),
      )
      .orderBy(desc(stockCount.countedAt))
      .limit(1);
    const since = previous?.countedAt ?? null;
    return {
      discrepancy: found,
      countLine,
      entries: await entriesBehind(
        db,
        clinicId,
        and(
          eq(ledgerEntry.lotId, found.lot.lotId),
          eq(ledgerEntry.locationId, found.locationId),
          since ? sql`${ledgerEntry.occurredAt} >= ${since}` : undefined,
          sql`${ledgerEntry.occurredAt} <= ${new Date(count.countedAt)}`,
        ),
      ),
      entriesSince: since?.toISOString() ?? null,
    };
  }
  return { discrepancy: found, countLine: null, entries: [], entriesSince: null };
}

/**
 * Closes a discrepancy with an explanation. With `adjust`, a count discrepancy also corrects the ledger to what
 * was counted: an adjustment entry of the difference, linked to the discrepancy, in the same transaction.
 */
export async function resolveDiscrepancy(
  database: Database,
  clock: Clock,
  scope: Scope,
  meta: RequestMeta,
  id: string,
  input: ResolutionInput,
): Promise<DiscrepancyDetail> {
  const who = staffInClinic(scope);
  await database.transaction(async (tx: Tx) => {
    const found = await discrepancyById(tx, who.clinicId, id);
    if (found.resolution) throw conflict('This discrepancy has already been resolved');
    let adjustmentEntryId: string | null = null;
    if (input.adjust) {
      if (!found.lot || !found.locationId || !found.differenceQuantity)
        throw invalidFields([
          { path: '/body/adjust', message: 'only a count difference of one lot can be adjusted' },
        ]);
      adjustmentEntryId = await recordAdjustment(tx, clock, scope, meta, {
        discrepancyId: found.id,
        lotId: found.lot.lotId,
        locationId: found.locationId,
        quantity: found.differenceQuantity,
        reason: input.explanation,
      });
    }
    try {
      await tx.insert(discrepancyResolution).values({
        clinicId: who.clinicId,
        discrepancyId: found.id,
        explanation: input.explanation.trim(),
        adjustmentEntryId,
        resolvedBy: who.staffId,
        resolvedAt: clock.now(),
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw conflict('This discrepancy has already been resolved');
      throw error;
    }
    await recordAudit(tx, clock, {
      ...staffAudit(who, meta),
      action: 'inventory.discrepancy_resolved',
      resourceType: 'discrepancy',
      resourceId: found.id,
      patientId: null,
      detail: { adjustmentEntryId, differenceMcg: found.differenceMcg },
    });
  });
  return discrepancyDetail(database.db, scope, id);
}
