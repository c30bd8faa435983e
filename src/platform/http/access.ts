import type { RouteOptions } from 'fastify';

/**
 * Every route declares who may call it. The declaration is checked when the route is registered: a route
 * without one makes the app refuse to start, so forgetting is impossible rather than merely caught by a test.
 */
export type RouteAccess =
  /** Anyone, signed in or not: health checks, the login form, static assets. */
  | 'public'
  /** A permission from the policy, e.g. `clinic.read`; the policy says which roles hold it. */
  | { permission: string };

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: RouteAccess;
  }
}

/** Routes added by third-party plugins we cannot annotate: the API reference page and the UI's static assets. */
const pluginPublicPrefixes = ['/api/docs', '/assets'];

export class UndeclaredAccessError extends Error {}

export function accessOf(route: Pick<RouteOptions, 'url' | 'config'>): RouteAccess {
  const declared = (route.config as { access?: RouteAccess } | undefined)?.access;
  if (declared) return declared;
  if (pluginPublicPrefixes.some((p) => route.url === p || route.url.startsWith(`${p}/`))) return 'public';
  throw new UndeclaredAccessError(`route ${route.url} does not declare its access (config.access)`);
}

/**
 * Unknown fields in a request body are an error, not silently dropped: every object schema in a body must be
 * closed (`additionalProperties: false`). Checked at registration, like access.
 */
export function assertClosedObjects(schema: unknown, where: string): void {
  if (!schema || typeof schema !== 'object') return;
  const node = schema as Record<string, unknown>;
  if (
    node.type === 'object' &&
    node.properties &&
    node.additionalProperties !== false &&
    !node.patternProperties
  ) {
    throw new UndeclaredAccessError(`${where}: object schema must set additionalProperties: false`);
  }
  for (const [key, value] of Object.entries(node)) {
    if (key === 'properties' && value && typeof value === 'object') {
      for (const [prop, child] of Object.entries(value)) assertClosedObjects(child, `${where}.${prop}`);
    } else if (Array.isArray(value)) {
      for (const [i, child] of value.entries()) assertClosedObjects(child, `${where}[${i}]`);
    } else if (value && typeof value === 'object' && (key === 'items' || key === 'additionalProperties')) {
      assertClosedObjects(value, `${where}.${key}`);
    }
  }
}

/** One registered route and its declared access: the authorisation matrix test walks this list. */
export interface RouteEntry {
  method: string;
  url: string;
  access: RouteAccess;
}

declare module 'fastify' {
  interface FastifyInstance {
    routeTable: RouteEntry[];
  }
}
