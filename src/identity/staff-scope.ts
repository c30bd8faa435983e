import type { Role } from './actor.js';
import type { Scope } from './authorise.js';
import type { RequestMeta } from './service.js';

/** The staff member acting in the clinic of the request, as a service that writes on their behalf needs them. */
export interface StaffInClinic {
  staffId: string;
  clinicId: string;
  roles: Role[];
}

/** For routes whose permission only staff hold in a clinic (the policy has already refused anyone else). */
export function staffInClinic(scope: Scope): StaffInClinic {
  const { actor, clinicId } = scope;
  if (actor.kind !== 'staff' || !clinicId) {
    throw new Error('a clinic staff permission was reached without a staff member and a clinic');
  }
  return { staffId: actor.staffId, clinicId, roles: actor.rolesByClinic[clinicId] ?? [] };
}

/** The "who, where from" part of an audit entry for a change made by this staff member. */
export function staffAudit(who: StaffInClinic, meta: RequestMeta) {
  return {
    clinicId: who.clinicId,
    actorType: 'staff' as const,
    actorId: who.staffId,
    actorRole: who.roles.join(',') || null,
    outcome: 'success' as const,
    requestId: meta.requestId,
    clientAddress: meta.clientAddress,
  };
}
