import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  date,
  index,
  integer,
  pgTable,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { clinic, organisation } from '../organisation/schema.js';
import { patient } from '../patient/schema.js';
import { idColumn, instant } from '../platform/db/columns.js';
import { roles } from './actor.js';

/**
 * A person who works at one or more clinics (FHIR Practitioner). Credentials are stored hashed only; emails are
 * stored lower-cased (the unique index on lower(email) guards it).
 */
export const staff = pgTable(
  'staff',
  {
    id: idColumn(),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisation.id),
    email: text('email').notNull(),
    fullName: text('full_name').notNull(),
    passwordHash: text('password_hash').notNull(),
    passwordChangedAt: instant('password_changed_at').notNull(),
    /** Base32 TOTP secret once enrolment is confirmed; `totpPendingSecret` while it is being set up. */
    totpSecret: text('totp_secret'),
    totpPendingSecret: text('totp_pending_secret'),
    /** The last accepted TOTP time step: a code is never accepted twice (replay protection). */
    totpLastStep: bigint('totp_last_step', { mode: 'number' }),
    failedLogins: integer('failed_logins').notNull().default(0),
    lockedUntil: instant('locked_until'),
    createdAt: instant('created_at').notNull(),
    deactivatedAt: instant('deactivated_at'),
  },
  (t) => [uniqueIndex('staff_email_unique').on(sql`lower(${t.email})`)],
);

/** The roles a staff member holds at one clinic (FHIR PractitionerRole). */
export const staffRole = pgTable(
  'staff_role',
  {
    id: idColumn(),
    staffId: uuid('staff_id')
      .notNull()
      .references(() => staff.id),
    clinicId: uuid('clinic_id')
      .notNull()
      .references(() => clinic.id),
    role: text('role').notNull(),
    createdAt: instant('created_at').notNull(),
  },
  (t) => [
    uniqueIndex('staff_role_unique').on(t.staffId, t.clinicId, t.role),
    index('staff_role_clinic_idx').on(t.clinicId),
    check('staff_role_known', sql.raw(`role in (${roles.map((r) => `'${r}'`).join(', ')})`)),
  ],
);

/** A state professional licence or a DEA registration (FHIR Practitioner.qualification). */
export const licence = pgTable(
  'licence',
  {
    id: idColumn(),
    staffId: uuid('staff_id')
      .notNull()
      .references(() => staff.id),
    kind: text('kind').notNull(),
    licenceType: text('licence_type').notNull(),
    number: text('number').notNull(),
    state: text('state').notNull(),
    /** DEA schedules, e.g. {2,2N,3,3N,4,5}; empty for a state licence. */
    schedules: text('schedules').array().notNull().default(sql`'{}'::text[]`),
    expiresOn: date('expires_on', { mode: 'string' }).notNull(),
    createdAt: instant('created_at').notNull(),
  },
  (t) => [
    index('licence_staff_idx').on(t.staffId),
    check('licence_kind_known', sql`${t.kind} in ('state_licence', 'dea_registration')`),
  ],
);

/** One-time recovery codes for a lost authenticator, stored hashed. */
export const recoveryCode = pgTable(
  'recovery_code',
  {
    id: idColumn(),
    staffId: uuid('staff_id')
      .notNull()
      .references(() => staff.id),
    codeHash: text('code_hash').notNull(),
    createdAt: instant('created_at').notNull(),
    usedAt: instant('used_at'),
  },
  (t) => [index('recovery_code_staff_idx').on(t.staffId)],
);

/** A patient's portal login, linked to exactly one patient record. */
export const patientAccount = pgTable(
  'patient_account',
  {
    id: idColumn(),
    clinicId: uuid('clinic_id')
      .notNull()
      .references(() => clinic.id),
    patientId: uuid('patient_id')
      .notNull()
      .references(() => patient.id),
    email: text('email').notNull(),
    passwordHash: text('password_hash').notNull(),
    passwordChangedAt: instant('password_changed_at').notNull(),
    failedLogins: integer('failed_logins').notNull().default(0),
    lockedUntil: instant('locked_until'),
    createdAt: instant('created_at').notNull(),
  },
  (t) => [
    uniqueIndex('patient_account_patient_unique').on(t.patientId),
    uniqueIndex('patient_account_email_unique').on(sql`lower(${t.email})`),
  ],
);

/** A server-side sign-in session. The cookie holds a random token; only its SHA-256 is stored. */
export const authSession = pgTable(
  'auth_session',
  {
    id: idColumn(),
    tokenHash: text('token_hash').notNull(),
    actorKind: text('actor_kind').notNull(),
    staffId: uuid('staff_id').references(() => staff.id),
    patientAccountId: uuid('patient_account_id').references(() => patientAccount.id),
    /** For a patient session, their clinic; staff sessions span the clinics they work at. */
    clinicId: uuid('clinic_id').references(() => clinic.id),
    csrfToken: text('csrf_token').notNull(),
    createdAt: instant('created_at').notNull(),
    lastSeenAt: instant('last_seen_at').notNull(),
    idleTimeoutMinutes: integer('idle_timeout_minutes').notNull(),
    expiresAt: instant('expires_at').notNull(),
    stepUpAt: instant('step_up_at'),
    /** Signed in with a password only while MFA is required but not yet set up: enrolment is all it can do. */
    enrolmentOnly: boolean('enrolment_only').notNull().default(false),
    revokedAt: instant('revoked_at'),
    revokedReason: text('revoked_reason'),
  },
  (t) => [
    uniqueIndex('auth_session_token_unique').on(t.tokenHash),
    index('auth_session_staff_idx').on(t.staffId),
    index('auth_session_patient_idx').on(t.patientAccountId),
    check('auth_session_one_actor', sql`(${t.staffId} is null) <> (${t.patientAccountId} is null)`),
  ],
);

/** A scoped API token for a monitor or integration at one clinic. Shown once; stored hashed. */
export const deviceToken = pgTable(
  'device_token',
  {
    id: idColumn(),
    clinicId: uuid('clinic_id')
      .notNull()
      .references(() => clinic.id),
    name: text('name').notNull(),
    scopes: text('scopes').array().notNull(),
    tokenHash: text('token_hash').notNull(),
    /** The first characters of the token, so staff can tell tokens apart without seeing them. */
    tokenPrefix: text('token_prefix').notNull(),
    createdBy: uuid('created_by')
      .notNull()
      .references(() => staff.id),
    createdAt: instant('created_at').notNull(),
    lastUsedAt: instant('last_used_at'),
    revokedAt: instant('revoked_at'),
    revokedBy: uuid('revoked_by').references(() => staff.id),
  },
  (t) => [
    uniqueIndex('device_token_hash_unique').on(t.tokenHash),
    index('device_token_clinic_idx').on(t.clinicId),
  ],
);

/** Per-clinic sign-in rules: idle timeout and whether every role must use MFA. */
export const clinicSecurity = pgTable('clinic_security', {
  clinicId: uuid('clinic_id')
    .primaryKey()
    .references(() => clinic.id),
  idleTimeoutMinutes: integer('idle_timeout_minutes').notNull().default(15),
  mfaRequiredForAll: boolean('mfa_required_for_all').notNull().default(false),
  updatedAt: instant('updated_at').notNull(),
});
