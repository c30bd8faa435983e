import { requestMeta, scopeOf } from '../identity/authorise.js';
import type { App, AppDeps } from '../platform/http/app.js';
import { Problem } from '../platform/http/problem.js';
import {
  ChangeRequestBody,
  ChangeRequestParams,
  ChangeRequestView,
  ClinicParams,
  CourseParams,
  DeclineChangeRequestBody,
  DiscontinueOrderBody,
  OpenChangeRequestsView,
  OrderOptionsView,
  OrderParams,
  OrdersQuery,
  OrderView,
  PatientOrdersView,
  PatientParams,
  SignOrderBody,
} from './model.js';
import {
  declineChangeRequest,
  discontinueOrder,
  openChangeRequests,
  orderOptions,
  patientOrders,
  requestChange,
  signOrder,
} from './service.js';

const refused = { 404: Problem, 409: Problem, 422: Problem };

export function orderRoutes(app: App, { database, clock }: AppDeps) {
  const { db } = database;

  app.get(
    '/clinics/:clinicId/patients/:patientId/orders',
    {
      config: { access: { permission: 'order.read' } },
      schema: {
        tags: ['order'],
        summary:
          'A patient’s medication orders (optionally one course’s), each valid or not now with the reasons',
        params: PatientParams,
        querystring: OrdersQuery,
        response: { 200: PatientOrdersView, 404: Problem },
      },
    },
    async (request) =>
      patientOrders(db, clock, scopeOf(request), request.params.patientId, request.query.courseId),
  );

  app.get(
    '/clinics/:clinicId/patients/:patientId/courses/:courseId/order-options',
    {
      config: { access: { permission: 'order.read' } },
      schema: {
        tags: ['order'],
        summary:
          'What an order for this course may name now: each step with its calculated dose, and any blockers',
        params: CourseParams,
        response: { 200: OrderOptionsView, 404: Problem },
      },
    },
    async (request) =>
      orderOptions(db, clock, scopeOf(request), request.params.patientId, request.params.courseId),
  );

  app.post(
    '/clinics/:clinicId/patients/:patientId/orders',
    {
      config: { access: { permission: 'order.sign' } },
      schema: {
        tags: ['order'],
        summary: 'Sign a medication order (standing or per session) on the current approval and consent',
        params: PatientParams,
        body: SignOrderBody,
        response: { 201: OrderView, ...refused },
      },
    },
    async (request, reply) => {
      const signed = await signOrder(
        database,
        clock,
        scopeOf(request),
        request.params.patientId,
        request.body,
        requestMeta(request),
      );
      return reply.code(201).send(signed);
    },
  );

  app.post(
    '/clinics/:clinicId/patients/:patientId/orders/:orderId/discontinuation',
    {
      config: { access: { permission: 'order.sign' } },
      schema: {
        tags: ['order'],
        summary: 'Discontinue an order, with the reason',
        params: OrderParams,
        body: DiscontinueOrderBody,
        response: { 201: OrderView, ...refused },
      },
    },
    async (request, reply) => {
      const { patientId, orderId } = request.params;
      const stopped = await discontinueOrder(
        database,
        clock,
        scopeOf(request),
        patientId,
        orderId,
        request.body,
        requestMeta(request),
      );
      return reply.code(201).send(stopped);
    },
  );

  app.post(
    '/clinics/:clinicId/patients/:patientId/orders/:orderId/change-requests',
    {
      config: { access: { permission: 'order.request_change' } },
      schema: {
        tags: ['order'],
        summary: 'Ask the prescriber to change an order',
        params: OrderParams,
        body: ChangeRequestBody,
        response: { 201: ChangeRequestView, ...refused },
      },
    },
    async (request, reply) => {
      const { patientId, orderId } = request.params;
      const created = await requestChange(
        database,
        clock,
        scopeOf(request),
        patientId,
        orderId,
        request.body,
        requestMeta(request),
      );
      return reply.code(201).send(created);
    },
  );

  app.post(
    '/clinics/:clinicId/patients/:patientId/order-change-requests/:requestId/decline',
    {
      config: { access: { permission: 'order.sign' } },
      schema: {
        tags: ['order'],
        summary: 'Decline a change request, with a note for the nurse',
        params: ChangeRequestParams,
        body: DeclineChangeRequestBody,
        response: { 200: ChangeRequestView, ...refused },
      },
    },
    async (request) => {
      const { patientId, requestId } = request.params;
      return declineChangeRequest(
        database,
        clock,
        scopeOf(request),
        patientId,
        requestId,
        request.body,
        requestMeta(request),
      );
    },
  );

  app.get(
    '/clinics/:clinicId/order-change-requests',
    {
      config: { access: { permission: 'order.read' } },
      schema: {
        tags: ['order'],
        summary: 'The clinic’s open order change requests',
        params: ClinicParams,
        response: { 200: OpenChangeRequestsView },
      },
    },
    async (request) => openChangeRequests(db, scopeOf(request)),
  );
}
