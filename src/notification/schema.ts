import { index, integer, jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { staff } from '../identity/schema.js';
import { clinic } from '../organisation/schema.js';
import { idColumn, instant } from '../platform/db/columns.js';

/** Where a clinic's notifications go: today an HTTPS webhook (their paging or chat system), signed with HMAC. */
export const notificationChannel = pgTable('notification_channel', {
  clinicId: uuid('clinic_id')
    .primaryKey()
    .references(() => clinic.id),
  /** 'webhook' */
  kind: text('kind').notNull(),
  url: text('url').notNull(),
  /** Signs each delivery (HMAC-SHA256) so the receiver can tell it came from this server. */
  signingSecret: text('signing_secret').notNull(),
  updatedBy: uuid('updated_by').references(() => staff.id),
  updatedAt: instant('updated_at').notNull(),
});

/**
 * A durable outbox: a message is written in the same transaction as the event that causes it, then delivered
 * by a background dispatcher with retries and backoff. Payloads carry ids and plain notices, never patient data.
 */
export const outboxMessage = pgTable(
  'outbox_message',
  {
    id: idColumn(),
    clinicId: uuid('clinic_id')
      .notNull()
      .references(() => clinic.id),
    topic: text('topic').notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    /** 'pending' | 'delivered' | 'failed' (gave up after the last retry) | 'no_channel' */
    status: text('status').notNull(),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: instant('next_attempt_at').notNull(),
    lastError: text('last_error'),
    createdAt: instant('created_at').notNull(),
    deliveredAt: instant('delivered_at'),
  },
  (t) => [index('outbox_message_due_idx').on(t.status, t.nextAttemptAt)],
);
