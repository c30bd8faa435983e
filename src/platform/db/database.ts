import { AsyncLocalStorage } from 'node:async_hooks';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { btree_gist } from '@electric-sql/pglite/contrib/btree_gist';
import { citext } from '@electric-sql/pglite/contrib/citext';
import { pgcrypto } from '@electric-sql/pglite/contrib/pgcrypto';
import type { ExtractTablesWithRelations } from 'drizzle-orm';
import { drizzle as drizzleNodePg } from 'drizzle-orm/node-postgres';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import pg from 'pg';
import * as schema from './schema.js';

export type Schema = typeof schema;
/** The one database type every service sees, whichever engine is underneath. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** Either the database or an open transaction: what read-only helpers accept. */
export type Queryable = Db | Tx;
export type Engine = 'pglite' | 'postgres';

export interface Database {
  readonly engine: Engine;
  /** For reads outside a transaction. Inside `transaction`, use its `tx`: the outer handle refuses to run. */
  readonly db: Db;
  /** Runs `work` in one transaction: all of it commits or none of it does. */
  transaction<T>(work: (tx: Tx) => Promise<T>): Promise<T>;
  /** Plain SQL on its own connection (maintenance: vacuum, dumps, readiness). */
  execute(sql: string): Promise<void>;
  ping(): Promise<void>;
  close(): Promise<void>;
  /** The engine's own client, for the few tools that need it (migrations, dumps, bulk loads). */
  readonly client: PGlite | pg.Pool;
}

/**
 * Marks "this async call chain is inside a transaction". PGlite has a single connection, so a query through the
 * outer handle inside a transaction waits forever; on PostgreSQL it silently runs outside the transaction. Both
 * are bugs, so the outer handle throws instead.
 */
const insideTransaction = new AsyncLocalStorage<true>();

export class OuterHandleInTransactionError extends Error {
  constructor() {
    super('query through the outer database handle inside a transaction: use the transaction handle (tx)');
  }
}

function guard<F extends (...args: never[]) => unknown>(fn: F): F {
  return ((...args: Parameters<F>) => {
    if (insideTransaction.getStore()) throw new OuterHandleInTransactionError();
    return fn(...args);
  }) as F;
}

function transactionRunner(db: Db) {
  return <T>(work: (tx: Tx) => Promise<T>): Promise<T> => {
    if (insideTransaction.getStore()) {
      return Promise.reject(new Error('transactions do not nest: pass the open tx down instead'));
    }
    return db.transaction((tx) => insideTransaction.run(true, () => work(tx)));
  };
}

export interface OpenOptions {
  /** PostgreSQL URL; when absent the embedded engine is used. */
  databaseUrl?: string | undefined;
  /** Folder for the embedded database files; `memory` keeps it in memory (tests). */
  dataDir?: string | 'memory';
  /** PostgreSQL pool size. */
  poolSize?: number;
}

/** Where PGlite keeps its files inside the ketacare data folder. */
export function pgliteDir(dataDir: string): string {
  return join(dataDir, 'pgdata');
}

export const pgliteExtensions = { btree_gist, citext, pgcrypto };

export async function openDatabase(options: OpenOptions): Promise<Database> {
  if (options.databaseUrl) return openPostgres(options.databaseUrl, options.poolSize ?? 10);
  const dataDir = options.dataDir ?? 'memory';
  const client = await PGlite.create({
    ...(dataDir === 'memory' ? {} : { dataDir: pgliteDir(dataDir) }),
    extensions: pgliteExtensions,
    // PGlite holds ~0.7 GB after boot with defaults; start at its minimum (128 MiB) and let it grow on demand.
    initialMemory: 128 * 1024 * 1024,
  });
  return wrapPglite(client);
}

export function wrapPglite(client: PGlite): Database {
  client.query = guard(client.query.bind(client)) as typeof client.query;
  client.exec = guard(client.exec.bind(client)) as typeof client.exec;
  const db: Db = drizzlePglite({ client, schema });
  return {
    engine: 'pglite',
    db,
    client,
    transaction: transactionRunner(db),
    execute: async (sql) => {
      await client.exec(sql);
    },
    ping: async () => {
      await client.query('select 1');
    },
    close: async () => {
      if (!client.closed) await client.close();
    },
  };
}

async function openPostgres(connectionString: string, max: number): Promise<Database> {
  const pool = new pg.Pool({ connectionString, max, idleTimeoutMillis: 30_000 });
  // An idle client that loses its server (restart, failover) emits here; without a listener it would crash the process.
  pool.on('error', () => {});
  pool.query = guard(pool.query.bind(pool)) as typeof pool.query;
  const db: Db = drizzleNodePg({ client: pool, schema });
  let closed = false;
  return {
    engine: 'postgres',
    db,
    client: pool,
    transaction: transactionRunner(db),
    execute: async (sql) => {
      await pool.query(sql);
    },
    ping: async () => {
      await pool.query('select 1');
    },
    close: async () => {
      if (closed) return;
      closed = true;
      await pool.end();
    },
  };
}
