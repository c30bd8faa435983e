import { parse, serialize } from 'cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Clock } from '../platform/clock.js';
import type { Config } from '../platform/config.js';
import type { Database } from '../platform/db/database.js';
import type { App } from '../platform/http/app.js';
import { ProblemError } from '../platform/http/problem.js';
import { sameSecret } from './crypto.js';
import { resolveDevice } from './device-service.js';
import { resolveSession } from './service.js';

export const SESSION_COOKIE = 'kc_session';
const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

declare module 'fastify' {
  interface FastifyRequest {
    /** The session's CSRF token, when the request came with a live session cookie. */
    sessionCsrf: string | null;
  }
}

/** The session cookie: HttpOnly, SameSite=Strict, and Secure whenever the browser reached us over HTTPS. */
export function sessionCookie(config: Config, token: string, maxAgeSeconds: number): string {
  return serialize(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'strict',
    path: '/',
    secure: Boolean(config.tls) || config.trustProxy,
    maxAge: maxAgeSeconds,
  });
}

export const clearSessionCookie = (config: Config) => sessionCookie(config, '', 0);

/**
 * Sets request.actor from a device Bearer token or a session cookie; never refuses by itself (authorisation
 * answers 401), except that a cookie-authenticated unsafe request without the session's CSRF token is refused.
 * When a session has just ended, `x-session-ended: idle|absolute|revoked` tells the UI why.
 */
export function registerAuthentication(
  app: App,
  { database, clock, config }: { database: Database; clock: Clock; config: Config },
) {
  app.decorateRequest('sessionCsrf', null);
  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    const authorization = request.headers.authorization;
    if (authorization) {
      const match = /^Bearer\s+(\S+)$/i.exec(authorization);
      const device = match ? await resolveDevice(database, clock, match[1]!) : undefined;
      request.actor = device ?? null;
      return;
    }
    const token = request.headers.cookie ? parse(request.headers.cookie)[SESSION_COOKIE] : undefined;
    if (!token) return;
    const resolved = await resolveSession(database, clock, token);
    if ('ended' in resolved) {
      if (resolved.ended !== 'unknown') {
        reply.header('x-session-ended', resolved.ended);
        if (resolved.idleTimeoutMinutes)
          reply.header('x-session-idle-minutes', String(resolved.idleTimeoutMinutes));
      }
      reply.header('set-cookie', clearSessionCookie(config));
      return;
    }
    request.actor = resolved.actor;
    request.sessionCsrf = resolved.csrfToken;
    if (UNSAFE_METHODS.has(request.method)) {
      const sent = request.headers['x-csrf-token'];
      if (typeof sent !== 'string' || !sameSecret(sent, resolved.csrfToken)) {
        throw new ProblemError('csrf-failed', 'Send the x-csrf-token header you received when you signed in');
      }
    }
  });
}
