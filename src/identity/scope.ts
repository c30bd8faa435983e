import type { AuditActorType } from '../audit/service.js';
import type { Scope } from './authorise.js';

/**
 * What a service reads from a request's scope. The authorisation hook sets the clinic on every clinic route and
 * the patient on every portal route, so a missing one is a wiring mistake, not a user error.
 */
export function clinicOf(scope: Scope): string {
  if (!scope.clinicId) throw new Error('this route needs a clinic scope');
  return scope.clinicId;
}

/** The signed-in patient of a portal route: the only patient record it may reach. */
export function portalPatientOf(scope: Scope): string {
  if (!scope.patientId) throw new Error('the portal needs a patient scope');
  return scope.patientId;
}

export interface ScopeActor {
  /** Set when a staff member acts (the author of a rating, the person who assigned or ended). */
  staffId: string | null;
  audit: { actorType: AuditActorType; actorId: string | null; actorRole: string | null };
}

/** Who is acting, in the shape the audit trail and the author columns want. */
export function actorOf(scope: Scope): ScopeActor {
  const { actor } = scope;
  switch (actor.kind) {
    case 'staff':
      return {
        staffId: actor.staffId,
        audit: {
          actorType: 'staff',
          actorId: actor.staffId,
          actorRole: (actor.rolesByClinic[clinicOf(scope)] ?? []).join(',') || null,
        },
      };
    case 'patient':
      return { staffId: null, audit: { actorType: 'patient', actorId: actor.accountId, actorRole: null } };
    case 'device':
      return { staffId: null, audit: { actorType: 'device', actorId: actor.tokenId, actorRole: null } };
  }
}
