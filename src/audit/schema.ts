import { bigint, index, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { idColumn, instant } from '../platform/db/columns.js';

/**
 * The audit trail (FHIR AuditEvent): who did or saw what, when, with what outcome. Append-only — database
 * triggers refuse UPDATE and DELETE — and hash-chained per clinic for tamper evidence.
 */
export const auditEntry = pgTable(
  'audit_entry',
  {
    id: idColumn(),
    /** Insertion order; the hash chain follows it. */
    seq: bigint('seq', { mode: 'number' }).generatedAlwaysAsIdentity().notNull(),
    clinicId: uuid('clinic_id'),
    occurredAt: instant('occurred_at').notNull(),
    actorType: text('actor_type').notNull(),
    actorId: uuid('actor_id'),
    actorRole: text('actor_role'),
    action: text('action').notNull(),
    resourceType: text('resource_type'),
    resourceId: text('resource_id'),
    patientId: uuid('patient_id'),
    outcome: text('outcome').notNull(),
    requestId: text('request_id'),
    clientAddress: text('client_address'),
    detail: jsonb('detail').$type<Record<string, unknown>>(),
  },
  (t) => [
    index('audit_entry_clinic_seq_idx').on(t.clinicId, t.seq),
    index('audit_entry_patient_idx').on(t.clinicId, t.patientId, t.occurredAt),
    index('audit_entry_actor_idx').on(t.clinicId, t.actorId, t.occurredAt),
  ],
);

/**
 * The hash chain, one link per sealed entry, appended by the sealer in batches. Chain order is seal order
 * (`position`), so an entry whose transaction commits late simply joins the next batch. Append-only like the
 * entries themselves.
 */
export const auditSeal = pgTable(
  'audit_seal',
  {
    id: idColumn(),
    /** The clinic id, or `organisation` for entries with no clinic. */
    chain: text('chain').notNull(),
    position: bigint('position', { mode: 'number' }).notNull(),
    entryId: uuid('entry_id').notNull(),
    /** SHA-256 of the entry's canonical form. */
    entryHash: text('entry_hash').notNull(),
    /** The previous link (64 zeros at the start of a chain). */
    previousLink: text('previous_link').notNull(),
    /** SHA-256(previousLink ‖ entryHash). */
    link: text('link').notNull(),
    sealedAt: instant('sealed_at').notNull(),
  },
  (t) => [
    uniqueIndex('audit_seal_chain_position').on(t.chain, t.position),
    uniqueIndex('audit_seal_entry').on(t.entryId),
  ],
);
