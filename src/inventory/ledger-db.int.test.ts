import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemo } from '../demo/demo.js';
import { staff } from '../identity/schema.js';
import { clinic } from '../organisation/schema.js';
import { newId } from '../platform/ids.js';
import { createTestApp, type TestApp } from '../testing/app.js';
import { ledgerEntry, lot, product, stockBalance, stockLocation } from './schema.js';

/** What the database itself guarantees, whatever the services do: the ledger's books cannot be cooked. */
let t: TestApp;
let clinicId: string;
let ownerId: string;
let lotId: string;
let safeId: string;

beforeAll(async () => {
  t = await createTestApp();
  await loadDemo(t.database, t.clock);
  const db = t.database.db;
  [{ id: clinicId }] = (await db.select({ id: clinic.id }).from(clinic)) as [{ id: string }];
  [{ id: ownerId }] = (await db
    .select({ id: staff.id })
    .from(staff)
    .where(eq(staff.email, 'owner@demo-clinic.example'))) as [{ id: string }];
  const now = t.clock.now();
  const [vial] = await db
    .insert(product)
    .values({
      clinicId,
      ndc: '00000-0001-01',
      name: 'Ketamine 10 mg/mL 10 mL vial',
      drug: 'ketamine',
      form: 'vial',
      baseUnit: 'microlitre',
      concentrationMcgPerMl: 10_000,
      containerSize: 10_000,
      createdBy: ownerId,
      createdAt: now,
    })
    .returning();
  const [made] = await db
    .insert(lot)
    .values({
      clinicId,
      productId: vial!.id,
      lotNumber: 'DB-1',
      expiresOn: '2030-01-01',
      createdBy: ownerId,
      createdAt: now,
    })
    .returning();
  lotId = made!.id;
  const [safe] = await db
    .insert(stockLocation)
    .values({ clinicId, kind: 'safe', name: 'Safe A', createdBy: ownerId, createdAt: now })
    .returning();
  safeId = safe!.id;
});
afterAll(async () => t?.close());

function entry(kind: string, quantity: number, balanceChange: number, extra: Record<string, unknown> = {}) {
  const now = t.clock.now();
  return {
    id: newId(),
    clinicId,
    kind,
    lotId,
    locationId: safeId,
    quantity,
    quantityMcg: quantity * 10,
    balanceChange,
    occurredAt: now,
    recordedBy: ownerId,
    recordedAt: now,
    ...extra,
  } as typeof ledgerEntry.$inferInsert;
}

async function balance() {
  const rows = await t.database.db.select().from(stockBalance).where(eq(stockBalance.lotId, lotId));
  return rows[0]?.quantity ?? null;
}

function sqlState(error: unknown): string | undefined {
  for (let e: unknown = error; e && typeof e === 'object'; e = (e as { cause?: unknown }).cause) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
  }
  return undefined;
}

async function refusal(write: () => Promise<unknown>) {
  try {
    await write();
  } catch (error) {
    return sqlState(error);
  }
  return 'written';
}

describe('the ledger keeps the balance', () => {
  it('applies each entry to the balance and refuses an overdraw as a whole', async () => {
    const db = t.database.db;
    await db.insert(ledgerEntry).values(entry('receive', 10_000, 10_000, { containers: 1 }));
    expect(await balance()).toBe(10_000);
    // A withdrawal larger than the stock fails with check_violation and leaves neither entry nor balance change.
    const before = (await db.select().from(ledgerEntry)).length;
    expect(await refusal(() => db.insert(ledgerEntry).values(entry('loss', 10_001, -10_001)))).toBe('23514');
    expect((await db.select().from(ledgerEntry)).length).toBe(before);
    expect(await balance()).toBe(10_000);
    await db.insert(ledgerEntry).values(entry('loss', 10_000, -10_000));
    expect(await balance()).toBe(0);
  });

  it('refuses a withdrawal from a location that never held the lot', async () => {
    const other = newId();
    await t.database.db.insert(stockLocation).values({
      id: other,
      clinicId,
      kind: 'cabinet',
      name: 'Empty cabinet',
      createdBy: ownerId,
      createdAt: t.clock.now(),
    });
    expect(
      await refusal(() =>
        t.database.db.insert(ledgerEntry).values(entry('loss', 1, -1, { locationId: other })),
      ),
    ).toBe('23514');
  });

  it('refuses entries whose shape contradicts their kind', async () => {
    const db = t.database.db;
    // a dispense that would add stock; a waste without a witness; an adjustment without a discrepancy
    expect(await refusal(() => db.insert(ledgerEntry).values(entry('dispense', 5, 5)))).toBe('23514');
    expect(await refusal(() => db.insert(ledgerEntry).values(entry('waste', 5, -5)))).toBe('23514');
    expect(await refusal(() => db.insert(ledgerEntry).values(entry('adjustment', 5, 5)))).toBe('23514');
    expect(
      await refusal(() => db.insert(ledgerEntry).values(entry('waste', 5, -5, { witnessStaffId: ownerId }))),
    ).toBe('23514');
  });

  it('refuses a reversal that does not exactly negate its original', async () => {
    const db = t.database.db;
    const received = entry('receive', 500, 500);
    await db.insert(ledgerEntry).values(received);
    const wrong = entry('reversal', -499, -499, { reversesEntryId: received.id, quantityMcg: -4990 });
    expect(await refusal(() => db.insert(ledgerEntry).values(wrong))).toBe('23514');
    const start = await balance();
    await db.insert(ledgerEntry).values(entry('reversal', -500, -500, { reversesEntryId: received.id }));
    expect(await balance()).toBe((start ?? 0) - 500);
    // an entry is reversed at most once
    const again = entry('reversal', -500, -500, { reversesEntryId: received.id });
    expect(await refusal(() => db.insert(ledgerEntry).values(again))).toBe('23505');
  });
});

describe('nothing edits the books', () => {
  it('refuses UPDATE and DELETE of ledger entries', async () => {
    const db = t.database.db;
    expect(
      await refusal(() =>
        db.update(ledgerEntry).set({ quantity: 1 }).where(eq(ledgerEntry.clinicId, clinicId)),
      ),
    ).toBe('42501');
    expect(await refusal(() => db.delete(ledgerEntry).where(eq(ledgerEntry.clinicId, clinicId)))).toBe(
      '42501',
    );
  });

  it('refuses direct writes to stock_balance', async () => {
    const db = t.database.db;
    await db.insert(ledgerEntry).values(entry('receive', 100, 100));
    expect(await refusal(() => db.update(stockBalance).set({ quantity: 1_000_000 }))).toBe('42501');
    expect(await refusal(() => db.delete(stockBalance))).toBe('42501');
    expect(
      await refusal(() =>
        db.execute(
          sql`insert into stock_balance (clinic_id, location_id, lot_id, quantity) values (${clinicId}, ${newId()}, ${lotId}, 5)`,
        ),
      ),
    ).toBe('42501');
    const [{ total }] = (await db
      .select({ total: sql<string>`coalesce(sum(${ledgerEntry.balanceChange}), 0)` })
      .from(ledgerEntry)
      .where(eq(ledgerEntry.lotId, lotId))) as [{ total: string }];
    expect(await balance()).toBe(Number(total));
  });
});
