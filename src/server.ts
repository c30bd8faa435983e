import { isAbsolute } from 'node:path';
import type { FastifyBaseLogger } from 'fastify';
import { sealAndVerify } from './audit/service.js';
import { dumpDatabase, writeBackupFile } from './platform/backup/dump.js';
import { type Clock, systemClock } from './platform/clock.js';
import type { Config } from './platform/config.js';
import {
  type ControlChannel,
  ControlError,
  type ControlHandler,
  openControlChannel,
} from './platform/control/channel.js';
import { type Database, openDatabase } from './platform/db/database.js';
import { acquireDataDirLock, type DataDirLock } from './platform/db/lock.js';
import { runMigrations } from './platform/db/migrate.js';
import { type App, buildApp } from './platform/http/app.js';
import { type Maintenance, scheduleMaintenance } from './platform/maintenance.js';

export interface RunningServer {
  app: App;
  database: Database;
  /** The address it listens on, e.g. http://127.0.0.1:3000. */
  url: string;
  /** Stops accepting connections, lets in-flight requests finish, then closes the database and frees the lock. */
  close(): Promise<void>;
}

export interface StartOptions {
  clock?: Clock;
  logger?: FastifyBaseLogger;
  /** Runs once after migrations, before listening (the demo loader uses it). */
  beforeListen?: (database: Database, clock: Clock) => Promise<void>;
  /**
   * Test seam: extra Fastify plugins registered before listening (process tests add a slow write route to prove
   * graceful shutdown). Production code passes none.
   */
  plugins?: ((app: App, database: Database) => Promise<void> | void)[];
}

/** Opens the database for a process that owns it: takes the data-directory lock first on the embedded engine. */
export async function openOwnedDatabase(config: Config): Promise<{ database: Database; lock?: DataDirLock }> {
  const lock = config.databaseUrl ? undefined : acquireDataDirLock(config.dataDir);
  try {
    const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
    return lock ? { database, lock } : { database };
  } catch (error) {
    lock?.release();
    throw error;
  }
}

export async function startServer(config: Config, options: StartOptions = {}): Promise<RunningServer> {
  const clock = options.clock ?? systemClock;
  const { database, lock } = await openOwnedDatabase(config);
  let app: App | undefined;
  try {
    await runMigrations(database);
    await options.beforeListen?.(database, clock);
    app = await buildApp({ config, database, clock }, options.logger ? { logger: options.logger } : {});
    for (const plugin of options.plugins ?? []) await plugin(app, database);
    await app.listen({ port: config.port, host: config.host });
  } catch (error) {
    await app?.close().catch(() => {});
    await database.close().catch(() => {});
    lock?.release();
    throw error;
  }
  const maintenance = scheduleMaintenance({ config, database, clock, log: app.log });
  let control: ControlChannel | undefined;
  if (lock) {
    try {
      control = await openControlChannel(config.dataDir, adminCommands(database, maintenance, clock));
    } catch (error) {
      // e.g. a data-dir path longer than a Unix socket path may be (107 bytes): keep serving the clinic;
      // only `ketacare backup` while it runs is unavailable (automatic backups still run).
      app.log.warn(
        { reason: (error as Error).message },
        'control socket unavailable: ketacare backup cannot reach this server while it runs',
      );
    }
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  const url = `${config.tls ? 'https' : 'http'}://${host.includes(':') ? `[${host}]` : host}:${port}`;
  let closing: Promise<void> | undefined;
  const running: RunningServer = {
    app,
    database,
    url,
    close: () => {
      closing ??= (async () => {
        maintenance.stop();
        await control?.close();
        // app.close() closes keep-alive connections idle at that moment and waits for the rest. A connection whose
        // request is still running goes idle afterwards and a client may keep it open for a minute: close those too.
        const sweep = setInterval(() => app.server.closeIdleConnections(), 100);
        await app.close().finally(() => clearInterval(sweep));
        await maintenance.idle();
        await database.close();
        lock?.release();
      })();
      return closing;
    },
  };
  return running;
}

/**
 * What the CLI may ask a running embedded server to do over the control socket (the CLI cannot open the data
 * directory itself while the server holds it). Add admin commands here.
 */
function adminCommands(
  database: Database,
  maintenance: Maintenance,
  clock: Clock,
): Record<string, ControlHandler> {
  return {
    'audit-verify': async (request) => ({
      chains: await sealAndVerify(
        database,
        clock,
        typeof request.clinicId === 'string' ? request.clinicId : undefined,
      ),
    }),
    backup: async (request) => {
      const out = request.out;
      if (typeof out !== 'string' || !isAbsolute(out))
        throw new ControlError('backup needs an absolute "out" path');
      // Queued with the scheduled tasks: never overlaps a vacuum or an automatic backup, and shutdown waits for it.
      const bytes = await maintenance.run('backup', async () => {
        const sql = await dumpDatabase(database);
        writeBackupFile(out, sql);
        return Buffer.byteLength(sql);
      });
      return { file: out, bytes };
    },
  };
}
