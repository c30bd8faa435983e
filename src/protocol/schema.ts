import { sql } from 'drizzle-orm';
import { boolean, check, integer, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { staff } from '../identity/schema.js';
import { clinic } from '../organisation/schema.js';
import { idColumn, instant } from '../platform/db/columns.js';
import type { ProtocolDefinition } from './definition.js';

/**
 * A clinic's treatment protocol (FHIR PlanDefinition), versioned: a change is a new version with who, when and
 * why; courses and orders point at the exact version they were planned under. `key` names the protocol across
 * versions (e.g. `iv-racemic-ketamine`); `active = false` retires it for new courses.
 */
export const protocol = pgTable(
  'protocol',
  {
    id: idColumn(),
    clinicId: uuid('clinic_id')
      .notNull()
      .references(() => clinic.id),
    key: text('key').notNull(),
    version: integer('version').notNull(),
    name: text('name').notNull(),
    /** 'iv' | 'im' | 'intranasal' | 'oral' (also inside the definition; a column for filtering). */
    route: text('route').notNull(),
    definition: jsonb('definition').$type<ProtocolDefinition>().notNull(),
    active: boolean('active').notNull(),
    reason: text('reason').notNull(),
    publishedBy: uuid('published_by').references(() => staff.id),
    publishedAt: instant('published_at').notNull(),
  },
  (t) => [
    uniqueIndex('protocol_version_uq').on(t.clinicId, t.key, t.version),
    check('protocol_route_known', sql`${t.route} in ('iv', 'im', 'intranasal', 'oral')`),
  ],
);
