import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { staff } from '../identity/schema.js';
import { clinic } from '../organisation/schema.js';
import { patient } from '../patient/schema.js';
import { idColumn, instant } from '../platform/db/columns.js';
import type { InstrumentDefinition } from './instrument.js';

/**
 * Measurement-based care. Shipped instruments live in code (`instruments/`); a clinic's own definitions live
 * here, one row per version, checked by `validateInstrument` before they are stored. Answers are
 * QuestionnaireResponse-shaped rows; each response has one score (an Observation with the total-score code).
 * Nothing here is updated or deleted: a correction is a new response that names the one it replaces.
 */
export const clinicInstrument = pgTable(
  'clinic_instrument',
  {
    id: idColumn(),
    clinicId: uuid('clinic_id')
      .notNull()
      .references(() => clinic.id),
    instrumentId: text('instrument_id').notNull(),
    version: text('version').notNull(),
    definition: jsonb('definition').$type<InstrumentDefinition>().notNull(),
    addedBy: uuid('added_by')
      .notNull()
      .references(() => staff.id),
    addedAt: instant('added_at').notNull(),
  },
  (t) => [uniqueIndex('clinic_instrument_version_uq').on(t.clinicId, t.instrumentId, t.version)],
);

/**
 * A questionnaire the care team asks a patient to fill: once (baseline, before a session, on request) or
 * repeating every `repeatEveryDays` (weekly between sessions). Ending an assignment stamps `endedAt`; it is a
 * work item, not a clinical record.
 */
export const questionnaireAssignment = pgTable(
  'questionnaire_assignment',
  {
    id: idColumn(),
    clinicId: uuid('clinic_id')
      .notNull()
      .references(() => clinic.id),
    patientId: uuid('patient_id')
      .notNull()
      .references(() => patient.id),
    instrumentId: text('instrument_id').notNull(),
    /** 'baseline' | 'pre_session' | 'between_sessions' | 'requested' */
    reason: text('reason').notNull(),
    /** When the (first) occurrence can be filled. */
    opensAt: instant('opens_at').notNull(),
    /** When the (first) occurrence is due; later ones are due `repeatEveryDays` apart. */
    dueAt: instant('due_at').notNull(),
    repeatEveryDays: integer('repeat_every_days'),
    /** Repeating assignments stop here (a course's end); null = until ended. */
    endsAt: instant('ends_at'),
    assignedBy: uuid('assigned_by').references(() => staff.id),
    createdAt: instant('created_at').notNull(),
    endedAt: instant('ended_at'),
    endedBy: uuid('ended_by').references(() => staff.id),
  },
  (t) => [
    index('questionnaire_assignment_patient_idx').on(t.clinicId, t.patientId),
    check(
      'questionnaire_assignment_repeat_ck',
      sql`${t.repeatEveryDays} is null or ${t.repeatEveryDays} > 0`,
    ),
  ],
);

/** One completed form (FHIR QuestionnaireResponse): answers by linkId, who gave them and when. */
export const questionnaireResponse = pgTable(
  'questionnaire_response',
  {
    id: idColumn(),
    clinicId: uuid('clinic_id')
      .notNull()
      .references(() => clinic.id),
    patientId: uuid('patient_id')
      .notNull()
      .references(() => patient.id),
    instrumentId: text('instrument_id').notNull(),
    instrumentVersion: text('instrument_version').notNull(),
    assignmentId: uuid('assignment_id').references(() => questionnaireAssignment.id),
    /** 'completed' | 'entered-in-error' (a retraction: no answers, no score). */
    status: text('status').notNull(),
    answers: jsonb('answers').$type<Record<string, number>>().notNull(),
    /** 'patient' (portal) | 'staff' (clinician-rated, or entered for the patient). */
    source: text('source').notNull(),
    authorStaffId: uuid('author_staff_id').references(() => staff.id),
    /** When the answers were given (a rating taken at 10:05 and typed at 10:20 is authored at 10:05). */
    authoredAt: instant('authored_at').notNull(),
    recordedAt: instant('recorded_at').notNull(),
    /** A correction names the response it replaces; the replaced one stays, marked superseded by this link. */
    replacesId: uuid('replaces_id'),
    correctionReason: text('correction_reason'),
  },
  (t) => [
    index('questionnaire_response_patient_idx').on(t.clinicId, t.patientId, t.authoredAt),
    uniqueIndex('questionnaire_response_replaces_uq').on(t.replacesId),
  ],
);

/** The computed result of one response (FHIR Observation, survey category, LOINC total-score code). */
export const score = pgTable(
  'score',
  {
    id: idColumn(),
    clinicId: uuid('clinic_id')
      .notNull()
      .references(() => clinic.id),
    patientId: uuid('patient_id')
      .notNull()
      .references(() => patient.id),
    responseId: uuid('response_id')
      .notNull()
      .references(() => questionnaireResponse.id),
    instrumentId: text('instrument_id').notNull(),
    instrumentVersion: text('instrument_version').notNull(),
    loinc: text('loinc'),
    valid: boolean('valid').notNull(),
    total: integer('total'),
    prorated: boolean('prorated').notNull(),
    band: text('band'),
    risk: text('risk'),
    effectiveAt: instant('effective_at').notNull(),
  },
  (t) => [
    uniqueIndex('score_response_uq').on(t.responseId),
    index('score_patient_instrument_idx').on(t.clinicId, t.patientId, t.instrumentId, t.effectiveAt),
  ],
);

/** A patient's optional daily mood (0–10) and journal line. */
export const moodCheckIn = pgTable(
  'mood_check_in',
  {
    id: idColumn(),
    clinicId: uuid('clinic_id')
      .notNull()
      .references(() => clinic.id),
    patientId: uuid('patient_id')
      .notNull()
      .references(() => patient.id),
    mood: integer('mood'),
    journal: text('journal'),
    recordedAt: instant('recorded_at').notNull(),
  },
  (t) => [
    index('mood_check_in_patient_idx').on(t.clinicId, t.patientId, t.recordedAt),
    check('mood_check_in_mood_ck', sql`${t.mood} is null or (${t.mood} between 0 and 10)`),
    check('mood_check_in_something_ck', sql`${t.mood} is not null or ${t.journal} is not null`),
  ],
);
