import { chmodSync, unlinkSync } from 'node:fs';
import { createConnection, createServer, type Server } from 'node:net';
import { join } from 'node:path';

/**
 * The local admin channel of a running server: a Unix socket in the data directory. CLI commands that need the
 * database while a server holds it (PGlite allows one process only) ask the server to do the work instead.
 * Authentication is the filesystem: the socket is mode 0600, so only the OS user owning the data can connect.
 * Protocol: one JSON line in (`{"command": "...", ...}`), one JSON line out (`{"ok": true, ...}` or
 * `{"ok": false, "error": "..."}`), then the connection closes.
 */
export type ControlRequest = { command: string } & Record<string, unknown>;
export type ControlReply = { ok: true } & Record<string, unknown>;
export type ControlHandler = (request: ControlRequest) => Promise<Record<string, unknown>>;

export class ControlError extends Error {}

export function controlSocketPath(dataDir: string): string {
  return join(dataDir, 'control.sock');
}

const MAX_REQUEST_BYTES = 64 * 1024;

export interface ControlChannel {
  readonly path: string;
  close(): Promise<void>;
}

export async function openControlChannel(
  dataDir: string,
  handlers: Record<string, ControlHandler>,
): Promise<ControlChannel> {
  const path = controlSocketPath(dataDir);
  // Linux truncates longer socket paths (sun_path is 108 bytes) instead of failing: refuse rather than bind elsewhere.
  if (Buffer.byteLength(path) > 107) {
    throw new ControlError(`the data directory path is too long for a control socket: ${path}`);
  }
  // Only the lock holder gets here, so a socket file left behind is from a process that died.
  try {
    unlinkSync(path);
  } catch {
    // none left behind
  }
  const server: Server = createServer((socket) => {
    let buffer = '';
    const reply = (body: Record<string, unknown>) => socket.end(`${JSON.stringify(body)}\n`);
    socket.setEncoding('utf8');
    socket.on('error', () => {});
    socket.on('data', (chunk: string) => {
      buffer += chunk;
      if (buffer.length > MAX_REQUEST_BYTES) return reply({ ok: false, error: 'request too large' });
      const end = buffer.indexOf('\n');
      if (end < 0) return;
      socket.removeAllListeners('data');
      let request: ControlRequest;
      try {
        request = JSON.parse(buffer.slice(0, end)) as ControlRequest;
      } catch {
        return reply({ ok: false, error: 'the request is not JSON' });
      }
      const handler = typeof request?.command === 'string' ? handlers[request.command] : undefined;
      if (!handler) return reply({ ok: false, error: `unknown command: ${String(request?.command)}` });
      handler(request).then(
        (result) => reply({ ...result, ok: true }),
        (error: Error) => reply({ ok: false, error: error.message }),
      );
    });
  });
  // The socket must never exist with looser permissions, even for a moment: bind under a strict umask.
  const previous = process.umask(0o177);
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(path, () => resolve());
    });
  } finally {
    process.umask(previous);
  }
  try {
    chmodSync(path, 0o600);
  } catch (error) {
    server.close();
    throw error;
  }
  return {
    path,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
      }),
  };
}

/** Sends one request to the server owning `dataDir` and returns its reply; throws ControlError on `ok: false`. */
export function sendControlRequest(dataDir: string, request: ControlRequest): Promise<ControlReply> {
  const path = controlSocketPath(dataDir);
  return new Promise((resolve, reject) => {
    const socket = createConnection(path);
    let buffer = '';
    socket.setEncoding('utf8');
    socket.on('connect', () => socket.write(`${JSON.stringify(request)}\n`));
    socket.on('data', (chunk: string) => {
      buffer += chunk;
    });
    socket.on('error', (error: NodeJS.ErrnoException) => {
      reject(
        new ControlError(
          `cannot reach the running server's control socket ${path} (${error.code ?? error.message})`,
        ),
      );
    });
    socket.on('end', () => {
      try {
        const reply = JSON.parse(buffer) as { ok: boolean; error?: string } & Record<string, unknown>;
        if (reply.ok) resolve(reply as ControlReply);
        else reject(new ControlError(reply.error ?? 'the server refused the request'));
      } catch {
        reject(new ControlError('the server sent an unreadable reply'));
      }
    });
  });
}
