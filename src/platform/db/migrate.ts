import { fileURLToPath } from 'node:url';
import type { PGlite } from '@electric-sql/pglite';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import { migrate as migrateNodePg } from 'drizzle-orm/node-postgres/migrator';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import type pg from 'pg';
import type { Database } from './database.js';

/** The committed SQL migrations, shipped with the package. */
export const migrationsFolder = fileURLToPath(new URL('../../../migrations', import.meta.url));

/** Arbitrary but fixed: every ketacare process migrating the same database queues on this advisory lock. */
const MIGRATION_LOCK_KEY = 7_231_004_117;

export class MigrationHistoryError extends Error {}

// The shipped files cannot change while the process runs: read and hash them once, not on every readiness probe.
let shipped: ReturnType<typeof readMigrationFiles> | undefined;
const shippedMigrations = () => {
  shipped ??= readMigrationFiles({ migrationsFolder });
  return shipped;
};

/**
 * Applies pending migrations, one process at a time. Drizzle applies all pending files in one transaction and
 * never re-checks applied ones, so first refuse a database whose applied history differs from the files.
 */
export async function runMigrations(database: Database): Promise<{ applied: number }> {
  const before = await migrationStatus(database);
  if (before.pending === 0) return { applied: 0 };
  if (database.engine === 'pglite') {
    // One connection, one process (the data-directory lock): no other migrator can interleave.
    await migratePglite(database.db as Parameters<typeof migratePglite>[0], { migrationsFolder });
  } else {
    const pool = database.client as pg.Pool;
    const lockClient = await pool.connect();
    try {
      await lockClient.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
      await migrateNodePg(database.db as Parameters<typeof migrateNodePg>[0], { migrationsFolder });
    } finally {
      await lockClient.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => {});
      lockClient.release();
    }
  }
  const after = await migrationStatus(database);
  return { applied: after.applied - before.applied };
}

export interface MigrationStatus {
  /** Migrations in the package. */
  expected: number;
  /** Migrations recorded in the database. */
  applied: number;
  pending: number;
  current: boolean;
}

/** Compares the migrations table with the shipped files; throws when applied history was altered. */
export async function migrationStatus(database: Database): Promise<MigrationStatus> {
  const files = shippedMigrations();
  const rows = await appliedMigrations(database);
  const byTime = new Map(files.map((f) => [f.folderMillis, f.hash]));
  for (const row of rows) {
    const hash = byTime.get(row.createdAt);
    if (hash === undefined) {
      throw new MigrationHistoryError(
        `the database has a migration (${row.createdAt}) this version of ketacare does not know: it was written by a newer version`,
      );
    }
    if (hash !== row.hash) {
      throw new MigrationHistoryError(`applied migration ${row.createdAt} was edited after it was applied`);
    }
  }
  const newestApplied = rows.reduce((max, r) => Math.max(max, r.createdAt), 0);
  const pending = files.filter((f) => f.folderMillis > newestApplied).length;
  return { expected: files.length, applied: rows.length, pending, current: pending === 0 };
}

async function appliedMigrations(database: Database): Promise<{ createdAt: number; hash: string }[]> {
  const sql = `select hash, created_at from drizzle.__drizzle_migrations order by created_at`;
  const exists = `select to_regclass('drizzle.__drizzle_migrations') is not null as present`;
  type Row = { hash: string; created_at: string | number };
  if (database.engine === 'pglite') {
    const client = database.client as PGlite;
    const present = await client.query<{ present: boolean }>(exists);
    if (!present.rows[0]?.present) return [];
    const result = await client.query<Row>(sql);
    return result.rows.map((r) => ({ createdAt: Number(r.created_at), hash: r.hash }));
  }
  const pool = database.client as pg.Pool;
  const present = await pool.query<{ present: boolean }>(exists);
  if (!present.rows[0]?.present) return [];
  const result = await pool.query<Row>(sql);
  return result.rows.map((r) => ({ createdAt: Number(r.created_at), hash: r.hash }));
}
