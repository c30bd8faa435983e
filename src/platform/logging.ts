import pino, { type DestinationStream, type Logger } from 'pino';

/**
 * Logs carry no patient data. A request line names the route template (`/api/patients/:patientId`), never the
 * concrete URL or query string; bodies are never logged; credentials are redacted.
 */
const serializers = {
  req(request: { method: string; id: string; routeOptions?: { url?: string } }) {
    return { method: request.method, route: request.routeOptions?.url ?? '(unmatched)', id: request.id };
  },
  res(reply: { statusCode: number }) {
    return { statusCode: reply.statusCode };
  },
};

export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options = {
    level,
    serializers,
    redact: {
      paths: ['req.headers.authorization', 'req.headers.cookie', '*.password', '*.totp'],
      censor: '[redacted]',
    },
  };
  return destination ? pino(options, destination) : pino(options);
}
