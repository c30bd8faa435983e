import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { App, AppDeps } from './app.js';
import { sendProblem } from './errors.js';

/**
 * Serves the built single-page app. Assets are files; every other non-API GET gets index.html with the
 * request's CSP nonce filled in, so Mantine's style tag is allowed without 'unsafe-inline'.
 */
export async function webRoutes(app: App, { config }: AppDeps) {
  const webDir = config.webDir;
  const indexPath = webDir ? join(webDir, 'index.html') : undefined;
  if (!webDir || !indexPath || !existsSync(indexPath)) {
    app.get('/', { config: { access: 'public' }, schema: { hide: true } }, async (_request, reply) =>
      reply
        .type('text/plain; charset=utf-8')
        .send('ketacare API is running. The web UI is not built: run `npm run build`.'),
    );
    return;
  }
  const template = readFileSync(indexPath, 'utf8');
  await app.register(fastifyStatic, {
    root: join(webDir, 'assets'),
    prefix: '/assets/',
    immutable: true,
    maxAge: '365d',
    index: false,
    wildcard: true,
    decorateReply: false,
  });

  const sendIndex = (nonce: string) => template.replaceAll('__CSP_NONCE__', nonce);
  const spa = async (request: FastifyRequest, reply: FastifyReply) => {
    const path = request.url.split('?')[0] ?? '/';
    if (path.startsWith('/api/') || path.startsWith('/assets/')) {
      return sendProblem(request, reply, 'not-found', `No route GET ${path}`);
    }
    const nonce = (reply as unknown as { cspNonce: { style: string } }).cspNonce.style;
    return reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(sendIndex(nonce));
  };
  app.get('/', { config: { access: 'public' }, schema: { hide: true } }, spa);
  app.get('/*', { config: { access: 'public' }, schema: { hide: true } }, spa);
  for (const file of ['favicon.svg', 'robots.txt']) {
    const full = join(webDir, file);
    if (existsSync(full)) {
      const body = readFileSync(full);
      app.get(`/${file}`, { config: { access: 'public' }, schema: { hide: true } }, async (_req, reply) =>
        reply.type(file.endsWith('.svg') ? 'image/svg+xml' : 'text/plain').send(body),
      );
    }
  }
}
