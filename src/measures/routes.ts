import { Type } from 'typebox';
import { requestMeta, scopeOf } from '../identity/authorise.js';
import { ClinicParams } from '../organisation/model.js';
import { PatientParams } from '../patient/model.js';
import type { App, AppDeps } from '../platform/http/app.js';
import { Problem } from '../platform/http/problem.js';
import { assignQuestionnaire, endAssignment, patientMeasures } from './chart-service.js';
import { toQuestionnaire } from './fhir.js';
import { addInstrument, getInstrument, listInstruments } from './instrument-service.js';
import {
  AddInstrumentBody,
  AssignBody,
  AssignmentParams,
  AssignmentView,
  CorrectionBody,
  InstrumentDefinition,
  InstrumentList,
  InstrumentParams,
  InstrumentSummary,
  MoodCheckIn,
  MoodCheckInBody,
  PatientMeasures,
  PortalHome,
  PortalInstrumentParams,
  PortalProgress,
  PortalResponseBody,
  PortalResponseResult,
  RecordedResponse,
  ResponseParams,
  StaffResponseBody,
} from './model.js';
import { portalHome, portalProgress, recordCheckIn } from './portal-service.js';
import { correctResponse, recordPortalResponse, recordStaffResponse } from './response-service.js';

/** A FHIR resource is passed through whole: its shape is the FHIR specification's, built by fhir.ts only. */
const FhirQuestionnaire = Type.Object(
  { resourceType: Type.Literal('Questionnaire') },
  { additionalProperties: true, description: 'FHIR R4 Questionnaire' },
);

const refused = { 404: Problem, 409: Problem, 422: Problem };

export function measuresRoutes(app: App, { database, clock, treatment }: AppDeps) {
  const { db } = database;

  app.get(
    '/clinics/:clinicId/instruments',
    {
      config: { access: { permission: 'instrument.read' } },
      schema: {
        tags: ['measures'],
        summary: 'The clinic’s rating-scale instruments: shipped and its own (current versions)',
        params: ClinicParams,
        response: { 200: InstrumentList },
      },
    },
    async (request) => ({ instruments: await listInstruments(db, scopeOf(request)) }),
  );

  app.get(
    '/clinics/:clinicId/instruments/:instrumentId',
    {
      config: { access: { permission: 'instrument.read' } },
      schema: {
        tags: ['measures'],
        summary: 'One instrument’s current definition',
        params: InstrumentParams,
        response: { 200: InstrumentDefinition, 404: Problem },
      },
    },
    async (request) => getInstrument(db, scopeOf(request), request.params.instrumentId),
  );

  app.get(
    '/clinics/:clinicId/instruments/:instrumentId/questionnaire',
    {
      config: { access: { permission: 'instrument.read' } },
      schema: {
        tags: ['measures'],
        summary: 'One instrument as a FHIR R4 Questionnaire',
        params: InstrumentParams,
        response: { 200: FhirQuestionnaire, 404: Problem },
      },
    },
    async (request, reply) => {
      const { clinicId, instrumentId } = request.params;
      const def = await getInstrument(db, scopeOf(request), instrumentId);
      const baseUrl = `${request.protocol}://${request.host}/api/clinics/${clinicId}/fhir`;
      reply.type('application/fhir+json');
      return toQuestionnaire(def, { baseUrl });
    },
  );

  app.post(
    '/clinics/:clinicId/instruments',
    {
      config: { access: { permission: 'instrument.manage' } },
      schema: {
        tags: ['measures'],
        summary: 'Add the clinic’s own instrument, or a new version of it',
        params: ClinicParams,
        body: AddInstrumentBody,
        response: { 201: InstrumentSummary, ...refused },
      },
    },
    async (request, reply) => {
      const added = await addInstrument(
        database,
        clock,
        scopeOf(request),
        request.body,
        requestMeta(request),
      );
      return reply.code(201).send(added);
    },
  );

  app.get(
    '/portal/instruments/:instrumentId',
    {
      config: { access: { permission: 'portal.self' } },
      schema: {
        tags: ['portal'],
        summary: 'A questionnaire to fill in (patient-reported only)',
        params: PortalInstrumentParams,
        response: { 200: InstrumentDefinition, 404: Problem },
      },
    },
    async (request) => getInstrument(db, scopeOf(request), request.params.instrumentId),
  );

  app.get(
    '/portal/home',
    {
      config: { access: { permission: 'portal.self' } },
      schema: {
        tags: ['portal'],
        summary: 'What is due now, and whether today’s check-in is done',
        response: { 200: PortalHome },
      },
    },
    async (request) => portalHome(db, clock, scopeOf(request)),
  );

  app.post(
    '/portal/responses',
    {
      config: { access: { permission: 'portal.self' } },
      schema: {
        tags: ['portal'],
        summary: 'Send the answers to a questionnaire',
        body: PortalResponseBody,
        response: { 201: PortalResponseResult, ...refused },
      },
    },
    async (request, reply) => {
      const result = await recordPortalResponse(
        database,
        clock,
        scopeOf(request),
        request.body,
        requestMeta(request),
      );
      return reply.code(201).send(result);
    },
  );

  app.post(
    '/portal/check-ins',
    {
      config: { access: { permission: 'portal.self' } },
      schema: {
        tags: ['portal'],
        summary: 'Today’s mood (0–10) and a journal line, both optional (at least one)',
        body: MoodCheckInBody,
        response: { 201: MoodCheckIn, 422: Problem },
      },
    },
    async (request, reply) => {
      const saved = await recordCheckIn(
        database,
        clock,
        scopeOf(request),
        request.body,
        requestMeta(request),
      );
      return reply.code(201).send(saved);
    },
  );

  app.get(
    '/portal/progress',
    {
      config: { access: { permission: 'portal.self' } },
      schema: {
        tags: ['portal'],
        summary: 'The patient’s own scores over time, in plain words',
        response: { 200: PortalProgress },
      },
    },
    async (request) => portalProgress(db, scopeOf(request)),
  );

  app.get(
    '/clinics/:clinicId/patients/:patientId/measures',
    {
      config: { access: { permission: 'measures.read' } },
      schema: {
        tags: ['measures'],
        summary: 'A patient’s scores, outcomes, flags, check-ins and assignments (chart)',
        params: PatientParams,
        response: { 200: PatientMeasures, 404: Problem },
      },
    },
    async (request) => patientMeasures(db, scopeOf(request), request.params.patientId, treatment),
  );

  app.post(
    '/clinics/:clinicId/patients/:patientId/responses',
    {
      config: { access: { permission: 'measures.record' } },
      schema: {
        tags: ['measures'],
        summary: 'Record a clinician rating, or a questionnaire filled on paper',
        params: PatientParams,
        body: StaffResponseBody,
        response: { 201: RecordedResponse, ...refused },
      },
    },
    async (request, reply) => {
      const recorded = await recordStaffResponse(
        database,
        clock,
        scopeOf(request),
        request.params.patientId,
        request.body,
        requestMeta(request),
      );
      return reply.code(201).send(recorded);
    },
  );

  app.post(
    '/clinics/:clinicId/patients/:patientId/responses/:responseId/corrections',
    {
      config: { access: { permission: 'measures.record' } },
      schema: {
        tags: ['measures'],
        summary: 'Correct a response: new answers (amend) or a retraction (entered in error)',
        params: ResponseParams,
        body: CorrectionBody,
        response: { 201: RecordedResponse, ...refused },
      },
    },
    async (request, reply) => {
      const { patientId, responseId } = request.params;
      const recorded = await correctResponse(
        database,
        clock,
        scopeOf(request),
        patientId,
        responseId,
        request.body,
        requestMeta(request),
      );
      return reply.code(201).send(recorded);
    },
  );

  app.post(
    '/clinics/:clinicId/patients/:patientId/assignments',
    {
      config: { access: { permission: 'measures.record' } },
      schema: {
        tags: ['measures'],
        summary: 'Ask the patient to fill a questionnaire, once or repeating',
        params: PatientParams,
        body: AssignBody,
        response: { 201: AssignmentView, ...refused },
      },
    },
    async (request, reply) => {
      const assigned = await assignQuestionnaire(
        database,
        clock,
        scopeOf(request),
        request.params.patientId,
        request.body,
        requestMeta(request),
      );
      return reply.code(201).send(assigned);
    },
  );

  app.post(
    '/clinics/:clinicId/patients/:patientId/assignments/:assignmentId/end',
    {
      config: { access: { permission: 'measures.record' } },
      schema: {
        tags: ['measures'],
        summary: 'Stop an assignment: nothing more is due from it',
        params: AssignmentParams,
        response: { 200: AssignmentView, 404: Problem, 409: Problem },
      },
    },
    async (request) => {
      const { patientId, assignmentId } = request.params;
      return endAssignment(database, clock, scopeOf(request), patientId, assignmentId, requestMeta(request));
    },
  );
}
