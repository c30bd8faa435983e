import { readFileSync } from 'node:fs';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, {
  type FastifyBaseLogger,
  type FastifyInstance,
  LogController,
  type RawReplyDefaultExpression,
  type RawRequestDefaultExpression,
  type RawServerDefault,
} from 'fastify';
import { alertRoutes } from '../../alert/routes.js';
import { auditRoutes, registerReadAudit } from '../../audit/routes.js';
import { AuditReadBuffer, AuditSealer } from '../../audit/service.js';
import { consentRoutes } from '../../consent/routes.js';
import { courseRoutes } from '../../course/routes.js';
import { registerAuthentication } from '../../identity/authenticate.js';
import { registerAuthorisation } from '../../identity/authorise.js';
import { identityRoutes } from '../../identity/routes.js';
import { intakeRoutes } from '../../intake/routes.js';
import { inventoryCountRoutes } from '../../inventory/count-routes.js';
import { inventoryReportRoutes } from '../../inventory/report-routes.js';
import { inventoryRoutes } from '../../inventory/routes.js';
import { outcomesReportRoutes } from '../../measures/report-routes.js';
import { measuresRoutes } from '../../measures/routes.js';
import type { TreatmentTimelineSource } from '../../measures/timeline.js';
import { NotificationDispatcher } from '../../notification/dispatcher.js';
import { notificationRoutes } from '../../notification/routes.js';
import { orderRoutes } from '../../order/routes.js';
import { organisationRoutes } from '../../organisation/routes.js';
import { patientRoutes } from '../../patient/routes.js';
import { protocolRoutes } from '../../protocol/routes.js';
import { PatientMessageDispatcher } from '../../reminder/dispatcher.js';
import { reminderRoutes } from '../../reminder/routes.js';
import { scheduleRoutes } from '../../schedule/routes.js';
import { screeningRoutes } from '../../screening/routes.js';
import { settingsRoutes } from '../../settings/routes.js';
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import type { Database } from '../db/database.js';
import { newId } from '../ids.js';
import { createLogger } from '../logging.js';
import { accessOf, assertClosedObjects, type RouteEntry } from './access.js';
import { handleError, sendProblem } from './errors.js';
import { healthRoutes } from './health.js';
import { type ProblemSlug, problemTypes } from './problem.js';
import { webRoutes } from './web.js';

export type App = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  TypeBoxTypeProvider
>;

/** What every route module receives: the composition root hands these down, nothing reaches for globals. */
export interface AppDeps {
  config: Config;
  database: Database;
  clock: Clock;
  /**
   * Where measurement-based care reads doses (first dose, sessions, phase). Until the treatment-day module
   * records doses, `noDosesRecorded`; tests pass a fixture.
   */
  treatment?: TreatmentTimelineSource;
}

export interface BuildOptions {
  /** A pino-compatible logger; default: pino to stdout at config.logLevel. */
  logger?: FastifyBaseLogger;
}

export async function buildApp(deps: AppDeps, options: BuildOptions = {}): Promise<App> {
  const { config } = deps;
  const tls = config.tls
    ? { https: { cert: readFileSync(config.tls.certFile), key: readFileSync(config.tls.keyFile) } }
    : {};
  const app = Fastify({
    loggerInstance: options.logger ?? createLogger(config.logLevel),
    ...tls,
    bodyLimit: config.bodyLimit,
    trustProxy: config.trustProxy,
    genReqId: () => newId(),
    logController: new LogController({ requestIdLogLabel: 'requestId' }),
    return503OnClosing: true,
    connectionTimeout: 30_000,
    requestTimeout: 60_000,
    ajv: {
      customOptions: {
        // Unknown fields are refused (closed schemas), never silently removed; all errors reported at once.
        removeAdditional: false,
        allErrors: true,
        coerceTypes: 'array',
        useDefaults: true,
      },
    },
  }).withTypeProvider<TypeBoxTypeProvider>() as unknown as App;

  const routeTable: RouteEntry[] = [];
  app.decorate('routeTable', routeTable);
  app.addHook('onRoute', (route) => {
    const access = accessOf(route);
    for (const method of [route.method].flat()) routeTable.push({ method, url: route.url, access });
    const body = (route.schema as { body?: unknown } | undefined)?.body;
    assertClosedObjects(body, `${route.method} ${route.url} body`);
  });

  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  await app.register(rateLimit, { global: false });
  // Reads of protected routes are audited through a buffer flushed every second and when the app closes; a
  // sealer extends the hash chains in the background. One hook closes both, in order: onClose hooks run last
  // registered first, so two hooks would make the final seal depend on registration order.
  const readAudit = new AuditReadBuffer(deps.database, deps.clock, app.log);
  const sealer = new AuditSealer(deps.database, deps.clock, app.log);
  readAudit.start();
  sealer.start();
  app.addHook('onClose', async () => {
    await readAudit.close();
    await sealer.close();
  });
  // Notices in the outbox go to each clinic's channel in the background; closing waits for a delivery under way.
  const dispatcher = new NotificationDispatcher(deps.database, deps.clock, app.log);
  dispatcher.start(config.notificationIntervalMs);
  app.addHook('onClose', () => dispatcher.close());
  // Messages to patients (reminders, escort requests) go out the same way, by email and SMS.
  const patientMessages = new PatientMessageDispatcher(
    deps.database,
    deps.clock,
    app.log,
    config.patientMessages,
  );
  patientMessages.start();
  app.addHook('onClose', () => patientMessages.close());
  registerReadAudit(app, readAudit);
  registerAuthentication(app, deps);
  registerAuthorisation(app, deps.clock);
  app.setErrorHandler(handleError);
  app.setNotFoundHandler((request, reply) =>
    sendProblem(request, reply, 'not-found', `No route ${request.method} ${request.url.split('?')[0]}`),
  );

  await app.register(helmet, {
    enableCSPNonces: true,
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        ...(config.tls ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    // HSTS only makes sense when the browser reached us over HTTPS (directly or through a TLS-terminating proxy).
    strictTransportSecurity: config.tls || config.trustProxy ? { maxAge: 31_536_000 } : false,
    crossOriginEmbedderPolicy: false,
  });

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'ketacare API',
        version: '0.1.0',
        description:
          'Clinical operations for ketamine and esketamine clinics. Errors are RFC 9457 problem+json. Thresholds are clinic configuration: the clinic is responsible for reviewing them.',
      },
    },
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: true });

  app.get('/api/openapi.json', { config: { access: 'public' }, schema: { hide: true } }, async () =>
    app.swagger(),
  );

  app.get(
    '/problems/:slug',
    { config: { access: 'public' }, schema: { hide: true } },
    async (request, reply) => {
      const slug = (request.params as { slug: string }).slug as ProblemSlug;
      const known = problemTypes[slug];
      if (!known) return sendProblem(request, reply, 'not-found', 'No such problem type');
      return { type: `/problems/${slug}`, title: known.title, status: known.status };
    },
  );

  await app.register(async (api) => healthRoutes(api as App, deps));
  await app.register(async (api) => organisationRoutes(api as App, deps), { prefix: '/api' });
  await app.register(async (api) => patientRoutes(api as App, deps), { prefix: '/api' });
  await app.register(async (api) => identityRoutes(api as App, deps), { prefix: '/api' });
  await app.register(async (api) => auditRoutes(api as App, deps), { prefix: '/api' });
  await app.register(async (api) => measuresRoutes(api as App, deps), { prefix: '/api' });
  await app.register(async (api) => outcomesReportRoutes(api as App, deps), { prefix: '/api' });
  await app.register(async (api) => alertRoutes(api as App, deps), { prefix: '/api' });
  await app.register(async (api) => settingsRoutes(api as App, deps), { prefix: '/api' });
  await app.register(async (api) => notificationRoutes(api as App, deps), { prefix: '/api' });
  await app.register(async (api) => intakeRoutes(api as App, deps), { prefix: '/api' });
  await app.register(async (api) => screeningRoutes(api as App, deps), { prefix: '/api' });
  await app.register(async (api) => consentRoutes(api as App, deps), { prefix: '/api' });
  await app.register(async (api) => protocolRoutes(api as App, deps), { prefix: '/api' });
  await app.register(async (api) => courseRoutes(api as App, deps), { prefix: '/api' });
  await app.register(async (api) => orderRoutes(api as App, deps), { prefix: '/api' });
  await app.register(async (api) => scheduleRoutes(api as App, deps), { prefix: '/api' });
  await app.register(async (api) => reminderRoutes(api as App, deps), { prefix: '/api' });
  await app.register(async (api) => inventoryRoutes(api as App, deps), { prefix: '/api' });
  await app.register(async (api) => inventoryCountRoutes(api as App, deps), { prefix: '/api' });
  await app.register(async (api) => inventoryReportRoutes(api as App, deps), { prefix: '/api' });
  await app.register(async (web) => webRoutes(web as App, deps));

  return app;
}
