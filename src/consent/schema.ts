import { index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { staff } from '../identity/schema.js';
import { clinic } from '../organisation/schema.js';
import { patient } from '../patient/schema.js';
import { idColumn, instant } from '../platform/db/columns.js';

/**
 * Informed consent (FHIR Consent): a clinic's consent documents, versioned per route, and each patient's
 * signature on one exact version (its text's SHA-256 stored with the signature). Withdrawal is its own record.
 */
export const consentDocument = pgTable(
  'consent_document',
  {
    id: idColumn(),
    clinicId: uuid('clinic_id')
      .notNull()
      .references(() => clinic.id),
    /** 'iv' | 'im' | 'intranasal' | 'oral' */
    route: text('route').notNull(),
    version: integer('version').notNull(),
    title: text('title').notNull(),
    bodyMarkdown: text('body_markdown').notNull(),
    /** [{ id, text }]: each must be acknowledged one by one when signing. */
    attestations: jsonb('attestations').$type<{ id: string; text: string }[]>().notNull(),
    /** SHA-256 of the canonical text (title, body, attestations): what a signature points at. */
    textHash: text('text_hash').notNull(),
    publishedBy: uuid('published_by').references(() => staff.id),
    publishedAt: instant('published_at').notNull(),
  },
  (t) => [uniqueIndex('consent_document_version_uq').on(t.clinicId, t.route, t.version)],
);

export const consentSignature = pgTable(
  'consent_signature',
  {
    id: idColumn(),
    clinicId: uuid('clinic_id')
      .notNull()
      .references(() => clinic.id),
    patientId: uuid('patient_id')
      .notNull()
      .references(() => patient.id),
    documentId: uuid('document_id')
      .notNull()
      .references(() => consentDocument.id),
    documentHash: text('document_hash').notNull(),
    acknowledged: jsonb('acknowledged').$type<string[]>().notNull(),
    typedName: text('typed_name').notNull(),
    /** 'portal' | 'clinic_tablet' */
    signedVia: text('signed_via').notNull(),
    /** The staff member who handed over the clinic tablet, when signed in the clinic. */
    witnessStaffId: uuid('witness_staff_id').references(() => staff.id),
    signedAt: instant('signed_at').notNull(),
  },
  (t) => [index('consent_signature_patient_idx').on(t.clinicId, t.patientId, t.signedAt)],
);

export const consentWithdrawal = pgTable(
  'consent_withdrawal',
  {
    id: idColumn(),
    clinicId: uuid('clinic_id')
      .notNull()
      .references(() => clinic.id),
    patientId: uuid('patient_id')
      .notNull()
      .references(() => patient.id),
    signatureId: uuid('signature_id')
      .notNull()
      .references(() => consentSignature.id),
    reason: text('reason').notNull(),
    recordedByStaff: uuid('recorded_by_staff').references(() => staff.id),
    withdrawnAt: instant('withdrawn_at').notNull(),
  },
  (t) => [uniqueIndex('consent_withdrawal_signature_uq').on(t.signatureId)],
);
