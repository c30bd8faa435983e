import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Actor, Role, StaffActor } from './actor.js';
import { roles } from './actor.js';
import { decide, decideGrant, type Grant, type Permission, policy, STEP_UP_WINDOW_MS } from './policy.js';

const clinicA = '00000000-0000-7000-8000-00000000000a';
const clinicB = '00000000-0000-7000-8000-00000000000b';
const now = new Date('2026-03-02T15:00:00Z');

function staff(rolesByClinic: Record<string, Role[]>, stepUpAt: Date | null = null): StaffActor {
  return {
    kind: 'staff',
    staffId: 's1',
    organisationId: 'o1',
    sessionId: 'x',
    rolesByClinic,
    stepUpAt,
    enrolmentOnly: false,
  };
}
const patientA: Actor = {
  kind: 'patient',
  accountId: 'a',
  patientId: 'p-a',
  clinicId: clinicA,
  sessionId: 'y',
};
const device: Actor = { kind: 'device', tokenId: 't', clinicId: clinicA, scopes: ['vitals:write'] };

describe('the access policy, as a clinic would state it', () => {
  // Hand-written expectations: who may read patient records at their clinic.
  const patientReaders: Record<Role, boolean> = {
    owner: false,
    prescriber: true,
    nurse: true,
    front_desk: true,
    therapist: true,
    compliance: true,
  };
  for (const role of roles) {
    it(`${role} ${patientReaders[role] ? 'may' : 'may not'} read patients at their own clinic`, () => {
      const d = decide(staff({ [clinicA]: [role] }), 'patient.read', { clinicId: clinicA }, now);
      expect(d.outcome).toBe(patientReaders[role] ? 'allow' : 'deny');
      if (!patientReaders[role]) expect(d).toMatchObject({ status: 403 });
    });
  }

  it('only owner and compliance view the audit trail', () => {
    const allowed = roles.filter(
      (r) => decide(staff({ [clinicA]: [r] }), 'audit.read', { clinicId: clinicA }, now).outcome === 'allow',
    );
    expect(allowed.sort()).toEqual(['compliance', 'owner']);
  });

  it('answers 404 for a clinic the staff member does not work at, whatever their roles elsewhere', () => {
    const d = decide(staff({ [clinicA]: [...roles] }), 'patient.read', { clinicId: clinicB }, now);
    expect(d).toEqual({ outcome: 'deny', status: 404, reason: 'not-found' });
  });

  it('uses the roles held at the target clinic, not elsewhere', () => {
    const nurseHereOwnerThere = staff({ [clinicA]: ['nurse'], [clinicB]: ['owner'] });
    expect(decide(nurseHereOwnerThere, 'staff.manage', { clinicId: clinicA }, now)).toMatchObject({
      status: 403,
    });
    expect(decide(nurseHereOwnerThere, 'staff.manage', { clinicId: clinicB }, now).outcome).toBe('allow');
  });

  it('answers 401 to nobody for every permission', () => {
    for (const permission of Object.keys(policy) as Permission[]) {
      expect(decide(null, permission, { clinicId: clinicA }, now)).toMatchObject({ status: 401 });
    }
  });

  it('lets a patient into their own portal only, scoped to their clinic', () => {
    expect(decide(patientA, 'portal.self', {}, now)).toEqual({ outcome: 'allow', clinicId: clinicA });
    expect(decide(patientA, 'portal.self', { clinicId: clinicB }, now)).toMatchObject({ status: 404 });
    expect(decide(patientA, 'patient.read', { clinicId: clinicA }, now)).toMatchObject({ status: 403 });
  });

  it('lets a device do only what its scopes say, at its own clinic', () => {
    expect(decide(device, 'vitals.ingest', {}, now).outcome).toBe('allow');
    expect(decide(device, 'vitals.ingest', { clinicId: clinicB }, now)).toMatchObject({ status: 404 });
    expect(decide(device, 'patient.read', { clinicId: clinicA }, now)).toMatchObject({ status: 403 });
    const noScope: Actor = { ...device, scopes: [] } as Actor;
    expect(decide(noScope, 'vitals.ingest', {}, now)).toMatchObject({ status: 403 });
  });

  it('never lets a staff member act as a patient or a device', () => {
    const everything = staff({ [clinicA]: [...roles] });
    expect(decide(everything, 'portal.self', {}, now)).toMatchObject({ status: 403 });
    expect(decide(everything, 'vitals.ingest', {}, now)).toMatchObject({ status: 403 });
  });
});

describe('a staff member who must still set up an authenticator', () => {
  const pending = { ...staff({ [clinicA]: ['prescriber'] }), enrolmentOnly: true };
  it('can reach only their own sign-in and authenticator settings', () => {
    expect(decide(pending, 'session.self', {}, now).outcome).toBe('allow');
    expect(decide(pending, 'mfa.self', {}, now).outcome).toBe('allow');
    const open = ['session.self', 'mfa.self'];
    for (const permission of (Object.keys(policy) as Permission[]).filter((p) => !open.includes(p))) {
      expect(decide(pending, permission, { clinicId: clinicA }, now)).toMatchObject({
        outcome: 'deny',
        reason: expect.stringMatching(/mfa-enrolment-required|forbidden/),
      });
    }
    expect(decide(pending, 'patient.read', { clinicId: clinicA }, now)).toMatchObject({
      reason: 'mfa-enrolment-required',
    });
  });
});

describe('step-up', () => {
  // Signing an order, overriding a gate or signing a ledger entry carry this flag once those modules land.
  const signing: Grant = { staff: ['prescriber'], stepUp: true, description: 'sign an order' };

  it('allows within 5 minutes of re-authentication, and not a millisecond later', () => {
    const fresh = staff({ [clinicA]: ['prescriber'] }, new Date(now.getTime() - STEP_UP_WINDOW_MS));
    const stale = staff({ [clinicA]: ['prescriber'] }, new Date(now.getTime() - STEP_UP_WINDOW_MS - 1));
    expect(decideGrant(fresh, signing, { clinicId: clinicA }, now).outcome).toBe('allow');
    expect(decideGrant(stale, signing, { clinicId: clinicA }, now)).toMatchObject({
      reason: 'step-up-required',
    });
  });

  it('requires a step-up that happened at all', () => {
    expect(
      decideGrant(staff({ [clinicA]: ['prescriber'] }), signing, { clinicId: clinicA }, now),
    ).toMatchObject({
      status: 403,
      reason: 'step-up-required',
    });
  });

  it('does not let a step-up stand in for the role', () => {
    expect(
      decideGrant(staff({ [clinicA]: ['nurse'] }, now), signing, { clinicId: clinicA }, now),
    ).toMatchObject({
      reason: 'forbidden',
    });
  });
});

describe('properties', () => {
  const arbRoles = fc.subarray([...roles]);
  const arbPermission = fc.constantFrom(...(Object.keys(policy) as Permission[]));

  it('never allows a staff member into a clinic where they hold no role', () => {
    fc.assert(
      fc.property(arbRoles, arbPermission, (rs, permission) => {
        const d = decide(staff({ [clinicA]: rs }), permission, { clinicId: clinicB }, now);
        return d.outcome === 'deny';
      }),
    );
  });

  it('an allowed staff decision is always scoped to the clinic asked for', () => {
    fc.assert(
      fc.property(arbRoles, arbPermission, (rs, permission) => {
        const d = decide(staff({ [clinicA]: rs }, now), permission, { clinicId: clinicA }, now);
        return d.outcome === 'deny' || d.clinicId === clinicA;
      }),
    );
  });

  it('more roles never take a permission away', () => {
    fc.assert(
      fc.property(arbRoles, arbRoles, arbPermission, (a, b, permission) => {
        const fewer = decide(staff({ [clinicA]: a }, now), permission, { clinicId: clinicA }, now);
        const more = decide(
          staff({ [clinicA]: [...new Set([...a, ...b])] }, now),
          permission,
          { clinicId: clinicA },
          now,
        );
        return fewer.outcome === 'deny' || more.outcome === 'allow';
      }),
    );
  });
});
