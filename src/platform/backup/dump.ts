import { execFile } from 'node:child_process';
import { chmodSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { promisify } from 'node:util';
import type { PGlite } from '@electric-sql/pglite';
import { pgDump } from '@electric-sql/pglite-tools';
import type { Database } from '../db/database.js';

export class BackupError extends Error {}

/**
 * A consistent plain-SQL dump of the whole database (schema, data, drizzle's migration history).
 * Embedded: PGlite's own pg_dump build. PostgreSQL: the machine's `pg_dump`. Both use `--inserts` so one restore
 * path (plain statements through a client, no psql COPY blocks) serves every backup.
 */
export async function dumpDatabase(database: Database, databaseUrl?: string): Promise<string> {
  if (database.engine === 'pglite') return dumpPglite(database.client as PGlite);
  if (!databaseUrl) throw new BackupError('a PostgreSQL backup needs the database URL');
  return dumpPostgres(databaseUrl);
}

/**
 * pg_dump talks to PGlite through its raw protocol entry point, which takes none of PGlite's locks. PGlite has one
 * session: a dump started while the app has a transaction open would run inside it. So the dump holds PGlite's
 * transaction lock (every app query and transaction takes it) for its whole run; requests wait a second or two.
 * pgDump's own bookkeeping queries (save and restore search_path) must then bypass that lock, hence `unlocked`.
 */
async function dumpPglite(client: PGlite): Promise<string> {
  return client._runExclusiveTransaction(async () => {
    const session = unlocked(client);
    const searchPath = (await session.query<{ search_path: string }>('SHOW search_path')).rows[0]
      ?.search_path;
    try {
      const file = await pgDump({ pg: session, args: ['--no-owner', '--no-privileges'] });
      return await file.text();
    } finally {
      // pg_dump never ends its read-only snapshot transaction (a real pg_dump just disconnects; PGlite's one session
      // lives on): left open, every later write fails as read-only. End it, then put the app's search_path back
      // (pgDump restores it inside that transaction, so the rollback undoes its restore).
      await session.exec('ROLLBACK');
      if (searchPath) await session.exec(`SET search_path TO ${searchPath}`);
    }
  });
}

/** The subset of PGlite pgDump uses, running simple queries on the protocol without taking the transaction lock. */
function unlocked(client: PGlite): PGlite {
  const simpleQuery = async <T>(sql: string) => {
    const text = Buffer.from(`${sql}\0`, 'utf8');
    const message = Buffer.alloc(5 + text.length);
    message.write('Q', 0, 'ascii');
    message.writeInt32BE(4 + text.length, 1);
    text.copy(message, 5);
    const { messages } = await client.execProtocol(new Uint8Array(message));
    const failure = messages.find((m) => m.name === 'error') as { message?: string } | undefined;
    if (failure) throw new BackupError(`database error during backup: ${failure.message}`);
    const columns = (messages.find((m) => m.name === 'rowDescription') as { fields?: { name: string }[] })
      ?.fields;
    const rows = messages
      .filter((m) => m.name === 'dataRow')
      .map((m) => {
        const fields = (m as unknown as { fields: unknown[] }).fields;
        return Object.fromEntries((columns ?? []).map((c, i) => [c.name, fields[i]])) as T;
      });
    return { rows, fields: columns ?? [], affectedRows: 0 };
  };
  return new Proxy(client, {
    get(target, property, receiver) {
      if (property === 'query' || property === 'exec') return simpleQuery;
      const value = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

const run = promisify(execFile);

export async function dumpPostgres(databaseUrl: string): Promise<string> {
  try {
    const { stdout } = await run(
      'pg_dump',
      ['--inserts', '--no-owner', '--no-privileges', '--dbname', databaseUrl],
      { maxBuffer: 1024 * 1024 * 1024, encoding: 'utf8' },
    );
    return stdout;
  } catch (error) {
    const failure = error as NodeJS.ErrnoException & { stderr?: string };
    if (failure.code === 'ENOENT') {
      throw new BackupError(
        'pg_dump was not found: install the PostgreSQL client tools (same major version as the server)',
      );
    }
    const reason = failure.stderr?.trim().split('\n')[0] ?? failure.message;
    throw new BackupError(`pg_dump failed: ${reason}`);
  }
}

/**
 * Writes a backup file readable only by its owner (it holds patient data), via a temporary file and a rename so a
 * crash never leaves a half-written backup under the final name.
 */
export function writeBackupFile(path: string, sql: string): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const partial = `${path}.partial`;
  writeFileSync(partial, sql, { mode: 0o600 });
  chmodSync(partial, 0o600);
  renameSync(partial, path);
}
