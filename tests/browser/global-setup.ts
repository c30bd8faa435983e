import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'vite';
import type { TestProject } from 'vitest/node';
import { loadDemo } from '../../src/demo/demo.js';
import { loadConfig } from '../../src/platform/config.js';
import { startServer } from '../../src/server.js';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
  }
}

/** Builds the UI, then starts the real server on a fresh embedded database with the demo clinic. */
export default async function setup(project: TestProject) {
  await build({ configFile: 'web/vite.config.ts', logLevel: 'warn' });
  const dataDir = mkdtempSync(join(tmpdir(), 'ketacare-browser-'));
  // Every test signs in from 127.0.0.1: the per-address sign-in limit would otherwise refuse them mid-run.
  const config = {
    ...loadConfig({}, { dataDir, port: 0, host: '127.0.0.1' }),
    logLevel: 'warn',
    loginRateLimitPerMinute: 1000,
  };
  const server = await startServer(config, {
    beforeListen: (database, clock) => loadDemo(database, clock).then(() => {}),
  });
  project.provide('baseUrl', server.url);
  return async () => {
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  };
}
