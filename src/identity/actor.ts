/**
 * Who is making a request. Set on every request by the authentication hook (null when nobody signed in); the
 * authorisation hook and the data-access scope read nothing else.
 */
export const roles = ['owner', 'prescriber', 'nurse', 'front_desk', 'therapist', 'compliance'] as const;
export type Role = (typeof roles)[number];

export interface StaffActor {
  kind: 'staff';
  staffId: string;
  organisationId: string;
  sessionId: string;
  /** The roles this person holds at each clinic they work at, keyed by clinic id. */
  rolesByClinic: Record<string, Role[]>;
  /** When the person last re-authenticated with password + TOTP in this session (step-up), if ever. */
  stepUpAt: Date | null;
  /** Signed in with a password while a required authenticator is not yet set up: only enrolment is open. */
  enrolmentOnly: boolean;
}

export interface PatientActor {
  kind: 'patient';
  accountId: string;
  /** The one patient record this login is linked to: all it may see or write. */
  patientId: string;
  clinicId: string;
  sessionId: string;
}

export interface DeviceActor {
  kind: 'device';
  tokenId: string;
  /** A device token belongs to exactly one clinic. */
  clinicId: string;
  /** e.g. `vitals:write` */
  scopes: string[];
}

export type Actor = StaffActor | PatientActor | DeviceActor;

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
  }
}
