import { requestMeta, scopeOf } from '../identity/authorise.js';
import type { App, AppDeps } from '../platform/http/app.js';
import { Problem } from '../platform/http/problem.js';
import {
  ClinicParams,
  DoseCalculationView,
  DosePreviewBody,
  ProtocolHistory,
  ProtocolKeyParams,
  ProtocolList,
  ProtocolParams,
  ProtocolView,
  PublishProtocolBody,
} from './model.js';
import { getProtocol, listProtocols, previewDose, protocolHistory, publishProtocol } from './service.js';

export function protocolRoutes(app: App, { database, clock }: AppDeps) {
  const { db } = database;

  app.get(
    '/clinics/:clinicId/protocols',
    {
      config: { access: { permission: 'protocol.read' } },
      schema: {
        tags: ['protocol'],
        summary: 'The latest version of each of the clinic’s treatment protocols',
        params: ClinicParams,
        response: { 200: ProtocolList },
      },
    },
    async (request) => listProtocols(db, scopeOf(request)),
  );

  app.get(
    '/clinics/:clinicId/protocols/:protocolId',
    {
      config: { access: { permission: 'protocol.read' } },
      schema: {
        tags: ['protocol'],
        summary: 'One exact protocol version',
        params: ProtocolParams,
        response: { 200: ProtocolView, 404: Problem },
      },
    },
    async (request) => getProtocol(db, scopeOf(request), request.params.protocolId),
  );

  app.get(
    '/clinics/:clinicId/protocol-history/:key',
    {
      config: { access: { permission: 'protocol.read' } },
      schema: {
        tags: ['protocol'],
        summary: 'Every version of one protocol, newest first: who published it, when and why',
        params: ProtocolKeyParams,
        response: { 200: ProtocolHistory, 404: Problem },
      },
    },
    async (request) => protocolHistory(db, scopeOf(request), request.params.key),
  );

  app.post(
    '/clinics/:clinicId/protocols',
    {
      config: { access: { permission: 'protocol.manage' } },
      schema: {
        tags: ['protocol'],
        summary: 'Publish a new protocol or the next version of one (active: false retires it)',
        params: ClinicParams,
        body: PublishProtocolBody,
        response: { 201: ProtocolView, 409: Problem, 422: Problem },
      },
    },
    async (request, reply) => {
      const published = await publishProtocol(
        database,
        clock,
        scopeOf(request),
        request.body,
        requestMeta(request),
      );
      return reply.code(201).send(published);
    },
  );

  app.post(
    '/clinics/:clinicId/protocols/:protocolId/dose-preview',
    {
      config: { access: { permission: 'protocol.read' } },
      schema: {
        tags: ['protocol'],
        summary:
          'The dose this protocol version gives for the figures entered, with its working (nothing stored)',
        params: ProtocolParams,
        body: DosePreviewBody,
        response: { 200: DoseCalculationView, 404: Problem },
      },
    },
    async (request) => previewDose(db, scopeOf(request), request.params.protocolId, request.body),
  );
}
