import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { type FieldError, ProblemError, type ProblemSlug, problemTypes, problemTypeUri } from './problem.js';

interface AjvIssue {
  instancePath: string;
  keyword: string;
  message?: string;
  params: Record<string, unknown>;
}

const contextPrefix: Record<string, string> = {
  body: '/body',
  querystring: '/query',
  params: '/params',
  headers: '/headers',
};

/** Turns Ajv's errors into field paths a client can point at: `/body/vitals/systolic`. */
export function fieldErrors(context: string | undefined, issues: AjvIssue[]): FieldError[] {
  const prefix = contextPrefix[context ?? 'body'] ?? `/${context}`;
  const seen = new Set<string>();
  const out: FieldError[] = [];
  for (const issue of issues) {
    let path = `${prefix}${issue.instancePath}`;
    let message = issue.message ?? 'is invalid';
    if (issue.keyword === 'additionalProperties') {
      path = `${path}/${String(issue.params.additionalProperty)}`;
      message = 'is not a known field';
    } else if (issue.keyword === 'required') {
      path = `${path}/${String(issue.params.missingProperty)}`;
      message = 'is required';
    }
    // anyOf/oneOf branches repeat themselves; one line per path and message is enough.
    const key = `${path}\u0000${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ path, message });
  }
  return out;
}

function slugForFastifyError(error: FastifyError): ProblemSlug {
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return 'payload-too-large';
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' ? 'unsupported-media-type' : 'malformed-request';
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return 'malformed-request';
    default:
      break;
  }
  if (error instanceof SyntaxError) return 'malformed-request';
  if (error.statusCode === 429) return 'too-many-requests';
  if (error.statusCode === 404) return 'not-found';
  if (error.statusCode === 405) return 'method-not-allowed';
  if (error.statusCode === 415) return 'unsupported-media-type';
  if (error.statusCode === 413) return 'payload-too-large';
  if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) return 'malformed-request';
  return 'internal-error';
}

export function sendProblem(
  request: FastifyRequest,
  reply: FastifyReply,
  slug: ProblemSlug,
  detail: string | undefined,
  extras: { errors?: FieldError[]; rule?: string } = {},
): FastifyReply {
  const { status, title } = problemTypes[slug];
  return reply
    .code(status)
    .type('application/problem+json')
    .send({
      type: problemTypeUri(slug),
      title,
      status,
      ...(detail ? { detail } : {}),
      instance: request.url.split('?')[0],
      requestId: request.id,
      ...extras,
    });
}

/** The one error handler: every failure leaves as problem+json; a 5xx never shows its internals. */
export function handleError(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  if (error instanceof ProblemError) {
    return sendProblem(request, reply, error.slug, error.message, error.extras);
  }
  if (error.validation) {
    return sendProblem(request, reply, 'validation-error', 'One or more fields are invalid', {
      errors: fieldErrors(error.validationContext, error.validation as AjvIssue[]),
    });
  }
  const slug = slugForFastifyError(error);
  if (slug === 'internal-error') {
    // Log the kind of failure and its stack, never the request body or the message (it may quote patient data).
    // The stack's first line repeats the message, so only the frames are kept.
    const frames = error.stack?.split('\n').slice(1).join('\n');
    request.log.error({ errName: error.name, errCode: error.code, frames }, 'unhandled error');
    return sendProblem(
      request,
      reply,
      slug,
      'Something went wrong on our side; the request id identifies it in the logs',
    );
  }
  const detail =
    slug === 'payload-too-large'
      ? 'The request body is larger than the server accepts'
      : slug === 'malformed-request'
        ? 'The request body is not valid JSON'
        : slug === 'unsupported-media-type'
          ? 'Send the body as application/json'
          : error.message;
  return sendProblem(request, reply, slug, detail);
}
