import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, demoLogins } from '../demo/demo.js';
import { openDatabase } from '../platform/db/database.js';
import { testEngine } from '../testing/db.js';
import { type Spawned, spawnCli } from '../testing/process.js';

/** `ketacare audit verify` as a real process on an embedded data directory; the PostgreSQL project skips it. */
describe.skipIf(testEngine() === 'postgres')('ketacare audit verify', () => {
  let root: string;
  const running: Spawned[] = [];
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'ketacare-audit-'));
  });
  afterAll(() => {
    for (const p of running) if (p.child.exitCode === null) p.child.kill('SIGKILL');
    rmSync(root, { recursive: true, force: true });
  });

  it('passes a clean trail through the running server and offline, and names the edited entry after tampering', async () => {
    const dataDir = join(root, 'data');
    const server = spawnCli(['serve', '--port', '0', '--data-dir', dataDir, '--demo'], {
      KETACARE_WEB_DIR: join(root, 'no-web'),
    });
    running.push(server);
    const url = await server.url;
    // A role without an authenticator, so a password alone signs in.
    const therapist = demoLogins.find((l) => l.role === 'therapist')!;
    const login = await fetch(`${url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: therapist.email, password: DEMO_PASSWORD }),
    });
    expect(login.status).toBe(200);

    const online = spawnCli(['audit', 'verify', '--data-dir', dataDir]);
    expect(await online.exited, online.output()).toBe(0);
    expect(online.output()).toMatch(/^clinic [0-9a-f-]{36}: ok \(\d+ sealed, 0 not yet sealed\)$/m);
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);

    const offline = spawnCli(['audit', 'verify', '--data-dir', dataDir]);
    expect(await offline.exited, offline.output()).toBe(0);
    expect(offline.output()).not.toContain('BROKEN');

    // An administrator with database access quietly rewrites who signed in.
    const database = await openDatabase({ dataDir });
    let editedId: string;
    try {
      const client = database.client as PGlite;
      await client.exec('alter table audit_entry disable trigger audit_entry_append_only');
      const edited = await client.query<{ id: string }>(
        `update audit_entry set client_address = '10.9.9.9' where action = 'auth.login' returning id`,
      );
      editedId = edited.rows[0]!.id;
      await client.exec('alter table audit_entry enable trigger audit_entry_append_only');
    } finally {
      await database.close();
    }
    const tampered = spawnCli(['audit', 'verify', '--data-dir', dataDir]);
    expect(await tampered.exited).not.toBe(0);
    expect(tampered.output()).toMatch(
      new RegExp(`: BROKEN — edited entry at position \\d+ \\(entry ${editedId}\\)`),
    );
    expect(tampered.output()).toContain(
      'ketacare: the audit trail has been tampered with: 1 chain(s) broken',
    );
  }, 180_000);

  it('refuses a --clinic that is not a clinic id, in one line', async () => {
    const wrong = spawnCli(['audit', 'verify', '--data-dir', join(root, 'none'), '--clinic', 'springfield']);
    expect(await wrong.exited).not.toBe(0);
    expect(wrong.output()).toBe('ketacare: --clinic must be a clinic id (a UUID), not "springfield"\n');
  }, 60_000);
});
