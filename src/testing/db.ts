import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { type Database, openDatabase } from '../platform/db/database.js';
import { runMigrations } from '../platform/db/migrate.js';

/**
 * A migrated, empty database for one test file. On PostgreSQL each file gets its own throw-away database on the
 * DATABASE_URL server, dropped afterwards, so runs never see each other's data.
 */
export interface TestDatabase extends Database {
  /** Empties every application table (a few ms), keeping the schema. */
  reset(): Promise<void>;
  /** Closes and, on PostgreSQL, drops the database. */
  destroy(): Promise<void>;
  /** Connection string of the throw-away PostgreSQL database (undefined on PGlite). */
  readonly url: string | undefined;
}

export function testEngine(): 'pglite' | 'postgres' {
  const forced = process.env.KETACARE_TEST_ENGINE;
  if (forced === 'pglite' || forced === 'postgres') return forced;
  return process.env.DATABASE_URL ? 'postgres' : 'pglite';
}

/** Creates an empty PostgreSQL database on the DATABASE_URL server and returns its URL and a dropper. */
export async function createThrowawayPostgres(): Promise<{ url: string; drop: () => Promise<void> }> {
  const base = process.env.DATABASE_URL;
  if (!base) throw new Error('DATABASE_URL is not set: the PostgreSQL tests need a server');
  const name = `ketacare_t_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(base);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const client = new pg.Client({ connectionString: base });
      await client.connect();
      try {
        await client.query(`drop database if exists ${name} with (force)`);
      } finally {
        await client.end();
      }
    },
  };
}

export async function createTestDatabase(options: { poolSize?: number } = {}): Promise<TestDatabase> {
  const engine = testEngine();
  let database: Database;
  let drop = async () => {};
  let url: string | undefined;
  if (engine === 'postgres') {
    const throwaway = await createThrowawayPostgres();
    url = throwaway.url;
    drop = throwaway.drop;
    database = await openDatabase({ databaseUrl: url, poolSize: options.poolSize ?? 5 });
  } else {
    database = await openDatabase({ dataDir: 'memory' });
  }
  await runMigrations(database);
  const tables = await listTables(database);
  return Object.assign(Object.create(null), database, {
    url,
    reset: async () => {
      if (tables.length > 0) {
        await database.execute(`truncate ${tables.map((t) => `"${t}"`).join(', ')} restart identity cascade`);
      }
    },
    destroy: async () => {
      await database.close();
      await drop();
    },
  }) as TestDatabase;
}

async function listTables(database: Database): Promise<string[]> {
  const result = (await database.db.execute(
    sql.raw(`select tablename from pg_tables where schemaname = 'public' order by tablename`),
  )) as unknown as { rows: { tablename: string }[] };
  return result.rows.map((r) => r.tablename);
}
