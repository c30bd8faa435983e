import { sql } from 'drizzle-orm';
import { check, date, index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { staff } from '../identity/schema.js';
import { clinic } from '../organisation/schema.js';
import { patient } from '../patient/schema.js';
import { idColumn, instant } from '../platform/db/columns.js';

/**
 * Intake: who the patient is (registration details, versioned), their history as FHIR-shaped facts (Condition,
 * MedicationStatement, AllergyIntolerance, Observation, prior treatments) and the portal questionnaire that
 * gathers them. Clinical facts are never edited: a correction or a stop is a new row that names the one it
 * replaces. Shapes of the jsonb columns live in intake/model.ts.
 */

/** A link that lets a person register themself for the portal. Only the token's SHA-256 is stored. */
export const patientInvitation = pgTable(
  'patient_invitation',
  {
    id: idColumn(),
    clinicId: uuid('clinic_id')
      .notNull()
      .references(() => clinic.id),
    /** Set when front desk registered the patient first and invites them to finish online. */
    patientId: uuid('patient_id').references(() => patient.id),
    email: text('email').notNull(),
    tokenHash: text('token_hash').notNull(),
    expiresAt: instant('expires_at').notNull(),
    usedAt: instant('used_at'),
    createdBy: uuid('created_by')
      .notNull()
      .references(() => staff.id),
    createdAt: instant('created_at').notNull(),
  },
  (t) => [uniqueIndex('patient_invitation_token_uq').on(t.tokenHash)],
);

/**
 * Registration details beyond the identity core, one row per version (latest wins): sex at birth, gender
 * identity, contact, address and US state, emergency contact, escorts/drivers, payer, referring and treating
 * clinicians.
 */
export const patientProfile = pgTable(
  'patient_profile',
  {
    id: idColumn(),
    clinicId: uuid('clinic_id')
      .notNull()
      .references(() => clinic.id),
    patientId: uuid('patient_id')
      .notNull()
      .references(() => patient.id),
    version: integer('version').notNull(),
    details: jsonb('details').$type<Record<string, unknown>>().notNull(),
    /** The patient's US state (two letters): state rules (minimum age, licences) read it. */
    state: text('state').notNull(),
    recordedByStaff: uuid('recorded_by_staff').references(() => staff.id),
    recordedAt: instant('recorded_at').notNull(),
  },
  (t) => [uniqueIndex('patient_profile_version_uq').on(t.clinicId, t.patientId, t.version)],
);

/** The portal intake questionnaire while the patient fills it: saved as they go, so nothing typed is lost. */
export const intakeDraft = pgTable(
  'intake_draft',
  {
    clinicId: uuid('clinic_id')
      .notNull()
      .references(() => clinic.id),
    patientId: uuid('patient_id')
      .primaryKey()
      .references(() => patient.id),
    content: jsonb('content').$type<Record<string, unknown>>().notNull(),
    /** Optimistic concurrency: a save names the revision it started from (two tabs never overwrite silently). */
    revision: integer('revision').notNull(),
    savedAt: instant('saved_at').notNull(),
  },
  (t) => [index('intake_draft_clinic_idx').on(t.clinicId)],
);

/** A submitted intake (FHIR QuestionnaireResponse). Staff review it and turn it into the facts below. */
export const intakeSubmission = pgTable(
  'intake_submission',
  {
    id: idColumn(),
    clinicId: uuid('clinic_id')
      .notNull()
      .references(() => clinic.id),
    patientId: uuid('patient_id')
      .notNull()
      .references(() => patient.id),
    content: jsonb('content').$type<Record<string, unknown>>().notNull(),
    submittedAt: instant('submitted_at').notNull(),
    reviewedBy: uuid('reviewed_by').references(() => staff.id),
    reviewedAt: instant('reviewed_at'),
  },
  (t) => [index('intake_submission_patient_idx').on(t.clinicId, t.patientId, t.submittedAt)],
);

/** Columns every clinical fact shares: who recorded it, when, from where, and what it corrects. */
const factColumns = () => ({
  id: idColumn(),
  clinicId: uuid('clinic_id')
    .notNull()
    .references(() => clinic.id),
  patientId: uuid('patient_id')
    .notNull()
    .references(() => patient.id),
  /** 'active' | 'inactive' (stopped, resolved) | 'entered-in-error' */
  status: text('status').notNull(),
  /** 'intake' (reviewed from the patient's answers) | 'staff' */
  source: text('source').notNull(),
  intakeSubmissionId: uuid('intake_submission_id').references(() => intakeSubmission.id),
  recordedBy: uuid('recorded_by').references(() => staff.id),
  recordedAt: instant('recorded_at').notNull(),
  /** A new version of a fact names the one it replaces; the old one stays. */
  replacesId: uuid('replaces_id'),
  note: text('note'),
});

/** A diagnosis or history item coded in ICD-10-CM (FHIR Condition), e.g. F33.2, I10, Z33.1 (pregnant). */
export const condition = pgTable(
  'condition',
  {
    ...factColumns(),
    icd10: text('icd10').notNull(),
    display: text('display').notNull(),
    /** 'diagnosis' (what is treated) | 'history' (psychiatric, medical, substance use) */
    category: text('category').notNull(),
    onset: date('onset', { mode: 'string' }),
  },
  (t) => [
    index('condition_patient_idx').on(t.clinicId, t.patientId),
    uniqueIndex('condition_replaces_uq').on(t.replacesId),
  ],
);

/** A current or past medication (FHIR MedicationStatement): RxNorm-coded when known, else text classed by staff. */
export const medicationStatement = pgTable(
  'medication_statement',
  {
    ...factColumns(),
    rxnorm: text('rxnorm'),
    name: text('name').notNull(),
    /** The drug class the rules read (e.g. 'benzodiazepine', 'maoi'); null until staff class a free-text drug. */
    drugClass: text('drug_class'),
    doseText: text('dose_text'),
    /** Daily dose in micrograms where the rules need it (benzodiazepine diazepam equivalents). */
    dailyDoseMicrograms: integer('daily_dose_micrograms'),
    startedOn: date('started_on', { mode: 'string' }),
  },
  (t) => [
    index('medication_statement_patient_idx').on(t.clinicId, t.patientId),
    uniqueIndex('medication_statement_replaces_uq').on(t.replacesId),
  ],
);

/** An allergy or intolerance (FHIR AllergyIntolerance). */
export const allergy = pgTable(
  'allergy',
  {
    ...factColumns(),
    substance: text('substance').notNull(),
    rxnorm: text('rxnorm'),
    reaction: text('reaction'),
  },
  (t) => [
    index('allergy_patient_idx').on(t.clinicId, t.patientId),
    uniqueIndex('allergy_replaces_uq').on(t.replacesId),
  ],
);

/** A treatment tried before (antidepressant trial, psychotherapy, TMS, ECT, ketamine, esketamine). */
export const priorTreatment = pgTable(
  'prior_treatment',
  {
    ...factColumns(),
    /** 'antidepressant' | 'psychotherapy' | 'tms' | 'ect' | 'ketamine' | 'esketamine' | 'other' */
    kind: text('kind').notNull(),
    rxnorm: text('rxnorm'),
    name: text('name').notNull(),
    drugClass: text('drug_class'),
    doseText: text('dose_text'),
    durationWeeks: integer('duration_weeks'),
    /** 'remission' | 'response' | 'partial' (≤ 25 %… ) | 'none' | 'not_tolerated' | 'unknown' */
    outcome: text('outcome').notNull(),
    adequateDose: text('adequate_dose'),
  },
  (t) => [
    index('prior_treatment_patient_idx').on(t.clinicId, t.patientId),
    uniqueIndex('prior_treatment_replaces_uq').on(t.replacesId),
  ],
);

/** Height, weight and vital signs taken at intake or review (FHIR Observation, LOINC-coded). Integers only. */
export const bodyMeasurement = pgTable(
  'body_measurement',
  {
    ...factColumns(),
    /** LOINC: 29463-7 weight, 8302-2 height, 8480-6 systolic, 8462-4 diastolic, 8867-4 heart rate. */
    loinc: text('loinc').notNull(),
    /** In the unit's smallest step: grams, millimetres, mmHg, beats/min. */
    value: integer('value').notNull(),
    unit: text('unit').notNull(),
    effectiveAt: instant('effective_at').notNull(),
  },
  (t) => [
    index('body_measurement_patient_idx').on(t.clinicId, t.patientId, t.loinc, t.effectiveAt),
    uniqueIndex('body_measurement_replaces_uq').on(t.replacesId),
    check('body_measurement_positive_ck', sql`${t.value} > 0`),
  ],
);
