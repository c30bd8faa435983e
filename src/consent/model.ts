import { type Static, Type } from 'typebox';

/** API shapes for informed consent, shared by server and UI. Requests are closed; responses allow-list. */

const Uuid = Type.String({ format: 'uuid' });
const DateTime = Type.String({ format: 'date-time' });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

export const ConsentRoute = Type.Union([
  Type.Literal('iv'),
  Type.Literal('im'),
  Type.Literal('intranasal'),
  Type.Literal('oral'),
]);
export type ConsentRoute = Static<typeof ConsentRoute>;

/**
 * Stable topic ids of the attestations a document must carry (see `requiredTopics` in core.ts: off-label use is
 * not required for intranasal esketamine, which is labelled; the esketamine REMS monitoring topic is required only
 * there). A clinic may add attestations of its own with other ids.
 */
export const AttestationTopic = Type.Union([
  Type.Literal('off_label_use'),
  Type.Literal('expected_effects'),
  Type.Literal('dissociation'),
  Type.Literal('blood_pressure_rise'),
  Type.Literal('nausea'),
  Type.Literal('dependence_misuse'),
  Type.Literal('no_driving_or_major_decisions'),
  Type.Literal('escort_home'),
  Type.Literal('costs_and_insurance'),
  Type.Literal('right_to_withdraw'),
  Type.Literal('rems_monitoring'),
]);
export type AttestationTopic = Static<typeof AttestationTopic>;

const AttestationId = Type.String({ pattern: '^[a-z][a-z0-9_]{1,62}$' });

export const Attestation = Type.Object(
  { id: AttestationId, text: Type.String({ minLength: 3, maxLength: 2000 }) },
  { additionalProperties: false },
);
export type Attestation = Static<typeof Attestation>;

export const ClinicParams = Type.Object({ clinicId: Uuid }, { additionalProperties: false });
export const DocumentParams = Type.Object(
  { clinicId: Uuid, documentId: Uuid },
  { additionalProperties: false },
);
export const PatientParams = Type.Object(
  { clinicId: Uuid, patientId: Uuid },
  { additionalProperties: false },
);
export const SignatureParams = Type.Object(
  { clinicId: Uuid, patientId: Uuid, signatureId: Uuid },
  { additionalProperties: false },
);
export const PortalDocumentParams = Type.Object({ documentId: Uuid }, { additionalProperties: false });
export const PortalSignatureParams = Type.Object({ signatureId: Uuid }, { additionalProperties: false });

/** A new version of the route's document (version = previous + 1). 422 at /body/attestations names missing topics. */
export const PublishDocumentBody = Type.Object(
  {
    route: ConsentRoute,
    title: Type.String({ minLength: 3, maxLength: 200 }),
    bodyMarkdown: Type.String({ minLength: 1, maxLength: 100_000 }),
    attestations: Type.Array(Attestation, { minItems: 1, maxItems: 40 }),
  },
  { additionalProperties: false },
);
export type PublishDocumentBody = Static<typeof PublishDocumentBody>;

export const ConsentDocumentView = Type.Object({
  id: Uuid,
  route: ConsentRoute,
  version: Type.Integer(),
  title: Type.String(),
  bodyMarkdown: Type.String(),
  attestations: Type.Array(Type.Object({ id: Type.String(), text: Type.String() })),
  /** SHA-256 (hex) of the canonical text: title, body and attestations. */
  textHash: Type.String(),
  publishedAt: DateTime,
  /** null for documents published by the system (the demo clinic's defaults). */
  publishedBy: Nullable(Uuid),
});
export type ConsentDocumentView = Static<typeof ConsentDocumentView>;

/** The latest version per route (routes with nothing published are absent) and the topics each route requires. */
export const ConsentDocumentList = Type.Object({
  documents: Type.Array(ConsentDocumentView),
  requiredTopics: Type.Array(Type.Object({ route: ConsentRoute, topics: Type.Array(AttestationTopic) })),
});
export type ConsentDocumentList = Static<typeof ConsentDocumentList>;

/**
 * Signing: the latest version of its route only (409 "a newer version exists"), every attestation acknowledged
 * (422 at /body/acknowledged naming the missing ids), the typed name equal to the legal name ignoring case and
 * spaces (422 at /body/typedName).
 */
export const SignBody = Type.Object(
  {
    documentId: Uuid,
    acknowledged: Type.Array(AttestationId, { maxItems: 40 }),
    typedName: Type.String({ minLength: 1, maxLength: 300 }),
  },
  { additionalProperties: false },
);
export type SignBody = Static<typeof SignBody>;

export const WithdrawBody = Type.Object(
  { reason: Type.String({ minLength: 3, maxLength: 2000 }) },
  { additionalProperties: false },
);
export type WithdrawBody = Static<typeof WithdrawBody>;

export const WithdrawalView = Type.Object({
  id: Uuid,
  reason: Type.String(),
  withdrawnAt: DateTime,
  /** The staff member who recorded it; null when the patient withdrew in the portal. */
  recordedByStaff: Nullable(Uuid),
});
export type WithdrawalView = Static<typeof WithdrawalView>;

export const SignatureView = Type.Object({
  id: Uuid,
  documentId: Uuid,
  route: ConsentRoute,
  documentVersion: Type.Integer(),
  documentTitle: Type.String(),
  /** The document's text hash at signing. */
  documentHash: Type.String(),
  acknowledged: Type.Array(Type.String()),
  typedName: Type.String(),
  signedVia: Type.Union([Type.Literal('portal'), Type.Literal('clinic_tablet')]),
  /** The staff member present with the clinic tablet. */
  witnessStaffId: Nullable(Uuid),
  signedAt: DateTime,
  withdrawal: Nullable(WithdrawalView),
});
export type SignatureView = Static<typeof SignatureView>;

export const ConsentStatus = Type.Union([
  Type.Literal('current'),
  Type.Literal('none'),
  Type.Literal('outdated_version'),
  Type.Literal('expired'),
  Type.Literal('withdrawn'),
]);
export type ConsentStatus = Static<typeof ConsentStatus>;

/** One route's consent: its status, the signature it was decided on and the latest published document. */
export const RouteConsent = Type.Object({
  route: ConsentRoute,
  status: ConsentStatus,
  /** The patient's most recent signature for this route (the one the status is about), if any. */
  signatureId: Nullable(Uuid),
  /** When that signature stops being current (signedAt + validity, calendar months in the clinic's time zone). */
  expiresAt: Nullable(DateTime),
  /** The latest published document for the route (what a new signature must be on), if any. */
  latestDocumentId: Nullable(Uuid),
  latestVersion: Nullable(Type.Integer()),
});
export type RouteConsent = Static<typeof RouteConsent>;

export const PatientConsentView = Type.Object({
  patientId: Uuid,
  validityMonths: Type.Integer(),
  routes: Type.Array(RouteConsent),
  /** Newest first. */
  signatures: Type.Array(SignatureView),
});
export type PatientConsentView = Static<typeof PatientConsentView>;

/** The portal: what the patient still has to sign (each route with a published document not current for them). */
export const PortalConsentView = Type.Object({
  validityMonths: Type.Integer(),
  toSign: Type.Array(
    Type.Object({ route: ConsentRoute, status: ConsentStatus, document: ConsentDocumentView }),
  ),
  routes: Type.Array(RouteConsent),
  signatures: Type.Array(SignatureView),
});
export type PortalConsentView = Static<typeof PortalConsentView>;
