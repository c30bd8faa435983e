import { Writable } from 'node:stream';
import type { TreatmentTimelineSource } from '../measures/timeline.js';
import { ManualClock } from '../platform/clock.js';
import { type Config, loadConfig } from '../platform/config.js';
import { type App, buildApp } from '../platform/http/app.js';
import { createLogger } from '../platform/logging.js';
import { createTestDatabase, type TestDatabase } from './db.js';

export interface TestApp {
  app: App;
  database: TestDatabase;
  clock: ManualClock;
  config: Config;
  /** Every log line the app wrote, as text: tests assert that no patient data reaches it. */
  logs: string[];
  close(): Promise<void>;
}

/** A fully wired app on a throw-away database, with a manual clock and captured logs. */
export async function createTestApp(
  overrides: Partial<Config> = {},
  extra: { treatment?: TreatmentTimelineSource } = {},
): Promise<TestApp> {
  const database = await createTestDatabase();
  const clock = new ManualClock('2026-03-02T15:00:00Z');
  // Tests sign in many times from one address; the rate limit itself has its own test with a low limit.
  const config = {
    ...loadConfig({}, { webDir: false }),
    logLevel: 'info',
    loginRateLimitPerMinute: 10_000,
    ...overrides,
  };
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      logs.push(String(chunk));
      done();
    },
  });
  const logger = createLogger('info', sink);
  const app = await buildApp({ config, database, clock, ...extra }, { logger });
  await app.ready();
  return {
    app,
    database,
    clock,
    config,
    logs,
    close: async () => {
      await app.close();
      await database.destroy();
    },
  };
}
