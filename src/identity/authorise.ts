import type { FastifyRequest } from 'fastify';
import type { Clock } from '../platform/clock.js';
import { accessOf, UndeclaredAccessError } from '../platform/http/access.js';
import type { App } from '../platform/http/app.js';
import { ProblemError } from '../platform/http/problem.js';
import type { Actor } from './actor.js';
import { decide, isPermission } from './policy.js';
import type { RequestMeta } from './service.js';

/**
 * What a request may touch, fixed once it is authorised. Services take their clinic (and, for a patient, their
 * patient id) from here — never from the body — so a request cannot reach another clinic's or patient's rows.
 */
export interface Scope {
  actor: Actor;
  clinicId: string | undefined;
  /** Set for patient actors: the only patient record they may read or write. */
  patientId: string | undefined;
}

declare module 'fastify' {
  interface FastifyRequest {
    scope: Scope | null;
  }
}

/** Who made a change and from where, for its audit entry. */
export function requestMeta(request: FastifyRequest): RequestMeta {
  return { requestId: request.id, clientAddress: request.ip };
}

/** Returns the scope of an authorised, non-public route; a route that forgot its permission cannot reach data. */
export function scopeOf(request: FastifyRequest): Scope {
  if (!request.scope) throw new Error('scopeOf() on a public route: declare a permission for this route');
  return request.scope;
}

const denyDetail = {
  unauthenticated: 'Sign in to use this',
  forbidden: 'Your role does not allow this',
  'not-found': 'Not found',
  'step-up-required': 'Confirm it is you (password and authenticator code) to do this',
  'mfa-enrolment-required': 'Your role needs an authenticator app: set it up before anything else',
} as const;

/**
 * The one place access is enforced for every route, after authentication has set `request.actor`. Registered
 * before any route, so it also checks that each declared permission exists in the policy.
 */
export function registerAuthorisation(app: App, clock: Clock) {
  app.decorateRequest('actor', null);
  app.decorateRequest('scope', null);
  app.addHook('onRoute', (route) => {
    const access = accessOf(route);
    if (access !== 'public' && !isPermission(access.permission)) {
      throw new UndeclaredAccessError(`route ${route.url} declares unknown permission ${access.permission}`);
    }
  });
  app.addHook('onRequest', async (request) => {
    if (request.is404) return;
    const access = accessOf({ url: request.routeOptions.url ?? '', config: request.routeOptions.config });
    if (access === 'public') return;
    const permission = access.permission;
    if (!isPermission(permission)) throw new Error(`unknown permission ${permission}`);
    const params = (request.params ?? {}) as { clinicId?: string };
    const decision = decide(request.actor, permission, { clinicId: params.clinicId }, clock.now());
    if (decision.outcome === 'deny') {
      throw new ProblemError(decision.reason, denyDetail[decision.reason]);
    }
    const actor = request.actor!;
    request.scope = {
      actor,
      clinicId: decision.clinicId,
      patientId: actor.kind === 'patient' ? actor.patientId : undefined,
    };
  });
}
