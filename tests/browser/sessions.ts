import { generate } from 'otplib';
import { type APIRequestContext, type BrowserContext, request } from 'playwright-core';
import { DEMO_PASSWORD, demoLogins } from '../../src/demo/demo.js';

/**
 * Sign-ins for browser tests. The server refuses one person's authenticator code for the same 30-second step
 * twice, so each demo user with an authenticator is signed in at most once per file: sign the owner in once
 * (`ownerApi`) and create fresh staff through it for anything else.
 */
export const demo = (role: string) => {
  const login = demoLogins.find((l) => l.role === role);
  if (!login) throw new Error(`no demo login for ${role}`);
  return login;
};

export const totpNow = (secret: string) => generate({ secret });

type Requester = Pick<APIRequestContext, 'post' | 'get'>;

/** Signs `requester` in (a browser context's `request` shares its cookies with the pages). */
export async function signInWith(
  requester: Requester,
  baseUrl: string,
  email: string,
  password = DEMO_PASSWORD,
  opts: { totpSecret?: string | null; patient?: boolean } = {},
): Promise<string> {
  const url = `${baseUrl}${opts.patient ? '/api/portal/auth/login' : '/api/auth/login'}`;
  if (!opts.totpSecret) return csrfOf(await requester.post(url, { data: { email, password } }), email);
  // The server accepts each 30-second step's code once per person, and another file may just have used it:
  // on a refusal, try the next step (accepted at once), then wait for the clock (codeAfter).
  let res: Awaited<ReturnType<Requester['post']>> | undefined;
  let step = Math.floor(Date.now() / 30_000) - 1;
  for (let attempt = 0; attempt < 3; attempt++) {
    const totp = await codeAfter(opts.totpSecret, step);
    step = Math.max(Math.floor(Date.now() / 30_000), step + 1);
    res = await requester.post(url, { data: { email, password, totp } });
    if (res.status() !== 401) break;
  }
  return csrfOf(res!, email);
}

async function csrfOf(res: Awaited<ReturnType<Requester['post']>>, email: string): Promise<string> {
  if (!res.ok()) throw new Error(`sign-in of ${email} failed: ${res.status()} ${await res.text()}`);
  return ((await res.json()) as { csrfToken: string }).csrfToken;
}

export const signInAsDemo = (context: BrowserContext, baseUrl: string, role: string) => {
  const login = demo(role);
  return signInWith(context.request, baseUrl, login.email, login.password, {
    totpSecret: login.totpSecret,
    patient: role === 'patient',
  });
};

export interface OwnerApi {
  api: APIRequestContext;
  clinicId: string;
  csrf: string;
  /** Adds a staff member; returns their email and one-time first password. */
  addStaff(roles: string[], name?: string): Promise<{ id: string; email: string; password: string }>;
}

let counter = 0;

/** The demo owner, signed in once through the API, for setting up what a test needs. */
export async function ownerApi(baseUrl: string): Promise<OwnerApi> {
  const api = await request.newContext();
  const owner = demo('owner');
  const csrf = await signInWith(api, baseUrl, owner.email, owner.password, { totpSecret: owner.totpSecret });
  const session = (await (await api.get(`${baseUrl}/api/auth/session`)).json()) as {
    clinics: { clinicId: string }[];
  };
  const clinicId = session.clinics[0]!.clinicId;
  return {
    api,
    clinicId,
    csrf,
    async addStaff(roles, name) {
      counter += 1;
      const email = `test-${Date.now()}-${counter}@example.invalid`;
      const res = await api.post(`${baseUrl}/api/clinics/${clinicId}/staff`, {
        headers: { 'x-csrf-token': csrf },
        data: { fullName: name ?? `Test Person ${counter}`, email, roles },
      });
      if (!res.ok()) throw new Error(`adding staff failed: ${res.status()} ${await res.text()}`);
      const body = (await res.json()) as { staff: { id: string }; initialPassword: string };
      return { id: body.staff.id, email, password: body.initialPassword };
    },
  };
}

/**
 * Console messages a test does not expect: the browser logs every refused request, and these tests refuse on
 * purpose (wrong password 401, lockout 423, a form the server rejects 422).
 */
export const unexpected = (problems: string[]) =>
  problems.filter(
    (p) => !/Failed to load resource: the server responded with a status of (401|422|423)/.test(p),
  );

/** A code from a later 30-second step than `after`: the server refuses a step it has already accepted. */
export async function codeAfter(secret: string, after: number): Promise<string> {
  // The server accepts one step either side of its clock, so the next step's code is good at once; a step
  // further ahead is not, so a third code within one step waits until the clock catches up.
  while (after > Math.floor(Date.now() / 30_000)) await new Promise((r) => setTimeout(r, 500));
  const step = Math.max(Math.floor(Date.now() / 30_000), after + 1);
  return generate({ secret, epoch: step * 30 });
}

/**
 * A staff member of the test's own, signed in to `context` with an authenticator set up through the API (the
 * demo prescriber's and owner's codes are used by other files in the same run, and a code works once). Step-up
 * later takes `codeAfter(secret, enrolStep)`.
 */
export async function staffWithAuthenticator(
  owner: OwnerApi,
  context: BrowserContext,
  baseUrl: string,
  roles: string[],
  name: string,
) {
  const person = await owner.addStaff(roles, name);
  const csrf = await signInWith(context.request, baseUrl, person.email, person.password);
  const { secret } = (await (
    await context.request.post(`${baseUrl}/api/auth/mfa/totp`, { headers: { 'x-csrf-token': csrf } })
  ).json()) as { secret: string };
  const enrolStep = Math.floor(Date.now() / 30_000);
  const confirmed = await context.request.post(`${baseUrl}/api/auth/mfa/totp/confirm`, {
    headers: { 'x-csrf-token': csrf },
    data: { code: await generate({ secret, epoch: enrolStep * 30 }) },
  });
  if (confirmed.status() !== 200) throw new Error(`authenticator not confirmed: ${await confirmed.text()}`);
  return { person, csrf, secret, enrolStep };
}
