import { existsSync, readdirSync } from 'node:fs';
import type { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { openDatabase } from '../db/database.js';
import { acquireDataDirLock } from '../db/lock.js';
import { type MigrationStatus, migrationStatus } from '../db/migrate.js';
import { BackupError } from './dump.js';

/**
 * Makes a backup runnable through a plain client on either engine. The embedded engine is PostgreSQL 18, the
 * servers run 15, and backups can come from either, so a few lines are removed on purpose:
 * - `SET transaction_timeout = 0;` — a PostgreSQL 17+ setting: 15 rejects it and aborts the whole restore.
 * - `\restrict KEY` / `\unrestrict KEY` — psql meta-commands newer pg_dump versions (15.14+, 18) emit; they are not
 *   SQL and a client cannot run them. Only lines carrying the file's own random key are removed, so nothing in the
 *   data can match.
 * - `COMMENT ON EXTENSION …` — cosmetic, and only the extension's owner may run it: it would stop a restore done
 *   by a non-superuser role that may create the (trusted) extensions.
 * Filtering stops at the first data line: the statements above only appear in the preamble.
 */
export function prepareForRestore(dump: string): string {
  const lines = dump.split('\n');
  // pg_dump writes `\restrict KEY` as the first statement line, right after the header comments.
  const first = lines.find((line) => line.trim() !== '' && !line.startsWith('--'));
  const key = first ? /^\\restrict (\S+)\s*$/.exec(first)?.[1] : undefined;
  let inPreamble = true;
  const kept: string[] = [];
  for (const line of lines) {
    if (inPreamble && line.startsWith('INSERT INTO ')) inPreamble = false;
    if (key && (line === `\\restrict ${key}` || line === `\\unrestrict ${key}`)) continue;
    if (inPreamble && /^SET transaction_timeout = /.test(line)) continue;
    if (inPreamble && /^COMMENT ON EXTENSION /.test(line)) continue;
    kept.push(line);
  }
  const sql = kept.join('\n');
  const preamble = sql.split(/^INSERT INTO /m)[0] ?? '';
  if (/^COPY /m.test(preamble)) {
    throw new BackupError(
      'the backup uses COPY blocks: make it with ketacare backup (it writes INSERT statements)',
    );
  }
  if (/^\s*\\/m.test(preamble)) {
    throw new BackupError(
      'the backup contains psql commands ketacare cannot run: was it made by ketacare backup?',
    );
  }
  return sql;
}

export type RestoreTarget = { dataDir: string } | { databaseUrl: string };

/** Restores a backup into a new embedded directory or an empty PostgreSQL database, then checks its migrations. */
export async function restoreBackup(dump: string, target: RestoreTarget): Promise<MigrationStatus> {
  const sql = prepareForRestore(dump);
  if ('dataDir' in target) return restoreEmbedded(sql, target.dataDir);
  return restorePostgres(sql, target.databaseUrl);
}

async function restoreEmbedded(sql: string, dataDir: string): Promise<MigrationStatus> {
  if (existsSync(dataDir) && readdirSync(dataDir).length > 0) {
    throw new BackupError(`${dataDir} is not empty: restore into a new directory`);
  }
  const lock = acquireDataDirLock(dataDir);
  try {
    const database = await openDatabase({ dataDir });
    try {
      // The whole file in one transaction: a failed restore leaves no half-filled database behind.
      await (database.client as PGlite).exec(`BEGIN;\n${sql}\nCOMMIT;`).catch((error: Error) => {
        throw new BackupError(`restore failed: ${error.message} (delete ${dataDir} before trying again)`);
      });
      return await checked(await migrationStatus(database));
    } finally {
      await database.close();
    }
  } finally {
    lock.release();
  }
}

async function restorePostgres(sql: string, databaseUrl: string): Promise<MigrationStatus> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const existing = await client.query<{ name: string }>(
      `select schemaname || '.' || tablename as name from pg_tables
       where schemaname not in ('pg_catalog', 'information_schema') limit 5`,
    );
    if (existing.rows.length > 0) {
      throw new BackupError(
        `the target database already has tables (${existing.rows.map((r) => r.name).join(', ')}): restore into an empty database`,
      );
    }
    // Simple-protocol multi-statement query: PostgreSQL runs it as one implicit transaction; BEGIN/COMMIT make that explicit.
    await client.query(`BEGIN;\n${sql}\nCOMMIT;`);
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    if (error instanceof BackupError) throw error;
    throw new BackupError(`restore failed: ${(error as Error).message}`);
  } finally {
    await client.end();
  }
  const database = await openDatabase({ databaseUrl, poolSize: 1 });
  try {
    return checked(await migrationStatus(database));
  } finally {
    await database.close();
  }
}

function checked(status: MigrationStatus): MigrationStatus {
  if (status.applied === 0)
    throw new BackupError('the restored database has no migration history: not a ketacare backup');
  return status;
}
