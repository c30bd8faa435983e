import { date, index, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { clinic } from '../organisation/schema.js';
import { idColumn, instant } from '../platform/db/columns.js';

/**
 * The person treated (FHIR Patient). This is the identity core every clinical record points at; intake adds
 * contact, payer and clinical history in its own tables.
 */
export const patient = pgTable(
  'patient',
  {
    id: idColumn(),
    clinicId: uuid('clinic_id')
      .notNull()
      .references(() => clinic.id),
    givenName: text('given_name').notNull(),
    familyName: text('family_name').notNull(),
    preferredName: text('preferred_name'),
    birthDate: date('birth_date', { mode: 'string' }).notNull(),
    createdAt: instant('created_at').notNull(),
  },
  (t) => [index('patient_clinic_family_idx').on(t.clinicId, t.familyName, t.givenName)],
);
