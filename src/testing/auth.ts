import { generate } from 'otplib';
import { DEMO_PASSWORD, demoLogins } from '../demo/demo.js';
import type { Clock } from '../platform/clock.js';
import type { App } from '../platform/http/app.js';

export interface SignedIn {
  cookie: string;
  csrf: string;
  /** Headers for a request in this session (cookie + CSRF token). */
  headers: Record<string, string>;
}

/** The 6-digit code an authenticator app would show at the clock's time. */
export const totpAt = (secret: string, clock: Clock, offsetSeconds = 0) =>
  generate({ secret, epoch: Math.floor(clock.now().getTime() / 1000) + offsetSeconds });

export function cookieFrom(setCookie: string | string[] | undefined): string {
  const first = [setCookie ?? []].flat()[0] ?? '';
  return first.split(';')[0] ?? '';
}

export async function signIn(
  app: App,
  body: Record<string, string>,
  path = '/api/auth/login',
): Promise<SignedIn & { status: number; json: Record<string, unknown> }> {
  const res = await app.inject({ method: 'POST', url: path, payload: body });
  const json = res.json() as Record<string, unknown>;
  const cookie = cookieFrom(res.headers['set-cookie']);
  const csrf = String(json.csrfToken ?? '');
  return { status: res.statusCode, json, cookie, csrf, headers: { cookie, 'x-csrf-token': csrf } };
}

/** Signs in as the demo user of a role (with a fresh TOTP code where the role needs one). */
export async function signInAsDemo(app: App, clock: Clock, role: string): Promise<SignedIn> {
  const login = demoLogins.find((l) => l.role === role);
  if (!login) throw new Error(`no demo login for ${role}`);
  const body: Record<string, string> = { email: login.email, password: DEMO_PASSWORD };
  if (login.totpSecret) body.totp = await totpAt(login.totpSecret, clock);
  const path = role === 'patient' ? '/api/portal/auth/login' : '/api/auth/login';
  const result = await signIn(app, body, path);
  if (result.status !== 200)
    throw new Error(`demo sign-in as ${role} failed: ${JSON.stringify(result.json)}`);
  return result;
}
