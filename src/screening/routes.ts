import { requestMeta, scopeOf } from '../identity/authorise.js';
import type { App, AppDeps } from '../platform/http/app.js';
import { Problem } from '../platform/http/problem.js';
import {
  ClinicParams,
  DecisionResult,
  EligibilityDecisionBody,
  PatientParams,
  RuleSetChangeBody,
  RuleSetHistory,
  RuleSetView,
  ScreeningView,
} from './model.js';
import { changeRuleSet, decide, ruleSetHistory, ruleSetView, runNow, screeningView } from './service.js';

export function screeningRoutes(app: App, { database, clock }: AppDeps) {
  const { db } = database;

  app.get(
    '/clinics/:clinicId/patients/:patientId/screening',
    {
      config: { access: { permission: 'screening.read' } },
      schema: {
        tags: ['screening'],
        summary: 'The latest screening checklist, eligibility per route and every decision',
        params: PatientParams,
        response: { 200: ScreeningView, 404: Problem },
      },
    },
    async (request) => screeningView(db, scopeOf(request), request.params.patientId),
  );

  app.post(
    '/clinics/:clinicId/patients/:patientId/screening/runs',
    {
      config: { access: { permission: 'screening.decide' } },
      schema: {
        tags: ['screening'],
        summary: 'Screen the patient again now, against the rules in force',
        params: PatientParams,
        response: { 201: ScreeningView, 404: Problem },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(
          await runNow(database, clock, scopeOf(request), request.params.patientId, requestMeta(request)),
        ),
  );

  app.post(
    '/clinics/:clinicId/patients/:patientId/eligibility',
    {
      config: { access: { permission: 'screening.decide' } },
      schema: {
        tags: ['screening'],
        summary:
          'Approve or decline one route on the latest run: absolute findings refuse an approval; relative ones need an override each and a recent step-up',
        params: PatientParams,
        body: EligibilityDecisionBody,
        response: { 201: DecisionResult, 403: Problem, 404: Problem, 409: Problem, 422: Problem },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(
          await decide(
            database,
            clock,
            scopeOf(request),
            request.params.patientId,
            request.body,
            requestMeta(request),
          ),
        ),
  );

  app.get(
    '/clinics/:clinicId/screening/rules',
    {
      config: { access: { permission: 'settings.read' } },
      schema: {
        tags: ['screening'],
        summary: 'The screening rules and state rules in force, with their sources',
        params: ClinicParams,
        response: { 200: RuleSetView },
      },
    },
    async (request) => ruleSetView(db, scopeOf(request)),
  );

  app.get(
    '/clinics/:clinicId/screening/rules/history',
    {
      config: { access: { permission: 'settings.read' } },
      schema: {
        tags: ['screening'],
        summary: 'Every version of the screening rules, newest first, back to the shipped defaults',
        params: ClinicParams,
        response: { 200: RuleSetHistory },
      },
    },
    async (request) => ruleSetHistory(db, scopeOf(request)),
  );

  app.put(
    '/clinics/:clinicId/screening/rules',
    {
      config: { access: { permission: 'screening.rules.manage' } },
      schema: {
        tags: ['screening'],
        summary:
          'A new version of the screening rules (with the reason; needs a fresh step-up); past runs keep theirs',
        params: ClinicParams,
        body: RuleSetChangeBody,
        response: { 200: RuleSetView, 403: Problem, 409: Problem, 422: Problem },
      },
    },
    async (request) => changeRuleSet(database, clock, scopeOf(request), request.body, requestMeta(request)),
  );
}
