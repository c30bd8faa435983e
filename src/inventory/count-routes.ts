import { requestMeta, scopeOf } from '../identity/authorise.js';
import { ClinicParams } from '../organisation/model.js';
import type { App, AppDeps } from '../platform/http/app.js';
import { Problem } from '../platform/http/problem.js';
import {
  Count,
  CountInput,
  CountList,
  CountParams,
  CountSheet,
  CountSheetQuery,
  DiscrepancyDetail,
  DiscrepancyList,
  DiscrepancyParams,
  DiscrepancyQuery,
  ResolutionInput,
} from './count-model.js';
import {
  countSheet,
  discrepancyDetail,
  getCount,
  listCounts,
  listDiscrepancies,
  recordCount,
  resolveDiscrepancy,
} from './count-service.js';

/** Stock counts by two staff, and the discrepancies they (and administrations) open. */
export function inventoryCountRoutes(app: App, { database, clock }: AppDeps) {
  const tags = ['controlled substances'];

  app.get(
    '/clinics/:clinicId/inventory/count-sheet',
    {
      config: { access: { permission: 'inventory.read' } },
      schema: {
        tags,
        summary:
          'What the ledger expects per lot at a location (or every location): the sheet a count starts from',
        params: ClinicParams,
        querystring: CountSheetQuery,
        response: { 200: CountSheet, 404: Problem },
      },
    },
    async (request) => countSheet(database.db, scopeOf(request), request.query),
  );

  app.get(
    '/clinics/:clinicId/inventory/counts',
    {
      config: { access: { permission: 'inventory.read' } },
      schema: {
        tags,
        summary: 'Counts, newest first, each with expected against counted per lot',
        params: ClinicParams,
        response: { 200: CountList },
      },
    },
    async (request) => listCounts(database.db, scopeOf(request)),
  );

  app.get(
    '/clinics/:clinicId/inventory/counts/:countId',
    {
      config: { access: { permission: 'inventory.read' } },
      schema: { tags, summary: 'One count', params: CountParams, response: { 200: Count, 404: Problem } },
    },
    async (request) => getCount(database.db, scopeOf(request), request.params.countId),
  );

  app.post(
    '/clinics/:clinicId/inventory/counts',
    {
      config: { access: { permission: 'inventory.count' } },
      schema: {
        tags,
        summary:
          'Sign a count with a second staff member; each line that differs from the ledger opens a discrepancy',
        params: ClinicParams,
        body: CountInput,
        response: { 201: Count, 404: Problem, 409: Problem, 422: Problem },
      },
    },
    async (request, reply) => {
      const count = await recordCount(database, clock, scopeOf(request), requestMeta(request), request.body);
      return reply.code(201).send(count);
    },
  );

  app.get(
    '/clinics/:clinicId/inventory/discrepancies',
    {
      config: { access: { permission: 'inventory.read' } },
      schema: {
        tags,
        summary: 'Discrepancies, open ones first',
        params: ClinicParams,
        querystring: DiscrepancyQuery,
        response: { 200: DiscrepancyList },
      },
    },
    async (request) => listDiscrepancies(database.db, scopeOf(request), request.query),
  );

  app.get(
    '/clinics/:clinicId/inventory/discrepancies/:discrepancyId',
    {
      config: { access: { permission: 'inventory.read' } },
      schema: {
        tags,
        summary: 'A discrepancy with the count line or ledger entries behind it',
        params: DiscrepancyParams,
        response: { 200: DiscrepancyDetail, 404: Problem },
      },
    },
    async (request) => discrepancyDetail(database.db, scopeOf(request), request.params.discrepancyId),
  );

  app.post(
    '/clinics/:clinicId/inventory/discrepancies/:discrepancyId/resolution',
    {
      config: { access: { permission: 'inventory.resolve' } },
      schema: {
        tags,
        summary:
          'Resolve a discrepancy with an explanation, optionally adjusting the ledger to what was counted',
        params: DiscrepancyParams,
        body: ResolutionInput,
        response: { 201: DiscrepancyDetail, 404: Problem, 409: Problem, 422: Problem },
      },
    },
    async (request, reply) => {
      const detail = await resolveDiscrepancy(
        database,
        clock,
        scopeOf(request),
        requestMeta(request),
        request.params.discrepancyId,
        request.body,
      );
      return reply.code(201).send(detail);
    },
  );
}
