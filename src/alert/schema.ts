import { index, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { staff } from '../identity/schema.js';
import { clinic } from '../organisation/schema.js';
import { patient } from '../patient/schema.js';
import { idColumn, instant } from '../platform/db/columns.js';

/**
 * Something that needs a person now (FHIR Flag / DetectedIssue): a suicide-risk answer today; vital-sign
 * thresholds, missed readings and next-day concerns later. An alert is never edited: it is open until its one
 * acknowledgement row exists.
 */
export const alert = pgTable(
  'alert',
  {
    id: idColumn(),
    clinicId: uuid('clinic_id')
      .notNull()
      .references(() => clinic.id),
    patientId: uuid('patient_id').references(() => patient.id),
    /** 'suicide_risk' (more kinds arrive with the treatment day). */
    kind: text('kind').notNull(),
    /** 'critical' | 'high' | 'medium' */
    severity: text('severity').notNull(),
    /** What the care team reads first, e.g. "PHQ-9 item 9 answered above 0". */
    title: text('title').notNull(),
    detail: text('detail').notNull(),
    /** The record that raised it, e.g. ('questionnaire_response', id). */
    sourceType: text('source_type').notNull(),
    sourceId: uuid('source_id').notNull(),
    raisedAt: instant('raised_at').notNull(),
  },
  (t) => [
    index('alert_clinic_raised_idx').on(t.clinicId, t.raisedAt),
    index('alert_patient_idx').on(t.clinicId, t.patientId),
  ],
);

/** The documented action that closes an alert: who, what was done, when. One per alert, enforced by the database. */
export const alertAcknowledgement = pgTable(
  'alert_acknowledgement',
  {
    id: idColumn(),
    clinicId: uuid('clinic_id')
      .notNull()
      .references(() => clinic.id),
    alertId: uuid('alert_id')
      .notNull()
      .references(() => alert.id),
    staffId: uuid('staff_id')
      .notNull()
      .references(() => staff.id),
    /** e.g. 'contacted_patient', 'safety_plan', 'emergency_services' (alert/model.ts lists them). */
    action: text('action').notNull(),
    note: text('note').notNull(),
    acknowledgedAt: instant('acknowledged_at').notNull(),
  },
  (t) => [uniqueIndex('alert_acknowledgement_alert_uq').on(t.alertId)],
);
