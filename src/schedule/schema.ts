import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { treatmentCourse } from '../course/schema.js';
import { staff } from '../identity/schema.js';
import { clinic } from '../organisation/schema.js';
import { patient } from '../patient/schema.js';
import { idColumn, instant } from '../platform/db/columns.js';

/** A treatment place (chair, bed or room) a session occupies (FHIR Location); retired, never deleted. */
export const chair = pgTable(
  'chair',
  {
    id: idColumn(),
    clinicId: uuid('clinic_id')
      .notNull()
      .references(() => clinic.id),
    name: text('name').notNull(),
    /** The routes the place is equipped for, e.g. {iv,intranasal}. */
    routes: text('routes').array().notNull(),
    createdAt: instant('created_at').notNull(),
    retiredAt: instant('retired_at'),
  },
  (t) => [uniqueIndex('chair_name_uq').on(t.clinicId, sql`lower(${t.name})`)],
);

/** Weekly opening hours in the clinic's time zone (ISO weekday 1 = Monday); local times, so DST-safe. */
export const clinicHours = pgTable(
  'clinic_hours',
  {
    clinicId: uuid('clinic_id')
      .notNull()
      .references(() => clinic.id),
    weekday: integer('weekday').notNull(),
    /** 'HH:MM' local */
    opensAt: text('opens_at').notNull(),
    closesAt: text('closes_at').notNull(),
    updatedBy: uuid('updated_by').references(() => staff.id),
    updatedAt: instant('updated_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.clinicId, t.weekday] }),
    check('clinic_hours_weekday', sql`${t.weekday} between 1 and 7`),
    check('clinic_hours_order', sql`${t.opensAt} < ${t.closesAt}`),
  ],
);

/**
 * A staff member on shift at a clinic, as instants. A person cannot be on two overlapping shifts (an exclusion
 * constraint in migration 0010); a cancelled shift keeps its row.
 */
export const staffShift = pgTable(
  'staff_shift',
  {
    id: idColumn(),
    clinicId: uuid('clinic_id')
      .notNull()
      .references(() => clinic.id),
    staffId: uuid('staff_id')
      .notNull()
      .references(() => staff.id),
    /** The role worked on the shift: 'nurse' | 'prescriber' | … (coverage counts nurses and prescribers). */
    role: text('role').notNull(),
    startsAt: instant('starts_at').notNull(),
    endsAt: instant('ends_at').notNull(),
    createdBy: uuid('created_by').references(() => staff.id),
    createdAt: instant('created_at').notNull(),
    cancelledAt: instant('cancelled_at'),
  },
  (t) => [
    index('staff_shift_clinic_idx').on(t.clinicId, t.startsAt),
    check('staff_shift_order', sql`${t.startsAt} < ${t.endsAt}`),
  ],
);

/**
 * A booked slot for a treatment session in a chair (FHIR Appointment). Two live appointments (booked or
 * attended) can never overlap in one chair, nor for one patient: exclusion constraints in migration 0010 make
 * the database refuse the second of two racing bookings. Status changes are the only updates; rescheduling is
 * a new appointment pointing at the old one.
 */
export const appointment = pgTable(
  'appointment',
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
    chairId: uuid('chair_id')
      .notNull()
      .references(() => chair.id),
    route: text('route').notNull(),
    /** 'ketamine' | 'esketamine', and the dose planned when booked: what the rolling 28-day exposure caps count. */
    drug: text('drug').notNull(),
    plannedDoseMcg: integer('planned_dose_mcg').notNull(),
    startsAt: instant('starts_at').notNull(),
    endsAt: instant('ends_at').notNull(),
    /** 'booked' | 'attended' | 'cancelled' | 'no_show' | 'rescheduled' */
    status: text('status').notNull(),
    /** Who asked for this time: 'clinic' | 'patient' (a patient asking for earlier sessions is a misuse signal). */
    requestedBy: text('requested_by').notNull(),
    note: text('note'),
    rescheduledFromId: uuid('rescheduled_from_id'),
    bookedBy: uuid('booked_by').references(() => staff.id),
    bookedAt: instant('booked_at').notNull(),
    statusReason: text('status_reason'),
    statusChangedBy: uuid('status_changed_by').references(() => staff.id),
    statusChangedAt: instant('status_changed_at'),
  },
  (t) => [
    index('appointment_clinic_time_idx').on(t.clinicId, t.startsAt),
    index('appointment_patient_idx').on(t.clinicId, t.patientId, t.startsAt),
    index('appointment_course_idx').on(t.courseId),
    check('appointment_order', sql`${t.startsAt} < ${t.endsAt}`),
    check(
      'appointment_status_known',
      sql`${t.status} in ('booked', 'attended', 'cancelled', 'no_show', 'rescheduled')`,
    ),
    check('appointment_requested_by_known', sql`${t.requestedBy} in ('clinic', 'patient')`),
  ],
);

/** A patient waiting for a slot; resolved by a booking or removed with a reason. A work item. */
export const waitlistEntry = pgTable(
  'waitlist_entry',
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
    /** 'YYYY-MM-DD' clinic dates the patient could come between. */
    earliestDate: text('earliest_date').notNull(),
    latestDate: text('latest_date').notNull(),
    note: text('note'),
    createdBy: uuid('created_by').references(() => staff.id),
    createdAt: instant('created_at').notNull(),
    appointmentId: uuid('appointment_id').references(() => appointment.id),
    closedAt: instant('closed_at'),
    closedReason: text('closed_reason'),
  },
  (t) => [index('waitlist_entry_open_idx').on(t.clinicId, t.closedAt)],
);

/**
 * The patient names the escort who will take them home and confirms the ride, per appointment (FHIR
 * RelatedPerson). Append-only: the newest confirmation for an appointment is the one in force; check-in is
 * blocked without one.
 */
export const escortConfirmation = pgTable(
  'escort_confirmation',
  {
    id: idColumn(),
    clinicId: uuid('clinic_id')
      .notNull()
      .references(() => clinic.id),
    patientId: uuid('patient_id')
      .notNull()
      .references(() => patient.id),
    appointmentId: uuid('appointment_id')
      .notNull()
      .references(() => appointment.id),
    escortName: text('escort_name').notNull(),
    escortPhone: text('escort_phone').notNull(),
    relationship: text('relationship'),
    rideConfirmed: boolean('ride_confirmed').notNull(),
    /** 'portal' | 'staff' */
    confirmedVia: text('confirmed_via').notNull(),
    recordedByStaff: uuid('recorded_by_staff').references(() => staff.id),
    confirmedAt: instant('confirmed_at').notNull(),
  },
  (t) => [index('escort_confirmation_appointment_idx').on(t.appointmentId, t.confirmedAt)],
);

/**
 * A private iCalendar feed address for a staff member or a patient; only the token's hash is stored. A
 * patient's feed shows only what they chose (`showDetails`: clinic name and session kind, else "Appointment").
 */
export const calendarFeed = pgTable(
  'calendar_feed',
  {
    id: idColumn(),
    clinicId: uuid('clinic_id')
      .notNull()
      .references(() => clinic.id),
    staffId: uuid('staff_id').references(() => staff.id),
    patientId: uuid('patient_id').references(() => patient.id),
    tokenHash: text('token_hash').notNull(),
    showDetails: boolean('show_details').notNull(),
    createdAt: instant('created_at').notNull(),
    revokedAt: instant('revoked_at'),
  },
  (t) => [
    uniqueIndex('calendar_feed_token_uq').on(t.tokenHash),
    check('calendar_feed_one_owner', sql`(${t.staffId} is null) <> (${t.patientId} is null)`),
  ],
);
