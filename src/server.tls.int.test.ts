import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from './platform/clock.js';
import { loadConfig } from './platform/config.js';
import { buildApp } from './platform/http/app.js';
import { createLogger } from './platform/logging.js';
import { startServer } from './server.js';
import { createTestDatabase, testEngine } from './testing/db.js';

describe.skipIf(testEngine() === 'postgres')('TLS and reverse proxies', () => {
  let root: string;
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'ketacare-tls-'));
    execFileSync('openssl', [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=localhost',
      '-keyout',
      join(root, 'key.pem'),
      '-out',
      join(root, 'cert.pem'),
    ]);
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('serves HTTPS with the configured certificate and key', async () => {
    const config = loadConfig(
      {},
      {
        dataDir: join(root, 'data'),
        port: 0,
        webDir: false,
        tlsCert: join(root, 'cert.pem'),
        tlsKey: join(root, 'key.pem'),
      },
    );
    const server = await startServer(config, { logger: createLogger('silent') });
    try {
      expect(server.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      const { status, hsts } = await new Promise<{ status?: number; hsts?: string }>((resolve, reject) => {
        // A self-signed test certificate: trust it for this one request only.
        const req = request(`${server.url}/healthz`, { rejectUnauthorized: false }, (res) => {
          res.resume();
          resolve({
            status: res.statusCode,
            hsts: res.headers['strict-transport-security'] as string | undefined,
          });
        });
        req.on('error', reject);
        req.end();
      });
      expect(status).toBe(200);
      expect(hsts).toMatch(/max-age=\d+/);
    } finally {
      await server.close();
    }
  });

  it.each([
    [true, { protocol: 'https', ip: '203.0.113.7', host: 'clinic.example.org' }],
    [false, { protocol: 'http', ip: '127.0.0.1', host: 'localhost:80' }],
  ])('trustProxy %s: X-Forwarded-* honoured only when trusted', async (trustProxy, expected) => {
    const database = await createTestDatabase();
    const config = { ...loadConfig({}, { webDir: false }), trustProxy };
    const app = await buildApp(
      { config, database, clock: new ManualClock('2026-03-02T15:00:00Z') },
      { logger: createLogger('silent') },
    );
    try {
      app.get('/test/where', { config: { access: 'public' } }, async (req) => ({
        protocol: req.protocol,
        ip: req.ip,
        host: req.host,
      }));
      const res = await app.inject({
        url: '/test/where',
        remoteAddress: '127.0.0.1',
        headers: {
          host: 'localhost:80',
          'x-forwarded-proto': 'https',
          'x-forwarded-for': '203.0.113.7',
          'x-forwarded-host': 'clinic.example.org',
        },
      });
      expect(res.json()).toEqual(expected);
    } finally {
      await app.close();
      await database.destroy();
    }
  });
});
