import { randomBytes } from 'node:crypto';
import { and, asc, eq, inArray } from 'drizzle-orm';
import { recordAudit } from '../audit/service.js';
import { clinicToday } from '../organisation/service.js';
import type { Clock } from '../platform/clock.js';
import type { Database, Queryable, Tx } from '../platform/db/database.js';
import { conflict, notFound } from '../platform/http/problem.js';
import type { Role, StaffActor } from './actor.js';
import { expiryWarning } from './core.js';
import { hashPassword } from './crypto.js';
import type { StaffView } from './model.js';
import { licence, staff, staffRole } from './schema.js';
import { normaliseEmail, type RequestMeta } from './service.js';

/** Staff of one clinic with their roles there, MFA state, and licences with 60/30/7-day expiry warnings. */
export async function listStaff(
  db: Queryable,
  clinicId: string,
  now: Date,
  onlyStaffId?: string,
): Promise<StaffView[]> {
  const roleRows = await db
    .select({ staffId: staffRole.staffId, role: staffRole.role })
    .from(staffRole)
    .where(
      and(eq(staffRole.clinicId, clinicId), onlyStaffId ? eq(staffRole.staffId, onlyStaffId) : undefined),
    );
  const ids = [...new Set(roleRows.map((r) => r.staffId))];
  if (ids.length === 0) return [];
  const people = await db.select().from(staff).where(inArray(staff.id, ids)).orderBy(asc(staff.fullName));
  const licences = await db
    .select()
    .from(licence)
    .where(inArray(licence.staffId, ids))
    .orderBy(asc(licence.expiresOn));
  const today = await clinicToday(db, clinicId, now);
  return people.map((p) => ({
    id: p.id,
    fullName: p.fullName,
    email: p.email,
    roles: roleRows.filter((r) => r.staffId === p.id).map((r) => r.role as Role),
    mfaEnabled: p.totpSecret !== null,
    locked: p.lockedUntil !== null && p.lockedUntil > now,
    deactivated: p.deactivatedAt !== null,
    licences: licences
      .filter((l) => l.staffId === p.id)
      .map((l) => ({
        id: l.id,
        kind: l.kind as 'state_licence' | 'dea_registration',
        licenceType: l.licenceType,
        number: l.number,
        state: l.state,
        schedules: l.schedules,
        expiresOn: l.expiresOn,
        warning: expiryWarning(l.expiresOn, today) ?? null,
      })),
  }));
}

async function getMember(db: Queryable, clinicId: string, staffId: string, now: Date): Promise<StaffView> {
  const [member] = await listStaff(db, clinicId, now, staffId);
  if (!member) throw notFound('The staff member');
  return member;
}

/** A strong random first password, handed over once; the person changes it after signing in. */
function initialPassword(): string {
  return randomBytes(12).toString('base64url');
}

export async function insertStaff(
  tx: Tx,
  clock: Clock,
  input: {
    organisationId: string;
    clinicId: string;
    fullName: string;
    email: string;
    roles: Role[];
    passwordHash: string;
  },
) {
  const email = normaliseEmail(input.email);
  const [existing] = await tx.select({ id: staff.id }).from(staff).where(eq(staff.email, email));
  if (existing) throw conflict('A staff member with this email already exists');
  const now = clock.now();
  const [person] = await tx
    .insert(staff)
    .values({
      organisationId: input.organisationId,
      email,
      fullName: input.fullName,
      passwordHash: input.passwordHash,
      passwordChangedAt: now,
      createdAt: now,
    })
    .returning();
  if (input.roles.length > 0) {
    await tx
      .insert(staffRole)
      .values(
        input.roles.map((role) => ({ staffId: person!.id, clinicId: input.clinicId, role, createdAt: now })),
      );
  }
  return person!;
}

export async function createStaff(
  database: Database,
  clock: Clock,
  actor: StaffActor,
  clinicId: string,
  input: { fullName: string; email: string; roles: Role[] },
  meta: RequestMeta,
) {
  const password = initialPassword();
  const passwordHash = await hashPassword(password);
  return database.transaction(async (tx) => {
    const person = await insertStaff(tx, clock, {
      ...input,
      organisationId: actor.organisationId,
      clinicId,
      passwordHash,
    });
    await recordAudit(tx, clock, {
      clinicId,
      actorType: 'staff',
      actorId: actor.staffId,
      actorRole: 'owner',
      action: 'staff.created',
      resourceType: 'staff',
      resourceId: person.id,
      patientId: null,
      outcome: 'success',
      requestId: meta.requestId,
      clientAddress: meta.clientAddress,
      detail: { roles: input.roles },
    });
    return { staff: await getMember(tx, clinicId, person.id, clock.now()), initialPassword: password };
  });
}

/** Replaces a member's roles at this clinic; the change and its old/new values go to the audit trail. */
export async function setRoles(
  database: Database,
  clock: Clock,
  actor: StaffActor,
  clinicId: string,
  staffId: string,
  roles: Role[],
  meta: RequestMeta,
): Promise<StaffView> {
  return database.transaction(async (tx) => {
    const before = await getMember(tx, clinicId, staffId, clock.now());
    if (staffId === actor.staffId && before.roles.includes('owner') && !roles.includes('owner')) {
      throw conflict('You cannot remove your own owner role; ask another owner');
    }
    await tx.delete(staffRole).where(and(eq(staffRole.staffId, staffId), eq(staffRole.clinicId, clinicId)));
    if (roles.length > 0) {
      await tx
        .insert(staffRole)
        .values(roles.map((role) => ({ staffId, clinicId, role, createdAt: clock.now() })));
    }
    await recordAudit(tx, clock, {
      clinicId,
      actorType: 'staff',
      actorId: actor.staffId,
      actorRole: 'owner',
      action: 'staff.roles_changed',
      resourceType: 'staff',
      resourceId: staffId,
      patientId: null,
      outcome: 'success',
      requestId: meta.requestId,
      clientAddress: meta.clientAddress,
      detail: { before: before.roles, after: roles },
    });
    if (roles.length === 0) return { ...before, roles: [] };
    return getMember(tx, clinicId, staffId, clock.now());
  });
}

export async function addLicence(
  database: Database,
  clock: Clock,
  actor: StaffActor,
  clinicId: string,
  staffId: string,
  input: {
    kind: 'state_licence' | 'dea_registration';
    licenceType: string;
    number: string;
    state: string;
    schedules?: string[] | undefined;
    expiresOn: string;
  },
  meta: RequestMeta,
): Promise<StaffView> {
  return database.transaction(async (tx) => {
    await getMember(tx, clinicId, staffId, clock.now());
    const [row] = await tx
      .insert(licence)
      .values({ ...input, schedules: input.schedules ?? [], staffId, createdAt: clock.now() })
      .returning({ id: licence.id });
    await recordAudit(tx, clock, {
      clinicId,
      actorType: 'staff',
      actorId: actor.staffId,
      actorRole: 'owner',
      action: 'staff.licence_added',
      resourceType: 'licence',
      resourceId: row!.id,
      patientId: null,
      outcome: 'success',
      requestId: meta.requestId,
      clientAddress: meta.clientAddress,
      detail: { kind: input.kind, state: input.state, expiresOn: input.expiresOn },
    });
    return getMember(tx, clinicId, staffId, clock.now());
  });
}
