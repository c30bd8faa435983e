import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEMO_PASSWORD, demoLogins, loadDemo } from '../demo/demo.js';
import { staff } from '../identity/schema.js';
import { clinic } from '../organisation/schema.js';
import { patient } from '../patient/schema.js';
import { createTestApp, type TestApp } from '../testing/app.js';
import { signInAsDemo, totpAt } from '../testing/auth.js';
import { auditEntry, auditSeal } from './schema.js';
import {
  type AuditInput,
  AuditSealer,
  auditChains,
  csvColumns,
  recordAudit,
  sealAndVerify,
  sealPending,
  verifyAuditChain,
} from './service.js';

let t: TestApp;
let clinicId: string;
let patientId: string;

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());
beforeEach(async () => {
  await t.database.reset();
  await loadDemo(t.database, t.clock);
  [{ id: clinicId }] = (await t.database.db.select({ id: clinic.id }).from(clinic)) as [{ id: string }];
  [{ id: patientId }] = (await t.database.db.select({ id: patient.id }).from(patient)) as [{ id: string }];
  t.clock.advanceMinutes(1);
});

const entries = () => t.database.db.select().from(auditEntry).orderBy(auditEntry.seq);
const seals = () => t.database.db.select().from(auditSeal);
const silent = { warn: () => {} };

/** Writes one system entry in its own transaction, dated now by the test clock. */
const write = (action: string, over: Partial<AuditInput> = {}) =>
  t.database.transaction(async (tx) => {
    await recordAudit(tx, t.clock, {
      clinicId,
      actorType: 'system',
      actorId: null,
      actorRole: null,
      action,
      resourceType: null,
      resourceId: null,
      patientId: null,
      outcome: 'success',
      requestId: null,
      clientAddress: null,
      ...over,
    });
    const [row] = await tx.select().from(auditEntry).orderBy(desc(auditEntry.seq)).limit(1);
    return row!;
  });

/**
 * Seals until nothing is pending. The test app's own background sealer may hold the sealing lock at that moment
 * (on PostgreSQL a second sealer then returns at once), so wait for the trail to be caught up.
 */
const sealEverything = () =>
  vi.waitFor(
    async () => {
      await sealPending(t.database, t.clock);
      const pending = await t.database.db
        .select({ id: auditEntry.id })
        .from(auditEntry)
        .leftJoin(auditSeal, eq(auditSeal.entryId, auditEntry.id))
        .where(isNull(auditSeal.id));
      expect(pending).toEqual([]);
      expect(await seals()).not.toEqual([]);
    },
    { timeout: 5000, interval: 50 },
  );

describe('sealing', () => {
  it('seals every entry onto its clinic’s chain in sequence order, and the chains verify', async () => {
    for (const action of ['a', 'b', 'c']) await write(action);
    await write('org-level', { clinicId: null });
    await sealEverything();
    const all = await entries();
    const sealed = await seals();
    expect(sealed).toHaveLength(all.length);
    const clinicChain = sealed.filter((s) => s.chain === clinicId).sort((a, b) => a.position - b.position);
    const clinicEntries = all.filter((e) => e.clinicId === clinicId);
    expect(clinicChain.map((s) => s.entryId)).toEqual(clinicEntries.map((e) => e.id));
    for (const chain of await auditChains(t.database.db)) {
      expect(await verifyAuditChain(t.database.db, chain)).toMatchObject({ ok: true, unsealed: 0 });
    }
  });

  it('seals a backlog of 5,000 entries in one run, and the connection keeps answering', async () => {
    // One INSERT of 5,000 seals has 40,000 parameters: PGlite then silently returned no rows to later queries.
    const backlog = Array.from({ length: 500 }, () => ({
      clinicId,
      occurredAt: t.clock.now(),
      actorType: 'system',
      action: 'read:backlog',
      outcome: 'success',
    }));
    // Committed at once, so whichever sealer runs next takes all of it in one batch.
    await t.database.transaction(async (tx) => {
      for (let i = 0; i < 10; i++) await tx.insert(auditEntry).values(backlog);
    });
    await sealEverything();
    const verdict = await verifyAuditChain(t.database.db, clinicId);
    expect(verdict).toMatchObject({ ok: true, unsealed: 0 });
    expect(verdict.ok && verdict.sealed).toBeGreaterThanOrEqual(5000);
  });

  it('never runs twice at once: a second call joins the run already going', async () => {
    await write('a');
    const sealer = new AuditSealer(t.database, t.clock, silent);
    const [first, second] = [sealer.seal(), sealer.seal()];
    expect(second).toBe(first);
    await first;
    const next = sealer.seal();
    expect(next).not.toBe(first);
    await next;
  });

  it('runs in the background on its timer', async () => {
    await write('a');
    const sealer = new AuditSealer(t.database, t.clock, silent);
    sealer.start(20);
    try {
      await vi.waitFor(
        async () => expect(await verifyAuditChain(t.database.db, clinicId)).toMatchObject({ unsealed: 0 }),
        { timeout: 5000 },
      );
    } finally {
      await sealer.close();
    }
  });

  it('on shutdown, seals the reads the buffer flushes last', async () => {
    const own = await createTestApp();
    try {
      await loadDemo(own.database, own.clock);
      const nurse = await signInAsDemo(own.app, own.clock, 'nurse');
      const [{ id }] = (await own.database.db.select({ id: patient.id }).from(patient)) as [{ id: string }];
      const [{ id: clinicOfPatient }] = (await own.database.db.select({ id: clinic.id }).from(clinic)) as [
        { id: string },
      ];
      // The demo itself writes entries about its patient (course, order, bookings): only the read is new here.
      const entriesAboutPatient = () =>
        own.database.db.select({ id: auditEntry.id }).from(auditEntry).where(eq(auditEntry.patientId, id));
      const before = new Set((await entriesAboutPatient()).map((e) => e.id));
      const res = await own.app.inject({
        method: 'GET',
        url: `/api/clinics/${clinicOfPatient}/patients/${id}`,
        headers: nurse.headers,
      });
      expect(res.statusCode).toBe(200);
      await own.app.close();
      const read = (await entriesAboutPatient()).filter((e) => !before.has(e.id));
      expect(read).toHaveLength(1);
      const [seal] = await own.database.db.select().from(auditSeal).where(eq(auditSeal.entryId, read[0]!.id));
      expect(seal).toBeDefined();
      expect(await verifyAuditChain(own.database.db, clinicOfPatient)).toMatchObject({
        ok: true,
        unsealed: 0,
      });
    } finally {
      await own.database.destroy();
    }
  });
});

/** Runs SQL with the append-only trigger of `table` switched off, as a database superuser could. */
const tamper = (table: 'audit_entry' | 'audit_seal', statements: string) =>
  t.database.execute(
    `alter table ${table} disable trigger ${table}_append_only; ${statements}; alter table ${table} enable trigger ${table}_append_only`,
  );

describe('append-only and tamper-evident', () => {
  it('the database refuses UPDATE and DELETE on entries and seals, whoever asks', async () => {
    await write('a');
    await sealEverything();
    for (const table of ['audit_entry', 'audit_seal']) {
      await expect(t.database.execute(`update ${table} set id = id`)).rejects.toThrow(
        `the audit trail is append-only: UPDATE on ${table} is refused`,
      );
      await expect(t.database.execute(`delete from ${table}`)).rejects.toThrow(
        `the audit trail is append-only: DELETE on ${table} is refused`,
      );
    }
    expect(await seals()).toHaveLength((await entries()).length);
  });

  /** Four sealed entries one minute apart; returns them in sequence order. */
  const sealedHistory = async () => {
    const written = [];
    for (const action of ['first', 'second', 'third', 'fourth']) {
      written.push(await write(action));
      t.clock.advanceMinutes(1);
    }
    await sealEverything();
    const chain = await t.database.db
      .select()
      .from(auditSeal)
      .where(eq(auditSeal.chain, clinicId))
      .orderBy(auditSeal.position);
    return written.map((e) => ({ ...e, position: chain.find((s) => s.entryId === e.id)!.position }));
  };
  const clinicVerdict = async () =>
    (await sealAndVerify(t.database, t.clock)).find((r) => r.clinicId === clinicId)!.result;

  it('an untouched trail verifies on every chain', async () => {
    await sealedHistory();
    const reports = await sealAndVerify(t.database, t.clock);
    expect(reports.length).toBeGreaterThan(0);
    for (const { result } of reports) expect(result).toMatchObject({ ok: true, unsealed: 0 });
  });

  it('catches an edited entry', async () => {
    const [, second] = await sealedHistory();
    await tamper('audit_entry', `update audit_entry set outcome = 'failure' where id = '${second!.id}'`);
    expect(await clinicVerdict()).toEqual({
      ok: false,
      kind: 'edited',
      position: second!.position,
      entryId: second!.id,
      detail: 'the entry differs from what was sealed',
    });
  });

  it('catches a deleted entry', async () => {
    const [, , third] = await sealedHistory();
    await tamper('audit_entry', `delete from audit_entry where id = '${third!.id}'`);
    expect(await clinicVerdict()).toMatchObject({
      ok: false,
      kind: 'deleted',
      position: third!.position,
      entryId: third!.id,
    });
  });

  it('catches a deleted entry whose seal was deleted with it', async () => {
    const [, second] = await sealedHistory();
    await tamper('audit_entry', `delete from audit_entry where id = '${second!.id}'`);
    await tamper('audit_seal', `delete from audit_seal where entry_id = '${second!.id}'`);
    expect(await clinicVerdict()).toMatchObject({ ok: false, kind: 'deleted', position: second!.position });
  });

  it('catches an entry inserted into sealed history, and never seals it', async () => {
    const [first] = await sealedHistory();
    const backdated = new Date(first!.occurredAt.getTime() - 60 * 60_000).toISOString();
    await t.database.execute(
      `insert into audit_entry (id, clinic_id, occurred_at, actor_type, action, outcome)
       values ('00000000-0000-7000-8000-00000000dead', '${clinicId}', '${backdated}', 'staff', 'read:patient.read', 'success')`,
    );
    expect(await clinicVerdict()).toMatchObject({
      ok: false,
      kind: 'inserted',
      position: null,
      entryId: '00000000-0000-7000-8000-00000000dead',
    });
    expect(
      await t.database.db
        .select()
        .from(auditSeal)
        .where(eq(auditSeal.entryId, '00000000-0000-7000-8000-00000000dead')),
    ).toEqual([]);
  });

  it('catches two entries swapped in the chain', async () => {
    const [, second, third] = await sealedHistory();
    const placeholder = '00000000-0000-0000-0000-000000000000';
    await tamper(
      'audit_seal',
      `update audit_seal set entry_id = '${placeholder}' where entry_id = '${second!.id}';
       update audit_seal set entry_id = '${second!.id}' where entry_id = '${third!.id}';
       update audit_seal set entry_id = '${third!.id}' where entry_id = '${placeholder}'`,
    );
    expect(await clinicVerdict()).toEqual({
      ok: false,
      kind: 'reordered',
      position: second!.position,
      entryId: third!.id,
      detail: `holds the content sealed at position ${third!.position}`,
    });
  });

  it('a change whose transaction fails leaves no audit entry', async () => {
    const nurse = demoLogins.find((l) => l.role === 'nurse')!;
    const before = await entries();
    await expect(
      t.database.transaction(async (tx) => {
        await tx.update(staff).set({ fullName: 'Renamed' }).where(eq(staff.email, nurse.email));
        await recordAudit(tx, t.clock, {
          clinicId,
          actorType: 'system',
          actorId: null,
          actorRole: null,
          action: 'staff.renamed',
          resourceType: 'staff',
          resourceId: null,
          patientId: null,
          outcome: 'success',
          requestId: null,
          clientAddress: null,
        });
        // The role table refuses an unknown role: the whole transaction rolls back.
        await tx.execute(
          sql`insert into staff_role (id, staff_id, clinic_id, role, created_at) select gen_random_uuid(), id, ${clinicId}, 'janitor', now() from staff limit 1`,
        );
      }),
    ).rejects.toThrow();
    expect(await entries()).toEqual(before);
    const [person] = await t.database.db.select().from(staff).where(eq(staff.email, nurse.email));
    expect(person!.fullName).toBe(nurse.name);
  });
});

const staffIdOf = async (role: string) => {
  const email = demoLogins.find((l) => l.role === role)!.email;
  const [person] = await t.database.db.select({ id: staff.id }).from(staff).where(eq(staff.email, email));
  return person!.id;
};

/** The entry of `action` written while serving `res` (found by its request id), waiting for buffered reads. */
const recordedFor = (action: string, res: { headers: Record<string, unknown> }) =>
  vi.waitFor(
    async () => {
      const found = await t.database.db
        .select()
        .from(auditEntry)
        .where(
          and(eq(auditEntry.action, action), eq(auditEntry.requestId, String(res.headers['x-request-id']))),
        );
      expect(found).toHaveLength(1);
      return found[0]!;
    },
    { timeout: 5000, interval: 100 },
  );

describe('what is recorded', () => {
  it('a chart read, with the patient, after the read buffer flushes', async () => {
    const nurse = await signInAsDemo(t.app, t.clock, 'nurse');
    const url = `/api/clinics/${clinicId}/patients/${patientId}`;
    const res = await t.app.inject({ method: 'GET', url, headers: nurse.headers });
    expect(res.statusCode).toBe(200);
    expect(await recordedFor('read:patient.read', res)).toMatchObject({
      clinicId,
      actorType: 'staff',
      actorId: await staffIdOf('nurse'),
      actorRole: 'nurse',
      resourceType: '/api/clinics/:clinicId/patients/:patientId',
      resourceId: patientId,
      patientId,
      outcome: 'success',
      clientAddress: '127.0.0.1',
      occurredAt: t.clock.now(),
    });
  });

  it('a refused request, as denied, signed in or not', async () => {
    const nurse = await signInAsDemo(t.app, t.clock, 'nurse');
    const forbidden = await t.app.inject({
      method: 'GET',
      url: `/api/clinics/${clinicId}/audit`,
      headers: nurse.headers,
    });
    expect(forbidden.statusCode).toBe(403);
    expect(await recordedFor('denied:audit.read', forbidden)).toMatchObject({
      clinicId,
      actorId: await staffIdOf('nurse'),
      actorRole: 'nurse',
      outcome: 'denied',
      clientAddress: '127.0.0.1',
    });
    const anonymous = await t.app.inject({
      method: 'GET',
      url: `/api/clinics/${clinicId}/patients/${patientId}`,
    });
    expect(anonymous.statusCode).toBe(401);
    expect(await recordedFor('denied:patient.read', anonymous)).toMatchObject({
      // Nobody vouches for the clinic id in the address: organisation chain.
      clinicId: null,
      actorType: 'anonymous',
      actorId: null,
      patientId,
      outcome: 'denied',
    });
  });

  it('a failed sign-in, the lockout it leads to, attempts while locked, and unknown accounts', async () => {
    const { email } = demoLogins.find((l) => l.role === 'therapist')!;
    const attempt = (password: string) =>
      t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password } });
    const first = await attempt('wrong-password-1');
    expect(first.statusCode).toBe(401);
    const therapist = { clinicId, actorType: 'staff', actorId: await staffIdOf('therapist') };
    expect(await recordedFor('auth.login_failed', first)).toMatchObject({
      ...therapist,
      outcome: 'failure',
      clientAddress: '127.0.0.1',
    });
    for (let i = 2; i < 5; i++) await attempt(`wrong-password-${i}`);
    const fifth = await attempt('wrong-password-5');
    expect(fifth.statusCode).toBe(423);
    expect(await recordedFor('auth.lockout', fifth)).toMatchObject({
      ...therapist,
      outcome: 'denied',
      clientAddress: '127.0.0.1',
    });
    const whileLocked = await attempt(DEMO_PASSWORD);
    expect(whileLocked.statusCode).toBe(423);
    expect(await recordedFor('auth.login_failed', whileLocked)).toMatchObject({
      ...therapist,
      outcome: 'failure',
      detail: { reason: 'locked' },
    });
    const nobody = await t.app.inject({
      method: 'POST',
      url: '/api/portal/auth/login',
      payload: { email: 'nobody@example.invalid', password: 'whatever-password' },
    });
    expect(nobody.statusCode).toBe(401);
    expect(await recordedFor('auth.login_failed', nobody)).toMatchObject({
      clinicId: null,
      actorType: 'anonymous',
      resourceType: 'patient_account',
      detail: { reason: 'unknown_account' },
    });
  });

  it('a step-up, a role change and a device token issue, each with who, where and which request', async () => {
    const prescriber = await signInAsDemo(t.app, t.clock, 'prescriber');
    t.clock.advanceMinutes(1);
    const stepUp = await t.app.inject({
      method: 'POST',
      url: '/api/auth/step-up',
      headers: prescriber.headers,
      payload: {
        password: DEMO_PASSWORD,
        totp: await totpAt(demoLogins.find((l) => l.role === 'prescriber')!.totpSecret!, t.clock),
      },
    });
    expect(stepUp.statusCode).toBe(200);
    expect(await recordedFor('auth.step_up', stepUp)).toMatchObject({
      clinicId,
      actorId: await staffIdOf('prescriber'),
      outcome: 'success',
      clientAddress: '127.0.0.1',
    });

    const owner = await signInAsDemo(t.app, t.clock, 'owner');
    const nurseId = await staffIdOf('nurse');
    const roles = await t.app.inject({
      method: 'PUT',
      url: `/api/clinics/${clinicId}/staff/${nurseId}/roles`,
      headers: owner.headers,
      payload: { roles: ['nurse', 'front_desk'] },
    });
    expect(roles.statusCode).toBe(200);
    const byOwner = { clinicId, actorType: 'staff', actorId: await staffIdOf('owner'), actorRole: 'owner' };
    expect(await recordedFor('staff.roles_changed', roles)).toMatchObject({
      ...byOwner,
      resourceId: nurseId,
      clientAddress: '127.0.0.1',
      detail: { before: ['nurse'], after: ['nurse', 'front_desk'] },
    });

    const device = await t.app.inject({
      method: 'POST',
      url: `/api/clinics/${clinicId}/devices`,
      headers: owner.headers,
      payload: { name: 'Vitals monitor, room 2', scopes: ['vitals:write'] },
    });
    expect(device.statusCode).toBe(200);
    expect(await recordedFor('device.issued', device)).toMatchObject({
      ...byOwner,
      resourceId: device.json().device.id,
      clientAddress: '127.0.0.1',
    });
  });
});

describe('viewing and export', () => {
  const otherClinic = '00000000-0000-7000-8000-0000000c1111';
  /** A small known history two hours before the tests' requests, so their own reads sort after it. */
  const history = async () => {
    const nurseId = await staffIdOf('nurse');
    const ownerId = await staffIdOf('owner');
    const start = t.clock.now();
    const nurseRead = await write('read:patient.read', { actorType: 'staff', actorId: nurseId, patientId });
    t.clock.advanceMinutes(10);
    const roleChange = await write('staff.roles_changed', { actorType: 'staff', actorId: ownerId });
    t.clock.advanceMinutes(10);
    const ownerRead = await write('read:patient.read', { actorType: 'staff', actorId: ownerId, patientId });
    const elsewhere = await write('read:patient.read', {
      clinicId: otherClinic,
      actorId: nurseId,
      patientId,
    });
    t.clock.advanceMinutes(120);
    return { start, nurseId, ownerId, nurseRead, roleChange, ownerRead, elsewhere };
  };
  const page = async (
    headers: Record<string, string>,
    query: string,
    path = `/api/clinics/${clinicId}/audit`,
  ) => {
    const res = await t.app.inject({ method: 'GET', url: `${path}?${query}`, headers });
    expect(res.statusCode).toBe(200);
    return res.json().entries as {
      id: string;
      patientId: string | null;
      actorId: string | null;
      action: string;
      occurredAt: string;
    }[];
  };
  const minutes = (from: Date, n: number) => new Date(from.getTime() + n * 60_000).toISOString();

  it('filters by patient, user, action and time, newest first, within the clinic only', async () => {
    const h = await history();
    const compliance = await signInAsDemo(t.app, t.clock, 'compliance');
    const mine = new Set([h.nurseRead.id, h.roleChange.id, h.ownerRead.id, h.elsewhere.id]);
    const ours = (rows: { id: string }[]) => rows.map((r) => r.id).filter((id) => mine.has(id));

    const byPatient = await page(compliance.headers, `patientId=${patientId}`);
    expect(byPatient.every((e) => e.patientId === patientId)).toBe(true);
    expect(ours(byPatient)).toEqual([h.ownerRead.id, h.nurseRead.id]);

    const byUser = await page(compliance.headers, `actorId=${h.nurseId}`);
    expect(byUser.every((e) => e.actorId === h.nurseId)).toBe(true);
    expect(ours(byUser)).toEqual([h.nurseRead.id]);

    expect((await page(compliance.headers, 'action=staff.roles_changed')).map((e) => e.id)).toEqual([
      h.roleChange.id,
    ]);
    const window = await page(compliance.headers, `from=${minutes(h.start, 5)}&to=${minutes(h.start, 15)}`);
    expect(window.map((e) => e.id)).toEqual([h.roleChange.id]);

    const first = await t.app.inject({
      method: 'GET',
      url: `/api/clinics/${clinicId}/audit?patientId=${patientId}&limit=1&to=${minutes(h.start, 30)}`,
      headers: compliance.headers,
    });
    expect(first.json().entries.map((e: { id: string }) => e.id)).toEqual([h.ownerRead.id]);
    const next = await page(
      compliance.headers,
      `patientId=${patientId}&limit=1&to=${minutes(h.start, 30)}&before=${first.json().nextBefore}`,
    );
    expect(next.map((e) => e.id)).toEqual([h.nurseRead.id]);
  });

  it('exports CSV with a header and defused formula cells', async () => {
    await write('=HYPERLINK("http://evil.example")', {
      resourceId: '+SUM(A1:A9)',
      detail: { note: 'plain' },
    });
    const owner = await signInAsDemo(t.app, t.clock, 'owner');
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/clinics/${clinicId}/audit.csv?action=${encodeURIComponent('=HYPERLINK("http://evil.example")')}`,
      headers: owner.headers,
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe('attachment; filename="audit.csv"');
    const lines = res.body.split('\r\n');
    expect(lines[0]).toBe(csvColumns.join(','));
    expect(lines).toHaveLength(3);
    expect(lines[2]).toBe('');
    expect(lines[1]).toContain(`,"'=HYPERLINK(""http://evil.example"")",`);
    expect(lines[1]).toContain(`,"'+SUM(A1:A9)",`);
    expect(lines[1]).toContain(`,"{""note"":""plain""}"`);
  });

  it('answers “who looked at this patient’s chart” from real reads', async () => {
    const nurse = await signInAsDemo(t.app, t.clock, 'nurse');
    const read = await t.app.inject({
      method: 'GET',
      url: `/api/clinics/${clinicId}/patients/${patientId}`,
      headers: nurse.headers,
    });
    await recordedFor('read:patient.read', read);
    const compliance = await signInAsDemo(t.app, t.clock, 'compliance');
    const log = await page(
      compliance.headers,
      '',
      `/api/clinics/${clinicId}/patients/${patientId}/access-log`,
    );
    expect(log.every((e) => e.patientId === patientId)).toBe(true);
    expect(log).toContainEqual(
      expect.objectContaining({
        actorId: await staffIdOf('nurse'),
        action: 'read:patient.read',
        outcome: 'success',
      }),
    );
  });

  it('is open to owner and compliance only', async () => {
    const paths = [
      `/api/clinics/${clinicId}/audit`,
      `/api/clinics/${clinicId}/audit.csv`,
      `/api/clinics/${clinicId}/patients/${patientId}/access-log`,
      `/api/clinics/${clinicId}/audit/verify`,
    ];
    for (const role of ['owner', 'compliance', 'prescriber', 'nurse', 'front_desk', 'therapist']) {
      const who = await signInAsDemo(t.app, t.clock, role);
      for (const url of paths) {
        const res = await t.app.inject({ method: 'GET', url, headers: who.headers });
        expect([url, role, res.statusCode]).toEqual([
          url,
          role,
          ['owner', 'compliance'].includes(role) ? 200 : 403,
        ]);
      }
    }
    const patient = await signInAsDemo(t.app, t.clock, 'patient');
    const res = await t.app.inject({ method: 'GET', url: paths[0]!, headers: patient.headers });
    expect(res.statusCode).toBe(403);
  });
});
