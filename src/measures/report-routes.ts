import { scopeOf } from '../identity/authorise.js';
import { ClinicParams } from '../organisation/model.js';
import type { App, AppDeps } from '../platform/http/app.js';
import { Problem } from '../platform/http/problem.js';
import { OutcomesQuery, OutcomesReport } from './model.js';
import { outcomesCsv, outcomesReport } from './report-service.js';

export function outcomesReportRoutes(app: App, { database, treatment }: AppDeps) {
  app.get(
    '/clinics/:clinicId/reports/outcomes',
    {
      config: { access: { permission: 'report.read' } },
      schema: {
        tags: ['reports'],
        summary:
          'Response and remission rates and median days to response of patients who started in a period',
        params: ClinicParams,
        querystring: OutcomesQuery,
        response: { 200: OutcomesReport, 422: Problem },
      },
    },
    async (request) => outcomesReport(database.db, scopeOf(request), treatment, request.query),
  );

  app.get(
    '/clinics/:clinicId/reports/outcomes.csv',
    {
      config: { access: { permission: 'report.read' } },
      schema: {
        tags: ['reports'],
        summary: 'The same report as CSV: one row per group, then All',
        params: ClinicParams,
        querystring: OutcomesQuery,
      },
    },
    async (request, reply) => {
      const report = await outcomesReport(database.db, scopeOf(request), treatment, request.query);
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="outcomes-${report.from}-${report.to}.csv"`)
        .send(outcomesCsv(report));
    },
  );
}
