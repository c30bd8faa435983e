import { and, desc, eq } from 'drizzle-orm';
import type { Scope } from '../identity/authorise.js';
import { actorOf, clinicOf } from '../identity/scope.js';
import type { RequestMeta } from '../identity/service.js';
import { clinicToday } from '../organisation/service.js';
import { patient } from '../patient/schema.js';
import { patientInScope } from '../patient/service.js';
import type { Clock } from '../platform/clock.js';
import type { Database, Queryable, Tx } from '../platform/db/database.js';
import { isUniqueViolation } from '../platform/db/errors.js';
import { conflict, invalidFields, notFound } from '../platform/http/problem.js';
import { rescreen } from '../screening/service.js';
import { auditChange } from './common.js';
import { changedFields, registrationProblems } from './core.js';
import type { ProfileUpdateBody, ProfileView, RegisteredPatient, RegistrationDetails } from './model.js';
import { patientProfile } from './schema.js';

type ProfileRow = typeof patientProfile.$inferSelect;

function toProfileView(row: ProfileRow): ProfileView {
  return {
    patientId: row.patientId,
    version: row.version,
    details: row.details as RegistrationDetails,
    recordedAt: row.recordedAt.toISOString(),
    recordedByStaff: row.recordedByStaff,
  };
}

/** The identity-core columns registration details carry. */
const identityOf = (d: RegistrationDetails) => ({
  givenName: d.givenName.trim(),
  familyName: d.familyName.trim(),
  preferredName: d.preferredName?.trim() || null,
  birthDate: d.birthDate,
});

export async function latestProfile(db: Queryable, clinicId: string, patientId: string) {
  const [row] = await db
    .select()
    .from(patientProfile)
    .where(and(eq(patientProfile.clinicId, clinicId), eq(patientProfile.patientId, patientId)))
    .orderBy(desc(patientProfile.version))
    .limit(1);
  return row;
}

/** Refuses details that fail the checks beyond their shape, with paths under `base`. */
export async function checkRegistration(
  db: Queryable,
  clock: Clock,
  clinicId: string,
  details: RegistrationDetails,
  base: string,
) {
  const problems = registrationProblems(details, await clinicToday(db, clinicId, clock.now()), base);
  if (problems.length > 0) throw invalidFields(problems);
}

/** Inserts one profile version; two writers racing for the same version → 409. */
export async function insertProfile(
  tx: Tx,
  clock: Clock,
  row: {
    clinicId: string;
    patientId: string;
    version: number;
    details: RegistrationDetails;
    staffId: string | null;
  },
): Promise<ProfileRow> {
  try {
    const [inserted] = await tx
      .insert(patientProfile)
      .values({
        clinicId: row.clinicId,
        patientId: row.patientId,
        version: row.version,
        details: row.details,
        state: row.details.address.state,
        recordedByStaff: row.staffId,
        recordedAt: clock.now(),
      })
      .returning();
    return inserted!;
  } catch (error) {
    if (isUniqueViolation(error)) throw staleProfile();
    throw error;
  }
}

const staleProfile = () =>
  conflict(
    'The registration details were changed by someone else since you opened them: reload and try again',
  );

/** Front desk registers a patient: the identity row and profile version 1, in one transaction. */
export async function registerPatient(
  database: Database,
  clock: Clock,
  scope: Scope,
  details: RegistrationDetails,
  meta: RequestMeta,
): Promise<RegisteredPatient> {
  const clinicId = clinicOf(scope);
  return database.transaction(async (tx) => {
    await checkRegistration(tx, clock, clinicId, details, '/body');
    const [created] = await tx
      .insert(patient)
      .values({ clinicId, ...identityOf(details), createdAt: clock.now() })
      .returning({ id: patient.id });
    const patientId = created!.id;
    const profile = await insertProfile(tx, clock, {
      clinicId,
      patientId,
      version: 1,
      details,
      staffId: actorOf(scope).staffId,
    });
    await auditChange(tx, clock, scope, meta, {
      action: 'patient.registered',
      resourceType: 'patient',
      resourceId: patientId,
      patientId,
      detail: { profileVersion: 1 },
    });
    return { patientId, profile: toProfileView(profile) };
  });
}

export async function getProfile(db: Queryable, scope: Scope, patientId: string): Promise<ProfileView> {
  await patientInScope(db, scope, patientId);
  const row = await latestProfile(db, clinicOf(scope), patientId);
  if (!row) throw notFound('Registration details for this patient');
  return toProfileView(row);
}

/**
 * A change of registration details is a new version (the old ones stay). Names and birth date are mirrored on
 * the identity row; a changed birth date or state re-runs screening (age and state rules read them).
 */
export async function updateProfile(
  database: Database,
  clock: Clock,
  scope: Scope,
  patientId: string,
  body: ProfileUpdateBody,
  meta: RequestMeta,
): Promise<ProfileView> {
  const clinicId = clinicOf(scope);
  return database.transaction(async (tx) => {
    await patientInScope(tx, scope, patientId);
    const latest = await latestProfile(tx, clinicId, patientId);
    if ((latest?.version ?? 0) !== body.version) throw staleProfile();
    await checkRegistration(tx, clock, clinicId, body.details, '/body/details');
    const before = (latest?.details as RegistrationDetails | undefined) ?? null;
    const fields = changedFields(before, body.details);
    if (latest && fields.length === 0) return toProfileView(latest);
    const row = await insertProfile(tx, clock, {
      clinicId,
      patientId,
      version: body.version + 1,
      details: body.details,
      staffId: actorOf(scope).staffId,
    });
    await tx
      .update(patient)
      .set(identityOf(body.details))
      .where(and(eq(patient.clinicId, clinicId), eq(patient.id, patientId)));
    await auditChange(tx, clock, scope, meta, {
      action: 'patient.profile_changed',
      resourceType: 'patient_profile',
      resourceId: row.id,
      patientId,
      detail: { version: row.version, fields },
    });
    if (fields.includes('birthDate') || before?.address.state !== body.details.address.state) {
      await rescreen(tx, clock, clinicId, patientId, 'profile_changed');
    }
    return toProfileView(row);
  });
}
