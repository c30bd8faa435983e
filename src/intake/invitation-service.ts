import { and, eq, gt, isNull, or, sql } from 'drizzle-orm';
import { recordAudit } from '../audit/service.js';
import type { Scope } from '../identity/authorise.js';
import { randomToken, sha256 } from '../identity/crypto.js';
import { patientAccount } from '../identity/schema.js';
import { actorOf, clinicOf } from '../identity/scope.js';
import type { RequestMeta } from '../identity/service.js';
import { type NewSession, newPasswordHash, normaliseEmail, openPatientSession } from '../identity/service.js';
import { clinic } from '../organisation/schema.js';
import { patient } from '../patient/schema.js';
import { patientInScope } from '../patient/service.js';
import type { Clock } from '../platform/clock.js';
import type { Database, Queryable } from '../platform/db/database.js';
import { isUniqueViolation } from '../platform/db/errors.js';
import { conflict, invalidFields, notFound } from '../platform/http/problem.js';
import { auditChange } from './common.js';
import type { AcceptInvitationBody, InvitationBody, InvitationView, NewInvitation } from './model.js';
import { checkRegistration, insertProfile, latestProfile } from './registration-service.js';
import { patientInvitation } from './schema.js';

const INVITATION_VALID_MS = 7 * 24 * 60 * 60_000;

/** The portal page that accepts an invitation; the token is the last segment. */
export const invitationPath = (token: string) => `/portal/join/${token}`;

/** Wrong, used and expired links get the same answer, so a link says nothing about why it stopped working. */
const invalidInvitation = () =>
  notFound('This invitation link is not valid (it may have been used or expired); the invitation');

/** Front desk invites a person (optionally a patient already registered) to set up their portal account. */
export async function createInvitation(
  database: Database,
  clock: Clock,
  scope: Scope,
  body: InvitationBody,
  meta: RequestMeta,
): Promise<NewInvitation> {
  const clinicId = clinicOf(scope);
  const staffId = actorOf(scope).staffId;
  if (!staffId) throw new Error('invitations are created by staff');
  return database.transaction(async (tx) => {
    if (body.patientId) await patientInScope(tx, scope, body.patientId);
    const token = randomToken();
    const now = clock.now();
    const expiresAt = new Date(now.getTime() + INVITATION_VALID_MS);
    const [row] = await tx
      .insert(patientInvitation)
      .values({
        clinicId,
        patientId: body.patientId ?? null,
        email: normaliseEmail(body.email),
        tokenHash: sha256(token),
        expiresAt,
        createdBy: staffId,
        createdAt: now,
      })
      .returning({ id: patientInvitation.id });
    await auditChange(tx, clock, scope, meta, {
      action: 'patient.invited',
      resourceType: 'patient_invitation',
      resourceId: row!.id,
      patientId: body.patientId ?? null,
    });
    return { invitationId: row!.id, link: invitationPath(token), expiresAt: expiresAt.toISOString() };
  });
}

/** The invitation a token opens, if it is still usable now. */
async function usableInvitation(db: Queryable, token: string, now: Date) {
  const [row] = await db
    .select()
    .from(patientInvitation)
    .where(
      and(
        eq(patientInvitation.tokenHash, sha256(token)),
        isNull(patientInvitation.usedAt),
        gt(patientInvitation.expiresAt, now),
      ),
    );
  if (!row) throw invalidInvitation();
  return row;
}

export async function viewInvitation(db: Queryable, clock: Clock, token: string): Promise<InvitationView> {
  const invitation = await usableInvitation(db, token, clock.now());
  const [place] = await db
    .select({ name: clinic.name })
    .from(clinic)
    .where(eq(clinic.id, invitation.clinicId));
  let prefill: InvitationView['prefill'] = null;
  if (invitation.patientId) {
    const [person] = await db
      .select({
        givenName: patient.givenName,
        familyName: patient.familyName,
        preferredName: patient.preferredName,
      })
      .from(patient)
      .where(eq(patient.id, invitation.patientId));
    prefill = person ?? null;
  }
  return {
    clinicName: place?.name ?? '',
    email: invitation.email,
    expiresAt: invitation.expiresAt.toISOString(),
    prefill,
  };
}

/**
 * Accepting an invitation: registration details (a new patient, or a new profile version of the one front desk
 * registered — whose birth date must match), the portal account, the invitation used up, and a signed-in
 * session, all in one transaction.
 */
export async function acceptInvitation(
  database: Database,
  clock: Clock,
  token: string,
  body: AcceptInvitationBody,
  meta: RequestMeta,
): Promise<NewSession> {
  const invitation = await usableInvitation(database.db, token, clock.now());
  const { clinicId, email } = invitation;
  const details = body.details;
  await checkRegistration(database.db, clock, clinicId, details, '/body/details');
  if (invitation.patientId) {
    const [registered] = await database.db
      .select({ birthDate: patient.birthDate })
      .from(patient)
      .where(eq(patient.id, invitation.patientId));
    if (registered?.birthDate !== details.birthDate) {
      throw invalidFields([
        {
          path: '/body/details/birthDate',
          message: 'does not match the date of birth the clinic registered',
        },
      ]);
    }
  }
  // Hashing is slow: done before the transaction, which then only writes.
  const passwordHash = await newPasswordHash(body.password, email, '/body/password');

  return database.transaction(async (tx) => {
    const now = clock.now();
    const [used] = await tx
      .update(patientInvitation)
      .set({ usedAt: now })
      .where(
        and(
          eq(patientInvitation.id, invitation.id),
          isNull(patientInvitation.usedAt),
          gt(patientInvitation.expiresAt, now),
        ),
      )
      .returning({ id: patientInvitation.id });
    if (!used) throw invalidInvitation();

    const [existingAccount] = await tx
      .select({ id: patientAccount.id })
      .from(patientAccount)
      .where(
        or(
          sql`lower(${patientAccount.email}) = ${email}`,
          invitation.patientId ? eq(patientAccount.patientId, invitation.patientId) : sql`false`,
        ),
      );
    if (existingAccount) throw accountExists();

    let patientId = invitation.patientId;
    const identity = {
      givenName: details.givenName.trim(),
      familyName: details.familyName.trim(),
      preferredName: details.preferredName?.trim() || null,
      birthDate: details.birthDate,
    };
    if (patientId) {
      await tx.update(patient).set(identity).where(eq(patient.id, patientId));
    } else {
      const [created] = await tx
        .insert(patient)
        .values({ clinicId, ...identity, createdAt: now })
        .returning({ id: patient.id });
      patientId = created!.id;
    }
    const previous = await latestProfile(tx, clinicId, patientId);
    const profile = await insertProfile(tx, clock, {
      clinicId,
      patientId,
      version: (previous?.version ?? 0) + 1,
      details,
      staffId: null,
    });

    let accountId: string;
    try {
      const [account] = await tx
        .insert(patientAccount)
        .values({ clinicId, patientId, email, passwordHash, passwordChangedAt: now, createdAt: now })
        .returning({ id: patientAccount.id });
      accountId = account!.id;
    } catch (error) {
      if (isUniqueViolation(error)) throw accountExists();
      throw error;
    }
    await recordAudit(tx, clock, {
      clinicId,
      actorType: 'patient',
      actorId: accountId,
      actorRole: null,
      action: 'patient.invitation_accepted',
      resourceType: 'patient_invitation',
      resourceId: invitation.id,
      patientId,
      outcome: 'success',
      ...meta,
      detail: { profileVersion: profile.version, newPatient: !invitation.patientId },
    });
    return openPatientSession(tx, clock, { id: accountId, clinicId, patientId }, meta);
  });
}

const accountExists = () =>
  conflict('A portal account already exists for this email or patient: sign in instead, or ask the clinic');
