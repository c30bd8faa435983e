import { sql } from 'drizzle-orm';
import { check, index, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { idColumn, instant } from '../platform/db/columns.js';

/** The business that owns one or more clinics (FHIR Organization). */
export const organisation = pgTable('organisation', {
  id: idColumn(),
  name: text('name').notNull(),
  createdAt: instant('created_at').notNull(),
});

/**
 * One location: its own DEA registration, chairs, rota and time zone (FHIR Organization/Location). Clinical rows
 * carry `clinic_id`, so a network can later be sharded by clinic.
 */
export const clinic = pgTable(
  'clinic',
  {
    id: idColumn(),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisation.id),
    name: text('name').notNull(),
    addressLine1: text('address_line1').notNull(),
    addressLine2: text('address_line2'),
    city: text('city').notNull(),
    state: text('state').notNull(),
    postalCode: text('postal_code').notNull(),
    timeZone: text('time_zone').notNull(),
    phone: text('phone').notNull(),
    createdAt: instant('created_at').notNull(),
  },
  (t) => [
    index('clinic_organisation_idx').on(t.organisationId),
    check('clinic_state_code', sql`${t.state} ~ '^[A-Z]{2}$'`),
  ],
);
