import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One POST the receiver got: the raw body (as signed) and its headers. */
export interface Received {
  body: string;
  headers: IncomingHttpHeaders;
}

/**
 * Test fixture: a clinic's webhook receiver on a real local HTTP server (port 0). It answers each request with
 * the next queued status (then 200), after an optional delay.
 */
export async function startTestReceiver() {
  const received: Received[] = [];
  const statuses: number[] = [];
  let delayMs = 0;
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({ body: Buffer.concat(chunks).toString('utf8'), headers: request.headers });
      setTimeout(() => {
        response.statusCode = statuses.shift() ?? 200;
        response.end('{"ok":true}');
      }, delayMs);
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/ketacare`,
    received,
    /** The statuses of the next answers, in order (a 200 once they run out). */
    answer: (...next: number[]) => statuses.push(...next),
    delay: (ms: number) => {
      delayMs = ms;
    },
    close: async () => {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}
export type TestReceiver = Awaited<ReturnType<typeof startTestReceiver>>;
