import { and, asc, eq, gt } from 'drizzle-orm';
import { recordAudit } from '../audit/service.js';
import type { Scope } from '../identity/authorise.js';
import { clinicOf } from '../identity/scope.js';
import type { RequestMeta } from '../identity/service.js';
import { staffAudit, staffInClinic } from '../identity/staff-scope.js';
import { clinicToday } from '../organisation/service.js';
import type { Clock } from '../platform/clock.js';
import type { Database, Queryable } from '../platform/db/database.js';
import { isUniqueViolation } from '../platform/db/errors.js';
import { conflict, type FieldError, invalidFields, notFound } from '../platform/http/problem.js';
import {
  type BaseUnit,
  containersOf,
  daysBetween,
  formatMilligrams,
  formatQuantity,
  microgramsIn,
} from './core.js';
import type {
  LocationBody,
  LocationList,
  LocationView,
  LotBody,
  LotList,
  LotView,
  ProductBody,
  ProductList,
  ProductView,
  StockQuery,
  StockView,
} from './model.js';
import { lot, product, stockBalance, stockLocation } from './schema.js';

/** The clinic's product catalogue, storage locations and lots, and the stock on hand (read from the ledger's balances). */

export type ProductRow = typeof product.$inferSelect;
export type LotRow = typeof lot.$inferSelect;
export type LocationRow = typeof stockLocation.$inferSelect;

export function strengthDisplay(row: ProductRow): string {
  const unit = row.baseUnit as BaseUnit;
  if (unit === 'device')
    return `${formatMilligrams(row.mcgPerDevice ?? 0)} per device, ${formatQuantity(unit, row.containerSize)}`;
  return `${formatMilligrams(row.concentrationMcgPerMl ?? 0)}/mL, ${formatQuantity(unit, row.containerSize)} ${row.form.replaceAll('_', ' ')}`;
}

export function productView(row: ProductRow): ProductView {
  return {
    id: row.id,
    ndc: row.ndc,
    name: row.name,
    drug: row.drug as ProductView['drug'],
    form: row.form as ProductView['form'],
    baseUnit: row.baseUnit as BaseUnit,
    concentrationMcgPerMl: row.concentrationMcgPerMl,
    mcgPerDevice: row.mcgPerDevice,
    containerSize: row.containerSize,
    strengthDisplay: strengthDisplay(row),
  };
}

export const lotView = (row: LotRow, today: string): LotView => ({
  id: row.id,
  productId: row.productId,
  lotNumber: row.lotNumber,
  expiresOn: row.expiresOn,
  expired: row.expiresOn < today,
});

export const locationView = (row: LocationRow): LocationView => ({
  id: row.id,
  kind: row.kind as LocationView['kind'],
  name: row.name,
});

const strengthOf = (row: ProductRow) => ({
  baseUnit: row.baseUnit as BaseUnit,
  concentrationMcgPerMl: row.concentrationMcgPerMl,
  mcgPerDevice: row.mcgPerDevice,
});

/** The exact micrograms of a quantity of a product, or a 422 at `path` when the volume is finer than a microgram. */
export function microgramsOrRefuse(row: ProductRow, quantity: number, path: string): number {
  const mcg = microgramsIn(strengthOf(row), quantity);
  if (mcg === null)
    throw invalidFields([
      {
        path,
        message: `${formatQuantity(row.baseUnit as BaseUnit, quantity)} is not a whole number of micrograms of ${row.name}`,
      },
    ]);
  return mcg;
}

/** A lot of this clinic with its product, or 404. */
export async function lotInClinic(db: Queryable, clinicId: string, lotId: string) {
  const [found] = await db
    .select({ lot, product })
    .from(lot)
    .innerJoin(product, eq(product.id, lot.productId))
    .where(and(eq(lot.id, lotId), eq(lot.clinicId, clinicId)));
  if (!found) throw notFound('The lot');
  return found;
}

/** A storage location of this clinic, or 404. */
export async function locationInClinic(
  db: Queryable,
  clinicId: string,
  locationId: string,
): Promise<LocationRow> {
  const [found] = await db
    .select()
    .from(stockLocation)
    .where(and(eq(stockLocation.id, locationId), eq(stockLocation.clinicId, clinicId)));
  if (!found) throw notFound('The storage location');
  return found;
}

export async function listProducts(db: Queryable, scope: Scope): Promise<ProductList> {
  const rows = await db
    .select()
    .from(product)
    .where(eq(product.clinicId, clinicOf(scope)))
    .orderBy(asc(product.name));
  return { products: rows.map(productView) };
}

function productProblems(body: ProductBody): FieldError[] {
  const problems: FieldError[] = [];
  const liquid = body.baseUnit === 'microlitre';
  if (liquid !== (body.concentrationMcgPerMl !== null))
    problems.push({
      path: '/body/concentrationMcgPerMl',
      message: liquid ? 'a liquid needs its concentration' : 'only liquids have a concentration',
    });
  if (liquid === (body.mcgPerDevice !== null))
    problems.push({
      path: '/body/mcgPerDevice',
      message: liquid
        ? 'only devices have a strength per device'
        : 'a device product needs its strength per device',
    });
  if ((body.form === 'nasal_device_pack') !== !liquid)
    problems.push({
      path: '/body/baseUnit',
      message: 'nasal device packs are counted in devices; everything else in microlitres',
    });
  return problems;
}

export async function addProduct(
  database: Database,
  clock: Clock,
  scope: Scope,
  body: ProductBody,
  meta: RequestMeta,
): Promise<ProductView> {
  const who = staffInClinic(scope);
  const problems = productProblems(body);
  if (problems.length) throw invalidFields(problems);
  try {
    return await database.transaction(async (tx) => {
      const [row] = await tx
        .insert(product)
        .values({
          ...body,
          name: body.name.trim(),
          clinicId: who.clinicId,
          createdBy: who.staffId,
          createdAt: clock.now(),
        })
        .returning();
      await recordAudit(tx, clock, {
        ...staffAudit(who, meta),
        action: 'inventory.product_added',
        resourceType: 'product',
        resourceId: row!.id,
        patientId: null,
        detail: { ndc: row!.ndc, name: row!.name },
      });
      return productView(row!);
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict(`The catalogue already has NDC ${body.ndc}`);
    throw error;
  }
}

export async function listLocations(db: Queryable, scope: Scope): Promise<LocationList> {
  const rows = await db
    .select()
    .from(stockLocation)
    .where(eq(stockLocation.clinicId, clinicOf(scope)))
    .orderBy(asc(stockLocation.name));
  return { locations: rows.map(locationView) };
}

export async function addLocation(
  database: Database,
  clock: Clock,
  scope: Scope,
  body: LocationBody,
  meta: RequestMeta,
): Promise<LocationView> {
  const who = staffInClinic(scope);
  try {
    return await database.transaction(async (tx) => {
      const [row] = await tx
        .insert(stockLocation)
        .values({
          clinicId: who.clinicId,
          kind: body.kind,
          name: body.name.trim(),
          createdBy: who.staffId,
          createdAt: clock.now(),
        })
        .returning();
      await recordAudit(tx, clock, {
        ...staffAudit(who, meta),
        action: 'inventory.location_added',
        resourceType: 'stock_location',
        resourceId: row!.id,
        patientId: null,
        detail: { kind: row!.kind, name: row!.name },
      });
      return locationView(row!);
    });
  } catch (error) {
    if (isUniqueViolation(error))
      throw conflict(`There is already a storage location called ${body.name.trim()}`);
    throw error;
  }
}

export async function listLots(db: Queryable, clock: Clock, scope: Scope): Promise<LotList> {
  const clinicId = clinicOf(scope);
  const today = await clinicToday(db, clinicId, clock.now());
  const rows = await db.select().from(lot).where(eq(lot.clinicId, clinicId)).orderBy(asc(lot.expiresOn));
  return { lots: rows.map((row) => lotView(row, today)) };
}

/**
 * The lot of a product with this number: found (its expiry must match what the label says) or created. Receipt
 * creates lots as they arrive; the catalogue screen may add one ahead.
 */
export async function findOrAddLot(
  db: Queryable,
  clock: Clock,
  who: { clinicId: string; staffId: string },
  input: { productId: string; lotNumber: string; expiresOn: string },
  paths: { lotNumber: string; expiresOn: string },
): Promise<{ row: LotRow; created: boolean }> {
  const lotNumber = input.lotNumber.trim();
  const [existing] = await db
    .select()
    .from(lot)
    .where(
      and(eq(lot.clinicId, who.clinicId), eq(lot.productId, input.productId), eq(lot.lotNumber, lotNumber)),
    );
  if (existing) {
    if (existing.expiresOn !== input.expiresOn)
      throw invalidFields([
        {
          path: paths.expiresOn,
          message: `lot ${lotNumber} is on record as expiring on ${existing.expiresOn}`,
        },
      ]);
    return { row: existing, created: false };
  }
  const [row] = await db
    .insert(lot)
    .values({
      clinicId: who.clinicId,
      productId: input.productId,
      lotNumber,
      expiresOn: input.expiresOn,
      createdBy: who.staffId,
      createdAt: clock.now(),
    })
    .returning();
  return { row: row!, created: true };
}

export async function addLot(
  database: Database,
  clock: Clock,
  scope: Scope,
  body: LotBody,
  meta: RequestMeta,
): Promise<LotView> {
  const who = staffInClinic(scope);
  try {
    return await database.transaction(async (tx) => {
      const [known] = await tx
        .select({ id: product.id })
        .from(product)
        .where(and(eq(product.id, body.productId), eq(product.clinicId, who.clinicId)));
      if (!known) throw notFound('The product');
      const { row, created } = await findOrAddLot(tx, clock, who, body, {
        lotNumber: '/body/lotNumber',
        expiresOn: '/body/expiresOn',
      });
      if (!created) throw conflict(`Lot ${row.lotNumber} is already on record`);
      await recordAudit(tx, clock, {
        ...staffAudit(who, meta),
        action: 'inventory.lot_added',
        resourceType: 'lot',
        resourceId: row.id,
        patientId: null,
        detail: { productId: row.productId, lotNumber: row.lotNumber, expiresOn: row.expiresOn },
      });
      return lotView(row, await clinicToday(tx, who.clinicId, clock.now()));
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict(`Lot ${body.lotNumber.trim()} is already on record`);
    throw error;
  }
}

/**
 * Stock on hand per location and lot (empty balances left out), in the base unit, micrograms and containers;
 * `expiringWithinDays` narrows it to lots expiring that soon (expired ones included).
 */
export async function stockView(
  db: Queryable,
  clock: Clock,
  scope: Scope,
  query: StockQuery,
): Promise<StockView> {
  const clinicId = clinicOf(scope);
  const today = await clinicToday(db, clinicId, clock.now());
  const rows = await db
    .select({ balance: stockBalance, lot, product, location: stockLocation })
    .from(stockBalance)
    .innerJoin(lot, eq(lot.id, stockBalance.lotId))
    .innerJoin(product, eq(product.id, lot.productId))
    .innerJoin(stockLocation, eq(stockLocation.id, stockBalance.locationId))
    .where(and(eq(stockBalance.clinicId, clinicId), gt(stockBalance.quantity, 0)))
    .orderBy(asc(stockLocation.name), asc(product.name), asc(lot.expiresOn));
  const lines = rows.map(({ balance, lot: lotRow, product: productRow, location }) => {
    const unit = productRow.baseUnit as BaseUnit;
    const mcg = microgramsIn(strengthOf(productRow), balance.quantity) ?? 0;
    const split = containersOf(balance.quantity, productRow.containerSize);
    return {
      location: locationView(location),
      lot: lotView(lotRow, today),
      product: productView(productRow),
      quantity: balance.quantity,
      quantityDisplay: formatQuantity(unit, balance.quantity),
      mcg,
      milligramsDisplay: formatMilligrams(mcg),
      fullContainers: split.full,
      partialQuantity: split.partial,
      containersDisplay: split.containers,
      daysToExpiry: daysBetween(today, lotRow.expiresOn),
    };
  });
  const within = query.expiringWithinDays;
  return { lines: within === undefined ? lines : lines.filter((line) => line.daysToExpiry <= within) };
}
