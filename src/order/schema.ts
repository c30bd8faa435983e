import { sql } from 'drizzle-orm';
import { check, index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { treatmentCourse } from '../course/schema.js';
import { staff } from '../identity/schema.js';
import { clinic } from '../organisation/schema.js';
import { patient } from '../patient/schema.js';
import { idColumn, instant } from '../platform/db/columns.js';
import { protocol } from '../protocol/schema.js';
import { appointment } from '../schedule/schema.js';

/**
 * A prescriber's signed medication order (FHIR MedicationRequest), standing for a course or for one
 * appointment. It names the eligibility decision and consent signature it rests on and stops being valid when
 * either lapses (checked on every read, never stored). An order is never edited: a change is a new order that
 * `supersedes` the old one; stopping it is an `order_discontinuation`.
 */
export const medicationOrder = pgTable(
  'medication_order',
  {
    id: idColumn(),
    clinicId: uuid('clinic_id')
      .notNull()
      .references(() => clinic.id),
    patientId: uuid('patient_id')
      .notNull()
      .references(() => patient.id),
    courseId: uuid('course_id')
      .notNull()
      .references(() => treatmentCourse.id),
    /** 'standing' (every session of the course while valid) | 'session' (one appointment) */
    kind: text('kind').notNull(),
    appointmentId: uuid('appointment_id').references(() => appointment.id),
    protocolId: uuid('protocol_id')
      .notNull()
      .references(() => protocol.id),
    route: text('route').notNull(),
    /** 'ketamine' | 'esketamine' */
    drug: text('drug').notNull(),
    /** Index into the protocol's titration steps. */
    stepIndex: integer('step_index').notNull(),
    /** The dose rule ordered: { kind: 'per_kg', mcgPerKg } | { kind: 'devices', devices } | { kind: 'fixed', mcg }. */
    dose: jsonb('dose').$type<Record<string, unknown>>().notNull(),
    /** The dose calculated at signing from the weight on record, with its working (the day's dose is recalculated). */
    calculatedDoseMcg: integer('calculated_dose_mcg').notNull(),
    weightGrams: integer('weight_grams'),
    calculation: jsonb('calculation').$type<Record<string, unknown>>().notNull(),
    maxDoseMcg: integer('max_dose_mcg').notNull(),
    instructions: text('instructions').notNull(),
    eligibilityDecisionId: uuid('eligibility_decision_id').notNull(),
    consentSignatureId: uuid('consent_signature_id').notNull(),
    validFrom: instant('valid_from').notNull(),
    validUntil: instant('valid_until').notNull(),
    supersedesOrderId: uuid('supersedes_order_id'),
    signedBy: uuid('signed_by')
      .notNull()
      .references(() => staff.id),
    signedAt: instant('signed_at').notNull(),
  },
  (t) => [
    index('medication_order_patient_idx').on(t.clinicId, t.patientId, t.signedAt),
    index('medication_order_course_idx').on(t.courseId),
    uniqueIndex('medication_order_supersedes_uq').on(t.supersedesOrderId),
    check('medication_order_kind_known', sql`${t.kind} in ('standing', 'session')`),
    check(
      'medication_order_session_has_appointment',
      sql`(${t.kind} = 'session') = (${t.appointmentId} is not null)`,
    ),
    check('medication_order_valid_window', sql`${t.validUntil} > ${t.validFrom}`),
  ],
);

/** Stopping an order, with who and why (once per order). */
export const orderDiscontinuation = pgTable(
  'order_discontinuation',
  {
    id: idColumn(),
    clinicId: uuid('clinic_id')
      .notNull()
      .references(() => clinic.id),
    orderId: uuid('order_id')
      .notNull()
      .references(() => medicationOrder.id),
    reason: text('reason').notNull(),
    discontinuedBy: uuid('discontinued_by')
      .notNull()
      .references(() => staff.id),
    discontinuedAt: instant('discontinued_at').notNull(),
  },
  (t) => [uniqueIndex('order_discontinuation_order_uq').on(t.orderId)],
);

/**
 * A nurse's request that the prescriber change an order (nurses never change orders). A work item: the
 * prescriber resolves it by signing a new order (`resolution = 'changed'`, `newOrderId`) or declining.
 */
export const orderChangeRequest = pgTable(
  'order_change_request',
  {
    id: idColumn(),
    clinicId: uuid('clinic_id')
      .notNull()
      .references(() => clinic.id),
    patientId: uuid('patient_id')
      .notNull()
      .references(() => patient.id),
    orderId: uuid('order_id')
      .notNull()
      .references(() => medicationOrder.id),
    request: text('request').notNull(),
    requestedBy: uuid('requested_by')
      .notNull()
      .references(() => staff.id),
    requestedAt: instant('requested_at').notNull(),
    /** null while open; 'changed' | 'declined' */
    resolution: text('resolution'),
    resolutionNote: text('resolution_note'),
    newOrderId: uuid('new_order_id').references(() => medicationOrder.id),
    resolvedBy: uuid('resolved_by').references(() => staff.id),
    resolvedAt: instant('resolved_at'),
  },
  (t) => [
    index('order_change_request_open_idx').on(t.clinicId, t.resolvedAt),
    check(
      'order_change_request_resolution_known',
      sql`${t.resolution} is null or ${t.resolution} in ('changed', 'declined')`,
    ),
  ],
);
