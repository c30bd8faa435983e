import { readdirSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import type { Database } from '../db/database.js';
import { dumpDatabase, writeBackupFile } from './dump.js';

const DAY = 86_400_000;
const backupName = /^ketacare-(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z\.sql$/;

export function backupsDir(dataDir: string): string {
  return join(dataDir, 'backups');
}

/** `ketacare-20260302T150000Z.sql`: UTC, sortable, and the name alone says when it was taken. */
export function backupFileName(at: Date): string {
  return `ketacare-${at
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}Z$/, 'Z')}.sql`;
}

function takenAt(name: string): Date | undefined {
  const m = backupName.exec(name);
  return m ? new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!)) : undefined;
}

/** Deletes automatic backups older than `retainDays`; files not named like ours are never touched. */
export function pruneBackups(dir: string, now: Date, retainDays: number): string[] {
  const removed: string[] = [];
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return removed;
  }
  for (const name of names) {
    const at = takenAt(name);
    if (at && now.getTime() - at.getTime() > retainDays * DAY) {
      unlinkSync(join(dir, name));
      removed.push(name);
    }
  }
  return removed;
}

/** The newest automatic backup's time, so a restarted server does not back up again straight away. */
export function latestBackup(dir: string): Date | undefined {
  try {
    return readdirSync(dir)
      .map(takenAt)
      .filter((d): d is Date => d !== undefined)
      .sort((a, b) => b.getTime() - a.getTime())[0];
  } catch {
    return undefined;
  }
}

/** One automatic backup into `<dataDir>/backups`, then retention. Returns the file written. */
export async function takeAutomaticBackup(
  database: Database,
  dataDir: string,
  now: Date,
  retainDays: number,
): Promise<{ file: string; removed: string[] }> {
  const dir = backupsDir(dataDir);
  const file = join(dir, backupFileName(now));
  writeBackupFile(file, await dumpDatabase(database));
  return { file, removed: pruneBackups(dir, now, retainDays) };
}
