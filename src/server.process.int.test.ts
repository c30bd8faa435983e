import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoOrganisationName } from './demo/demo.js';
import { openDatabase } from './platform/db/database.js';
import { lockHolder } from './platform/db/lock.js';
import { testEngine } from './testing/db.js';
import { type Spawned, spawnCli, spawnScript } from './testing/process.js';

/**
 * The real CLI as separate processes on one embedded data directory: the lock, graceful shutdown and backups
 * through the running server. Embedded-engine behaviour only, so the PostgreSQL project skips it.
 */
describe.skipIf(testEngine() === 'postgres')('server processes on one embedded data directory', () => {
  let root: string;
  const running: Spawned[] = [];
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'ketacare-proc-'));
  });
  afterAll(async () => {
    for (const p of running) if (p.child.exitCode === null) p.child.kill('SIGKILL');
    rmSync(root, { recursive: true, force: true });
  });
  const serve = (dataDir: string, ...extra: string[]) => {
    const p = spawnCli(['serve', '--port', '0', '--data-dir', dataDir, ...extra], {
      KETACARE_WEB_DIR: join(root, 'no-web'),
    });
    running.push(p);
    return p;
  };
  const rows = async (dataDir: string, sql: string) => {
    const database = await openDatabase({ dataDir });
    try {
      const result = await (database.client as import('@electric-sql/pglite').PGlite).query<
        Record<string, unknown>
      >(sql);
      return result.rows;
    } finally {
      await database.close();
    }
  };

  it('refuses a second server on the same data directory with one clear line, and the first keeps serving', async () => {
    const dataDir = join(root, 'second');
    const first = serve(dataDir, '--demo');
    const url = await first.url;
    const second = serve(dataDir);
    expect(await second.exited).not.toBe(0);
    const lines = second.output().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^ketacare: the data directory .* is in use by another ketacare process \(pid \d+\)/,
    );
    expect((await fetch(`${url}/readyz`)).status).toBe(200);
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    expect(lockHolder(dataDir)).toBeUndefined();
  }, 180_000);

  it('a second `serve --demo` reuses the data: nothing reseeded, nothing lost', async () => {
    const dataDir = join(root, 'demo');
    const first = serve(dataDir, '--demo');
    await first.url;
    expect(await first.waitFor(/Demo clinic loaded|Existing data kept/)).toContain('Demo clinic loaded');
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    const before = await rows(dataDir, 'select id, name from organisation order by id');
    expect(before).toEqual([{ id: expect.any(String), name: demoOrganisationName }]);

    const again = serve(dataDir, '--demo');
    await again.url;
    expect(await again.waitFor(/Demo clinic loaded|Existing data kept/)).toContain('Existing data kept');
    again.child.kill('SIGTERM');
    expect(await again.exited).toBe(0);
    expect(await rows(dataDir, 'select id, name from organisation order by id')).toEqual(before);
  }, 180_000);

  it('SIGTERM during concurrent writes: every acknowledged write is in the database, in-flight ones complete', async () => {
    const dataDir = join(root, 'sigterm');
    const server = spawnScript('src/testing/slow-write-server.ts', [dataDir]);
    running.push(server);
    const url = await server.url;
    const names = Array.from({ length: 12 }, (_, i) => `Shutdown test ${i}`);
    const write = (name: string) =>
      fetch(`${url}/test/slow-write`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name }),
      }).then(
        async (res) => ({ name, status: res.status, body: (await res.json()) as { id?: string } }),
        (error: Error) => ({ name, status: 0, body: { error: error.message } as { id?: string } }),
      );
    const writes = names.map(write);
    // Each write holds the one PGlite connection for 100 ms, so after the first answer most are still in flight.
    await Promise.race(writes);
    server.child.kill('SIGTERM');
    const results = await Promise.all(writes);
    expect(await server.exited).toBe(0);

    const acknowledged = results.filter((r) => r.status === 201);
    // Requests already accepted finish; none is cut off mid-way.
    expect(results.map((r) => r.status)).toEqual(names.map(() => 201));
    const stored = await rows(dataDir, `select id, name from organisation where name like 'Shutdown test %'`);
    expect(stored.map((r) => r.id).sort()).toEqual(acknowledged.map((r) => r.body.id).sort());
  }, 180_000);

  it('backs up through the running server, offline once it stops, and the backup restores into a new directory', async () => {
    const dataDir = join(root, 'backup');
    const server = serve(dataDir, '--demo');
    const url = await server.url;
    const socket = statSync(join(dataDir, 'control.sock'));
    expect(socket.isSocket()).toBe(true);
    expect(socket.mode & 0o777).toBe(0o600);

    const online = spawnCli(['backup', '--data-dir', dataDir, '--out', join(root, 'online.sql')]);
    expect(await online.exited, online.output()).toBe(0);
    expect(online.output()).toMatch(/by the running server, pid \d+/);
    expect((await fetch(`${url}/readyz`)).status).toBe(200);
    expect(statSync(join(root, 'online.sql')).mode & 0o777).toBe(0o600);
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);

    const offline = spawnCli(['backup', '--data-dir', dataDir, '--out', join(root, 'offline.sql')]);
    expect(await offline.exited, offline.output()).toBe(0);

    const target = join(root, 'restored');
    const restore = spawnCli(['restore', '--from', join(root, 'online.sql'), '--data-dir', target]);
    expect(await restore.exited, restore.output()).toBe(0);
    expect(restore.output()).toMatch(/Restored into .*: \d+ migration\(s\) recorded/);
    const again = spawnCli(['restore', '--from', join(root, 'offline.sql'), '--data-dir', target]);
    expect(await again.exited).not.toBe(0);
    expect(again.output()).toMatch(/^ketacare: .* is not empty: restore into a new directory\n$/);

    const restored = serve(target);
    const restoredUrl = await restored.url;
    expect((await fetch(`${restoredUrl}/readyz`)).status).toBe(200);
    restored.child.kill('SIGTERM');
    expect(await restored.exited).toBe(0);
    expect(await rows(target, 'select id, name from organisation order by id')).toEqual(
      await rows(dataDir, 'select id, name from organisation order by id'),
    );
  }, 180_000);

  it('CLI: --help on backup and restore, and a one-line reason for a restore without a target', async () => {
    for (const command of ['backup', 'restore']) {
      const help = spawnCli([command, '--help']);
      expect(await help.exited).toBe(0);
      expect(help.output()).toContain(`Usage: ketacare ${command}`);
    }
    const noTarget = spawnCli(['restore', '--from', join(root, 'nothing.sql')]);
    expect(await noTarget.exited).not.toBe(0);
    expect(noTarget.output()).toBe(
      'ketacare: restore needs exactly one target: --data-dir NEWDIR or --database-url URL\n',
    );
    const noFile = spawnCli(['restore', '--from', join(root, 'nothing.sql'), '--data-dir', join(root, 'x')]);
    expect(await noFile.exited).not.toBe(0);
    expect(noFile.output()).toMatch(/^ketacare: cannot read .*nothing\.sql: ENOENT\n$/);
  }, 180_000);
});
