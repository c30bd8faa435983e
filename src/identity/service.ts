import { and, eq, gt, inArray, isNull } from 'drizzle-orm';
import { recordAudit } from '../audit/service.js';
import { clinic } from '../organisation/schema.js';
import type { Clock } from '../platform/clock.js';
import type { Database, Queryable, Tx } from '../platform/db/database.js';
import { type FieldError, invalidFields, ProblemError } from '../platform/http/problem.js';
import type { PatientActor, Role, StaffActor } from './actor.js';
import {
  DEFAULT_IDLE_TIMEOUT_MINUTES,
  idleTimeoutFor,
  lockoutAfter,
  mfaRequired,
  passwordProblems,
  SESSION_ABSOLUTE_MS,
  type SessionEnd,
  sessionEnded,
} from './core.js';
import {
  burnPasswordCheck,
  checkTotp,
  hashPassword,
  isCommonPassword,
  newRecoveryCodes,
  newTotpSecret,
  normaliseRecoveryCode,
  randomToken,
  sha256,
  totpUri,
  verifyPassword,
} from './crypto.js';
import type { SessionView } from './model.js';
import { STEP_UP_WINDOW_MS } from './policy.js';
import { authSession, clinicSecurity, patientAccount, recoveryCode, staff, staffRole } from './schema.js';

/** Where a request came from, for the audit trail. */
export interface RequestMeta {
  requestId: string | null;
  clientAddress: string | null;
}

const invalidCredentials = () =>
  new ProblemError('invalid-credentials', 'The email, password or authenticator code is not right');

function lockedProblem(until: Date, now: Date) {
  const minutes = Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 60_000));
  return new ProblemError(
    'account-locked',
    `This account is locked after repeated failed sign-ins. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}, or ask an administrator.`,
  );
}

export const normaliseEmail = (email: string) => email.trim().toLowerCase();

/** Checks a new password against the policy and hashes it; refuses with the field named. */
export async function newPasswordHash(
  password: string,
  email: string,
  path = '/body/newPassword',
): Promise<string> {
  const problems = passwordProblems(password, { email, isCommon: isCommonPassword });
  if (problems.length > 0) throw invalidFields(problems.map((message): FieldError => ({ path, message })));
  return hashPassword(password);
}

export async function rolesByClinic(db: Queryable, staffId: string): Promise<Record<string, Role[]>> {
  const rows = await db
    .select({ clinicId: staffRole.clinicId, role: staffRole.role })
    .from(staffRole)
    .where(eq(staffRole.staffId, staffId));
  const out: Record<string, Role[]> = {};
  for (const row of rows) {
    out[row.clinicId] = [...(out[row.clinicId] ?? []), row.role as Role];
  }
  return out;
}

async function clinicRules(db: Queryable, clinicIds: string[]) {
  if (clinicIds.length === 0) return { idleMinutes: [] as number[], mfaForAll: false };
  const rows = await db.select().from(clinicSecurity).where(inArray(clinicSecurity.clinicId, clinicIds));
  // A clinic without a row uses the defaults (15 minutes, MFA by role).
  const idleMinutes = clinicIds.map(
    (id) => rows.find((r) => r.clinicId === id)?.idleTimeoutMinutes ?? DEFAULT_IDLE_TIMEOUT_MINUTES,
  );
  return { idleMinutes, mfaForAll: rows.some((r) => r.mfaRequiredForAll) };
}

export interface NewSession {
  token: string;
  csrfToken: string;
  sessionId: string;
  enrolmentOnly: boolean;
}

async function openSession(
  tx: Tx,
  clock: Clock,
  who: { staffId: string } | { patientAccountId: string; clinicId: string },
  idleTimeoutMinutes: number,
  enrolmentOnly: boolean,
): Promise<NewSession> {
  const token = randomToken();
  const csrfToken = randomToken();
  const now = clock.now();
  const [row] = await tx
    .insert(authSession)
    .values({
      tokenHash: sha256(token),
      actorKind: 'staffId' in who ? 'staff' : 'patient',
      staffId: 'staffId' in who ? who.staffId : null,
      patientAccountId: 'patientAccountId' in who ? who.patientAccountId : null,
      clinicId: 'clinicId' in who ? who.clinicId : null,
      csrfToken,
      createdAt: now,
      lastSeenAt: now,
      idleTimeoutMinutes,
      expiresAt: new Date(now.getTime() + SESSION_ABSOLUTE_MS),
      enrolmentOnly,
    })
    .returning({ id: authSession.id });
  return { token, csrfToken, sessionId: row!.id, enrolmentOnly };
}

/** Counts a failure, locks progressively, audits — in its own transaction, so a refused sign-in still leaves its record. */
async function recordFailure(
  database: Database,
  clock: Clock,
  account: { kind: 'staff' | 'patient'; id: string; failedLogins: number; clinicId: string | null },
  meta: RequestMeta,
  reason: string,
): Promise<Date | undefined> {
  const now = clock.now();
  const failures = account.failedLogins + 1;
  const lockMs = lockoutAfter(failures);
  const lockedUntil = lockMs > 0 ? new Date(now.getTime() + lockMs) : null;
  await database.transaction(async (tx) => {
    const table = account.kind === 'staff' ? staff : patientAccount;
    await tx.update(table).set({ failedLogins: failures, lockedUntil }).where(eq(table.id, account.id));
    const base = {
      clinicId: account.clinicId,
      actorType: account.kind,
      actorId: account.id,
      actorRole: null,
      resourceType: account.kind === 'staff' ? 'staff' : 'patient_account',
      resourceId: account.id,
      patientId: null,
      requestId: meta.requestId,
      clientAddress: meta.clientAddress,
    } as const;
    await recordAudit(tx, clock, {
      ...base,
      action: 'auth.login_failed',
      outcome: 'failure',
      detail: { reason, failures },
    });
    if (lockedUntil) {
      await recordAudit(tx, clock, {
        ...base,
        action: 'auth.lockout',
        outcome: 'denied',
        detail: { failures, lockedForSeconds: lockMs / 1000 },
      });
    }
  });
  return lockedUntil ?? undefined;
}

/**
 * A sign-in refused before the password counts (no such account, or locked): nothing about the account changes,
 * but the attempt is still audited, in its own transaction.
 */
async function recordRefusedSignIn(
  database: Database,
  clock: Clock,
  account: { kind: 'staff' | 'patient'; id: string | null; clinicId: string | null },
  meta: RequestMeta,
  reason: 'unknown_account' | 'deactivated' | 'locked',
) {
  await database.transaction((tx) =>
    recordAudit(tx, clock, {
      clinicId: account.clinicId,
      actorType: account.id ? account.kind : 'anonymous',
      actorId: account.id,
      actorRole: null,
      action: 'auth.login_failed',
      resourceType: account.kind === 'staff' ? 'staff' : 'patient_account',
      resourceId: account.id,
      patientId: null,
      outcome: 'failure',
      requestId: meta.requestId,
      clientAddress: meta.clientAddress,
      detail: { reason },
    }),
  );
}

export interface StaffLoginInput {
  email: string;
  password: string;
  totp?: string | undefined;
  recoveryCode?: string | undefined;
}

/**
 * Staff sign-in. Unknown email and wrong password give the same answer after the same argon2 work; repeated
 * failures lock the account progressively; MFA roles need their authenticator code (or a recovery code).
 */
export async function staffLogin(
  database: Database,
  clock: Clock,
  input: StaffLoginInput,
  meta: RequestMeta,
) {
  const email = normaliseEmail(input.email);
  const [person] = await database.db.select().from(staff).where(eq(staff.email, email));
  const now = clock.now();
  if (!person || person.deactivatedAt) {
    await burnPasswordCheck(input.password);
    await recordRefusedSignIn(
      database,
      clock,
      { kind: 'staff', id: null, clinicId: null },
      meta,
      person ? 'deactivated' : 'unknown_account',
    );
    throw invalidCredentials();
  }
  const roles = await rolesByClinic(database.db, person.id);
  const clinicIds = Object.keys(roles);
  const firstClinic = clinicIds[0] ?? null;
  const account = {
    kind: 'staff' as const,
    id: person.id,
    failedLogins: person.failedLogins,
    clinicId: firstClinic,
  };
  if (person.lockedUntil && person.lockedUntil > now) {
    await burnPasswordCheck(input.password);
    await recordRefusedSignIn(database, clock, account, meta, 'locked');
    throw lockedProblem(person.lockedUntil, now);
  }
  if (!(await verifyPassword(person.passwordHash, input.password))) {
    const lockedUntil = await recordFailure(database, clock, account, meta, 'password');
    if (lockedUntil) throw lockedProblem(lockedUntil, now);
    throw invalidCredentials();
  }
  const rules = await clinicRules(database.db, clinicIds);
  const needsMfa = mfaRequired(Object.values(roles).flat(), rules.mfaForAll);
  let acceptedStep: number | undefined;
  let usedRecoveryCode: string | undefined;
  if (person.totpSecret) {
    if (input.recoveryCode) {
      const codes = await database.db
        .select()
        .from(recoveryCode)
        .where(and(eq(recoveryCode.staffId, person.id), isNull(recoveryCode.usedAt)));
      usedRecoveryCode = codes.find(
        (c) => c.codeHash === sha256(normaliseRecoveryCode(input.recoveryCode!)),
      )?.id;
      if (!usedRecoveryCode) {
        const lockedUntil = await recordFailure(database, clock, account, meta, 'recovery_code');
        if (lockedUntil) throw lockedProblem(lockedUntil, now);
        throw invalidCredentials();
      }
    } else if (!input.totp) {
      throw new ProblemError('mfa-required', 'Enter the 6-digit code from your authenticator app');
    } else {
      acceptedStep = await checkTotp(person.totpSecret, input.totp, now, person.totpLastStep);
      if (acceptedStep === undefined) {
        const lockedUntil = await recordFailure(database, clock, account, meta, 'totp');
        if (lockedUntil) throw lockedProblem(lockedUntil, now);
        throw invalidCredentials();
      }
    }
  }
  const enrolmentOnly = needsMfa && !person.totpSecret;
  return database.transaction(async (tx) => {
    await tx
      .update(staff)
      .set({
        failedLogins: 0,
        lockedUntil: null,
        ...(acceptedStep !== undefined ? { totpLastStep: acceptedStep } : {}),
      })
      .where(eq(staff.id, person.id));
    if (usedRecoveryCode) {
      // Conditional on still unused: two simultaneous sign-ins cannot both spend one code.
      const spent = await tx
        .update(recoveryCode)
        .set({ usedAt: now })
        .where(and(eq(recoveryCode.id, usedRecoveryCode), isNull(recoveryCode.usedAt)))
        .returning({ id: recoveryCode.id });
      if (spent.length === 0) throw invalidCredentials();
    }
    const session = await openSession(
      tx,
      clock,
      { staffId: person.id },
      idleTimeoutFor(rules.idleMinutes),
      enrolmentOnly,
    );
    await recordAudit(tx, clock, {
      clinicId: firstClinic,
      actorType: 'staff',
      actorId: person.id,
      actorRole: null,
      action: 'auth.login',
      resourceType: 'auth_session',
      resourceId: session.sessionId,
      patientId: null,
      outcome: 'success',
      requestId: meta.requestId,
      clientAddress: meta.clientAddress,
      detail: {
        mfa: person.totpSecret ? (usedRecoveryCode ? 'recovery_code' : 'totp') : 'none',
        enrolmentOnly,
      },
    });
    return session;
  });
}

/** Patient portal sign-in: email and password, the same lockout and identical errors as staff. */
export async function patientLogin(
  database: Database,
  clock: Clock,
  input: { email: string; password: string },
  meta: RequestMeta,
) {
  const email = normaliseEmail(input.email);
  const [account] = await database.db.select().from(patientAccount).where(eq(patientAccount.email, email));
  const now = clock.now();
  if (!account) {
    await burnPasswordCheck(input.password);
    await recordRefusedSignIn(
      database,
      clock,
      { kind: 'patient', id: null, clinicId: null },
      meta,
      'unknown_account',
    );
    throw invalidCredentials();
  }
  if (account.lockedUntil && account.lockedUntil > now) {
    await burnPasswordCheck(input.password);
    await recordRefusedSignIn(
      database,
      clock,
      { kind: 'patient', id: account.id, clinicId: account.clinicId },
      meta,
      'locked',
    );
    throw lockedProblem(account.lockedUntil, now);
  }
  if (!(await verifyPassword(account.passwordHash, input.password))) {
    const lockedUntil = await recordFailure(
      database,
      clock,
      { kind: 'patient', id: account.id, failedLogins: account.failedLogins, clinicId: account.clinicId },
      meta,
      'password',
    );
    if (lockedUntil) throw lockedProblem(lockedUntil, now);
    throw invalidCredentials();
  }
  return database.transaction(async (tx) => {
    await tx
      .update(patientAccount)
      .set({ failedLogins: 0, lockedUntil: null })
      .where(eq(patientAccount.id, account.id));
    return openPatientSession(tx, clock, account, meta);
  });
}

/**
 * Signs a patient in, in the caller's transaction: the portal session and its audited sign-in. Used by sign-in
 * and by accepting an invitation (which signs the new account in at once).
 */
export async function openPatientSession(
  tx: Tx,
  clock: Clock,
  account: { id: string; clinicId: string; patientId: string },
  meta: RequestMeta,
): Promise<NewSession> {
  const rules = await clinicRules(tx, [account.clinicId]);
  const session = await openSession(
    tx,
    clock,
    { patientAccountId: account.id, clinicId: account.clinicId },
    idleTimeoutFor(rules.idleMinutes),
    false,
  );
  await recordAudit(tx, clock, {
    clinicId: account.clinicId,
    actorType: 'patient',
    actorId: account.id,
    actorRole: null,
    action: 'auth.login',
    resourceType: 'auth_session',
    resourceId: session.sessionId,
    patientId: account.patientId,
    outcome: 'success',
    requestId: meta.requestId,
    clientAddress: meta.clientAddress,
  });
  return session;
}

export type ResolvedSession =
  | { actor: StaffActor | PatientActor; csrfToken: string; sessionId: string }
  | { ended: SessionEnd | 'unknown'; idleTimeoutMinutes?: number };

/** How stale last-seen may get before it is written again: one write per minute per session, not per request. */
const LAST_SEEN_RESOLUTION_MS = 60_000;

/** Turns a session cookie into an actor, enforcing revocation, the idle timeout and the absolute lifetime. */
export async function resolveSession(
  database: Database,
  clock: Clock,
  token: string,
): Promise<ResolvedSession> {
  const [session] = await database.db
    .select()
    .from(authSession)
    .where(eq(authSession.tokenHash, sha256(token)));
  if (!session) return { ended: 'unknown' };
  const now = clock.now();
  const ended = sessionEnded(session, now);
  if (ended) return { ended, idleTimeoutMinutes: session.idleTimeoutMinutes };
  if (now.getTime() - session.lastSeenAt.getTime() >= LAST_SEEN_RESOLUTION_MS) {
    await database.db.update(authSession).set({ lastSeenAt: now }).where(eq(authSession.id, session.id));
  }
  if (session.staffId) {
    const [person] = await database.db
      .select({ organisationId: staff.organisationId, deactivatedAt: staff.deactivatedAt })
      .from(staff)
      .where(eq(staff.id, session.staffId));
    if (!person || person.deactivatedAt) return { ended: 'revoked' };
    return {
      sessionId: session.id,
      csrfToken: session.csrfToken,
      actor: {
        kind: 'staff',
        staffId: session.staffId,
        organisationId: person.organisationId,
        sessionId: session.id,
        rolesByClinic: await rolesByClinic(database.db, session.staffId),
        stepUpAt: session.stepUpAt,
        enrolmentOnly: session.enrolmentOnly,
      },
    };
  }
  const [account] = await database.db
    .select({ id: patientAccount.id, patientId: patientAccount.patientId, clinicId: patientAccount.clinicId })
    .from(patientAccount)
    .where(eq(patientAccount.id, session.patientAccountId!));
  if (!account) return { ended: 'revoked' };
  return {
    sessionId: session.id,
    csrfToken: session.csrfToken,
    actor: {
      kind: 'patient',
      accountId: account.id,
      patientId: account.patientId,
      clinicId: account.clinicId,
      sessionId: session.id,
    },
  };
}

function auditBase(actor: StaffActor | PatientActor, meta: RequestMeta) {
  return {
    clinicId: actor.kind === 'patient' ? actor.clinicId : (Object.keys(actor.rolesByClinic)[0] ?? null),
    actorType: actor.kind,
    actorId: actor.kind === 'staff' ? actor.staffId : actor.accountId,
    actorRole: null,
    patientId: actor.kind === 'patient' ? actor.patientId : null,
    requestId: meta.requestId,
    clientAddress: meta.clientAddress,
  };
}

function sessionsOf(actor: StaffActor | PatientActor) {
  return actor.kind === 'staff'
    ? eq(authSession.staffId, actor.staffId)
    : eq(authSession.patientAccountId, actor.accountId);
}

export async function logout(
  database: Database,
  clock: Clock,
  actor: StaffActor | PatientActor,
  meta: RequestMeta,
) {
  await database.transaction(async (tx) => {
    await tx
      .update(authSession)
      .set({ revokedAt: clock.now(), revokedReason: 'logout' })
      .where(and(eq(authSession.id, actor.sessionId), isNull(authSession.revokedAt)));
    await recordAudit(tx, clock, {
      ...auditBase(actor, meta),
      action: 'auth.logout',
      resourceType: 'auth_session',
      resourceId: actor.sessionId,
      outcome: 'success',
    });
  });
}

/** Ends every session of this person, on every device. */
export async function logoutEverywhere(
  database: Database,
  clock: Clock,
  actor: StaffActor | PatientActor,
  meta: RequestMeta,
): Promise<number> {
  return database.transaction(async (tx) => {
    const ended = await tx
      .update(authSession)
      .set({ revokedAt: clock.now(), revokedReason: 'logout_everywhere' })
      .where(and(sessionsOf(actor), isNull(authSession.revokedAt)))
      .returning({ id: authSession.id });
    await recordAudit(tx, clock, {
      ...auditBase(actor, meta),
      action: 'auth.logout_everywhere',
      resourceType: 'auth_session',
      resourceId: null,
      outcome: 'success',
      detail: { sessionsEnded: ended.length },
    });
    return ended.length;
  });
}

/** Changes one's password; every other session of the person ends (a stolen session dies with the old password). */
export async function changePassword(
  database: Database,
  clock: Clock,
  actor: StaffActor | PatientActor,
  input: { currentPassword: string; newPassword: string },
  meta: RequestMeta,
) {
  const table = actor.kind === 'staff' ? staff : patientAccount;
  const id = actor.kind === 'staff' ? actor.staffId : actor.accountId;
  const [row] = await database.db
    .select({ passwordHash: table.passwordHash, email: table.email })
    .from(table)
    .where(eq(table.id, id));
  if (!row || !(await verifyPassword(row.passwordHash, input.currentPassword))) {
    throw invalidFields([{ path: '/body/currentPassword', message: 'is not your current password' }]);
  }
  const hash = await newPasswordHash(input.newPassword, row.email);
  const now = clock.now();
  await database.transaction(async (tx) => {
    await tx.update(table).set({ passwordHash: hash, passwordChangedAt: now }).where(eq(table.id, id));
    await tx
      .update(authSession)
      .set({ revokedAt: now, revokedReason: 'password_changed' })
      .where(and(sessionsOf(actor), isNull(authSession.revokedAt), gt(authSession.expiresAt, now)));
    await recordAudit(tx, clock, {
      ...auditBase(actor, meta),
      action: 'auth.password_changed',
      resourceType: actor.kind === 'staff' ? 'staff' : 'patient_account',
      resourceId: id,
      outcome: 'success',
    });
  });
}

/** Starts authenticator enrolment: a new secret kept pending until a code from it is confirmed. */
export async function startTotpEnrolment(database: Database, actor: StaffActor) {
  const secret = newTotpSecret();
  const [row] = await database.db
    .update(staff)
    .set({ totpPendingSecret: secret })
    .where(eq(staff.id, actor.staffId))
    .returning({ email: staff.email });
  return { secret, otpauthUri: totpUri(secret, row!.email) };
}

/** Confirms enrolment with a code from the app; returns one-time recovery codes (shown once). */
export async function confirmTotpEnrolment(
  database: Database,
  clock: Clock,
  actor: StaffActor,
  code: string,
  meta: RequestMeta,
): Promise<{ recoveryCodes: string[] }> {
  const [person] = await database.db.select().from(staff).where(eq(staff.id, actor.staffId));
  if (!person?.totpPendingSecret) {
    throw invalidFields([{ path: '/body/code', message: 'start authenticator set-up first' }]);
  }
  const step = await checkTotp(person.totpPendingSecret, code, clock.now(), null);
  if (step === undefined)
    throw invalidFields([{ path: '/body/code', message: 'does not match the authenticator' }]);
  const codes = newRecoveryCodes();
  await database.transaction(async (tx) => {
    await tx
      .update(staff)
      .set({ totpSecret: person.totpPendingSecret, totpPendingSecret: null, totpLastStep: step })
      .where(eq(staff.id, person.id));
    await tx
      .update(recoveryCode)
      .set({ usedAt: clock.now() })
      .where(and(eq(recoveryCode.staffId, person.id), isNull(recoveryCode.usedAt)));
    await tx.insert(recoveryCode).values(
      codes.map((c) => ({
        staffId: person.id,
        codeHash: sha256(normaliseRecoveryCode(c)),
        createdAt: clock.now(),
      })),
    );
    await tx.update(authSession).set({ enrolmentOnly: false }).where(eq(authSession.id, actor.sessionId));
    await recordAudit(tx, clock, {
      ...auditBase(actor, meta),
      action: 'auth.mfa_enrolled',
      resourceType: 'staff',
      resourceId: person.id,
      outcome: 'success',
    });
  });
  return { recoveryCodes: codes };
}

/** Verifies password + authenticator code for one staff member; shared by step-up and witnessing. */
async function verifyPerson(
  clock: Clock,
  person: typeof staff.$inferSelect,
  input: { password: string; totp: string },
): Promise<number | undefined> {
  if (!person.totpSecret || person.deactivatedAt) return undefined;
  if (person.lockedUntil && person.lockedUntil > clock.now()) return undefined;
  if (!(await verifyPassword(person.passwordHash, input.password))) return undefined;
  return checkTotp(person.totpSecret, input.totp, clock.now(), person.totpLastStep);
}

/** Step-up: password + TOTP again, valid for 5 minutes, before an act with legal weight. */
export async function stepUp(
  database: Database,
  clock: Clock,
  actor: StaffActor,
  input: { password: string; totp: string },
  meta: RequestMeta,
): Promise<{ validUntil: Date }> {
  const [person] = await database.db.select().from(staff).where(eq(staff.id, actor.staffId));
  if (!person?.totpSecret) {
    throw new ProblemError(
      'mfa-enrolment-required',
      'Set up an authenticator app before confirming legal acts',
    );
  }
  const step = await verifyPerson(clock, person, input);
  const now = clock.now();
  if (step === undefined) {
    await recordFailure(
      database,
      clock,
      { kind: 'staff', id: person.id, failedLogins: person.failedLogins, clinicId: null },
      meta,
      'step_up',
    );
    throw invalidCredentials();
  }
  await database.transaction(async (tx) => {
    await tx.update(staff).set({ totpLastStep: step, failedLogins: 0 }).where(eq(staff.id, person.id));
    await tx.update(authSession).set({ stepUpAt: now }).where(eq(authSession.id, actor.sessionId));
    await recordAudit(tx, clock, {
      ...auditBase(actor, meta),
      action: 'auth.step_up',
      resourceType: 'auth_session',
      resourceId: actor.sessionId,
      outcome: 'success',
    });
  });
  return { validUntil: new Date(now.getTime() + STEP_UP_WINDOW_MS) };
}

/**
 * A witness co-signs on the spot: a second, different staff member at the same clinic authenticates with
 * password + authenticator code. Used inside the caller's transaction (e.g. a ledger waste entry).
 */
export async function verifyWitness(
  tx: Tx,
  clock: Clock,
  input: { clinicId: string; signerStaffId: string; email: string; password: string; totp: string },
): Promise<{ witnessStaffId: string }> {
  // Locked: two acts naming the same witness at once must not both accept one authenticator code.
  const [person] = await tx
    .select()
    .from(staff)
    .where(eq(staff.email, normaliseEmail(input.email)))
    .for('update');
  const refuse = (message: string) => invalidFields([{ path: '/body/witness', message }]);
  if (!person) {
    await burnPasswordCheck(input.password);
    throw refuse('the witness could not be verified');
  }
  if (person.id === input.signerStaffId)
    throw refuse('the witness must be a different person from the signer');
  const roles = await rolesByClinic(tx, person.id);
  if (!roles[input.clinicId]?.length) throw refuse('the witness must work at this clinic');
  const step = await verifyPerson(clock, person, input);
  if (step === undefined) throw refuse('the witness could not be verified');
  await tx.update(staff).set({ totpLastStep: step }).where(eq(staff.id, person.id));
  return { witnessStaffId: person.id };
}

/** Who is signed in, where, with which roles and rules: what the UI needs to draw its frame. */
export async function sessionView(
  db: Queryable,
  clock: Clock,
  actor: StaffActor | PatientActor,
  csrfToken: string,
): Promise<SessionView> {
  const clinicIds = actor.kind === 'patient' ? [actor.clinicId] : Object.keys(actor.rolesByClinic);
  const names = await clinicNames(db, clinicIds);
  const rules = await clinicRules(db, clinicIds);
  const common = { csrfToken, idleTimeoutMinutes: idleTimeoutFor(rules.idleMinutes) };
  if (actor.kind === 'patient') {
    const [account] = await db
      .select({ email: patientAccount.email })
      .from(patientAccount)
      .where(eq(patientAccount.id, actor.accountId));
    return {
      ...common,
      kind: 'patient',
      name: account?.email ?? '',
      email: account?.email ?? '',
      clinics: [{ clinicId: actor.clinicId, clinicName: names.get(actor.clinicId) ?? '', roles: [] }],
      mfa: { enabled: false, required: false, enrolmentPending: false },
      stepUpValidUntil: null,
    };
  }
  const [profile] = await db
    .select({ fullName: staff.fullName, email: staff.email, totpSecret: staff.totpSecret })
    .from(staff)
    .where(eq(staff.id, actor.staffId));
  const stepUpUntil = actor.stepUpAt ? new Date(actor.stepUpAt.getTime() + STEP_UP_WINDOW_MS) : null;
  return {
    ...common,
    kind: 'staff',
    name: profile?.fullName ?? '',
    email: profile?.email ?? '',
    clinics: clinicIds.map((id) => ({
      clinicId: id,
      clinicName: names.get(id) ?? '',
      roles: actor.rolesByClinic[id] ?? [],
    })),
    mfa: {
      enabled: Boolean(profile?.totpSecret),
      required: mfaRequired(Object.values(actor.rolesByClinic).flat(), rules.mfaForAll),
      enrolmentPending: actor.enrolmentOnly,
    },
    stepUpValidUntil: stepUpUntil && stepUpUntil > clock.now() ? stepUpUntil.toISOString() : null,
  };
}

async function clinicNames(db: Queryable, ids: string[]) {
  if (ids.length === 0) return new Map<string, string>();
  const rows = await db
    .select({ id: clinic.id, name: clinic.name })
    .from(clinic)
    .where(inArray(clinic.id, ids));
  return new Map(rows.map((r) => [r.id, r.name]));
}
