import { type Static, Type } from 'typebox';

/**
 * RFC 9457 problem details. Every error the API returns has this shape and a stable `type` URI; a page
 * describing each type is served at that path.
 */
export const problemTypes = {
  'validation-error': { status: 422, title: 'The request has invalid fields' },
  'malformed-request': { status: 400, title: 'The request body could not be read' },
  'unsupported-media-type': { status: 415, title: 'Unsupported content type' },
  'payload-too-large': { status: 413, title: 'The request body is too large' },
  'not-found': { status: 404, title: 'Not found' },
  'method-not-allowed': { status: 405, title: 'Method not allowed' },
  unauthenticated: { status: 401, title: 'Authentication required' },
  'invalid-credentials': { status: 401, title: 'Sign-in failed' },
  'mfa-required': { status: 401, title: 'Authenticator code required' },
  'account-locked': { status: 423, title: 'Account temporarily locked' },
  'csrf-failed': { status: 403, title: 'Missing or wrong CSRF token' },
  'mfa-enrolment-required': { status: 403, title: 'Set up your authenticator first' },
  forbidden: { status: 403, title: 'Not allowed' },
  'step-up-required': { status: 403, title: 'Re-authentication required' },
  conflict: { status: 409, title: 'The request conflicts with the current state' },
  'rule-violation': { status: 409, title: 'A clinical or safety rule refuses this' },
  'too-many-requests': { status: 429, title: 'Too many requests' },
  'not-ready': { status: 503, title: 'The service is not ready' },
  'internal-error': { status: 500, title: 'Internal error' },
} as const;

export type ProblemSlug = keyof typeof problemTypes;

export const problemTypeUri = (slug: ProblemSlug) => `/problems/${slug}`;

export const FieldError = Type.Object({
  /** JSON pointer into the request: `/body/weightKg`, `/query/from`. */
  path: Type.String(),
  message: Type.String(),
});
export type FieldError = Static<typeof FieldError>;

export const Problem = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.Optional(Type.String()),
    instance: Type.Optional(Type.String()),
    requestId: Type.Optional(Type.String()),
    errors: Type.Optional(Type.Array(FieldError)),
    /** For rule violations: the id of the rule that refused, e.g. `COURSE-MIN-INTERVAL`. */
    rule: Type.Optional(Type.String()),
  },
  { $id: 'Problem', description: 'RFC 9457 problem details' },
);
export type Problem = Static<typeof Problem>;

/** Thrown by services and routes; turned into problem+json by the one error handler. */
export class ProblemError extends Error {
  readonly status: number;
  constructor(
    readonly slug: ProblemSlug,
    detail: string,
    readonly extras: { errors?: FieldError[]; rule?: string } = {},
  ) {
    super(detail);
    this.status = problemTypes[slug].status;
  }
}

export const notFound = (what: string) => new ProblemError('not-found', `${what} was not found`);
export const conflict = (detail: string) => new ProblemError('conflict', detail);
export const ruleViolation = (rule: string, detail: string) =>
  new ProblemError('rule-violation', detail, { rule });
export const invalidFields = (errors: FieldError[], detail = 'One or more fields are invalid') =>
  new ProblemError('validation-error', detail, { errors });
export const forbidden = (detail = 'You are not allowed to do this') => new ProblemError('forbidden', detail);
