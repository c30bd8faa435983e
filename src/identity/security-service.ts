import { eq } from 'drizzle-orm';
import { recordAudit } from '../audit/service.js';
import type { Clock } from '../platform/clock.js';
import type { Database, Queryable } from '../platform/db/database.js';
import type { StaffActor } from './actor.js';
import { DEFAULT_IDLE_TIMEOUT_MINUTES } from './core.js';
import type { ClinicSecurity } from './model.js';
import { clinicSecurity } from './schema.js';
import type { RequestMeta } from './service.js';

/** A clinic's sign-in rules; a clinic that never changed them has the defaults (15 minutes, MFA by role). */
export async function clinicSecurityOf(db: Queryable, clinicId: string): Promise<ClinicSecurity> {
  const [row] = await db.select().from(clinicSecurity).where(eq(clinicSecurity.clinicId, clinicId));
  return {
    idleTimeoutMinutes: row?.idleTimeoutMinutes ?? DEFAULT_IDLE_TIMEOUT_MINUTES,
    mfaRequiredForAll: row?.mfaRequiredForAll ?? false,
  };
}

/**
 * Changes the clinic's idle timeout and whether everyone needs an authenticator. Sessions already open keep
 * the timeout they started with; everyone signing in afterwards gets the new rules. Audited with before/after.
 */
export async function setClinicSecurity(
  database: Database,
  clock: Clock,
  actor: StaffActor,
  clinicId: string,
  input: ClinicSecurity,
  meta: RequestMeta,
): Promise<ClinicSecurity> {
  return database.transaction(async (tx) => {
    const before = await clinicSecurityOf(tx, clinicId);
    const values = { ...input, updatedAt: clock.now() };
    await tx
      .insert(clinicSecurity)
      .values({ clinicId, ...values })
      .onConflictDoUpdate({ target: clinicSecurity.clinicId, set: values });
    await recordAudit(tx, clock, {
      clinicId,
      actorType: 'staff',
      actorId: actor.staffId,
      actorRole: (actor.rolesByClinic[clinicId] ?? []).join(',') || null,
      action: 'clinic.security_changed',
      resourceType: 'clinic_security',
      resourceId: clinicId,
      patientId: null,
      outcome: 'success',
      requestId: meta.requestId,
      clientAddress: meta.clientAddress,
      detail: { before, after: input },
    });
    return input;
  });
}
