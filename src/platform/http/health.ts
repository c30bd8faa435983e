import { Type } from 'typebox';
import { migrationStatus } from '../db/migrate.js';
import type { App, AppDeps } from './app.js';
import { ProblemError } from './problem.js';

const Health = Type.Object({ status: Type.Literal('ok') });
const Ready = Type.Object({
  status: Type.Literal('ready'),
  engine: Type.Union([Type.Literal('pglite'), Type.Literal('postgres')]),
  migrations: Type.Object({ applied: Type.Integer(), expected: Type.Integer() }),
});

export function healthRoutes(app: App, { database }: AppDeps) {
  app.get(
    '/healthz',
    {
      config: { access: 'public' },
      schema: { tags: ['operations'], summary: 'Liveness: the process answers', response: { 200: Health } },
    },
    async () => ({ status: 'ok' as const }),
  );

  app.get(
    '/readyz',
    {
      config: { access: 'public' },
      schema: {
        tags: ['operations'],
        summary: 'Readiness: the database answers and its migrations are current',
        response: { 200: Ready },
      },
    },
    async () => {
      try {
        await database.ping();
        const status = await migrationStatus(database);
        if (!status.current) {
          throw new ProblemError('not-ready', `${status.pending} database migration(s) are pending`);
        }
        return {
          status: 'ready' as const,
          engine: database.engine,
          migrations: { applied: status.applied, expected: status.expected },
        };
      } catch (error) {
        if (error instanceof ProblemError) throw error;
        throw new ProblemError('not-ready', 'The database is not reachable');
      }
    },
  );
}
