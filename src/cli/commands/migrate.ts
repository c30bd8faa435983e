import type { Command } from 'commander';
import { runMigrations } from '../../platform/db/migrate.js';
import { openOwnedDatabase } from '../../server.js';
import { configFrom, type DbFlags, databaseOptions } from '../shared.js';

export function registerMigrateCommand(program: Command) {
  databaseOptions(program.command('migrate').description('apply pending database migrations')).action(
    async (flags: DbFlags) => {
      const config = configFrom(flags);
      const { database, lock } = await openOwnedDatabase(config);
      try {
        const { applied } = await runMigrations(database);
        console.log(applied === 0 ? 'The database is up to date.' : `Applied ${applied} migration(s).`);
      } finally {
        await database.close();
        lock?.release();
      }
    },
  );
}
