import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { acquireDataDirLock, DataDirLockedError, lockFilePath, lockHolder } from './lock.js';

const tempDir = () => mkdtempSync(join(tmpdir(), 'ketacare-lock-'));

describe('data directory lock', () => {
  it('is exclusive: a second holder is refused with the first holder named', () => {
    const dir = tempDir();
    const lock = acquireDataDirLock(dir);
    try {
      expect(readFileSync(lockFilePath(dir), 'utf8').trim()).toBe(String(process.pid));
      expect(() => acquireDataDirLock(dir)).toThrow(DataDirLockedError);
      expect(() => acquireDataDirLock(dir)).toThrow(`pid ${process.pid}`);
      expect(lockHolder(dir)).toBe(process.pid);
    } finally {
      lock.release();
    }
    expect(existsSync(lockFilePath(dir))).toBe(false);
    expect(lockHolder(dir)).toBeUndefined();
  });

  it('is never stolen from a live process', async () => {
    const dir = tempDir();
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)']);
    try {
      writeFileSync(lockFilePath(dir), `${child.pid}\n`);
      expect(() => acquireDataDirLock(dir)).toThrow(DataDirLockedError);
      expect(readFileSync(lockFilePath(dir), 'utf8').trim()).toBe(String(child.pid));
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('reclaims a lock left behind by a process that died', async () => {
    const dir = tempDir();
    const child = spawn(process.execPath, ['-e', '0']);
    await new Promise((resolve) => child.on('exit', resolve));
    writeFileSync(lockFilePath(dir), `${child.pid}\n`);
    const lock = acquireDataDirLock(dir);
    expect(readFileSync(lockFilePath(dir), 'utf8').trim()).toBe(String(process.pid));
    lock.release();
  });

  it('release leaves a lock that is no longer ours alone', () => {
    const dir = tempDir();
    const lock = acquireDataDirLock(dir);
    writeFileSync(lockFilePath(dir), '1\n');
    lock.release();
    expect(readFileSync(lockFilePath(dir), 'utf8').trim()).toBe('1');
  });
});
