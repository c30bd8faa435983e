import type { FastifyReply, FastifyRequest } from 'fastify';
import { scopeOf } from '../identity/authorise.js';
import { ClinicParams } from '../organisation/model.js';
import { PatientParams } from '../patient/model.js';
import { accessOf } from '../platform/http/access.js';
import type { App, AppDeps } from '../platform/http/app.js';
import { AuditPage, AuditQuery, VerifyResult } from './model.js';
import { type AuditReadBuffer, csvCell, csvColumns, searchAudit, verifyAuditChain } from './service.js';

export function auditRoutes(app: App, { database }: AppDeps) {
  app.get(
    '/clinics/:clinicId/audit',
    {
      config: { access: { permission: 'audit.read' } },
      schema: {
        tags: ['audit'],
        summary: 'The clinic’s audit trail, newest first, filtered by patient, user, action and time',
        params: ClinicParams,
        querystring: AuditQuery,
        response: { 200: AuditPage },
      },
    },
    async (request) => searchAudit(database.db, scopeOf(request).clinicId!, request.query),
  );

  app.get(
    '/clinics/:clinicId/audit.csv',
    {
      config: { access: { permission: 'audit.read' } },
      schema: {
        tags: ['audit'],
        summary: 'The same entries as CSV',
        params: ClinicParams,
        querystring: AuditQuery,
      },
    },
    async (request, reply) => {
      const { entries } = await searchAudit(database.db, scopeOf(request).clinicId!, {
        ...request.query,
        limit: request.query.limit ?? 1000,
      });
      const lines = [
        csvColumns.join(','),
        ...entries.map((e) => csvColumns.map((c) => csvCell(e[c])).join(',')),
      ];
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="audit.csv"')
        .send(`${lines.join('\r\n')}\r\n`);
    },
  );

  app.get(
    '/clinics/:clinicId/patients/:patientId/access-log',
    {
      config: { access: { permission: 'audit.read' } },
      schema: {
        tags: ['audit'],
        summary: 'Who looked at or changed this patient’s chart',
        params: PatientParams,
        querystring: AuditQuery,
        response: { 200: AuditPage },
      },
    },
    async (request) =>
      searchAudit(database.db, scopeOf(request).clinicId!, {
        ...request.query,
        patientId: request.params.patientId,
      }),
  );

  app.get(
    '/clinics/:clinicId/audit/verify',
    {
      config: { access: { permission: 'audit.read' } },
      schema: {
        tags: ['audit'],
        summary: 'Check the clinic’s hash chain; reports the first broken link',
        params: ClinicParams,
        response: { 200: VerifyResult },
      },
    },
    async (request) => verifyAuditChain(database.db, scopeOf(request).clinicId!),
  );
}

/**
 * Audits every read and every refused attempt on a protected route (writes are audited by their services, in
 * their own transaction). Costs one array push per request; the buffer writes in batches.
 */
/**
 * The clinic an entry belongs to: the request's scope, or, for a refused request (which has none), the clinic
 * asked for when the actor works or is a patient there, so the clinic's own trail shows its people's refused
 * attempts. A stranger's attempt goes to the organisation chain: an unchecked id must not start a new chain.
 */
function clinicOf(request: FastifyRequest, requested: string | undefined): string | null {
  if (request.scope) return request.scope.clinicId ?? null;
  const actor = request.actor;
  if (!actor || !requested) return null;
  const belongs =
    actor.kind === 'staff' ? Object.hasOwn(actor.rolesByClinic, requested) : actor.clinicId === requested;
  return belongs ? requested : null;
}

export function registerReadAudit(app: App, buffer: AuditReadBuffer) {
  app.addHook('onResponse', async (request: FastifyRequest, reply: FastifyReply) => {
    if (request.is404 && !request.routeOptions.url) return;
    const access = accessOf({ url: request.routeOptions.url ?? '', config: request.routeOptions.config });
    if (access === 'public') return;
    const status = reply.statusCode;
    const refused = status === 401 || status === 403 || (status === 404 && !request.scope);
    const isRead = request.method === 'GET' || request.method === 'HEAD';
    if (!isRead && !refused) return;
    const actor = request.actor;
    const params = (request.params ?? {}) as Record<string, string | undefined>;
    const clinicId = clinicOf(request, params.clinicId);
    const patientId = params.patientId ?? (actor?.kind === 'patient' ? actor.patientId : null);
    buffer.enqueue({
      clinicId: clinicId && /^[0-9a-f-]{36}$/i.test(clinicId) ? clinicId : null,
      actorType: actor?.kind ?? 'anonymous',
      actorId: actor
        ? actor.kind === 'staff'
          ? actor.staffId
          : actor.kind === 'patient'
            ? actor.accountId
            : actor.tokenId
        : null,
      actorRole:
        actor?.kind === 'staff' && clinicId ? (actor.rolesByClinic[clinicId] ?? []).join(',') || null : null,
      action: `${refused ? 'denied' : 'read'}:${access.permission}`,
      resourceType: request.routeOptions.url ?? null,
      resourceId: params.patientId ?? params.staffId ?? params.deviceId ?? params.clinicId ?? null,
      patientId: patientId && /^[0-9a-f-]{36}$/i.test(patientId) ? patientId : null,
      outcome: refused ? 'denied' : status < 400 ? 'success' : 'failure',
      requestId: request.id,
      clientAddress: request.ip,
    });
  });
}
