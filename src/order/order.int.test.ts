import { and, asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEntry } from '../audit/schema.js';
import { courseEvent, treatmentCourse } from '../course/schema.js';
import { DEMO_PASSWORD, demoLogins, loadDemo } from '../demo/demo.js';
import { medicationStatement } from '../intake/schema.js';
import { clinic } from '../organisation/schema.js';
import { patient } from '../patient/schema.js';
import { appointment } from '../schedule/schema.js';
import { rescreen } from '../screening/service.js';
import { createTestApp, type TestApp } from '../testing/app.js';
import { type SignedIn, signInAsDemo, totpAt } from '../testing/auth.js';
import type { ChangeRequestView, OrderOptionsView, OrderView, PatientOrdersView } from './model.js';
import { medicationOrder } from './schema.js';
import { orderCheckFor, validOrderFor } from './service.js';

/**
 * Signed medication orders through the HTTP API on the demo clinic: the demo patient's IV course and the
 * standing order the demo prescriber signed. The tests run in order on that one patient, as a clinic would:
 * sign, replace, ask for a change, discontinue, and watch orders lapse when consent or eligibility does.
 */
let t: TestApp;
let clinicId: string;
let patientId: string;
let courseId: string;
let prescriber: SignedIn;
let nurse: SignedIn;
let frontDesk: SignedIn;

beforeAll(async () => {
  t = await createTestApp();
  await loadDemo(t.database, t.clock);
  [{ id: clinicId }] = (await t.database.db.select({ id: clinic.id }).from(clinic)) as [{ id: string }];
  [{ id: patientId }] = (await t.database.db
    .select({ id: patient.id })
    .from(patient)
    .where(eq(patient.givenName, 'Alpha'))) as [{ id: string }];
  [{ id: courseId }] = (await t.database.db
    .select({ id: treatmentCourse.id })
    .from(treatmentCourse)
    .where(eq(treatmentCourse.patientId, patientId))) as [{ id: string }];
  prescriber = await signInAsDemo(t.app, t.clock, 'prescriber');
  nurse = await signInAsDemo(t.app, t.clock, 'nurse');
  frontDesk = await signInAsDemo(t.app, t.clock, 'front_desk');
}, 120_000);
afterAll(async () => t?.close());

const base = () => `/api/clinics/${clinicId}/patients/${patientId}`;

async function stepUp(who: SignedIn = prescriber) {
  t.clock.advanceMinutes(1);
  const secret = demoLogins.find((l) => l.role === 'prescriber')!.totpSecret!;
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/auth/step-up',
    headers: who.headers,
    payload: { password: DEMO_PASSWORD, totp: await totpAt(secret, t.clock) },
  });
  expect(res.statusCode).toBe(200);
}

async function orders(who: SignedIn = prescriber): Promise<PatientOrdersView> {
  const res = await t.app.inject({
    method: 'GET',
    url: `${base()}/orders?courseId=${courseId}`,
    headers: who.headers,
  });
  expect(res.statusCode).toBe(200);
  return res.json();
}

const orderById = async (id: string) => (await orders()).orders.find((o) => o.id === id)!;
const inForce = async () => (await orders()).orders.find((o) => o.validity.valid);

const sign = (payload: Record<string, unknown>, who: SignedIn = prescriber) =>
  t.app.inject({
    method: 'POST',
    url: `${base()}/orders`,
    headers: who.headers,
    payload: { courseId, kind: 'standing', stepIndex: 0, instructions: 'Infuse over 40 minutes', ...payload },
  });

const post = (path: string, payload: object, who: SignedIn = prescriber) =>
  t.app.inject({ method: 'POST', url: `${base()}${path}`, headers: who.headers, payload });

async function stepEvents() {
  return t.database.db
    .select({ detail: courseEvent.detail })
    .from(courseEvent)
    .where(and(eq(courseEvent.courseId, courseId), eq(courseEvent.kind, 'step_changed')))
    .orderBy(asc(courseEvent.recordedAt));
}

async function writeAudits(action: string) {
  return t.database.db
    .select({ resourceId: auditEntry.resourceId, detail: auditEntry.detail, actorId: auditEntry.actorId })
    .from(auditEntry)
    .where(eq(auditEntry.action, action));
}

describe('medication orders', () => {
  it('shows the demo standing order as valid, with its dose working, signer and window, to front desk too', async () => {
    const view = await orders(frontDesk);
    expect(view.orders).toHaveLength(1);
    const [order] = view.orders as [OrderView];
    expect(order).toMatchObject({
      kind: 'standing',
      route: 'iv',
      drug: 'ketamine',
      stepIndex: 0,
      stepLabel: 'step 1 (0.5 mg/kg)',
      dose: { kind: 'per_kg', mcgPerKg: 500 },
      signedBy: { name: 'Dr Demo Prescriber Pat' },
      validity: { valid: true, problems: [] },
    });
    expect(order.calculatedDoseMcg).toBeGreaterThan(0);
    expect(order.calculation.working.length).toBeGreaterThan(1);
    // 90 days from signing to the end of the clinic day.
    const days = (Date.parse(order.validUntil) - Date.parse(order.validFrom)) / 86_400_000;
    expect(days).toBeGreaterThan(90);
    expect(days).toBeLessThanOrEqual(91);
    expect(
      await validOrderFor(t.database.db, { clinicId, patientId, courseId, at: t.clock.now() }),
    ).toMatchObject({
      orderId: order.id,
      doseMcg: order.calculatedDoseMcg,
      kind: 'standing',
    });
  });

  it('offers each protocol step with its calculated dose and says which it may not order yet', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: `${base()}/courses/${courseId}/order-options`,
      headers: prescriber.headers,
    });
    expect(res.statusCode).toBe(200);
    const options: OrderOptionsView = res.json();
    expect(options.currentStepIndex).toBe(0);
    expect(options.blockers).toEqual([]);
    expect(options.steps.map((s) => [s.label, s.refusal === null])).toEqual([
      ['step 1 (0.5 mg/kg)', true],
      ['step 2 (0.75 mg/kg)', true],
      ['step 3 (1 mg/kg)', false],
    ]);
    expect(options.steps[0]!.calculation).toMatchObject({ ok: true });
    expect(options.appointments.length).toBeGreaterThan(0);
  });

  it('refuses a nurse (403) and a prescriber who has not stepped up (403 step-up-required), writing nothing', async () => {
    const byNurse = await sign({}, nurse);
    expect(byNurse.statusCode).toBe(403);
    expect(byNurse.json().type).toBe('/problems/forbidden');
    const noStepUp = await sign({});
    expect(noStepUp.statusCode).toBe(403);
    expect(noStepUp.json().type).toBe('/problems/step-up-required');
    expect(await t.database.db.select({ id: medicationOrder.id }).from(medicationOrder)).toHaveLength(1);
  });

  it('refuses a second standing order beside the one in force, and steps the dose only one protocol step up', async () => {
    await stepUp();
    const beside = await sign({ stepIndex: 1 });
    expect(beside.statusCode).toBe(409);
    expect(beside.json().detail).toMatch(/An order is in force for this course \(step 1 \(0.5 mg\/kg\)/);

    const current = (await inForce())!;
    const twoUp = await sign({ stepIndex: 2, supersedesOrderId: current.id });
    expect(twoUp.statusCode).toBe(409);
    expect(twoUp.json()).toMatchObject({
      type: '/problems/rule-violation',
      rule: 'ORDER-STEP-ESCALATION',
      detail:
        'The dose goes up one protocol step at a time: the course is at step 1 (0.5 mg/kg), so the highest step you can order now is step 2 (0.75 mg/kg)',
    });
    const noSuchStep = await sign({ stepIndex: 7, supersedesOrderId: current.id });
    expect(noSuchStep.statusCode).toBe(422);
    expect(noSuchStep.json().errors).toEqual([
      { path: '/body/stepIndex', message: 'Step 8 is not a step of this protocol: choose step 1 to 3' },
    ]);
    const tooLong = await sign({ validUntil: '2027-01-01', supersedesOrderId: current.id });
    expect(tooLong.statusCode).toBe(422);
    expect(tooLong.json().errors[0].path).toBe('/body/validUntil');
  });

  it('replaces the order one step up: the old one reads superseded, the course records the step change', async () => {
    await stepUp();
    const old = (await inForce())!;
    const res = await sign({ stepIndex: 1, supersedesOrderId: old.id, validUntil: '2026-03-31' });
    expect(res.statusCode).toBe(201);
    const signed: OrderView = res.json();
    expect(signed).toMatchObject({
      stepIndex: 1,
      stepLabel: 'step 2 (0.75 mg/kg)',
      supersedesOrderId: old.id,
      validUntil: '2026-04-01T05:00:00.000Z',
      validity: { valid: true },
    });
    expect(await orderById(old.id)).toMatchObject({
      supersededByOrderId: signed.id,
      validity: { valid: false, problems: [{ code: 'superseded' }] },
    });
    expect((await stepEvents()).map((e) => e.detail)).toEqual([
      { fromStep: 0, toStep: 1, orderId: signed.id },
    ]);
    expect(await writeAudits('order.signed')).toContainEqual(
      expect.objectContaining({
        resourceId: signed.id,
        detail: expect.objectContaining({ fromStep: 0, stepIndex: 1 }),
      }),
    );
    // Now at step 2, step 3 is one step up.
    const options: OrderOptionsView = (
      await t.app.inject({
        method: 'GET',
        url: `${base()}/courses/${courseId}/order-options`,
        headers: prescriber.headers,
      })
    ).json();
    expect(options.currentStepIndex).toBe(1);
    expect(options.steps.every((s) => s.refusal === null)).toBe(true);
  });

  it('lets only one of two orders replacing the same order through (409 for the other)', async () => {
    await stepUp();
    const current = (await inForce())!;
    const results = await Promise.all([
      sign({ stepIndex: 1, supersedesOrderId: current.id, instructions: 'First replacement' }),
      sign({ stepIndex: 1, supersedesOrderId: current.id, instructions: 'Second replacement' }),
    ]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([201, 409]);
    const replacements = await t.database.db
      .select({ id: medicationOrder.id })
      .from(medicationOrder)
      .where(eq(medicationOrder.supersedesOrderId, current.id));
    expect(replacements).toHaveLength(1);
  });

  it('a nurse asks for a change; the prescriber declines one with a note and answers another by signing', async () => {
    const current = (await inForce())!;
    const asked = await post(
      `/orders/${current.id}/change-requests`,
      { request: 'Nausea last session: lower step?' },
      nurse,
    );
    expect(asked.statusCode).toBe(201);
    const request: ChangeRequestView = asked.json();
    expect(request).toMatchObject({
      orderId: current.id,
      courseId,
      resolution: null,
      requestedBy: { name: 'Demo Nurse Nico' },
    });

    const queue = await t.app.inject({
      method: 'GET',
      url: `/api/clinics/${clinicId}/order-change-requests`,
      headers: prescriber.headers,
    });
    expect(queue.json().changeRequests.map((r: ChangeRequestView) => r.id)).toEqual([request.id]);

    // Nurses cannot decline or sign.
    expect(
      (await post(`/order-change-requests/${request.id}/decline`, { note: 'no' }, nurse)).statusCode,
    ).toBe(403);
    await stepUp();
    const declined = await post(`/order-change-requests/${request.id}/decline`, {
      note: 'Give ondansetron first',
    });
    expect(declined.statusCode).toBe(200);
    expect(declined.json()).toMatchObject({
      resolution: 'declined',
      resolutionNote: 'Give ondansetron first',
    });
    expect((await post(`/order-change-requests/${request.id}/decline`, { note: 'again' })).statusCode).toBe(
      409,
    );

    const second: ChangeRequestView = (
      await post(
        `/orders/${current.id}/change-requests`,
        { request: 'Still nauseous: step down please' },
        nurse,
      )
    ).json();
    await stepUp();
    const answered = await sign({
      stepIndex: 0,
      supersedesOrderId: current.id,
      resolvesChangeRequestId: second.id,
      instructions: 'Step down after nausea; ondansetron 4 mg before',
    });
    expect(answered.statusCode).toBe(201);
    const view = await orders(nurse);
    expect(view.changeRequests.find((r) => r.id === second.id)).toMatchObject({
      resolution: 'changed',
      newOrderId: answered.json().id,
      resolvedBy: { name: 'Dr Demo Prescriber Pat' },
    });
    expect((await stepEvents()).at(-1)!.detail).toEqual({
      fromStep: 1,
      toStep: 0,
      orderId: answered.json().id,
    });
    const open = await t.app.inject({
      method: 'GET',
      url: `/api/clinics/${clinicId}/order-change-requests`,
      headers: nurse.headers,
    });
    expect(open.json().changeRequests).toEqual([]);
  });

  it('discontinues an order once, with the reason; then nothing is in force for the check-in gate', async () => {
    const current = (await inForce())!;
    await stepUp();
    const stopped = await post(`/orders/${current.id}/discontinuation`, {
      reason: 'Patient travelling for a month',
    });
    expect(stopped.statusCode).toBe(201);
    expect(stopped.json()).toMatchObject({
      discontinuation: { reason: 'Patient travelling for a month', by: { name: 'Dr Demo Prescriber Pat' } },
      validity: { valid: false, problems: [{ code: 'discontinued' }] },
    });
    expect((await post(`/orders/${current.id}/discontinuation`, { reason: 'again' })).statusCode).toBe(409);
    expect(
      await orderCheckFor(t.database.db, { clinicId, patientId, courseId, at: t.clock.now() }),
    ).toMatchObject({
      order: null,
      reasons: [expect.stringMatching(/^Discontinued on /)],
    });
  });

  it('signs a per-session order for the appointment’s day only, and the gate prefers it for that appointment', async () => {
    const [booked] = await t.database.db
      .select({ id: appointment.id, startsAt: appointment.startsAt })
      .from(appointment)
      .where(and(eq(appointment.courseId, courseId), eq(appointment.status, 'booked')))
      .orderBy(asc(appointment.startsAt))
      .limit(1);
    await stepUp();
    expect((await sign({ kind: 'session' })).json().errors).toEqual([
      { path: '/body/appointmentId', message: 'choose the appointment this order is for' },
    ]);
    const res = await sign({ kind: 'session', appointmentId: booked!.id });
    expect(res.statusCode).toBe(201);
    const session: OrderView = res.json();
    expect(session.appointmentStartsAt).toBe(booked!.startsAt.toISOString());
    // Valid from the start of the appointment's clinic day: not yet now.
    expect(session.validity.problems.map((p) => p.code)).toEqual(['not_yet_valid']);
    expect(
      await validOrderFor(t.database.db, {
        clinicId,
        patientId,
        courseId,
        appointmentId: booked!.id,
        at: booked!.startsAt,
      }),
    ).toMatchObject({ orderId: session.id, kind: 'session' });
    expect(
      await validOrderFor(t.database.db, { clinicId, patientId, courseId, at: booked!.startsAt }),
    ).toBeNull();
  });

  it('an order lapses when consent is withdrawn, and again-signed consent needs a new order', async () => {
    await stepUp();
    const signed: OrderView = (await sign({ instructions: 'Resume induction' })).json();
    expect(signed.validity.valid).toBe(true);
    const withdrawn = await post(
      `/consent/signatures/${signed.consentSignatureId}/withdrawal`,
      { reason: 'Wants to think it over' },
      nurse,
    );
    expect(withdrawn.statusCode).toBe(201);
    expect((await orderById(signed.id)).validity).toEqual({
      valid: false,
      problems: [
        {
          code: 'consent_not_current',
          message:
            'Consent is not current: the patient withdrew consent. The patient signs consent again, then the prescriber signs a new order',
        },
      ],
    });
    expect(
      await validOrderFor(t.database.db, { clinicId, patientId, courseId, at: t.clock.now() }),
    ).toBeNull();

    await stepUp();
    const refused = await sign({ instructions: 'Try again' });
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({
      rule: 'ORDER-CONSENT',
      detail: expect.stringMatching(/^Consent for IV is not current \(withdrawn\)/),
    });

    // The patient signs again on the tablet: the old order still names the withdrawn signature.
    const consent = (
      await t.app.inject({ method: 'GET', url: `${base()}/consent`, headers: nurse.headers })
    ).json();
    const iv = consent.routes.find((r: { route: string }) => r.route === 'iv');
    const document = (
      await t.app.inject({
        method: 'GET',
        url: `/api/clinics/${clinicId}/consent/documents/${iv.latestDocumentId}`,
        headers: nurse.headers,
      })
    ).json();
    const resigned = await post(
      '/consent/signatures',
      {
        documentId: iv.latestDocumentId,
        acknowledged: document.attestations.map((a: { id: string }) => a.id),
        typedName: 'Alpha Demo-Patient',
      },
      nurse,
    );
    expect(resigned.statusCode).toBe(201);
    expect((await orderById(signed.id)).validity.problems).toEqual([
      {
        code: 'consent_not_current',
        message:
          'The patient signed consent again after this order was signed: sign a new order on the current consent',
      },
    ]);
    await stepUp();
    const renewed = await sign({ instructions: 'Resume induction on the new consent' });
    expect(renewed.statusCode).toBe(201);
    expect(renewed.json().validity.valid).toBe(true);
  });

  it('an order lapses when screening finds something that needs review, and when the route is declined', async () => {
    const current = (await inForce())!;
    await t.database.db.insert(medicationStatement).values({
      clinicId,
      patientId,
      status: 'active',
      source: 'staff',
      recordedAt: t.clock.now(),
      name: 'Alprazolam',
      rxnorm: '596',
      drugClass: 'benzodiazepine',
      dailyDoseMicrograms: 2_000,
    });
    await t.database.transaction((tx) => rescreen(tx, t.clock, clinicId, patientId, 'medication_added'));
    const lapsed = await orderById(current.id);
    expect(lapsed.validity.valid).toBe(false);
    expect(lapsed.validity.problems[0]).toMatchObject({
      code: 'eligibility_not_approved',
      message: expect.stringMatching(/^Eligibility is no longer approved: screening found something new/),
    });

    const screening = (
      await t.app.inject({ method: 'GET', url: `${base()}/screening`, headers: prescriber.headers })
    ).json();
    const declined = await post('/eligibility', {
      route: 'iv',
      decision: 'declined',
      rationale: 'Benzodiazepine dose too high for now',
      screeningRunId: screening.run.id,
    });
    expect(declined.statusCode).toBe(201);
    expect((await orderById(current.id)).validity.problems).toEqual([
      expect.objectContaining({
        code: 'eligibility_not_approved',
        message: expect.stringMatching(/the prescriber declined this route/),
      }),
    ]);
    await stepUp();
    const refused = await sign({ instructions: 'Anyway' });
    expect(refused.json()).toMatchObject({ status: 409, rule: 'ORDER-ELIGIBILITY' });
  });

  it('refuses a course that is not this patient’s with 404, writing nothing', async () => {
    const before = await t.database.db.select({ id: medicationOrder.id }).from(medicationOrder);
    await stepUp();
    const res = await sign({ courseId: '0190d6a0-0000-7000-8000-000000000000' });
    expect(res.statusCode).toBe(404);
    expect(await t.database.db.select({ id: medicationOrder.id }).from(medicationOrder)).toHaveLength(
      before.length,
    );
  });
});
