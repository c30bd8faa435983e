import type { FastifyReply } from 'fastify';
import { requestMeta, scopeOf } from '../identity/authorise.js';
import { portalPatientOf } from '../identity/scope.js';
import type { App, AppDeps } from '../platform/http/app.js';
import { Problem } from '../platform/http/problem.js';
import {
  ClinicParams,
  ConsentDocumentList,
  ConsentDocumentView,
  DocumentParams,
  PatientConsentView,
  PatientParams,
  PortalConsentView,
  PortalDocumentParams,
  PortalSignatureParams,
  PublishDocumentBody,
  SignatureParams,
  SignatureView,
  SignBody,
  WithdrawBody,
} from './model.js';
import { renderSignedCopy } from './pdf.js';
import {
  getDocument,
  listCurrentDocuments,
  patientConsent,
  portalConsent,
  publishDocument,
  type SignedCopy,
  signConsent,
  signedCopy,
  withdrawConsent,
} from './service.js';

const refused = { 404: Problem, 409: Problem, 422: Problem };

async function sendPdf(reply: FastifyReply, { record, clinicName, timeZone }: SignedCopy) {
  const { signature, document, withdrawal } = record;
  const bytes = await renderSignedCopy({
    clinicName,
    timeZone,
    signatureId: signature.id,
    route: document.route,
    documentTitle: document.title,
    documentVersion: document.version,
    documentHash: signature.documentHash,
    bodyMarkdown: document.bodyMarkdown,
    attestations: document.attestations,
    acknowledged: signature.acknowledged,
    typedName: signature.typedName,
    signedVia: signature.signedVia === 'portal' ? 'portal' : 'clinic_tablet',
    witnessStaffId: signature.witnessStaffId,
    signedAt: signature.signedAt,
    withdrawal: withdrawal && { reason: withdrawal.reason, withdrawnAt: withdrawal.withdrawnAt },
  });
  return reply
    .type('application/pdf')
    .header('content-disposition', `attachment; filename="consent-${document.route}-${signature.id}.pdf"`)
    .header('cache-control', 'no-store')
    .send(Buffer.from(bytes));
}

export function consentRoutes(app: App, { database, clock }: AppDeps) {
  const { db } = database;

  app.get(
    '/clinics/:clinicId/consent/documents',
    {
      config: { access: { permission: 'settings.read' } },
      schema: {
        tags: ['consent'],
        summary: 'The latest consent document per route, and the attestation topics each route requires',
        params: ClinicParams,
        response: { 200: ConsentDocumentList },
      },
    },
    async (request) => listCurrentDocuments(db, scopeOf(request)),
  );

  app.get(
    '/clinics/:clinicId/consent/documents/:documentId',
    {
      config: { access: { permission: 'settings.read' } },
      schema: {
        tags: ['consent'],
        summary: 'One version of a consent document',
        params: DocumentParams,
        response: { 200: ConsentDocumentView, 404: Problem },
      },
    },
    async (request) => getDocument(db, scopeOf(request), request.params.documentId),
  );

  app.post(
    '/clinics/:clinicId/consent/documents',
    {
      config: { access: { permission: 'consent.manage' } },
      schema: {
        tags: ['consent'],
        summary:
          'Publish a new version of a route’s consent document (every required attestation topic present)',
        params: ClinicParams,
        body: PublishDocumentBody,
        response: { 201: ConsentDocumentView, ...refused },
      },
    },
    async (request, reply) => {
      const published = await publishDocument(
        database,
        clock,
        scopeOf(request),
        request.body,
        requestMeta(request),
      );
      return reply.code(201).send(published);
    },
  );

  app.get(
    '/clinics/:clinicId/patients/:patientId/consent',
    {
      config: { access: { permission: 'consent.read' } },
      schema: {
        tags: ['consent'],
        summary: 'A patient’s consent status per route and their signatures',
        params: PatientParams,
        response: { 200: PatientConsentView, 404: Problem },
      },
    },
    async (request) => patientConsent(db, clock, scopeOf(request), request.params.patientId),
  );

  app.post(
    '/clinics/:clinicId/patients/:patientId/consent/signatures',
    {
      config: { access: { permission: 'consent.record' } },
      schema: {
        tags: ['consent'],
        summary: 'The patient signs on the clinic tablet, with the signed-in staff member present',
        params: PatientParams,
        body: SignBody,
        response: { 201: SignatureView, ...refused },
      },
    },
    async (request, reply) => {
      const signed = await signConsent(
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
    '/clinics/:clinicId/patients/:patientId/consent/signatures/:signatureId/withdrawal',
    {
      config: { access: { permission: 'consent.record' } },
      schema: {
        tags: ['consent'],
        summary: 'Record that the patient withdrew a consent (blocks that route)',
        params: SignatureParams,
        body: WithdrawBody,
        response: { 201: SignatureView, ...refused },
      },
    },
    async (request, reply) => {
      const { patientId, signatureId } = request.params;
      const withdrawn = await withdrawConsent(
        database,
        clock,
        scopeOf(request),
        patientId,
        signatureId,
        request.body,
        requestMeta(request),
      );
      return reply.code(201).send(withdrawn);
    },
  );

  app.get(
    '/clinics/:clinicId/patients/:patientId/consent/signatures/:signatureId.pdf',
    {
      config: { access: { permission: 'consent.read' } },
      schema: {
        tags: ['consent'],
        summary: 'The signed copy as a PDF',
        params: SignatureParams,
        response: { 404: Problem },
      },
    },
    async (request, reply) => {
      const { patientId, signatureId } = request.params;
      return sendPdf(reply, await signedCopy(db, scopeOf(request), patientId, signatureId));
    },
  );

  app.get(
    '/portal/consent',
    {
      config: { access: { permission: 'portal.self' } },
      schema: {
        tags: ['portal'],
        summary: 'The consent documents I still need to sign, my status per route and my signatures',
        response: { 200: PortalConsentView },
      },
    },
    async (request) => portalConsent(db, clock, scopeOf(request)),
  );

  app.get(
    '/portal/consent/documents/:documentId',
    {
      config: { access: { permission: 'portal.self' } },
      schema: {
        tags: ['portal'],
        summary: 'One consent document to read before signing',
        params: PortalDocumentParams,
        response: { 200: ConsentDocumentView, 404: Problem },
      },
    },
    async (request) => getDocument(db, scopeOf(request), request.params.documentId),
  );

  app.post(
    '/portal/consent/signatures',
    {
      config: { access: { permission: 'portal.self' } },
      schema: {
        tags: ['portal'],
        summary: 'Sign a consent document: every attestation acknowledged and my full name typed',
        body: SignBody,
        response: { 201: SignatureView, ...refused },
      },
    },
    async (request, reply) => {
      const signed = await signConsent(
        database,
        clock,
        scopeOf(request),
        portalPatientOf(scopeOf(request)),
        request.body,
        requestMeta(request),
      );
      return reply.code(201).send(signed);
    },
  );

  app.post(
    '/portal/consent/signatures/:signatureId/withdrawal',
    {
      config: { access: { permission: 'portal.self' } },
      schema: {
        tags: ['portal'],
        summary: 'Withdraw my consent (the clinic will not start new sessions on that route)',
        params: PortalSignatureParams,
        body: WithdrawBody,
        response: { 201: SignatureView, ...refused },
      },
    },
    async (request, reply) => {
      const withdrawn = await withdrawConsent(
        database,
        clock,
        scopeOf(request),
        portalPatientOf(scopeOf(request)),
        request.params.signatureId,
        request.body,
        requestMeta(request),
      );
      return reply.code(201).send(withdrawn);
    },
  );

  app.get(
    '/portal/consent/signatures/:signatureId.pdf',
    {
      config: { access: { permission: 'portal.self' } },
      schema: {
        tags: ['portal'],
        summary: 'My signed copy as a PDF',
        params: PortalSignatureParams,
        response: { 404: Problem },
      },
    },
    async (request, reply) =>
      sendPdf(
        reply,
        await signedCopy(db, scopeOf(request), portalPatientOf(scopeOf(request)), request.params.signatureId),
      ),
  );
}
