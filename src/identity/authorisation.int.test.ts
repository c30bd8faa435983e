import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, loadDemo } from '../demo/demo.js';
import { clinic } from '../organisation/schema.js';
import { createOrganisationWithClinic } from '../organisation/service.js';
import { patient } from '../patient/schema.js';
import { createTestApp, type TestApp } from '../testing/app.js';
import { type SignedIn, signIn, signInAsDemo } from '../testing/auth.js';
import type { Actor, Role } from './actor.js';
import { roles } from './actor.js';
import { hashPassword } from './crypto.js';
import { decide, isPermission } from './policy.js';
import { patientAccount, staff } from './schema.js';
import { insertStaff } from './staff-service.js';

/**
 * Generated from the route registry: every route × every kind of caller gets exactly what the policy says.
 * A route added later is covered without touching this file.
 */
let t: TestApp;
let clinicA: string;
let clinicB: string;
const patientsByClinic: Record<string, { id: string; email: string; name: string }[]> = {};
let anyStaffId: string;
let deviceToken: string;
const PASSWORD = DEMO_PASSWORD;

beforeAll(async () => {
  t = await createTestApp();
  await loadDemo(t.database, t.clock);
  [{ id: clinicA }] = (await t.database.db.select({ id: clinic.id }).from(clinic)) as [{ id: string }];
  const [{ organisationId }] = (await t.database.db
    .select({ organisationId: clinic.organisationId })
    .from(clinic)) as [{ organisationId: string }];
  const hash = await hashPassword(PASSWORD);
  await t.database.transaction(async (tx) => {
    // A second clinic of the same organisation, with its own owner and patients.
    const created = await createOrganisationWithClinic(
      t.database,
      t.clock,
      {
        organisationName: 'Other Demo Org',
        clinic: {
          name: 'Demo Clinic B',
          addressLine1: '9 Sample Road',
          city: 'Denver',
          state: 'CO',
          postalCode: '80202',
          timeZone: 'America/Denver',
          phone: '303-555-0199',
        },
      },
      tx,
    );
    clinicB = created.clinic.id;
    await insertStaff(tx, t.clock, {
      organisationId,
      clinicId: clinicB,
      fullName: 'Other Clinic Nurse',
      email: 'nurse@clinic-b.example',
      roles: ['nurse', 'front_desk', 'therapist'],
      passwordHash: hash,
    });
    for (const [clinicId, names] of [
      [clinicA, ['Beta', 'Gamma']],
      [clinicB, ['Delta', 'Epsilon', 'Zeta']],
    ] as const) {
      for (const name of names) {
        const [row] = await tx
          .insert(patient)
          .values({
            clinicId,
            givenName: name,
            familyName: 'Demo-Patient',
            birthDate: '1975-05-05',
            createdAt: t.clock.now(),
          })
          .returning({ id: patient.id });
        const email = `${name.toLowerCase()}@demo-clinic.example`;
        await tx.insert(patientAccount).values({
          clinicId,
          patientId: row!.id,
          email,
          passwordHash: hash,
          passwordChangedAt: t.clock.now(),
          createdAt: t.clock.now(),
        });
      }
    }
  });
  const accounts = await t.database.db
    .select({
      id: patientAccount.patientId,
      email: patientAccount.email,
      clinicId: patientAccount.clinicId,
      name: patient.givenName,
    })
    .from(patientAccount)
    .innerJoin(patient, (await import('drizzle-orm')).eq(patient.id, patientAccount.patientId));
  for (const a of accounts) {
    patientsByClinic[a.clinicId] = [
      ...(patientsByClinic[a.clinicId] ?? []),
      { id: a.id, email: a.email, name: a.name },
    ];
  }
  [{ id: anyStaffId }] = (await t.database.db.select({ id: staff.id }).from(staff).limit(1)) as [
    { id: string },
  ];
  const owner = await signInAsDemo(t.app, t.clock, 'owner');
  const issued = await t.app.inject({
    method: 'POST',
    url: `/api/clinics/${clinicA}/devices`,
    headers: owner.headers,
    payload: { name: 'Matrix monitor', scopes: ['vitals:write'] },
  });
  deviceToken = issued.json().token;
  t.clock.advanceMinutes(1);
}, 120_000);
afterAll(async () => t?.close());

interface Caller {
  label: string;
  /** The actor the policy should see, to compute the expectation. */
  actor: Actor | null;
  headers: () => Promise<Record<string, string>>;
}

function staffActor(rolesHere: Role[], clinicId: string): Actor {
  return {
    kind: 'staff',
    staffId: 'x',
    organisationId: 'x',
    sessionId: 'x',
    rolesByClinic: { [clinicId]: rolesHere },
    stepUpAt: null,
    enrolmentOnly: false,
  };
}

async function fresh(role: string): Promise<Record<string, string>> {
  t.clock.advance(31_000); // a new TOTP time step for every MFA sign-in
  return (await signInAsDemo(t.app, t.clock, role)).headers;
}

async function patientSession(email: string): Promise<SignedIn> {
  const s = await signIn(t.app, { email, password: PASSWORD }, '/api/portal/auth/login');
  if (s.status !== 200) throw new Error(`patient sign-in failed for ${email}`);
  return s;
}

const callers = (): Caller[] => [
  { label: 'anonymous', actor: null, headers: async () => ({}) },
  ...roles.map((role) => ({
    label: `${role} of clinic A`,
    actor: staffActor([role], clinicA),
    headers: () => fresh(role),
  })),
  {
    label: 'staff of clinic B only',
    actor: staffActor(['nurse', 'front_desk', 'therapist'], clinicB),
    headers: async () =>
      (await signIn(t.app, { email: 'nurse@clinic-b.example', password: PASSWORD })).headers,
  },
  {
    label: 'patient of clinic A',
    actor: { kind: 'patient', accountId: 'x', patientId: 'x', clinicId: clinicA, sessionId: 'x' },
    headers: async () => (await signInAsDemo(t.app, t.clock, 'patient')).headers,
  },
  {
    label: 'patient of clinic B',
    actor: { kind: 'patient', accountId: 'x', patientId: 'x', clinicId: clinicB, sessionId: 'x' },
    headers: async () => (await patientSession(patientsByClinic[clinicB]![0]!.email)).headers,
  },
  {
    label: 'device of clinic A',
    actor: { kind: 'device', tokenId: 'x', clinicId: clinicA, scopes: ['vitals:write'] },
    headers: async () => ({ authorization: `Bearer ${deviceToken}` }),
  },
];

function concreteUrl(template: string): string {
  return template
    .replace(':clinicId', clinicA)
    .replace(':patientId', patientsByClinic[clinicA]![0]!.id)
    .replace(':staffId', anyStaffId)
    .replace(':deviceId', '00000000-0000-7000-8000-000000000000');
}

describe('authorisation matrix (every route × every caller)', () => {
  it('covers the protected routes', () => {
    const protectedRoutes = t.app.routeTable.filter((r) => r.access !== 'public' && r.method !== 'HEAD');
    expect(protectedRoutes.length).toBeGreaterThanOrEqual(15);
    for (const r of protectedRoutes)
      expect(r.access !== 'public' && isPermission(r.access.permission)).toBe(true);
  });

  it('answers each caller as the policy says', async () => {
    const protectedRoutes = t.app.routeTable.filter((r) => r.access !== 'public' && r.method !== 'HEAD');
    const mismatches: string[] = [];
    for (const route of protectedRoutes) {
      if (route.access === 'public' || !isPermission(route.access.permission)) continue;
      for (const caller of callers()) {
        const target = { clinicId: route.url.includes(':clinicId') ? clinicA : undefined };
        const expected = decide(caller.actor, route.access.permission, target, t.clock.now());
        const headers = await caller.headers();
        const res = await t.app.inject({
          method: route.method as 'GET',
          url: concreteUrl(route.url),
          headers,
          // Deliberately incomplete: an allowed caller gets past authorisation to validation (422), nothing runs.
          ...(route.method === 'GET' ? {} : { payload: { __probe: true } }),
        });
        const body = String(res.headers['content-type'] ?? '').includes('json') ? res.json() : {};
        const deniedByPolicy =
          [401, 403].includes(res.statusCode) || (res.statusCode === 404 && body.detail === 'Not found');
        const ok =
          expected.outcome === 'allow'
            ? !deniedByPolicy
            : res.statusCode === expected.status && deniedByPolicy;
        if (!ok) {
          mismatches.push(
            `${route.method} ${route.url} as ${caller.label}: expected ${expected.outcome === 'allow' ? 'allowed' : expected.status}, got ${res.statusCode} ${body.type ?? ''}`,
          );
        }
      }
    }
    expect(mismatches).toEqual([]);
  }, 240_000);
});

describe('patients never see one another', () => {
  it('for random pairs, A’s session never returns anything of B, whatever ids A puts in the path', async () => {
    const everyone = Object.values(patientsByClinic).flat();
    const sessions = new Map<string, SignedIn>();
    for (const p of everyone) sessions.set(p.id, await patientSession(p.email));
    const patientPaths = (victim: { id: string }, clinicOfVictim: string) => [
      '/api/portal/me',
      '/api/auth/session',
      `/api/clinics/${clinicOfVictim}/patients/${victim.id}`,
      `/api/clinics/${clinicOfVictim}/patients?search=Demo`,
    ];
    const clinicOf = (id: string) =>
      Object.entries(patientsByClinic).find(([, ps]) => ps.some((p) => p.id === id))![0];
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...everyone),
        fc.constantFrom(...everyone),
        fc.nat({ max: 3 }),
        async (a, b, pathIndex) => {
          fc.pre(a.id !== b.id);
          const url = patientPaths(b, clinicOf(b.id))[pathIndex]!;
          const res = await t.app.inject({ method: 'GET', url, headers: sessions.get(a.id)!.headers });
          // A problem's `instance` echoes the path A typed; everything else must hold nothing of B.
          const { instance: _echo, ...body } = res.json();
          const text = JSON.stringify(body);
          expect(text).not.toContain(b.id);
          expect(text).not.toContain(`"${b.name}"`);
          if (url.startsWith('/api/clinics/')) expect([403, 404]).toContain(res.statusCode);
        },
      ),
      { numRuns: 60 },
    );
  }, 120_000);
});
