import { count, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { organisation } from '../../organisation/schema.js';
import { createTestDatabase, type TestDatabase } from '../../testing/db.js';
import { OuterHandleInTransactionError } from './database.js';
import { MigrationHistoryError, migrationStatus, runMigrations } from './migrate.js';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => database?.destroy());
beforeEach(async () => database.reset());

const now = new Date('2026-03-02T15:00:00Z');
const organisations = async () => (await database.db.select({ n: count() }).from(organisation))[0]!.n;

describe('transactions', () => {
  it('commit every write together', async () => {
    await database.transaction(async (tx) => {
      await tx.insert(organisation).values({ name: 'One', createdAt: now });
      await tx.insert(organisation).values({ name: 'Two', createdAt: now });
    });
    expect(await organisations()).toBe(2);
  });

  it('roll back every write when any step fails: no partial writes', async () => {
    await expect(
      database.transaction(async (tx) => {
        await tx.insert(organisation).values({ name: 'One', createdAt: now });
        throw new Error('second step failed');
      }),
    ).rejects.toThrow('second step failed');
    expect(await organisations()).toBe(0);
  });

  it('refuse a query through the outer handle inside a transaction (it would deadlock PGlite)', async () => {
    await expect(
      database.transaction(async () => {
        await database.db.select().from(organisation);
      }),
    ).rejects.toMatchObject({ cause: expect.any(OuterHandleInTransactionError) });
    // The handle works again once the transaction is over.
    expect(await organisations()).toBe(0);
  });

  it('refuse to nest: the open tx is passed down instead', async () => {
    await expect(database.transaction(async () => database.transaction(async () => 1))).rejects.toThrow(
      /do not nest/,
    );
  });

  it('store timestamps with their zone and read back the same instant', async () => {
    const at = new Date('2026-11-01T08:30:00.123Z'); // a daylight-saving change day in the US
    const [row] = await database.db.insert(organisation).values({ name: 'Zoned', createdAt: at }).returning();
    const [read] = await database.db.select().from(organisation).where(eq(organisation.id, row!.id));
    expect(read!.createdAt.toISOString()).toBe(at.toISOString());
  });

  it('make UUIDv7 ids that sort by creation', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const [row] = await database.db
        .insert(organisation)
        .values({ name: `o${i}`, createdAt: now })
        .returning();
      ids.push(row!.id);
    }
    expect(ids.every((id) => id[14] === '7')).toBe(true);
    expect([...ids].sort()).toEqual(ids);
  });
});

describe('migrations', () => {
  it('are current after start, and running them again applies nothing', async () => {
    const status = await migrationStatus(database);
    expect(status.current).toBe(true);
    expect(status.applied).toBe(status.expected);
    expect(await runMigrations(database)).toEqual({ applied: 0 });
  });

  it('refuse a database whose applied migration was edited afterwards', async () => {
    const [first] = (
      (await database.db.execute(
        sql`select created_at from drizzle.__drizzle_migrations order by created_at limit 1`,
      )) as unknown as {
        rows: { created_at: string }[];
      }
    ).rows;
    await database.db.execute(
      sql`update drizzle.__drizzle_migrations set hash = 'tampered' where created_at = ${first!.created_at}`,
    );
    try {
      await expect(migrationStatus(database)).rejects.toThrow(MigrationHistoryError);
      await expect(migrationStatus(database)).rejects.toThrow(/edited after it was applied/);
    } finally {
      await database.db.execute(sql`delete from drizzle.__drizzle_migrations where hash = 'tampered'`);
    }
  });
});
