import type { FastifyBaseLogger } from 'fastify';
import { backupsDir, latestBackup, takeAutomaticBackup } from './backup/schedule.js';
import type { Clock } from './clock.js';
import type { Config } from './config.js';
import type { Database } from './db/database.js';

export interface MaintenanceDeps {
  config: Config;
  database: Database;
  clock: Clock;
  log: FastifyBaseLogger;
}

export interface Maintenance {
  stop(): void;
  /** Resolves when no task is running (shutdown waits for a vacuum or backup in progress). */
  idle(): Promise<void>;
  /** Queues `task` behind any running one (on-demand backups never overlap a vacuum or another backup). */
  run<T>(name: string, task: () => Promise<T>): Promise<T>;
  /** Runs the automatic backup now if one is due by the clock (the timer calls this hourly; tests call it). */
  backupIfDue(): Promise<string | undefined>;
}

const HOUR = 3_600_000;

/**
 * Background upkeep the embedded engine cannot do itself: PGlite has no autovacuum, so the server runs
 * VACUUM (ANALYZE) on a schedule; and it has no fsync, so the server also writes automatic SQL backups to
 * `<dataDir>/backups` and deletes those older than `backup.retainDays`. PostgreSQL does its own vacuum, and its
 * backups belong to the database operator.
 */
export function scheduleMaintenance({ config, database, clock, log }: MaintenanceDeps): Maintenance {
  const timers: NodeJS.Timeout[] = [];
  let running: Promise<unknown> = Promise.resolve();
  const run = <T>(name: string, task: () => Promise<T>): Promise<T> => {
    const result = running.then(task);
    running = result.catch((error: Error) =>
      log.warn({ task: name, errName: error.name, reason: error.message }, 'maintenance task failed'),
    );
    return result;
  };
  const every = (ms: number, name: string, task: () => Promise<unknown>) => {
    const timer = setInterval(() => {
      run(name, task).catch(() => {});
    }, ms);
    timer.unref();
    timers.push(timer);
  };
  const automaticBackups = database.engine === 'pglite' && config.backup.enabled;
  const backupIfDue = async (): Promise<string | undefined> => {
    if (!automaticBackups) return undefined;
    const now = clock.now();
    const last = latestBackup(backupsDir(config.dataDir));
    if (last && now.getTime() - last.getTime() < config.backup.intervalHours * HOUR) return undefined;
    const { file, removed } = await takeAutomaticBackup(
      database,
      config.dataDir,
      now,
      config.backup.retainDays,
    );
    log.info({ task: 'backup', file, removed: removed.length }, 'automatic backup written');
    return file;
  };
  if (database.engine === 'pglite') {
    every(6 * HOUR, 'vacuum', async () => {
      await database.execute('VACUUM (ANALYZE)');
      log.info({ task: 'vacuum' }, 'vacuum finished');
    });
    if (automaticBackups) every(Math.min(HOUR, config.backup.intervalHours * HOUR), 'backup', backupIfDue);
  }
  return {
    stop: () => {
      for (const t of timers) clearInterval(t);
    },
    idle: () => running.then(() => {}),
    run,
    backupIfDue: () => run('backup', backupIfDue),
  };
}
