/**
 * Process-test fixture: the real server plus one slow write route, so a test can SIGTERM it while writes are in
 * flight and then check that every acknowledged write is in the database. Usage: slow-write-server.ts <dataDir>.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { Type } from 'typebox';
import { organisation } from '../organisation/schema.js';
import { systemClock } from '../platform/clock.js';
import { loadConfig } from '../platform/config.js';
import { newId } from '../platform/ids.js';
import { startServer } from '../server.js';

const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: slow-write-server.ts <dataDir>');
const config = loadConfig({}, { dataDir, port: 0, webDir: false, logLevel: 'warn' });
const server = await startServer(config, {
  plugins: [
    (app, database) => {
      app.post(
        '/test/slow-write',
        {
          config: { access: 'public' },
          schema: { body: Type.Object({ name: Type.String() }, { additionalProperties: false }) },
        },
        async (request, reply) => {
          const { name } = request.body as { name: string };
          const id = newId();
          await database.transaction(async (tx) => {
            await tx.insert(organisation).values({ id, name, createdAt: systemClock.now() });
            // Hold the transaction open: SIGTERM arrives while writes are still running.
            await sleep(100);
          });
          return reply.code(201).send({ id });
        },
      );
    },
  ],
});
process.once('SIGTERM', () => {
  server.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
});
process.stdout.write(`ketacare is running at ${server.url}\n`);
