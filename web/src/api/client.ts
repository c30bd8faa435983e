import type { Static } from 'typebox';
import type { Clinic } from '../../../src/organisation/model';
import type { FieldError, Problem } from '../../../src/platform/http/problem';

/**
 * The one way the UI talks to the server. Response types are the server's own TypeBox schemas, so a field
 * renamed on the server fails the UI's typecheck. Errors arrive as RFC 9457 problems and become ApiError.
 */
export class ApiError extends Error {
  readonly status: number;
  /** The problem type URI, e.g. `/problems/validation-error`; `network` when the server was not reached. */
  readonly type: string;
  readonly title: string;
  readonly detail: string | undefined;
  /** One entry per invalid field, with a JSON pointer such as `/body/weightKg`. */
  readonly fieldErrors: FieldError[];
  /** For refusals by a clinical or safety rule: the rule's id, e.g. `COURSE-MIN-INTERVAL`. */
  readonly rule: string | undefined;
  readonly requestId: string | undefined;

  constructor(problem: Problem) {
    super(problem.detail ?? problem.title);
    this.name = 'ApiError';
    this.status = problem.status;
    this.type = problem.type;
    this.title = problem.title;
    this.detail = problem.detail;
    this.fieldErrors = problem.errors ?? [];
    this.rule = problem.rule;
    this.requestId = problem.requestId;
  }

  /** The message for one field, e.g. `errorFor('/body/email')`. */
  errorFor(path: string): string | undefined {
    return this.fieldErrors.find((e) => e.path === path)?.message;
  }
}

/** Reads an error response; a body that is not a problem (a proxy's HTML page, say) still yields one. */
async function problemOf(response: Response): Promise<Problem> {
  const fallback: Problem = { type: 'about:blank', title: response.statusText, status: response.status };
  if (!/[/+]json\b/.test(response.headers.get('content-type') ?? '')) return fallback;
  const body: unknown = await response.json().catch(() => undefined);
  if (typeof body !== 'object' || body === null) return fallback;
  const problem = body as Partial<Problem>;
  return {
    ...fallback,
    ...(typeof problem.type === 'string' ? { type: problem.type } : {}),
    ...(typeof problem.title === 'string' ? { title: problem.title } : {}),
    ...(typeof problem.detail === 'string' ? { detail: problem.detail } : {}),
    ...(typeof problem.rule === 'string' ? { rule: problem.rule } : {}),
    ...(typeof problem.requestId === 'string' ? { requestId: problem.requestId } : {}),
    ...(Array.isArray(problem.errors) ? { errors: problem.errors } : {}),
  };
}

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Why the server ended a session (header `x-session-ended`), or `signed-out` for a 401 inside a session. */
export type SessionEnd = 'idle' | 'absolute' | 'revoked' | 'signed-out';

let csrfToken: string | undefined;
let onSessionEnded: ((reason: SessionEnd) => void) | undefined;
let lastRequestAt = 0;

/** The session's CSRF token, sent as `x-csrf-token` on every unsafe request (from login or GET /api/auth/session). */
export function setCsrfToken(token: string | undefined) {
  csrfToken = token;
}

/** Set by the session while someone is signed in: the server ending the session sends them to sign-in. */
export function setSessionEndedHandler(handler: ((reason: SessionEnd) => void) | undefined) {
  onSessionEnded = handler;
}

/** When the last request went out (browser clock): each one also keeps the server's session alive. */
export const lastRequestTime = () => lastRequestAt;

function sessionEnd(response: Response, problemType: string | undefined): SessionEnd | undefined {
  const header = response.headers.get('x-session-ended');
  if (header === 'idle' || header === 'absolute' || header === 'revoked') return header;
  return problemType === '/problems/unauthenticated' ? 'signed-out' : undefined;
}

export async function api<T>(path: string, init: RequestInit = {}): Promise<T> {
  const headers = new Headers(init.headers);
  headers.set('accept', 'application/json');
  if (init.body !== undefined) headers.set('content-type', 'application/json');
  if (csrfToken && UNSAFE_METHODS.has((init.method ?? 'GET').toUpperCase()))
    headers.set('x-csrf-token', csrfToken);
  let response: Response;
  try {
    lastRequestAt = Date.now();
    response = await fetch(path, { ...init, headers, credentials: 'same-origin' });
  } catch {
    throw new ApiError({
      type: 'network',
      title: 'The server cannot be reached',
      status: 0,
      detail: 'Check the connection and try again',
    });
  }
  const problem = response.ok ? undefined : await problemOf(response);
  const ended = sessionEnd(response, problem?.type);
  if (ended && onSessionEnded) onSessionEnded(ended);
  if (problem) throw new ApiError(problem);
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

/** A JSON request with a body (or none), e.g. `send('POST', '/api/auth/logout')`. */
export const send = <T>(method: 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown) =>
  api<T>(path, { method, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });

/** What GET /api/public/clinics returns: the public fields of the server's Clinic schema. */
export type PublicClinic = Pick<
  Static<typeof Clinic>,
  'id' | 'name' | 'city' | 'state' | 'phone' | 'timeZone'
>;

export const publicClinics = () => api<{ clinics: PublicClinic[] }>('/api/public/clinics');
