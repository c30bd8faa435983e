import { and, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemo } from '../demo/demo.js';
import { clinic } from '../organisation/schema.js';
import { createTestApp, type TestApp } from '../testing/app.js';
import { type SignedIn, signInAsDemo } from '../testing/auth.js';
import { exclusionViolated } from './exclusion.js';
import { addOralPatients } from './fixtures.js';
import type { ChairList } from './model.js';
import { appointment } from './schema.js';
import { bookSession } from './service.js';

/**
 * PostgreSQL only: people booking the last free chair, or one patient into two chairs, at the same moment on
 * separate connections (a pool of 5). Exactly one booking wins; every other request gets a clear 409, never a
 * 500, and the database holds one live appointment.
 */
let t: TestApp;
let clinicId: string;
let desks: SignedIn[];
let chairs: Record<string, string>;
let patients: { patientId: string; courseId: string }[];

beforeAll(async () => {
  t = await createTestApp();
  await loadDemo(t.database, t.clock);
  [{ id: clinicId }] = (await t.database.db.select({ id: clinic.id }).from(clinic)) as [{ id: string }];
  // Several signed-in people: the front desk, a nurse and a prescriber all book.
  desks = [
    await signInAsDemo(t.app, t.clock, 'front_desk'),
    await signInAsDemo(t.app, t.clock, 'nurse'),
    await signInAsDemo(t.app, t.clock, 'prescriber'),
  ];
  const list = await t.app.inject({
    method: 'GET',
    url: `/api/clinics/${clinicId}/chairs`,
    headers: desks[0]!.headers,
  });
  chairs = Object.fromEntries((list.json() as ChairList).chairs.map((c) => [c.name, c.id]));
  const second = await t.app.inject({
    method: 'POST',
    url: `/api/clinics/${clinicId}/chairs`,
    headers: desks[0]!.headers,
    payload: { name: 'Chair 5', routes: ['oral'] },
  });
  expect(second.statusCode).toBe(201);
  chairs['Chair 5'] = second.json().id;
  patients = await addOralPatients(t.database, t.clock, clinicId, 8);
});
afterAll(async () => t?.close());

const bookAt = (i: number, body: Record<string, unknown>) =>
  t.app.inject({
    method: 'POST',
    url: `/api/clinics/${clinicId}/appointments`,
    headers: desks[i % desks.length]!.headers,
    payload: body,
  });

const liveAt = (startsAt: string) =>
  t.database.db
    .select()
    .from(appointment)
    .where(
      and(eq(appointment.startsAt, new Date(startsAt)), inArray(appointment.status, ['booked', 'attended'])),
    );

describe('the last chair', () => {
  it('gives one 201 and seven 409s naming the booked chair, over several rounds', async () => {
    expect(t.database.engine).toBe('postgres');
    // 09:00 clinic time on either side of the spring-forward change; each oral block lasts 150 min.
    for (const startsAt of ['2026-03-04T15:00:00Z', '2026-03-06T15:00:00Z', '2026-03-10T14:00:00Z']) {
      const results = await Promise.all(
        patients.map((p, i) => bookAt(i, { ...p, chairId: chairs['Chair 4'], startsAt })),
      );
      const codes = results.map((r) => r.statusCode).sort();
      expect(codes).toEqual([201, 409, 409, 409, 409, 409, 409, 409]);
      for (const refused of results.filter((r) => r.statusCode === 409)) {
        expect(refused.json()).toMatchObject({
          rule: 'SCHED-CHAIR-TAKEN',
          detail: `Chair 4 is already booked 09:00–11:30. Choose another chair or time.`,
          errors: [{ path: '/body/chairId' }],
        });
      }
      const rows = await liveAt(startsAt);
      expect(rows).toHaveLength(1);
      const winner = results.find((r) => r.statusCode === 201)!.json();
      expect(rows[0]!.id).toBe(winner.id);
    }
  });

  it('is refused by the database itself, without the clinic booking lock', async () => {
    const startsAt = new Date('2026-03-12T15:00:00Z');
    const attempts = patients
      .slice(0, 4)
      .map((p) =>
        t.database.transaction((tx) =>
          bookSession(
            tx,
            t.clock,
            { clinicId, staffId: null, audit: null },
            { ...p, chairId: chairs['Chair 4']!, startsAt, requestedBy: 'clinic', note: null },
            { chairId: '/body/chairId', startsAt: '/body/startsAt' },
          ),
        ),
      );
    const settled = await Promise.allSettled(attempts);
    expect(settled.filter((s) => s.status === 'fulfilled')).toHaveLength(1);
    for (const failed of settled.filter((s) => s.status === 'rejected')) {
      expect(exclusionViolated((failed as PromiseRejectedResult).reason)).toBe(
        'appointment_chair_no_overlap',
      );
    }
    expect(await liveAt(startsAt.toISOString())).toHaveLength(1);
  });
});

describe('one patient in two chairs', () => {
  it('books the patient once and refuses the rest with a 409', async () => {
    const startsAt = '2026-03-13T15:00:00Z';
    const patient = patients[0]!;
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        bookAt(i, { ...patient, chairId: chairs[i % 2 === 0 ? 'Chair 4' : 'Chair 5'], startsAt }),
      ),
    );
    expect(results.map((r) => r.statusCode).sort()).toEqual([201, 409, 409, 409, 409, 409, 409, 409]);
    for (const refused of results.filter((r) => r.statusCode === 409)) {
      // Whichever check sees the winner first: the chair, the patient's overlap or the course interval.
      expect(['SCHED-CHAIR-TAKEN', 'SCHED-PATIENT-OVERLAP', 'COURSE-MIN-INTERVAL']).toContain(
        refused.json().rule,
      );
    }
    const rows = (await liveAt(startsAt)).filter((r) => r.patientId === patient.patientId);
    expect(rows).toHaveLength(1);
  });

  it('is refused by the database itself in two chairs at once, without the lock or the course check seeing it', async () => {
    const startsAt = new Date('2026-03-17T14:00:00Z');
    const patient = patients[1]!;
    const settled = await Promise.allSettled(
      ['Chair 4', 'Chair 5'].map((name) =>
        t.database.transaction((tx) =>
          bookSession(
            tx,
            t.clock,
            { clinicId, staffId: null, audit: null },
            { ...patient, chairId: chairs[name]!, startsAt, requestedBy: 'clinic', note: null },
            { chairId: '/body/chairId', startsAt: '/body/startsAt' },
          ),
        ),
      ),
    );
    expect(settled.filter((s) => s.status === 'fulfilled')).toHaveLength(1);
    const [failed] = settled.filter((s) => s.status === 'rejected') as PromiseRejectedResult[];
    // Both transactions ran the course check before either committed (the interval rule could not see the
    // other), or the second one saw the first: either way nothing is double-booked.
    expect(
      exclusionViolated(failed!.reason) === 'appointment_patient_no_overlap' ||
        (failed!.reason as { extras?: { rule?: string } }).extras?.rule === 'COURSE-MIN-INTERVAL',
    ).toBe(true);
    expect(
      (await liveAt(startsAt.toISOString())).filter((r) => r.patientId === patient.patientId),
    ).toHaveLength(1);
  });
});
