import { sql } from 'drizzle-orm';
import { check, index, integer, jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { staff } from '../identity/schema.js';
import { clinic } from '../organisation/schema.js';
import { patient } from '../patient/schema.js';
import { idColumn, instant } from '../platform/db/columns.js';
import { protocol } from '../protocol/schema.js';

/**
 * One patient's planned series under one protocol version (FHIR CarePlan): an induction series, a reassessment,
 * then maintenance boosters. The row is the plan as made and never changes; what happens to the course later
 * (reassessed, into maintenance, a dose step change, completed, discontinued) is a `course_event`.
 */
export const treatmentCourse = pgTable(
  'treatment_course',
  {
    id: idColumn(),
    clinicId: uuid('clinic_id')
      .notNull()
      .references(() => clinic.id),
    patientId: uuid('patient_id')
      .notNull()
      .references(() => patient.id),
    protocolId: uuid('protocol_id')
      .notNull()
      .references(() => protocol.id),
    route: text('route').notNull(),
    /** ICD-10-CM code of the condition treated (the outcomes report groups by it). */
    diagnosisCode: text('diagnosis_code').notNull(),
    plannedInductionSessions: integer('planned_induction_sessions').notNull(),
    inductionWithinDays: integer('induction_within_days').notNull(),
    /** The titration step the course starts at (index into the protocol's steps). */
    startingStepIndex: integer('starting_step_index').notNull(),
    /** The clinician's goal and end point in words (a course has a defined end: dependence safeguard). */
    goal: text('goal').notNull(),
    plannedBy: uuid('planned_by')
      .notNull()
      .references(() => staff.id),
    plannedAt: instant('planned_at').notNull(),
  },
  (t) => [
    index('treatment_course_patient_idx').on(t.clinicId, t.patientId),
    check('treatment_course_route_known', sql`${t.route} in ('iv', 'im', 'intranasal', 'oral')`),
  ],
);

/**
 * What happened to a course, in order: `reassessed` (with the outcome measures' verdict and the decision),
 * `phase_changed` (induction → maintenance), `step_changed` (dose step up or down, one protocol step at a
 * time), `completed`, `discontinued` (with reason). The course's state is the fold of its events.
 */
export const courseEvent = pgTable(
  'course_event',
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
    kind: text('kind').notNull(),
    /** Kind-specific facts, e.g. { fromStep, toStep } or { response: true, decision: 'continue' }. */
    detail: jsonb('detail').$type<Record<string, unknown>>().notNull(),
    reason: text('reason'),
    recordedBy: uuid('recorded_by')
      .notNull()
      .references(() => staff.id),
    recordedAt: instant('recorded_at').notNull(),
  },
  (t) => [
    index('course_event_course_idx').on(t.courseId, t.recordedAt),
    check(
      'course_event_kind_known',
      sql`${t.kind} in ('reassessed', 'phase_changed', 'step_changed', 'completed', 'discontinued')`,
    ),
  ],
);
