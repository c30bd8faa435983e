import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { restoreBackup } from '../../platform/backup/restore.js';
import { CliError } from '../shared.js';

interface RestoreFlags {
  from: string;
  dataDir?: string;
  databaseUrl?: string;
}

export function registerRestoreCommand(program: Command) {
  program
    .command('restore')
    .description(
      'restore a backup into a NEW embedded data directory or an EMPTY PostgreSQL database (the way to move a clinic from the embedded engine to PostgreSQL)',
    )
    .requiredOption('--from <file>', 'backup file written by ketacare backup')
    // No environment defaults here: a restore target is always named explicitly.
    .option('--data-dir <dir>', 'new, empty embedded database folder to create')
    .option('--database-url <url>', 'empty PostgreSQL database to restore into')
    .action(async (flags: RestoreFlags) => {
      if (Boolean(flags.dataDir) === Boolean(flags.databaseUrl)) {
        throw new CliError('restore needs exactly one target: --data-dir NEWDIR or --database-url URL');
      }
      if (flags.databaseUrl && !/^postgres(ql)?:\/\//.test(flags.databaseUrl)) {
        throw new CliError('--database-url must be a postgres:// or postgresql:// URL');
      }
      let dump: string;
      try {
        dump = readFileSync(flags.from, 'utf8');
      } catch (error) {
        throw new CliError(
          `cannot read ${flags.from}: ${(error as NodeJS.ErrnoException).code ?? 'unreadable'}`,
        );
      }
      const target = flags.dataDir
        ? { dataDir: resolve(flags.dataDir) }
        : { databaseUrl: flags.databaseUrl ?? '' };
      const status = await restoreBackup(dump, target);
      const where = 'dataDir' in target ? target.dataDir : 'the PostgreSQL database';
      console.log(
        `Restored into ${where}: ${status.applied} migration(s) recorded${status.pending > 0 ? `, ${status.pending} newer one(s) will be applied when the server starts` : ', schema current'}.`,
      );
      const serve =
        'dataDir' in target ? `ketacare serve --data-dir ${target.dataDir}` : 'DATABASE_URL=… ketacare serve';
      console.log(`Start it with: ${serve}`);
    });
}
