/** Pure sign-in rules: password policy, lockout schedule, MFA requirement, licence expiry warnings. No I/O. */
import type { Role } from './actor.js';

export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 256;

/** Reasons a new password is refused, in words a person can act on; empty when it is acceptable. */
export function passwordProblems(
  password: string,
  context: { email?: string; isCommon: (lowercased: string) => boolean },
): string[] {
  const problems: string[] = [];
  if (password.length < MIN_PASSWORD_LENGTH)
    problems.push(`must be at least ${MIN_PASSWORD_LENGTH} characters`);
  if (password.length > MAX_PASSWORD_LENGTH)
    problems.push(`must be at most ${MAX_PASSWORD_LENGTH} characters`);
  const lower = password.toLowerCase();
  if (context.isCommon(lower)) problems.push('is one of the most common passwords; choose another');
  if (/^(.)\1*$/.test(password)) problems.push('must not be one character repeated');
  const local = context.email?.split('@')[0]?.toLowerCase();
  if (local && local.length >= 4 && lower.includes(local)) problems.push('must not contain your email name');
  return problems;
}

/** Failed attempts allowed before the first lockout. */
export const LOCKOUT_THRESHOLD = 5;
const FIRST_LOCKOUT_MS = 60_000;
const MAX_LOCKOUT_MS = 60 * 60_000;

/**
 * Progressive lockout: after 5 failures 1 minute, then doubling with each further failure, capped at an hour.
 * Returns the lock duration after `failures` consecutive failures (0 = not locked).
 */
export function lockoutAfter(failures: number): number {
  if (failures < LOCKOUT_THRESHOLD) return 0;
  return Math.min(FIRST_LOCKOUT_MS * 2 ** (failures - LOCKOUT_THRESHOLD), MAX_LOCKOUT_MS);
}

/** Roles whose acts carry legal or organisational weight must use a second factor. */
export const mfaRequiredRoles: readonly Role[] = ['owner', 'prescriber', 'compliance'];

export function mfaRequired(roles: readonly Role[], clinicRequiresAll: boolean): boolean {
  return clinicRequiresAll || roles.some((r) => mfaRequiredRoles.includes(r));
}

/** Minutes without activity after which a session ends, unless the clinic chose otherwise. */
export const DEFAULT_IDLE_TIMEOUT_MINUTES = 15;
export const IDLE_TIMEOUT_RANGE = { minimum: 5, maximum: 60 } as const;

/** The strictest idle timeout of the clinics a person works at (a session spans them all). */
export function idleTimeoutFor(clinicTimeouts: readonly number[]): number {
  return clinicTimeouts.length > 0 ? Math.min(...clinicTimeouts) : DEFAULT_IDLE_TIMEOUT_MINUTES;
}

export const SESSION_ABSOLUTE_MS = 12 * 60 * 60_000;

export type SessionEnd = 'revoked' | 'absolute' | 'idle';

/** Why a session can no longer be used, or undefined while it is alive. */
export function sessionEnded(
  session: { revokedAt: Date | null; expiresAt: Date; lastSeenAt: Date; idleTimeoutMinutes: number },
  now: Date,
): SessionEnd | undefined {
  if (session.revokedAt) return 'revoked';
  if (now.getTime() >= session.expiresAt.getTime()) return 'absolute';
  if (now.getTime() - session.lastSeenAt.getTime() >= session.idleTimeoutMinutes * 60_000) return 'idle';
  return undefined;
}

export type ExpiryWarning = 'expired' | 'within-7-days' | 'within-30-days' | 'within-60-days';

/** Licence and registration warnings at 60, 30 and 7 days before expiry (dates as YYYY-MM-DD, calendar days). */
export function expiryWarning(expiresOn: string, today: string): ExpiryWarning | undefined {
  const days = Math.round(
    (Date.parse(`${expiresOn}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000,
  );
  if (days < 0) return 'expired';
  if (days <= 7) return 'within-7-days';
  if (days <= 30) return 'within-30-days';
  if (days <= 60) return 'within-60-days';
  return undefined;
}

export const deviceScopes = ['vitals:write'] as const;
export type DeviceScope = (typeof deviceScopes)[number];
