import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { recordAudit } from '../audit/service.js';
import type { ClinicInput } from '../organisation/model.js';
import { createOrganisationWithClinic } from '../organisation/service.js';
import type { Clock } from '../platform/clock.js';
import type { Database } from '../platform/db/database.js';
import { invalidFields } from '../platform/http/problem.js';
import { hashPassword, newTotpSecret, totpUri } from './crypto.js';
import { staff } from './schema.js';
import { insertStaff } from './staff-service.js';

/**
 * `ketacare init`: the organisation, its first clinic and its first owner, in one transaction. The owner's
 * password and authenticator secret are generated here and shown once.
 */
export async function initialiseOrganisation(
  database: Database,
  clock: Clock,
  input: { organisationName: string; clinic: ClinicInput; admin: { email: string; fullName: string } },
) {
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(input.admin.email)) {
    throw invalidFields([{ path: '/admin-email', message: 'is not an email address' }]);
  }
  const password = randomBytes(15).toString('base64url');
  const totpSecret = newTotpSecret();
  const passwordHash = await hashPassword(password);
  return database.transaction(async (tx) => {
    const created = await createOrganisationWithClinic(database, clock, input, tx);
    const owner = await insertStaff(tx, clock, {
      organisationId: created.organisationId,
      clinicId: created.clinic.id,
      fullName: input.admin.fullName,
      email: input.admin.email,
      roles: ['owner'],
      passwordHash,
    });
    await tx.update(staff).set({ totpSecret }).where(eq(staff.id, owner.id));
    await recordAudit(tx, clock, {
      clinicId: created.clinic.id,
      actorType: 'system',
      actorId: null,
      actorRole: null,
      action: 'organisation.initialised',
      resourceType: 'staff',
      resourceId: owner.id,
      patientId: null,
      outcome: 'success',
      requestId: null,
      clientAddress: null,
      detail: { roles: ['owner'] },
    });
    return {
      clinic: created.clinic,
      admin: { email: owner.email, password, totpSecret, otpauthUri: totpUri(totpSecret, owner.email) },
    };
  });
}
