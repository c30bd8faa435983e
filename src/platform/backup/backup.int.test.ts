import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import { asc } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { organisation } from '../../organisation/schema.js';
import { createTestDatabase, type TestDatabase, testEngine } from '../../testing/db.js';
import { ManualClock } from '../clock.js';
import { loadConfig } from '../config.js';
import { openDatabase } from '../db/database.js';
import { migrationStatus } from '../db/migrate.js';
import { newId } from '../ids.js';
import { createLogger } from '../logging.js';
import { scheduleMaintenance } from '../maintenance.js';
import { dumpDatabase } from './dump.js';
import { prepareForRestore, restoreBackup } from './restore.js';
import { backupFileName, backupsDir } from './schedule.js';

// Text that looks like the lines restore filters out must survive inside the data untouched.
const awkwardName = "O'Brien & Co\nSET transaction_timeout = 0;\nCOMMENT ON EXTENSION x IS 'y';";

describe('backup and restore', () => {
  let database: TestDatabase;
  let root: string;
  beforeAll(async () => {
    database = await createTestDatabase();
    root = mkdtempSync(join(tmpdir(), 'ketacare-backup-'));
    await database.db.insert(organisation).values([
      { id: newId(), name: 'Plain Clinic Group', createdAt: new Date('2026-03-02T15:00:00Z') },
      { id: newId(), name: awkwardName, createdAt: new Date('2026-03-02T15:00:01.123Z') },
    ]);
  });
  afterAll(async () => {
    await database.destroy();
    rmSync(root, { recursive: true, force: true });
  });

  it(`dumps the ${testEngine()} database and restores it into a new embedded directory with the same data`, async () => {
    const dump = await dumpDatabase(database, database.url);
    expect(dump).toContain('INSERT INTO drizzle.__drizzle_migrations');
    const target = join(root, 'restored');
    const status = await restoreBackup(dump, { dataDir: target });
    expect(status.current).toBe(true);

    const restored = await openDatabase({ dataDir: target });
    try {
      const rows = await restored.db.select().from(organisation).orderBy(asc(organisation.id));
      expect(rows).toEqual(await database.db.select().from(organisation).orderBy(asc(organisation.id)));
      expect(rows.map((r) => r.name)).toContain(awkwardName);
      expect((await migrationStatus(restored)).current).toBe(true);
    } finally {
      await restored.close();
    }
    await expect(restoreBackup(dump, { dataDir: target })).rejects.toThrow(/is not empty/);
  });

  it('removes only the PostgreSQL 17+ settings, psql meta-commands and extension comments, never data', () => {
    const dump = [
      '\\restrict K3y',
      'SET statement_timeout = 0;',
      'SET transaction_timeout = 0;',
      "COMMENT ON EXTENSION citext IS 'data type';",
      'CREATE TABLE public.t (v text);',
      "INSERT INTO public.t VALUES ('a",
      'SET transaction_timeout = 0;',
      "\\restrict other');",
      '\\unrestrict K3y',
      '',
    ].join('\n');
    expect(prepareForRestore(dump)).toBe(
      [
        'SET statement_timeout = 0;',
        'CREATE TABLE public.t (v text);',
        "INSERT INTO public.t VALUES ('a",
        'SET transaction_timeout = 0;',
        "\\restrict other');",
        '',
      ].join('\n'),
    );
    expect(() => prepareForRestore('\\connect other\nCREATE TABLE t ();')).toThrow(/psql commands/);
    expect(() => prepareForRestore('COPY public.t (v) FROM stdin;\na\n\\.\n')).toThrow(/COPY/);
  });

  it.skipIf(testEngine() === 'postgres')(
    'automatic backups: one per interval by the clock, named in UTC, older than retainDays deleted',
    async () => {
      const dataDir = join(root, 'auto');
      const clock = new ManualClock('2026-03-02T15:00:00Z');
      const config = {
        ...loadConfig({}, { dataDir, webDir: false }),
        backup: { enabled: true, retainDays: 14, intervalHours: 24 },
      };
      const dir = backupsDir(dataDir);
      mkdirSync(dir, { recursive: true });
      const old = backupFileName(new Date('2026-02-10T15:00:00Z'));
      writeFileSync(join(dir, old), '-- old');
      writeFileSync(join(dir, 'notes.txt'), 'not a backup');
      const maintenance = scheduleMaintenance({ config, database, clock, log: createLogger('silent') });
      try {
        const first = await maintenance.backupIfDue();
        expect(first).toBe(join(dir, 'ketacare-20260302T150000Z.sql'));
        expect(statSync(first ?? '').mode & 0o777).toBe(0o600);
        expect(readdirSync(dir).sort()).toEqual(['ketacare-20260302T150000Z.sql', 'notes.txt']);

        clock.advance(23 * 3_600_000);
        expect(await maintenance.backupIfDue()).toBeUndefined();
        clock.advance(3_600_000);
        expect(await maintenance.backupIfDue()).toBe(join(dir, 'ketacare-20260303T150000Z.sql'));

        clock.advance(14 * 24 * 3_600_000);
        await maintenance.backupIfDue();
        expect(readdirSync(dir).sort()).toEqual([
          'ketacare-20260303T150000Z.sql',
          'ketacare-20260317T150000Z.sql',
          'notes.txt',
        ]);
        // The database is still usable after dumps hold its lock.
        expect(await database.db.select().from(organisation)).toHaveLength(2);
      } finally {
        maintenance.stop();
        await maintenance.idle();
      }
    },
  );

  it.skipIf(testEngine() === 'postgres')(
    'a backup waits for an open transaction instead of running inside it',
    async () => {
      let release: () => void = () => {};
      const held = new Promise<void>((resolve) => {
        release = resolve;
      });
      let inserted: () => void = () => {};
      const insertDone = new Promise<void>((resolve) => {
        inserted = resolve;
      });
      const id = newId();
      const writing = database.transaction(async (tx) => {
        await tx.insert(organisation).values({ id, name: 'Mid-transaction', createdAt: new Date() });
        inserted();
        await held;
      });
      await insertDone;
      const dumping = dumpDatabase(database);
      await new Promise((resolve) => setTimeout(resolve, 200));
      release();
      await writing;
      // The dump started after the write began and waited for its commit: the row is in it.
      expect(await dumping).toContain(id);
      // And the session is writable afterwards (pg_dump's read-only snapshot transaction was ended).
      await database.db
        .insert(organisation)
        .values({ id: newId(), name: 'After backup', createdAt: new Date() });
      // pg_dump empties search_path for its session; the app's session gets its own back.
      const showPath = async () =>
        (await (database.client as PGlite).query<{ search_path: string }>('show search_path')).rows[0]
          ?.search_path;
      const pathBefore = await showPath();
      await dumpDatabase(database);
      expect(await showPath()).toBe(pathBefore);
    },
  );
});
