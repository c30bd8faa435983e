import { scopeOf } from '../identity/authorise.js';
import { ClinicParams } from '../organisation/model.js';
import type { App, AppDeps } from '../platform/http/app.js';
import { Problem } from '../platform/http/problem.js';
import { AcknowledgeBody, AlertList, AlertParams, AlertQuery, AlertView } from './model.js';
import { acknowledgeAlert, listAlerts } from './service.js';

export function alertRoutes(app: App, { database, clock }: AppDeps) {
  app.get(
    '/clinics/:clinicId/alerts',
    {
      config: { access: { permission: 'alert.read' } },
      schema: {
        tags: ['alerts'],
        summary: 'The clinic’s safety alerts: open ones first, with the count of unacknowledged alerts',
        params: ClinicParams,
        querystring: AlertQuery,
        response: { 200: AlertList },
      },
    },
    async (request) => listAlerts(database.db, scopeOf(request), request.query),
  );

  app.post(
    '/clinics/:clinicId/alerts/:alertId/acknowledgement',
    {
      config: { access: { permission: 'alert.acknowledge' } },
      schema: {
        tags: ['alerts'],
        summary: 'Acknowledge an alert with the action taken and a note (once per alert)',
        params: AlertParams,
        body: AcknowledgeBody,
        response: { 201: AlertView, 404: Problem, 409: Problem, 422: Problem },
      },
    },
    async (request, reply) => {
      const view = await acknowledgeAlert(
        database,
        clock,
        scopeOf(request),
        request.params.alertId,
        request.body,
        { requestId: request.id, clientAddress: request.ip },
      );
      return reply.code(201).send(view);
    },
  );
}
