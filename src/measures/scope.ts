import { and, eq } from 'drizzle-orm';
import type { AuditActorType } from '../audit/service.js';
import type { Scope } from '../identity/authorise.js';
import type { RequestMeta } from '../identity/service.js';
import { patient } from '../patient/schema.js';
import type { Queryable } from '../platform/db/database.js';
import { notFound } from '../platform/http/problem.js';

export type { RequestMeta };

/** The clinic every measures query is filtered by; the authorisation hook always sets it on these routes. */
export function clinicOf(scope: Scope): string {
  if (!scope.clinicId) throw new Error('measures data needs a clinic scope');
  return scope.clinicId;
}

export interface MeasuresActor {
  /** Set when a staff member acts (the author of a rating, the person who assigned or ended). */
  staffId: string | null;
  audit: { actorType: AuditActorType; actorId: string | null; actorRole: string | null };
}

/** Who is acting, in the shape the audit trail and the author columns want. */
export function actorOf(scope: Scope): MeasuresActor {
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

/** A unique index refused the row: two requests raced for the same version or correction. */
export function isUniqueViolation(error: unknown): boolean {
  for (let e: unknown = error; e && typeof e === 'object'; e = (e as { cause?: unknown }).cause) {
    if ((e as { code?: unknown }).code === '23505') return true;
  }
  return false;
}

/** The patient a request may reach: a portal patient only themself, staff their clinic's patients; else 404. */
export async function patientInScope(db: Queryable, scope: Scope, patientId: string) {
  if (scope.patientId && scope.patientId !== patientId) throw notFound('The patient');
  const [row] = await db
    .select({ id: patient.id, createdAt: patient.createdAt })
    .from(patient)
    .where(and(eq(patient.clinicId, clinicOf(scope)), eq(patient.id, patientId)));
  if (!row) throw notFound('The patient');
  return row;
}
