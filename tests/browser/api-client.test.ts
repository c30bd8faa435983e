import { afterEach, beforeEach, describe, expect, inject, it, vi } from 'vitest';
import { ApiError, api, publicClinics } from '../../web/src/api/client.js';

// The UI's API client, run against the real server: the browser resolves '/api/…' against the page's origin,
// here the test server's URL does that.
const baseUrl = inject('baseUrl');
const realFetch = globalThis.fetch;

beforeEach(() => {
  vi.stubGlobal('fetch', (input: string, init?: RequestInit) => realFetch(`${baseUrl}${input}`, init));
});
afterEach(() => vi.unstubAllGlobals());

async function failure(promise: Promise<unknown>): Promise<ApiError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ApiError);
  return error as ApiError;
}

describe('api client', () => {
  it('reads the public clinic list typed by the server schema', async () => {
    const { clinics } = await publicClinics();
    expect(clinics.map((c) => c.name)).toContain('Demo Ketamine Clinic — Springfield');
    expect(clinics[0]).toEqual(
      expect.objectContaining({
        id: expect.any(String),
        phone: expect.any(String),
        timeZone: expect.any(String),
      }),
    );
  });

  it('turns a 404 problem into an ApiError with its type, title and request id', async () => {
    const error = await failure(api('/api/no-such-thing'));
    expect(error.status).toBe(404);
    expect(error.type).toBe('/problems/not-found');
    expect(error.title).toBe('Not found');
    expect(error.detail).toContain('/api/no-such-thing');
    expect(error.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(error.fieldErrors).toEqual([]);
  });

  it('turns a refusal for a signed-out caller into an unauthenticated ApiError', async () => {
    const error = await failure(api('/api/clinics'));
    expect(error.status).toBe(401);
    expect(error.type).toBe('/problems/unauthenticated');
  });

  it('keeps field paths and the refusing rule from a problem body', async () => {
    vi.stubGlobal(
      'fetch',
      async () =>
        new Response(
          JSON.stringify({
            type: '/problems/validation-error',
            title: 'The request has invalid fields',
            status: 422,
            detail: 'One or more fields are invalid',
            errors: [{ path: '/body/weightKg', message: 'must be >= 20' }],
            rule: 'DOSE-WEIGHT-RANGE',
          }),
          { status: 422, headers: { 'content-type': 'application/problem+json' } },
        ),
    );
    const error = await failure(api('/api/anything', { method: 'POST', body: '{}' }));
    expect(error.status).toBe(422);
    expect(error.errorFor('/body/weightKg')).toBe('must be >= 20');
    expect(error.errorFor('/body/other')).toBeUndefined();
    expect(error.rule).toBe('DOSE-WEIGHT-RANGE');
    expect(error.message).toBe('One or more fields are invalid');
  });

  it('still gives an ApiError when the error body is not a problem (a proxy page)', async () => {
    vi.stubGlobal(
      'fetch',
      async () =>
        new Response('<html>Bad gateway</html>', {
          status: 502,
          statusText: 'Bad Gateway',
          headers: { 'content-type': 'text/html' },
        }),
    );
    const error = await failure(api('/api/clinics'));
    expect(error.status).toBe(502);
    expect(error.title).toBe('Bad Gateway');
    expect(error.type).toBe('about:blank');
  });

  it('reports an unreachable server as a network ApiError', async () => {
    vi.stubGlobal('fetch', async () => {
      throw new TypeError('fetch failed');
    });
    const error = await failure(api('/api/public/clinics'));
    expect(error.type).toBe('network');
    expect(error.status).toBe(0);
  });
});
