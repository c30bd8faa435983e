import type { TSchema } from 'typebox';
import { scopeOf } from '../identity/authorise.js';
import { ClinicParams } from '../organisation/model.js';
import type { App, AppDeps } from '../platform/http/app.js';
import { Problem } from '../platform/http/problem.js';
import { diversionSignals } from './diversion-service.js';
import {
  DispensingReport,
  DiversionQuery,
  DiversionSignals,
  ExpiringReport,
  Form41Report,
  Form106Report,
  InventoryReport,
  ReceiptReport,
  ReconciliationReport,
  ReportFileParams,
  type ReportName,
  ReportQuery,
  reportTitles,
} from './report-model.js';
import { buildReport, reportFile } from './report-service.js';

const schemas: Record<ReportName, TSchema> = {
  dispensing: DispensingReport,
  receipts: ReceiptReport,
  'biennial-inventory': InventoryReport,
  reconciliation: ReconciliationReport,
  'expiring-lots': ExpiringReport,
  'form-41': Form41Report,
  'form-106': Form106Report,
};

/** The controlled-substance reports as JSON, CSV and PDF, and the diversion signals. */
export function inventoryReportRoutes(app: App, { database, clock }: AppDeps) {
  const tags = ['controlled substances'];
  const access = { permission: 'inventory.report' as const };

  for (const [name, schema] of Object.entries(schemas) as [ReportName, TSchema][]) {
    app.get(
      `/clinics/:clinicId/inventory/reports/${name}`,
      {
        config: { access },
        schema: {
          tags,
          summary: reportTitles[name],
          params: ClinicParams,
          querystring: ReportQuery,
          response: { 200: schema, 404: Problem, 422: Problem },
        },
      },
      async (request) =>
        (await buildReport(database.db, clock, scopeOf(request), name, request.query)).report,
    );
  }

  for (const format of ['csv', 'pdf'] as const) {
    app.get(
      `/clinics/:clinicId/inventory/reports/:report.${format}`,
      {
        config: { access },
        schema: {
          tags,
          summary: `A report as ${format.toUpperCase()}`,
          params: ReportFileParams,
          querystring: ReportQuery,
        },
      },
      async (request, reply) => {
        const { body, filename } = await reportFile(
          database.db,
          clock,
          scopeOf(request),
          request.params.report,
          request.query,
          format,
        );
        return reply
          .type(format === 'csv' ? 'text/csv; charset=utf-8' : 'application/pdf')
          .header('content-disposition', `attachment; filename="${filename}"`)
          .send(format === 'csv' ? body : Buffer.from(body));
      },
    );
  }

  app.get(
    '/clinics/:clinicId/inventory/diversion-signals',
    {
      config: { access },
      schema: {
        tags,
        summary: 'Diversion signals for compliance, each with the entries behind it',
        params: ClinicParams,
        querystring: DiversionQuery,
        response: { 200: DiversionSignals, 422: Problem },
      },
    },
    async (request) => diversionSignals(database.db, scopeOf(request), request.query),
  );
}
