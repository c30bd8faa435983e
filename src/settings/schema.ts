import { integer, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { staff } from '../identity/schema.js';
import { clinic } from '../organisation/schema.js';
import { idColumn, instant } from '../platform/db/columns.js';

/**
 * A clinic's clinical thresholds, versioned: each change is a new row (version + 1) with who, when and why, so
 * any past decision can be read against the thresholds in force at the time. A group never changed has its
 * defaults (from clinical-reference.md) as version 0.
 */
export const clinicSetting = pgTable(
  'clinic_setting',
  {
    id: idColumn(),
    clinicId: uuid('clinic_id')
      .notNull()
      .references(() => clinic.id),
    /** The settings group, e.g. 'measures'. */
    groupKey: text('group_key').notNull(),
    version: integer('version').notNull(),
    values: jsonb('values').$type<Record<string, unknown>>().notNull(),
    reason: text('reason').notNull(),
    changedBy: uuid('changed_by')
      .notNull()
      .references(() => staff.id),
    changedAt: instant('changed_at').notNull(),
  },
  (t) => [uniqueIndex('clinic_setting_version_uq').on(t.clinicId, t.groupKey, t.version)],
);
