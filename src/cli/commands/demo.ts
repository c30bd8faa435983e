import type { Command } from 'commander';
import { Option } from 'commander';
import { loadDemo } from '../../demo/demo.js';
import { systemClock } from '../../platform/clock.js';
import { runMigrations } from '../../platform/db/migrate.js';
import { openOwnedDatabase } from '../../server.js';
import { configFrom, type DbFlags, databaseOptions } from '../shared.js';

export function registerDemoCommand(program: Command) {
  databaseOptions(
    program
      .command('demo')
      .description('load clearly synthetic demo data into an empty database')
      .addOption(new Option('--scale <scale>', 'how much data').choices(['small']).default('small')),
  ).action(async (flags: DbFlags) => {
    const config = configFrom(flags);
    const { database, lock } = await openOwnedDatabase(config);
    try {
      await runMigrations(database);
      const { loaded } = await loadDemo(database, systemClock);
      console.log(loaded ? 'Demo data loaded.' : 'The database already has data; nothing loaded.');
    } finally {
      await database.close();
      lock?.release();
    }
  });
}
