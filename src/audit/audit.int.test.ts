import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { loadDemo } from '../demo/demo.js';
import { clinic } from '../organisation/schema.js';
import { patient } from '../patient/schema.js';
import { createTestApp, type TestApp } from '../testing/app.js';
import { signInAsDemo } from '../testing/auth.js';
import { auditEntry, auditSeal } from './schema.js';
import { AuditSealer, auditChains, recordAudit, verifyAuditChain } from './service.js';

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
const write = (action: string, clinic: string | null = clinicId) =>
  t.database.transaction((tx) =>
    recordAudit(tx, t.clock, {
      clinicId: clinic,
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
    }),
  );

describe('sealing', () => {
  it('seals every entry onto its clinic’s chain in sequence order, and the chains verify', async () => {
    for (const action of ['a', 'b', 'c']) await write(action);
    await write('org-level', null);
    await new AuditSealer(t.database, t.clock, silent).seal();
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

  it('never runs twice at once: a second call joins the run already going', async () => {
    await write('a');
    const sealer = new AuditSealer(t.database, t.clock, silent);
    const [first, second] = [sealer.seal(), sealer.seal()];
    expect(second).toBe(first);
    expect(await first).toBeGreaterThan(0);
    expect(await sealer.seal()).toBe(0);
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
      const res = await own.app.inject({
        method: 'GET',
        url: `/api/clinics/${clinicOfPatient}/patients/${id}`,
        headers: nurse.headers,
      });
      expect(res.statusCode).toBe(200);
      await own.app.close();
      const read = await own.database.db
        .select({ id: auditEntry.id })
        .from(auditEntry)
        .where(eq(auditEntry.patientId, id));
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
