import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ControlChannel, ControlError, openControlChannel, sendControlRequest } from './channel.js';

describe('control channel', () => {
  let dataDir: string;
  let channel: ControlChannel;
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'ketacare-control-'));
    // A socket file left behind by a crashed server is replaced.
    writeFileSync(join(dataDir, 'control.sock'), '');
    channel = await openControlChannel(dataDir, {
      echo: async (request) => ({ said: request.text }),
      fail: async () => {
        throw new ControlError('it went wrong');
      },
    });
  });
  afterAll(async () => {
    await channel.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('is a socket only its owner can use', () => {
    const stat = statSync(channel.path);
    expect(stat.isSocket()).toBe(true);
    expect(stat.mode & 0o777).toBe(0o600);
  });

  it('answers one JSON line per request and reports failures as errors', async () => {
    expect(await sendControlRequest(dataDir, { command: 'echo', text: 'hello' })).toEqual({
      ok: true,
      said: 'hello',
    });
    await expect(sendControlRequest(dataDir, { command: 'fail' })).rejects.toThrow('it went wrong');
    await expect(sendControlRequest(dataDir, { command: 'drop-tables' })).rejects.toThrow(
      'unknown command: drop-tables',
    );
  });

  it('rejects a line that is not JSON', async () => {
    const reply = await new Promise<string>((resolve) => {
      const socket = createConnection(channel.path, () => socket.write('not json\n'));
      let text = '';
      socket.on('data', (chunk) => {
        text += chunk;
      });
      socket.on('end', () => resolve(text));
    });
    expect(JSON.parse(reply)).toEqual({ ok: false, error: 'the request is not JSON' });
  });

  it('says clearly when no server is listening', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'ketacare-control-'));
    await expect(sendControlRequest(empty, { command: 'echo' })).rejects.toThrow(
      /cannot reach the running server/,
    );
    rmSync(empty, { recursive: true, force: true });
  });
});

describe('control channel path', () => {
  it('refuses a socket path Linux would silently truncate', async () => {
    const deep = join(tmpdir(), 'd'.repeat(120));
    await expect(openControlChannel(deep, {})).rejects.toThrow(/too long for a control socket/);
  });
});
