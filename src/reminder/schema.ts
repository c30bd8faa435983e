import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { clinic } from '../organisation/schema.js';
import { patient } from '../patient/schema.js';
import { idColumn, instant } from '../platform/db/columns.js';
import { appointment } from '../schedule/schema.js';

/** How a patient wants to hear from the clinic; one row per patient, changed by them in the portal. */
export const contactPreference = pgTable('contact_preference', {
  patientId: uuid('patient_id')
    .primaryKey()
    .references(() => patient.id),
  clinicId: uuid('clinic_id')
    .notNull()
    .references(() => clinic.id),
  email: boolean('email').notNull(),
  sms: boolean('sms').notNull(),
  updatedAt: instant('updated_at').notNull(),
});

/**
 * A durable outbox of messages to patients (booking confirmation, 48 h and 24 h reminders, escort request,
 * questionnaire due, next-day follow-up, cancellation). Written in the transaction that causes it, sent after
 * `sendAfter` by a background dispatcher (email over SMTP, SMS through a webhook), retried with backoff, never
 * lost on restart; `dedupeKey` is unique, so the same reminder is never queued — or sent — twice. The body is
 * rendered when queued, so the development mailbox shows exactly what goes out.
 */
export const patientMessage = pgTable(
  'patient_message',
  {
    id: idColumn(),
    clinicId: uuid('clinic_id')
      .notNull()
      .references(() => clinic.id),
    patientId: uuid('patient_id')
      .notNull()
      .references(() => patient.id),
    appointmentId: uuid('appointment_id').references(() => appointment.id),
    /** 'booking_confirmation' | 'reminder' | 'escort_request' | 'questionnaire_due' | 'follow_up' | 'cancellation' | 'rescheduled' */
    kind: text('kind').notNull(),
    /** 'email' | 'sms' */
    channel: text('channel').notNull(),
    recipient: text('recipient').notNull(),
    subject: text('subject').notNull(),
    body: text('body').notNull(),
    dedupeKey: text('dedupe_key').notNull(),
    sendAfter: instant('send_after').notNull(),
    /** 'pending' | 'delivered' | 'failed' | 'cancelled' (the appointment moved or was cancelled) | 'captured' (no transport: development mailbox) */
    status: text('status').notNull(),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: instant('next_attempt_at').notNull(),
    lastError: text('last_error'),
    createdAt: instant('created_at').notNull(),
    deliveredAt: instant('delivered_at'),
  },
  (t) => [
    uniqueIndex('patient_message_dedupe_uq').on(t.dedupeKey),
    index('patient_message_due_idx').on(t.status, t.nextAttemptAt),
    index('patient_message_patient_idx').on(t.clinicId, t.patientId, t.createdAt),
    check('patient_message_channel_known', sql`${t.channel} in ('email', 'sms')`),
    check(
      'patient_message_status_known',
      sql`${t.status} in ('pending', 'delivered', 'failed', 'cancelled', 'captured')`,
    ),
  ],
);
