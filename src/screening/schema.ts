import { index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { staff } from '../identity/schema.js';
import { clinic } from '../organisation/schema.js';
import { patient } from '../patient/schema.js';
import { idColumn, instant } from '../platform/db/columns.js';

/**
 * Eligibility screening: the clinic's rules as versioned data, each run's explainable checklist, and the
 * prescriber's decision per route. Nothing here is edited; a new run or decision is a new row.
 */

/** A clinic's rule set (eligibility, contraindications, interactions, state rules), one row per version. */
export const screeningRuleSet = pgTable(
  'screening_rule_set',
  {
    id: idColumn(),
    clinicId: uuid('clinic_id')
      .notNull()
      .references(() => clinic.id),
    version: integer('version').notNull(),
    rules: jsonb('rules').$type<Record<string, unknown>>().notNull(),
    reason: text('reason').notNull(),
    changedBy: uuid('changed_by').references(() => staff.id),
    changedAt: instant('changed_at').notNull(),
  },
  (t) => [uniqueIndex('screening_rule_set_version_uq').on(t.clinicId, t.version)],
);

/** One run of the rules over a patient's facts: the findings, and a digest of the inputs it looked at. */
export const screeningRun = pgTable(
  'screening_run',
  {
    id: idColumn(),
    clinicId: uuid('clinic_id')
      .notNull()
      .references(() => clinic.id),
    patientId: uuid('patient_id')
      .notNull()
      .references(() => patient.id),
    /** 0 = the shipped default rules. */
    ruleSetVersion: integer('rule_set_version').notNull(),
    /** SHA-256 of the canonical inputs: a re-run with the same inputs and rules finds the same. */
    inputDigest: text('input_digest').notNull(),
    findings: jsonb('findings').$type<Record<string, unknown>[]>().notNull(),
    /** What caused the run: 'intake_reviewed', 'medication_added', 'condition_added', 'measurement_added', 'requested', 'rules_changed'. */
    trigger: text('trigger').notNull(),
    ranAt: instant('ran_at').notNull(),
  },
  (t) => [index('screening_run_patient_idx').on(t.clinicId, t.patientId, t.ranAt)],
);

/**
 * The prescriber's decision for one route on one screening run: approve or decline, with a rationale, and for an
 * approval past relative contraindications, one written override per finding (made after step-up).
 */
export const eligibilityDecision = pgTable(
  'eligibility_decision',
  {
    id: idColumn(),
    clinicId: uuid('clinic_id')
      .notNull()
      .references(() => clinic.id),
    patientId: uuid('patient_id')
      .notNull()
      .references(() => patient.id),
    screeningRunId: uuid('screening_run_id')
      .notNull()
      .references(() => screeningRun.id),
    /** 'iv' | 'im' | 'intranasal' | 'oral' */
    route: text('route').notNull(),
    /** 'approved' | 'declined' */
    decision: text('decision').notNull(),
    rationale: text('rationale').notNull(),
    /** [{ ruleId, reason }] for each relative finding the approval overrides. */
    overrides: jsonb('overrides').$type<{ ruleId: string; reason: string }[]>().notNull(),
    decidedBy: uuid('decided_by')
      .notNull()
      .references(() => staff.id),
    decidedAt: instant('decided_at').notNull(),
  },
  (t) => [index('eligibility_decision_patient_idx').on(t.clinicId, t.patientId, t.route, t.decidedAt)],
);
