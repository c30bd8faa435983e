import { and, desc, eq, max } from 'drizzle-orm';
import { recordAudit } from '../audit/service.js';
import type { Scope } from '../identity/authorise.js';
import { actorOf, clinicOf, portalPatientOf } from '../identity/scope.js';
import type { RequestMeta } from '../identity/service.js';
import { clinic } from '../organisation/schema.js';
import { patient } from '../patient/schema.js';
import { patientInScope } from '../patient/service.js';
import type { Clock } from '../platform/clock.js';
import type { Database, Queryable, Tx } from '../platform/db/database.js';
import { isUniqueViolation } from '../platform/db/errors.js';
import { conflict, type FieldError, invalidFields, notFound } from '../platform/http/problem.js';
import { currentSettings } from '../settings/service.js';
import {
  consentRoutes,
  documentHash,
  documentProblems,
  normaliseNewlines,
  type RouteConsentState,
  requiredTopics,
  routeConsentState,
  typedNameMatches,
  unacknowledged,
} from './core.js';
import { defaultDocument } from './defaults.js';
import type {
  ConsentDocumentList,
  ConsentDocumentView,
  ConsentRoute,
  PatientConsentView,
  PortalConsentView,
  PublishDocumentBody,
  RouteConsent,
  SignatureView,
  SignBody,
  WithdrawBody,
} from './model.js';
import { consentDocument, consentSignature, consentWithdrawal } from './schema.js';
import { consentSettings } from './settings.js';

/**
 * Informed consent: the clinic publishes versioned documents per route; a patient signs one exact version (in the
 * portal, or on the clinic tablet with a staff member present); a withdrawal is its own row. Whether a route's
 * consent is current is decided by core.ts from those rows, the clinic's validity setting and its time zone.
 */

type DocumentRow = typeof consentDocument.$inferSelect;

function toDocumentView(row: DocumentRow): ConsentDocumentView {
  return {
    id: row.id,
    route: row.route as ConsentRoute,
    version: row.version,
    title: row.title,
    bodyMarkdown: row.bodyMarkdown,
    attestations: row.attestations,
    textHash: row.textHash,
    publishedAt: row.publishedAt.toISOString(),
    publishedBy: row.publishedBy,
  };
}

/** The newest version of each route's document in a clinic (routes with none published are absent). */
async function latestDocuments(db: Queryable, clinicId: string): Promise<Map<ConsentRoute, DocumentRow>> {
  const rows = await db
    .selectDistinctOn([consentDocument.route])
    .from(consentDocument)
    .where(eq(consentDocument.clinicId, clinicId))
    .orderBy(consentDocument.route, desc(consentDocument.version));
  return new Map(rows.map((row) => [row.route as ConsentRoute, row]));
}

export async function listCurrentDocuments(db: Queryable, scope: Scope): Promise<ConsentDocumentList> {
  const latest = await latestDocuments(db, clinicOf(scope));
  return {
    documents: consentRoutes.flatMap((route) => {
      const row = latest.get(route);
      return row ? [toDocumentView(row)] : [];
    }),
    requiredTopics: consentRoutes.map((route) => ({ route, topics: requiredTopics(route) })),
  };
}

/** Any version of one of the clinic's documents (a signature names the version it was on). */
export async function getDocument(
  db: Queryable,
  scope: Scope,
  documentId: string,
): Promise<ConsentDocumentView> {
  const [row] = await db
    .select()
    .from(consentDocument)
    .where(and(eq(consentDocument.clinicId, clinicOf(scope)), eq(consentDocument.id, documentId)));
  if (!row) throw notFound('The consent document');
  return toDocumentView(row);
}

/** Checks, hashes and stores the next version of a route's document, in the caller's transaction. */
async function insertDocumentVersion(
  tx: Tx,
  clock: Clock,
  clinicId: string,
  body: PublishDocumentBody,
  publishedBy: string | null,
): Promise<DocumentRow> {
  const problems = documentProblems(body.route, body);
  if (problems.length > 0) throw invalidFields(problems);
  const text = { ...body, bodyMarkdown: normaliseNewlines(body.bodyMarkdown) };
  const textHash = documentHash(text);
  const [previous] = await tx
    .select({ version: consentDocument.version, textHash: consentDocument.textHash })
    .from(consentDocument)
    .where(and(eq(consentDocument.clinicId, clinicId), eq(consentDocument.route, body.route)))
    .orderBy(desc(consentDocument.version))
    .limit(1);
  // A new version makes every patient re-consent: publishing the same text again would do that for nothing.
  if (previous?.textHash === textHash) {
    throw conflict(`This text is the same as version ${previous.version}: change it before publishing`);
  }
  const [row] = await tx
    .insert(consentDocument)
    .values({
      clinicId,
      route: body.route,
      version: (previous?.version ?? 0) + 1,
      title: text.title,
      bodyMarkdown: text.bodyMarkdown,
      attestations: text.attestations.map(({ id, text }) => ({ id, text })),
      textHash,
      publishedBy,
      publishedAt: clock.now(),
    })
    .returning();
  return row!;
}

export async function publishDocument(
  database: Database,
  clock: Clock,
  scope: Scope,
  body: PublishDocumentBody,
  meta: RequestMeta,
): Promise<ConsentDocumentView> {
  const clinicId = clinicOf(scope);
  const actor = actorOf(scope);
  try {
    return await database.transaction(async (tx) => {
      const row = await insertDocumentVersion(tx, clock, clinicId, body, actor.staffId);
      await recordAudit(tx, clock, {
        clinicId,
        ...actor.audit,
        action: 'consent.document_published',
        resourceType: 'consent_document',
        resourceId: row.id,
        patientId: null,
        outcome: 'success',
        requestId: meta.requestId,
        clientAddress: meta.clientAddress,
        detail: { route: row.route, version: row.version, textHash: row.textHash },
      });
      return toDocumentView(row);
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw conflict(
        'Another version of this document was published at the same moment: reload and try again',
      );
    }
    throw error;
  }
}

/** The shipped template for every route, published as version 1 by the system (a new clinic's starting point). */
export async function publishDefaultDocuments(
  tx: Tx,
  clock: Clock,
  clinicId: string,
): Promise<DocumentRow[]> {
  const rows: DocumentRow[] = [];
  for (const route of consentRoutes) {
    const row = await insertDocumentVersion(tx, clock, clinicId, defaultDocument(route), null);
    await recordAudit(tx, clock, {
      clinicId,
      actorType: 'system',
      actorId: null,
      actorRole: null,
      action: 'consent.document_published',
      resourceType: 'consent_document',
      resourceId: row.id,
      patientId: null,
      outcome: 'success',
      requestId: null,
      clientAddress: null,
      detail: { route: row.route, version: row.version, textHash: row.textHash, template: true },
    });
    rows.push(row);
  }
  return rows;
}

interface SignatureRecord {
  signature: typeof consentSignature.$inferSelect;
  document: DocumentRow;
  withdrawal: typeof consentWithdrawal.$inferSelect | null;
}

/** A patient's signatures with their documents and withdrawals, newest first; optionally one signature only. */
async function signatureRecords(
  db: Queryable,
  clinicId: string,
  patientId: string,
  signatureId?: string,
): Promise<SignatureRecord[]> {
  const rows = await db
    .select({ signature: consentSignature, document: consentDocument, withdrawal: consentWithdrawal })
    .from(consentSignature)
    .innerJoin(consentDocument, eq(consentDocument.id, consentSignature.documentId))
    .leftJoin(consentWithdrawal, eq(consentWithdrawal.signatureId, consentSignature.id))
    .where(
      and(
        eq(consentSignature.clinicId, clinicId),
        eq(consentSignature.patientId, patientId),
        signatureId === undefined ? undefined : eq(consentSignature.id, signatureId),
      ),
    )
    .orderBy(desc(consentSignature.signedAt), desc(consentSignature.id));
  return rows;
}

function toSignatureView({ signature, document, withdrawal }: SignatureRecord): SignatureView {
  return {
    id: signature.id,
    documentId: document.id,
    route: document.route as ConsentRoute,
    documentVersion: document.version,
    documentTitle: document.title,
    documentHash: signature.documentHash,
    acknowledged: signature.acknowledged,
    typedName: signature.typedName,
    signedVia: signature.signedVia as SignatureView['signedVia'],
    witnessStaffId: signature.witnessStaffId,
    signedAt: signature.signedAt.toISOString(),
    withdrawal: withdrawal && {
      id: withdrawal.id,
      reason: withdrawal.reason,
      withdrawnAt: withdrawal.withdrawnAt.toISOString(),
      recordedByStaff: withdrawal.recordedByStaff,
    },
  };
}

async function consentValidity(db: Queryable, clinicId: string) {
  // One query at a time: these run inside callers' transactions, where a connection takes one query at once.
  const settings = await currentSettings(db, clinicId, consentSettings);
  const [row] = await db.select({ timeZone: clinic.timeZone }).from(clinic).where(eq(clinic.id, clinicId));
  return { months: settings.values.validityMonths, timeZone: row!.timeZone };
}

function routeStates(
  latest: Map<ConsentRoute, DocumentRow>,
  records: readonly SignatureRecord[],
  now: Date,
  validity: { months: number; timeZone: string },
): Map<ConsentRoute, RouteConsentState> {
  return new Map(
    consentRoutes.map((route) => [
      route,
      routeConsentState(
        latest.get(route)?.id ?? null,
        records
          .filter((r) => r.document.route === route)
          .map((r) => ({
            id: r.signature.id,
            documentId: r.document.id,
            signedAt: r.signature.signedAt,
            withdrawnAt: r.withdrawal?.withdrawnAt ?? null,
          })),
        now,
        validity,
      ),
    ]),
  );
}

function toRouteConsent(
  route: ConsentRoute,
  state: RouteConsentState,
  latest: DocumentRow | undefined,
): RouteConsent {
  return {
    route,
    status: state.status,
    signatureId: state.signature?.id ?? null,
    expiresAt: state.expiresAt?.toISOString() ?? null,
    latestDocumentId: latest?.id ?? null,
    latestVersion: latest?.version ?? null,
  };
}

async function consentOverview(db: Queryable, clock: Clock, clinicId: string, patientId: string) {
  const [latest, records, validity] = await Promise.all([
    latestDocuments(db, clinicId),
    signatureRecords(db, clinicId, patientId),
    consentValidity(db, clinicId),
  ]);
  const states = routeStates(latest, records, clock.now(), validity);
  return {
    latest,
    states,
    validityMonths: validity.months,
    routes: consentRoutes.map((route) => toRouteConsent(route, states.get(route)!, latest.get(route))),
    signatures: records.map(toSignatureView),
  };
}

export async function patientConsent(
  db: Queryable,
  clock: Clock,
  scope: Scope,
  patientId: string,
): Promise<PatientConsentView> {
  await patientInScope(db, scope, patientId);
  const { validityMonths, routes, signatures } = await consentOverview(db, clock, clinicOf(scope), patientId);
  return { patientId, validityMonths, routes, signatures };
}

/**
 * What the patient sees in the portal. Until courses exist, every route with a published document that is not
 * current for them is listed to sign.
 */
export async function portalConsent(db: Queryable, clock: Clock, scope: Scope): Promise<PortalConsentView> {
  const overview = await consentOverview(db, clock, clinicOf(scope), portalPatientOf(scope));
  return {
    validityMonths: overview.validityMonths,
    toSign: consentRoutes.flatMap((route) => {
      const document = overview.latest.get(route);
      const { status } = overview.states.get(route)!;
      return document && status !== 'current' ? [{ route, status, document: toDocumentView(document) }] : [];
    }),
    routes: overview.routes,
    signatures: overview.signatures,
  };
}

/**
 * A patient's signature on the latest version of a route's document. In the portal the patient signs for
 * themself; on the clinic tablet the staff member who handed it over is recorded as the witness.
 */
export async function signConsent(
  database: Database,
  clock: Clock,
  scope: Scope,
  patientId: string,
  body: SignBody,
  meta: RequestMeta,
): Promise<SignatureView> {
  const clinicId = clinicOf(scope);
  const actor = actorOf(scope);
  return database.transaction(async (tx) => {
    await patientInScope(tx, scope, patientId);
    const [document] = await tx
      .select()
      .from(consentDocument)
      .where(and(eq(consentDocument.clinicId, clinicId), eq(consentDocument.id, body.documentId)));
    if (!document) throw notFound('The consent document');
    const [newest] = await tx
      .select({ version: max(consentDocument.version) })
      .from(consentDocument)
      .where(and(eq(consentDocument.clinicId, clinicId), eq(consentDocument.route, document.route)));
    if (newest?.version !== document.version) {
      throw conflict(
        `A newer version exists: version ${newest?.version} of this document replaces version ${document.version}`,
      );
    }
    const errors: FieldError[] = [];
    const missing = unacknowledged(document.attestations, body.acknowledged);
    if (missing.length > 0) {
      errors.push({ path: '/body/acknowledged', message: `Not acknowledged: ${missing.join(', ')}` });
    }
    const [names] = await tx
      .select({ givenName: patient.givenName, familyName: patient.familyName })
      .from(patient)
      .where(eq(patient.id, patientId));
    if (!typedNameMatches(body.typedName, names!)) {
      errors.push({ path: '/body/typedName', message: 'Type your full legal name as the clinic has it' });
    }
    if (errors.length > 0) throw invalidFields(errors);
    const [signature] = await tx
      .insert(consentSignature)
      .values({
        clinicId,
        patientId,
        documentId: document.id,
        documentHash: document.textHash,
        // Every attestation of this version, in document order (ids the document lacks are not recorded).
        acknowledged: document.attestations.map((a) => a.id),
        typedName: body.typedName.trim(),
        signedVia: actor.staffId ? 'clinic_tablet' : 'portal',
        witnessStaffId: actor.staffId,
        signedAt: clock.now(),
      })
      .returning();
    await recordAudit(tx, clock, {
      clinicId,
      ...actor.audit,
      action: 'consent.signed',
      resourceType: 'consent_signature',
      resourceId: signature!.id,
      patientId,
      outcome: 'success',
      requestId: meta.requestId,
      clientAddress: meta.clientAddress,
      detail: { documentId: document.id, route: document.route, version: document.version },
    });
    return toSignatureView({ signature: signature!, document, withdrawal: null });
  });
}

/** Withdrawal of a signed consent (by the patient in the portal, or recorded by staff): blocks that route. */
export async function withdrawConsent(
  database: Database,
  clock: Clock,
  scope: Scope,
  patientId: string,
  signatureId: string,
  body: WithdrawBody,
  meta: RequestMeta,
): Promise<SignatureView> {
  const clinicId = clinicOf(scope);
  const actor = actorOf(scope);
  try {
    return await database.transaction(async (tx) => {
      await patientInScope(tx, scope, patientId);
      const [record] = await signatureRecords(tx, clinicId, patientId, signatureId);
      if (!record) throw notFound('The signature');
      if (record.withdrawal) throw conflict('This consent has already been withdrawn');
      const [withdrawal] = await tx
        .insert(consentWithdrawal)
        .values({
          clinicId,
          patientId,
          signatureId,
          reason: body.reason.trim(),
          recordedByStaff: actor.staffId,
          withdrawnAt: clock.now(),
        })
        .returning();
      await recordAudit(tx, clock, {
        clinicId,
        ...actor.audit,
        action: 'consent.withdrawn',
        resourceType: 'consent_signature',
        resourceId: signatureId,
        patientId,
        outcome: 'success',
        requestId: meta.requestId,
        clientAddress: meta.clientAddress,
        detail: { withdrawalId: withdrawal!.id, route: record.document.route },
      });
      return toSignatureView({ ...record, withdrawal: withdrawal! });
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict('This consent has already been withdrawn');
    throw error;
  }
}

export interface SignedCopy {
  record: SignatureRecord;
  clinicName: string;
  timeZone: string;
}

/** Everything the signed PDF copy shows, for one of the patient's signatures. */
export async function signedCopy(
  db: Queryable,
  scope: Scope,
  patientId: string,
  signatureId: string,
): Promise<SignedCopy> {
  await patientInScope(db, scope, patientId);
  const clinicId = clinicOf(scope);
  const [[record], [place]] = await Promise.all([
    signatureRecords(db, clinicId, patientId, signatureId),
    db.select({ name: clinic.name, timeZone: clinic.timeZone }).from(clinic).where(eq(clinic.id, clinicId)),
  ]);
  if (!record) throw notFound('The signature');
  return { record, clinicName: place!.name, timeZone: place!.timeZone };
}

/**
 * A patient's consent for one route at an instant, for the treatment day: 'current' is the only status that lets
 * a session start.
 */
export async function consentFor(
  db: Queryable,
  clinicId: string,
  patientId: string,
  route: ConsentRoute,
  at: Date,
): Promise<RouteConsent> {
  const latest = await latestDocuments(db, clinicId);
  const records = await signatureRecords(db, clinicId, patientId);
  const validity = await consentValidity(db, clinicId);
  const state = routeStates(latest, records, at, validity).get(route)!;
  return toRouteConsent(route, state, latest.get(route));
}
