import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { dumpDatabase, dumpPostgres, writeBackupFile } from '../../platform/backup/dump.js';
import { backupFileName } from '../../platform/backup/schedule.js';
import { systemClock } from '../../platform/clock.js';
import { sendControlRequest } from '../../platform/control/channel.js';
import { pgliteDir } from '../../platform/db/database.js';
import { lockHolder } from '../../platform/db/lock.js';
import { openOwnedDatabase } from '../../server.js';
import { CliError, configFrom, type DbFlags, databaseOptions } from '../shared.js';

export function registerBackupCommand(program: Command) {
  databaseOptions(
    program
      .command('backup')
      .description(
        'write a consistent SQL backup of the database (through the running server when one holds the data directory)',
      )
      .option('-o, --out <file>', 'backup file to write (default: ./ketacare-<UTC time>.sql)'),
  ).action(async (flags: DbFlags & { out?: string }) => {
    const config = configFrom(flags);
    const out = resolve(flags.out ?? backupFileName(systemClock.now()));
    if (config.databaseUrl) {
      writeBackupFile(out, await dumpPostgres(config.databaseUrl));
      console.log(`Backup written to ${out}`);
      return;
    }
    const serverPid = lockHolder(config.dataDir);
    if (serverPid !== undefined) {
      // PGlite corrupts a directory two processes open: ask the server holding it to write the backup.
      await sendControlRequest(config.dataDir, { command: 'backup', out });
      console.log(`Backup written to ${out} (by the running server, pid ${serverPid})`);
      return;
    }
    if (!existsSync(pgliteDir(config.dataDir))) {
      throw new CliError(`there is no ketacare database in ${config.dataDir}`);
    }
    const { database, lock } = await openOwnedDatabase(config);
    try {
      writeBackupFile(out, await dumpDatabase(database));
    } finally {
      await database.close();
      lock?.release();
    }
    console.log(`Backup written to ${out}`);
  });
}
