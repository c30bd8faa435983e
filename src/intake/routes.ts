import { sessionCookie } from '../identity/authenticate.js';
import { requestMeta, scopeOf } from '../identity/authorise.js';
import { SESSION_ABSOLUTE_MS } from '../identity/core.js';
import { LoginResult } from '../identity/model.js';
import { ClinicParams } from '../organisation/model.js';
import { PatientParams } from '../patient/model.js';
import type { App, AppDeps } from '../platform/http/app.js';
import { Problem } from '../platform/http/problem.js';
import { searchConditionCodes } from './codes/icd10.js';
import { searchMedications } from './codes/medications.js';
import { addFact, correctFact, reviewSubmission, staffIntakeView } from './fact-service.js';
import { acceptInvitation, createInvitation, viewInvitation } from './invitation-service.js';
import {
  AcceptInvitationBody,
  AllergyCorrection,
  AllergyView,
  CodeSearch,
  ConditionCodeList,
  ConditionCorrection,
  ConditionView,
  type FactKind,
  FactParams,
  IntakeDraftBody,
  InvitationBody,
  InvitationTokenParams,
  InvitationView,
  MeasurementCorrection,
  MeasurementView,
  MedicationCorrection,
  MedicationEntryList,
  MedicationView,
  NewAllergy,
  NewCondition,
  NewInvitation,
  NewMeasurement,
  NewMedication,
  NewPriorTreatment,
  PortalIntake,
  PriorTreatmentCorrection,
  PriorTreatmentView,
  ProfileUpdateBody,
  ProfileView,
  RegisterBody,
  RegisteredPatient,
  ReviewBody,
  ReviewResult,
  SavedDraft,
  StaffIntakeView,
  SubmissionParams,
  SubmittedIntake,
} from './model.js';
import { getPortalIntake, saveDraft, submitIntake } from './portal-service.js';
import { getProfile, registerPatient, updateProfile } from './registration-service.js';

const refused = { 404: Problem, 409: Problem, 422: Problem };

/** Each kind of fact: its request body, its correction body and its view. */
const factRoutes = [
  [
    'conditions',
    'a diagnosis or history condition (ICD-10-CM)',
    NewCondition,
    ConditionCorrection,
    ConditionView,
  ],
  [
    'medications',
    'a medication (RxNorm from the table, or text for staff to class)',
    NewMedication,
    MedicationCorrection,
    MedicationView,
  ],
  ['allergies', 'an allergy or intolerance', NewAllergy, AllergyCorrection, AllergyView],
  [
    'prior-treatments',
    'a treatment tried before',
    NewPriorTreatment,
    PriorTreatmentCorrection,
    PriorTreatmentView,
  ],
  ['measurements', 'a height, weight or vital sign', NewMeasurement, MeasurementCorrection, MeasurementView],
] as const satisfies readonly (readonly [FactKind, string, unknown, unknown, unknown])[];

export function intakeRoutes(app: App, { database, clock, config }: AppDeps) {
  const { db } = database;
  /** Invitation links carry a secret: rate-limited per address like sign-in. */
  const tokenRateLimit = { max: config.loginRateLimitPerMinute, timeWindow: '1 minute' };

  // ── Registration and profile ──────────────────────────────────────────────────────────────────────────────
  app.post(
    '/clinics/:clinicId/patients',
    {
      config: { access: { permission: 'patient.register' } },
      schema: {
        tags: ['intake'],
        summary: 'Register a patient (front desk): identity and registration details, version 1',
        params: ClinicParams,
        body: RegisterBody,
        response: { 201: RegisteredPatient, 422: Problem },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(await registerPatient(database, clock, scopeOf(request), request.body, requestMeta(request))),
  );

  app.get(
    '/clinics/:clinicId/patients/:patientId/profile',
    {
      config: { access: { permission: 'patient.read' } },
      schema: {
        tags: ['intake'],
        summary: 'A patient’s latest registration details and their version',
        params: PatientParams,
        response: { 200: ProfileView, 404: Problem },
      },
    },
    async (request) => getProfile(db, scopeOf(request), request.params.patientId),
  );

  app.put(
    '/clinics/:clinicId/patients/:patientId/profile',
    {
      config: { access: { permission: 'patient.register' } },
      schema: {
        tags: ['intake'],
        summary: 'Change registration details: a new version (409 if someone changed them since `version`)',
        params: PatientParams,
        body: ProfileUpdateBody,
        response: { 200: ProfileView, ...refused },
      },
    },
    async (request) =>
      updateProfile(
        database,
        clock,
        scopeOf(request),
        request.params.patientId,
        request.body,
        requestMeta(request),
      ),
  );

  app.get(
    '/portal/profile',
    {
      config: { access: { permission: 'portal.self' } },
      schema: {
        tags: ['portal'],
        summary: 'The signed-in patient’s registration details',
        response: { 200: ProfileView, 404: Problem },
      },
    },
    async (request) => {
      const scope = scopeOf(request);
      return getProfile(db, scope, scope.patientId!);
    },
  );

  app.put(
    '/portal/profile',
    {
      config: { access: { permission: 'portal.self' } },
      schema: {
        tags: ['portal'],
        summary: 'The patient changes their registration details: a new version',
        body: ProfileUpdateBody,
        response: { 200: ProfileView, ...refused },
      },
    },
    async (request) => {
      const scope = scopeOf(request);
      return updateProfile(database, clock, scope, scope.patientId!, request.body, requestMeta(request));
    },
  );

  // ── Invitations ───────────────────────────────────────────────────────────────────────────────────────────
  app.post(
    '/clinics/:clinicId/invitations',
    {
      config: { access: { permission: 'patient.register' } },
      schema: {
        tags: ['intake'],
        summary: 'Invite a person to register in the portal: the link is shown once and works for 7 days',
        params: ClinicParams,
        body: InvitationBody,
        response: { 201: NewInvitation, 404: Problem, 422: Problem },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(await createInvitation(database, clock, scopeOf(request), request.body, requestMeta(request))),
  );

  app.get(
    '/portal/invitations/:token',
    {
      config: { access: 'public', rateLimit: tokenRateLimit },
      schema: {
        tags: ['portal'],
        summary: 'What an invitation link is for (404 when wrong, used or expired)',
        params: InvitationTokenParams,
        response: { 200: InvitationView, 404: Problem },
      },
    },
    async (request) => viewInvitation(db, clock, request.params.token),
  );

  app.post(
    '/portal/invitations/:token/accept',
    {
      config: { access: 'public', rateLimit: tokenRateLimit },
      schema: {
        tags: ['portal'],
        summary: 'Accept an invitation: registration details and a password; signs the patient in',
        params: InvitationTokenParams,
        body: AcceptInvitationBody,
        response: { 201: LoginResult, ...refused },
      },
    },
    async (request, reply) => {
      const session = await acceptInvitation(
        database,
        clock,
        request.params.token,
        request.body,
        requestMeta(request),
      );
      reply.header('set-cookie', sessionCookie(config, session.token, SESSION_ABSOLUTE_MS / 1000));
      return reply.code(201).send({ csrfToken: session.csrfToken, enrolmentRequired: false });
    },
  );

  // ── The portal questionnaire ──────────────────────────────────────────────────────────────────────────────
  app.get(
    '/portal/intake',
    {
      config: { access: { permission: 'portal.self' } },
      schema: {
        tags: ['portal'],
        summary: 'The patient’s intake: the draft as saved, and where it stands',
        response: { 200: PortalIntake },
      },
    },
    async (request) => getPortalIntake(db, scopeOf(request)),
  );

  app.put(
    '/portal/intake',
    {
      config: { access: { permission: 'portal.self' } },
      schema: {
        tags: ['portal'],
        summary: 'Autosave the intake draft (409 when another window saved since `revision`)',
        body: IntakeDraftBody,
        response: { 200: SavedDraft, 409: Problem },
      },
    },
    async (request) => saveDraft(database, clock, scopeOf(request), request.body, requestMeta(request)),
  );

  app.post(
    '/portal/intake/submit',
    {
      config: { access: { permission: 'portal.self' } },
      schema: {
        tags: ['portal'],
        summary: 'Submit the saved intake for review (422 with /content/… paths while incomplete)',
        response: { 201: SubmittedIntake, 422: Problem },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await submitIntake(database, clock, scopeOf(request), requestMeta(request))),
  );

  // ── Code lists ────────────────────────────────────────────────────────────────────────────────────────────
  for (const [prefix, permission, params] of [
    ['/clinics/:clinicId/codes', 'intake.read', ClinicParams],
    ['/portal/codes', 'portal.self', undefined],
  ] as const) {
    app.get(
      `${prefix}/conditions`,
      {
        config: { access: { permission } },
        schema: {
          tags: ['intake'],
          summary: 'ICD-10-CM codes the clinic uses, by code or words of the description',
          ...(params ? { params } : {}),
          querystring: CodeSearch,
          response: { 200: ConditionCodeList },
        },
      },
      async (request) => ({ codes: searchConditionCodes(request.query.search) }),
    );
    app.get(
      `${prefix}/medications`,
      {
        config: { access: { permission } },
        schema: {
          tags: ['intake'],
          summary: 'The medication table: RxNorm ingredient, class, diazepam-equivalent factor',
          ...(params ? { params } : {}),
          querystring: CodeSearch,
          response: { 200: MedicationEntryList },
        },
      },
      async (request) => ({ medications: searchMedications(request.query.search) }),
    );
  }

  // ── Staff: intake, review and facts ───────────────────────────────────────────────────────────────────────
  app.get(
    '/clinics/:clinicId/patients/:patientId/intake',
    {
      config: { access: { permission: 'intake.read' } },
      schema: {
        tags: ['intake'],
        summary: 'Submitted intakes (with the facts review would record) and the patient’s current facts',
        params: PatientParams,
        response: { 200: StaffIntakeView, 404: Problem },
      },
    },
    async (request) => staffIntakeView(db, scopeOf(request), request.params.patientId),
  );

  app.post(
    '/clinics/:clinicId/patients/:patientId/intake/:submissionId/review',
    {
      config: { access: { permission: 'intake.review' } },
      schema: {
        tags: ['intake'],
        summary: 'Review a submitted intake: record its facts (as proposed, or as edited), re-run screening',
        params: SubmissionParams,
        body: ReviewBody,
        response: { 200: ReviewResult, ...refused },
      },
    },
    async (request) =>
      reviewSubmission(
        database,
        clock,
        scopeOf(request),
        request.params.patientId,
        request.params.submissionId,
        request.body,
        requestMeta(request),
      ),
  );

  for (const [kind, what, body, correction, view] of factRoutes) {
    app.post(
      `/clinics/:clinicId/patients/:patientId/${kind}`,
      {
        config: { access: { permission: 'intake.review' } },
        schema: {
          tags: ['intake'],
          summary: `Record ${what}; screening re-runs`,
          params: PatientParams,
          body,
          response: { 201: view, ...refused },
        },
      },
      async (request, reply) =>
        reply
          .code(201)
          .send(
            (await addFact(
              database,
              clock,
              scopeOf(request),
              request.params.patientId,
              kind,
              request.body,
              requestMeta(request),
            )) as never,
          ),
    );
    app.post(
      `/clinics/:clinicId/patients/:patientId/${kind}/:factId/corrections`,
      {
        config: { access: { permission: 'intake.review' } },
        schema: {
          tags: ['intake'],
          summary: `Correct ${what}: amend, stop or entered-in-error, as a new entry; screening re-runs`,
          params: FactParams,
          body: correction,
          response: { 201: view, ...refused },
        },
      },
      async (request, reply) =>
        reply
          .code(201)
          .send(
            (await correctFact(
              database,
              clock,
              scopeOf(request),
              request.params.patientId,
              kind,
              request.params.factId,
              request.body,
              requestMeta(request),
            )) as never,
          ),
    );
  }
}
