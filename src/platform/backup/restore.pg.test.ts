import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { asc } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemo } from '../../demo/demo.js';
import { clinic, organisation } from '../../organisation/schema.js';
import { startServer } from '../../server.js';
import { createThrowawayPostgres } from '../../testing/db.js';
import { spawnCli } from '../../testing/process.js';
import { ManualClock } from '../clock.js';
import { loadConfig } from '../config.js';
import { openDatabase } from '../db/database.js';
import { runMigrations } from '../db/migrate.js';
import { newId } from '../ids.js';
import { createLogger } from '../logging.js';

/** The documented path for a clinic outgrowing the embedded engine: embedded backup → PostgreSQL 15 → server. */
describe('moving an embedded clinic to PostgreSQL', () => {
  let root: string;
  let target: Awaited<ReturnType<typeof createThrowawayPostgres>>;
  const dataDir = () => join(root, 'embedded');
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'ketacare-topg-'));
    target = await createThrowawayPostgres();
    mkdirSync(dataDir());
    const embedded = await openDatabase({ dataDir: dataDir() });
    try {
      await runMigrations(embedded);
      await loadDemo(embedded, new ManualClock('2026-03-02T15:00:00Z'));
      await embedded.db.insert(organisation).values({
        id: newId(),
        name: "Second Group — O'Neil",
        createdAt: new Date('2026-03-02T16:00:00.5Z'),
      });
    } finally {
      await embedded.close();
    }
  }, 120_000);
  afterAll(async () => {
    await target.drop();
    rmSync(root, { recursive: true, force: true });
  });

  it('backs up offline, restores with the CLI, refuses a second restore, and a server runs on it with the same data', async () => {
    const file = join(root, 'clinic.sql');
    const backup = spawnCli(['backup', '--data-dir', dataDir(), '--out', file]);
    expect(await backup.exited, backup.output()).toBe(0);

    const restore = spawnCli(['restore', '--from', file, '--database-url', target.url]);
    expect(await restore.exited, restore.output()).toBe(0);
    const again = spawnCli(['restore', '--from', file, '--database-url', target.url]);
    expect(await again.exited).not.toBe(0);
    expect(again.output()).toMatch(
      /^ketacare: the target database already has tables .*: restore into an empty database\n$/,
    );

    const config = { ...loadConfig({}, { databaseUrl: target.url, port: 0, webDir: false }) };
    const server = await startServer(config, { logger: createLogger('silent') });
    try {
      expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
      const embedded = await openDatabase({ dataDir: dataDir() });
      try {
        for (const table of [organisation, clinic]) {
          expect(await server.database.db.select().from(table).orderBy(asc(table.id))).toEqual(
            await embedded.db.select().from(table).orderBy(asc(table.id)),
          );
        }
        expect(await server.database.db.select().from(organisation)).toHaveLength(2);
      } finally {
        await embedded.close();
      }
    } finally {
      await server.close();
    }
  }, 180_000);
});
