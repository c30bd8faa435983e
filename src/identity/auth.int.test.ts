import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { auditEntry } from '../audit/schema.js';
import { DEMO_PASSWORD, demoLogins, loadDemo } from '../demo/demo.js';
import { clinic } from '../organisation/schema.js';
import { createTestApp, type TestApp } from '../testing/app.js';
import { signIn, signInAsDemo, totpAt } from '../testing/auth.js';
import { deviceToken, staff } from './schema.js';
import { verifyWitness } from './service.js';

let t: TestApp;
let clinicId: string;
const login = (role: string) => demoLogins.find((l) => l.role === role)!;

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());
beforeEach(async () => {
  await t.database.reset();
  await loadDemo(t.database, t.clock);
  [{ id: clinicId }] = (await t.database.db.select({ id: clinic.id }).from(clinic)) as [{ id: string }];
  // A fresh time step per test: TOTP codes are single-use.
  t.clock.advanceMinutes(1);
});

const get = (url: string, headers: Record<string, string>) => t.app.inject({ method: 'GET', url, headers });
const post = (url: string, headers: Record<string, string>, payload?: object) =>
  t.app.inject({ method: 'POST', url, headers, ...(payload ? { payload } : {}) });

describe('staff sign-in', () => {
  it('signs a therapist in with a hardened session cookie and reports who they are', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: 'THERAPIST@demo-clinic.example', password: DEMO_PASSWORD },
    });
    expect(res.statusCode).toBe(200);
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toMatch(/^kc_session=[A-Za-z0-9_-]{43};/);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    const session = await get('/api/auth/session', { cookie: cookie.split(';')[0]! });
    expect(session.json()).toMatchObject({
      kind: 'staff',
      name: 'Demo Therapist Teri',
      clinics: [{ clinicId, roles: ['therapist'] }],
      mfa: { enabled: false, required: false, enrolmentPending: false },
      idleTimeoutMinutes: 15,
    });
  });

  it('gives the same answer for an unknown email and a wrong password', async () => {
    const unknown = await signIn(t.app, {
      email: 'nobody@demo-clinic.example',
      password: 'whatever-password',
    });
    const wrong = await signIn(t.app, { email: login('nurse').email, password: 'wrong-password-123' });
    expect(unknown.status).toBe(401);
    expect(wrong.status).toBe(401);
    const strip = (j: Record<string, unknown>) => ({ ...j, requestId: undefined, instance: undefined });
    expect(strip(unknown.json)).toEqual(strip(wrong.json));
    expect(unknown.json.type).toBe('/problems/invalid-credentials');
  });

  it('asks MFA roles for their authenticator code, and accepts it with 30 s of clock drift', async () => {
    const { email, totpSecret } = login('prescriber');
    const without = await signIn(t.app, { email, password: DEMO_PASSWORD });
    expect(without.status).toBe(401);
    expect(without.json.type).toBe('/problems/mfa-required');
    const late = await signIn(t.app, {
      email,
      password: DEMO_PASSWORD,
      totp: await totpAt(totpSecret!, t.clock, -30),
    });
    expect(late.status).toBe(200);
  });

  it('never accepts the same authenticator code twice', async () => {
    const { email, totpSecret } = login('compliance');
    const code = await totpAt(totpSecret!, t.clock);
    expect((await signIn(t.app, { email, password: DEMO_PASSWORD, totp: code })).status).toBe(200);
    const replay = await signIn(t.app, { email, password: DEMO_PASSWORD, totp: code });
    expect(replay.status).toBe(401);
    expect(replay.json.type).toBe('/problems/invalid-credentials');
  });

  it('locks an account progressively after five failures, with a clear message, and unlocks after the wait', async () => {
    const { email } = login('therapist');
    for (let i = 0; i < 4; i++) {
      expect((await signIn(t.app, { email, password: `wrong-password-${i}` })).status).toBe(401);
    }
    const fifth = await signIn(t.app, { email, password: 'wrong-password-5' });
    expect(fifth.status).toBe(423);
    expect(fifth.json.detail).toMatch(/locked after repeated failed sign-ins. Try again in 1 minute/);
    const rightButLocked = await signIn(t.app, { email, password: DEMO_PASSWORD });
    expect(rightButLocked.status).toBe(423);
    t.clock.advance(61_000);
    const sixth = await signIn(t.app, { email, password: 'wrong-again-6' });
    expect(sixth.status).toBe(423);
    expect(sixth.json.detail).toMatch(/Try again in 2 minutes/);
    t.clock.advance(121_000);
    expect((await signIn(t.app, { email, password: DEMO_PASSWORD })).status).toBe(200);
    const actions = (await t.database.db.select({ action: auditEntry.action }).from(auditEntry)).map(
      (a) => a.action,
    );
    // Five wrong passwords, the right one while locked, one more wrong one.
    expect(actions.filter((a) => a === 'auth.login_failed')).toHaveLength(7);
    expect(actions.filter((a) => a === 'auth.lockout')).toHaveLength(2);
    expect(actions).toContain('auth.login');
  });

  it('refuses a common password when changing it, naming the field', async () => {
    const me = await signInAsDemo(t.app, t.clock, 'nurse');
    const res = await post('/api/auth/password', me.headers, {
      currentPassword: DEMO_PASSWORD,
      newPassword: 'password1234',
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().errors).toEqual([
      { path: '/body/newPassword', message: expect.stringMatching(/most common/) },
    ]);
    const short = await post('/api/auth/password', me.headers, {
      currentPassword: DEMO_PASSWORD,
      newPassword: 'short',
    });
    expect(short.json().errors[0].message).toMatch(/at least 12 characters/);
  });
});

describe('sessions', () => {
  it('end after 15 idle minutes, and say why', async () => {
    const me = await signInAsDemo(t.app, t.clock, 'nurse');
    t.clock.advanceMinutes(14);
    expect((await get('/api/auth/session', me.headers)).statusCode).toBe(200);
    t.clock.advanceMinutes(14); // activity above reset the idle clock
    expect((await get('/api/auth/session', me.headers)).statusCode).toBe(200);
    t.clock.advanceMinutes(15);
    const res = await get('/api/auth/session', me.headers);
    expect(res.statusCode).toBe(401);
    expect(res.headers['x-session-ended']).toBe('idle');
    expect(res.headers['x-session-idle-minutes']).toBe('15');
  });

  it('end after 12 hours however active', async () => {
    const me = await signInAsDemo(t.app, t.clock, 'nurse');
    for (let i = 0; i < 71; i++) {
      t.clock.advanceMinutes(10);
      expect((await get('/api/auth/session', me.headers)).statusCode).toBe(200);
    }
    t.clock.advanceMinutes(10);
    const res = await get('/api/auth/session', me.headers);
    expect(res.statusCode).toBe(401);
    expect(res.headers['x-session-ended']).toBe('absolute');
  });

  it('log out everywhere ends every session of the person', async () => {
    const phone = await signInAsDemo(t.app, t.clock, 'therapist');
    const desk = await signInAsDemo(t.app, t.clock, 'therapist');
    expect((await post('/api/auth/logout-everywhere', phone.headers)).statusCode).toBe(200);
    expect((await get('/api/auth/session', phone.headers)).statusCode).toBe(401);
    expect((await get('/api/auth/session', desk.headers)).statusCode).toBe(401);
  });

  it('a password change ends the person’s other sessions', async () => {
    const here = await signInAsDemo(t.app, t.clock, 'therapist');
    const elsewhere = await signInAsDemo(t.app, t.clock, 'therapist');
    const res = await post('/api/auth/password', here.headers, {
      currentPassword: DEMO_PASSWORD,
      newPassword: 'a-new-long-passphrase-42',
    });
    expect(res.statusCode).toBe(200);
    expect((await get('/api/auth/session', elsewhere.headers)).statusCode).toBe(401);
    expect(
      (await signIn(t.app, { email: login('therapist').email, password: 'a-new-long-passphrase-42' })).status,
    ).toBe(200);
  });

  it('refuse a state-changing request without the CSRF token', async () => {
    const me = await signInAsDemo(t.app, t.clock, 'nurse');
    const res = await post('/api/auth/logout', { cookie: me.cookie });
    expect(res.statusCode).toBe(403);
    expect(res.json().type).toBe('/problems/csrf-failed');
    const wrong = await post('/api/auth/logout', { cookie: me.cookie, 'x-csrf-token': 'x'.repeat(43) });
    expect(wrong.statusCode).toBe(403);
    expect((await get('/api/auth/session', me.headers)).statusCode).toBe(200);
  });

  it('never accept a session token as a bearer credential', async () => {
    const me = await signInAsDemo(t.app, t.clock, 'nurse');
    const token = me.cookie.split('=')[1]!;
    const res = await get('/api/auth/session', { authorization: `Bearer ${token}` });
    expect(res.statusCode).toBe(401);
  });
});

describe('clinic sign-in rules', () => {
  const put = (headers: Record<string, string>, payload: object) =>
    t.app.inject({ method: 'PUT', url: `/api/clinics/${clinicId}/security`, headers, payload });

  it('start at 15 idle minutes and MFA by role, and an owner can tighten them for new sessions', async () => {
    const owner = await signInAsDemo(t.app, t.clock, 'owner');
    const url = `/api/clinics/${clinicId}/security`;
    expect((await get(url, owner.headers)).json()).toEqual({
      idleTimeoutMinutes: 15,
      mfaRequiredForAll: false,
    });
    const before = await signInAsDemo(t.app, t.clock, 'therapist');
    const changed = await put(owner.headers, { idleTimeoutMinutes: 5, mfaRequiredForAll: true });
    expect(changed.statusCode).toBe(200);
    expect((await get(url, owner.headers)).json()).toEqual({
      idleTimeoutMinutes: 5,
      mfaRequiredForAll: true,
    });

    // A therapist signing in now must set up an authenticator first, and idles out after 5 minutes.
    const after = await signIn(t.app, { email: login('therapist').email, password: DEMO_PASSWORD });
    expect(after.json).toMatchObject({ enrolmentRequired: true });
    expect((await get(`/api/clinics/${clinicId}/patients`, after.headers)).json().type).toBe(
      '/problems/mfa-enrolment-required',
    );
    t.clock.advanceMinutes(6);
    const idle = await get('/api/auth/session', after.headers);
    expect(idle.statusCode).toBe(401);
    expect(idle.headers['x-session-idle-minutes']).toBe('5');
    // The session opened before the change keeps its 15 minutes.
    expect((await get('/api/auth/session', before.headers)).statusCode).toBe(200);

    const [entry] = await t.database.db
      .select()
      .from(auditEntry)
      .where(eq(auditEntry.action, 'clinic.security_changed'));
    expect(entry).toMatchObject({
      clinicId,
      actorType: 'staff',
      resourceId: clinicId,
      detail: {
        before: { idleTimeoutMinutes: 15, mfaRequiredForAll: false },
        after: { idleTimeoutMinutes: 5, mfaRequiredForAll: true },
      },
    });
  });

  it('refuse a timeout outside 5–60 minutes, naming the field, and change nothing', async () => {
    const owner = await signInAsDemo(t.app, t.clock, 'owner');
    const res = await put(owner.headers, { idleTimeoutMinutes: 240, mfaRequiredForAll: false });
    expect(res.statusCode).toBe(422);
    expect(res.json().errors).toEqual([
      expect.objectContaining({ path: '/body/idleTimeoutMinutes', message: expect.stringMatching(/60/) }),
    ]);
    const now = await get(`/api/clinics/${clinicId}/security`, owner.headers);
    expect(now.json().idleTimeoutMinutes).toBe(15);
  });

  it('may be read by compliance but changed only by an owner', async () => {
    const compliance = await signInAsDemo(t.app, t.clock, 'compliance');
    expect((await get(`/api/clinics/${clinicId}/security`, compliance.headers)).statusCode).toBe(200);
    const res = await put(compliance.headers, { idleTimeoutMinutes: 30, mfaRequiredForAll: false });
    expect(res.statusCode).toBe(403);
  });
});

describe('authenticator enrolment', () => {
  it('confines a new prescriber to enrolment until their authenticator is set up', async () => {
    const owner = await signInAsDemo(t.app, t.clock, 'owner');
    const created = await post(`/api/clinics/${clinicId}/staff`, owner.headers, {
      fullName: 'New Prescriber Quinn',
      email: 'quinn@demo-clinic.example',
      roles: ['prescriber'],
    });
    expect(created.statusCode).toBe(200);
    const { initialPassword } = created.json();
    const quinn = await signIn(t.app, { email: 'quinn@demo-clinic.example', password: initialPassword });
    expect(quinn.status).toBe(200);
    expect(quinn.json.enrolmentRequired).toBe(true);
    const blocked = await get(`/api/clinics/${clinicId}/patients`, quinn.headers);
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json().type).toBe('/problems/mfa-enrolment-required');
    const start = await post('/api/auth/mfa/totp', quinn.headers);
    const { secret, otpauthUri } = start.json();
    expect(otpauthUri).toMatch(/^otpauth:\/\/totp\/ketacare:quinn%40demo-clinic\.example\?secret=/);
    const wrong = await post('/api/auth/mfa/totp/confirm', quinn.headers, { code: '000000' });
    expect(wrong.statusCode).toBe(422);
    const confirm = await post('/api/auth/mfa/totp/confirm', quinn.headers, {
      code: await totpAt(secret, t.clock),
    });
    expect(confirm.statusCode).toBe(200);
    const { recoveryCodes } = confirm.json();
    expect(recoveryCodes).toHaveLength(10);
    expect((await get(`/api/clinics/${clinicId}/patients`, quinn.headers)).statusCode).toBe(200);

    // A recovery code signs in once, never twice.
    t.clock.advanceMinutes(1);
    const withRecovery = {
      email: 'quinn@demo-clinic.example',
      password: initialPassword,
      recoveryCode: recoveryCodes[0],
    };
    expect((await signIn(t.app, withRecovery)).status).toBe(200);
    expect((await signIn(t.app, withRecovery)).status).toBe(401);
  });
});

describe('step-up and witnesses', () => {
  it('records a step-up valid for five minutes', async () => {
    const me = await signInAsDemo(t.app, t.clock, 'prescriber');
    t.clock.advanceMinutes(1);
    const res = await post('/api/auth/step-up', me.headers, {
      password: DEMO_PASSWORD,
      totp: await totpAt(login('prescriber').totpSecret!, t.clock),
    });
    expect(res.statusCode).toBe(200);
    expect(new Date(res.json().validUntil).getTime() - t.clock.now().getTime()).toBe(5 * 60_000);
    expect((await get('/api/auth/session', me.headers)).json().stepUpValidUntil).toBe(res.json().validUntil);
    t.clock.advanceMinutes(6);
    expect((await get('/api/auth/session', me.headers)).json().stepUpValidUntil).toBeNull();
  });

  it('refuses a step-up with a wrong code', async () => {
    const me = await signInAsDemo(t.app, t.clock, 'prescriber');
    const res = await post('/api/auth/step-up', me.headers, { password: DEMO_PASSWORD, totp: '123456' });
    expect(res.statusCode).toBe(401);
  });

  it('needs a witness who is a different person, verified on the spot', async () => {
    const [signer] = await t.database.db
      .select()
      .from(staff)
      .where(eq(staff.email, login('prescriber').email));
    const prescriber = login('prescriber');
    const compliance = login('compliance');
    await expect(
      t.database.transaction((tx) =>
        verifyWitness(tx, t.clock, {
          clinicId,
          signerStaffId: signer!.id,
          email: prescriber.email,
          password: DEMO_PASSWORD,
          totp: '000000',
        }),
      ),
    ).rejects.toMatchObject({
      extras: { errors: [{ path: '/body/witness', message: expect.stringMatching(/different person/) }] },
    });
    await expect(
      t.database.transaction(async (tx) =>
        verifyWitness(tx, t.clock, {
          clinicId,
          signerStaffId: signer!.id,
          email: compliance.email,
          password: DEMO_PASSWORD,
          totp: await totpAt(compliance.totpSecret!, t.clock),
        }),
      ),
    ).resolves.toMatchObject({ witnessStaffId: expect.any(String) });
  });
});

describe('device tokens', () => {
  it('are shown once, stored hashed, scoped to a clinic, and stop working when revoked', async () => {
    const owner = await signInAsDemo(t.app, t.clock, 'owner');
    const issued = await post(`/api/clinics/${clinicId}/devices`, owner.headers, {
      name: 'Chair 3 monitor',
      scopes: ['vitals:write'],
    });
    expect(issued.statusCode).toBe(200);
    const { token, device } = issued.json();
    expect(token).toMatch(/^kcd_/);
    const [stored] = await t.database.db.select().from(deviceToken).where(eq(deviceToken.id, device.id));
    expect(stored!.tokenHash).not.toContain(token);
    expect(JSON.stringify(stored)).not.toContain(token);
    const listed = await get(`/api/clinics/${clinicId}/devices`, owner.headers);
    expect(listed.body).not.toContain(token);

    // A device is not a person: it cannot read patients, even at its own clinic.
    const asDevice = await get(`/api/clinics/${clinicId}/patients`, { authorization: `Bearer ${token}` });
    expect(asDevice.statusCode).toBe(403);
    const revoke = await post(`/api/clinics/${clinicId}/devices/${device.id}/revoke`, owner.headers);
    expect(revoke.json().revokedAt).not.toBeNull();
    const afterRevoke = await get(`/api/clinics/${clinicId}/patients`, { authorization: `Bearer ${token}` });
    expect(afterRevoke.statusCode).toBe(401);
  });
});

describe('sign-in rate limit', () => {
  it('refuses a client address that tries too often, whichever accounts it tries', async () => {
    const limited = await createTestApp({ loginRateLimitPerMinute: 3 });
    try {
      const tries = [];
      for (let i = 0; i < 4; i++) {
        tries.push(
          await limited.app.inject({
            method: 'POST',
            url: '/api/auth/login',
            payload: { email: `someone${i}@demo-clinic.example`, password: 'not-the-password' },
          }),
        );
      }
      expect(tries.map((r) => r.statusCode)).toEqual([401, 401, 401, 429]);
      expect(tries[3]!.json().type).toBe('/problems/too-many-requests');
    } finally {
      await limited.close();
    }
  });
});

describe('patients in the portal', () => {
  it('see their own record and nothing of the clinic’s', async () => {
    const me = await signInAsDemo(t.app, t.clock, 'patient');
    const own = await get('/api/portal/me', me.headers);
    expect(own.statusCode).toBe(200);
    expect(own.json()).toMatchObject({ givenName: 'Alpha', familyName: 'Demo-Patient' });
    expect((await get(`/api/clinics/${clinicId}/patients`, me.headers)).statusCode).toBe(403);
    expect((await get(`/api/clinics/${clinicId}/staff`, me.headers)).statusCode).toBe(403);
  });
});

describe('what leaves the server', () => {
  it('never includes password hashes or authenticator secrets', async () => {
    const owner = await signInAsDemo(t.app, t.clock, 'owner');
    const bodies = [
      (await get('/api/auth/session', owner.headers)).body,
      (await get(`/api/clinics/${clinicId}/staff`, owner.headers)).body,
    ];
    for (const body of bodies) {
      expect(body).not.toMatch(/\$argon2/);
      for (const l of demoLogins) if (l.totpSecret) expect(body).not.toContain(l.totpSecret);
    }
    expect(JSON.parse(bodies[1]!).staff).toHaveLength(7);
  });
});
