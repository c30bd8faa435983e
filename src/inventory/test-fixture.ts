import { and, desc, eq } from 'drizzle-orm';
import type { Response as InjectResponse } from 'light-my-request';
import { expect } from 'vitest';
import { DEMO_PASSWORD, demoLogins, loadDemo } from '../demo/demo.js';
import { medicationOrder } from '../order/schema.js';
import { clinic } from '../organisation/schema.js';
import { appointment } from '../schedule/schema.js';
import type { TestApp } from '../testing/app.js';
import { type SignedIn, signIn, totpAt } from '../testing/auth.js';

/**
 * The demo clinic ready for ledger tests: registrations in force, a 10 mg/mL ketamine vial in the catalogue, a
 * safe and a cabinet, the demo patient's session and order, and stepped-up staff: nurse Nico signs, nurse Noor
 * witnesses, compliance Cam resolves.
 */
export interface LedgerFixture {
  clinicId: string;
  productId: string;
  safeId: string;
  cabinetId: string;
  appointmentId: string;
  orderId: string;
  nurse: SignedIn;
  compliance: SignedIn;
  url: (path: string) => string;
  post: (path: string, payload: object, who?: SignedIn) => Promise<InjectResponse>;
  /** Noor's credentials, with a code fresh at the clock's time. */
  witness: (email?: string) => Promise<{ email: string; password: string; totp: string }>;
  stepUp: (who: SignedIn, email: string) => Promise<void>;
  /** Signs both in again and steps up (after the clock jumped past a session's 12 hours). */
  refreshSessions: () => Promise<void>;
  at: () => string;
}

export const demoLogin = (email: string) => demoLogins.find((l) => l.email === email)!;

export async function ledgerFixture(t: TestApp): Promise<LedgerFixture> {
  await loadDemo(t.database, t.clock);
  const db = t.database.db;
  const [{ id: clinicId }] = (await db.select({ id: clinic.id }).from(clinic)) as [{ id: string }];
  const [session] = await db
    .select({ id: appointment.id, patientId: appointment.patientId })
    .from(appointment)
    .where(eq(appointment.clinicId, clinicId))
    .limit(1);
  if (!session) throw new Error('the ledger tests need a demo appointment');
  const [order] = await db
    .select({ id: medicationOrder.id, drug: medicationOrder.drug })
    .from(medicationOrder)
    .where(and(eq(medicationOrder.clinicId, clinicId), eq(medicationOrder.patientId, session.patientId)))
    .orderBy(desc(medicationOrder.signedAt))
    .limit(1);
  if (!order) throw new Error('the ledger tests need a demo order');

  const signInAs = async (email: string) => {
    t.clock.advance(31_000);
    const res = await signIn(t.app, {
      email,
      password: DEMO_PASSWORD,
      totp: await totpAt(demoLogin(email).totpSecret!, t.clock),
    });
    if (res.status !== 200) throw new Error(`sign-in as ${email} failed`);
    return res;
  };
  const stepUp = async (who: SignedIn, email: string) => {
    t.clock.advance(31_000);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/auth/step-up',
      headers: who.headers,
      payload: { password: DEMO_PASSWORD, totp: await totpAt(demoLogin(email).totpSecret!, t.clock) },
    });
    expect(res.statusCode).toBe(200);
  };
  const nurse = await signInAs('nurse@demo-clinic.example');
  const compliance = await signInAs('compliance@demo-clinic.example');
  const refreshSessions = async () => {
    Object.assign(nurse, await signInAs('nurse@demo-clinic.example'));
    Object.assign(compliance, await signInAs('compliance@demo-clinic.example'));
    await stepUp(nurse, 'nurse@demo-clinic.example');
    await stepUp(compliance, 'compliance@demo-clinic.example');
  };
  await refreshSessions();

  // Registrations run four years from the clock's date (tests share one clock, which only moves forward).
  const inForceUntil = `${t.clock.now().getUTCFullYear() + 4}-12-31`;
  const url = (path: string) => `/api/clinics/${clinicId}/inventory${path}`;
  const post = (path: string, payload: object, who: SignedIn = nurse) =>
    t.app.inject({ method: 'POST', url: url(path), headers: who.headers, payload });
  const made = async (path: string, payload: object) => {
    const res = await post(path, payload, compliance);
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id as string;
  };
  await made('/registrations', {
    kind: 'dea',
    number: 'FD1234563',
    state: 'IL',
    schedules: ['II', 'III'],
    expiresOn: inForceUntil,
  });
  await made('/registrations', {
    kind: 'state',
    number: 'IL-CS-3377',
    state: 'IL',
    schedules: ['II', 'III'],
    expiresOn: inForceUntil,
  });
  const productId = await made('/products', {
    ndc: '00409-2051-05',
    name: 'Ketamine HCl 10 mg/mL, 20 mL vial',
    drug: order.drug,
    form: order.drug === 'esketamine' ? 'nasal_device_pack' : 'vial',
    baseUnit: order.drug === 'esketamine' ? 'device' : 'microlitre',
    concentrationMcgPerMl: order.drug === 'esketamine' ? null : 10_000,
    mcgPerDevice: order.drug === 'esketamine' ? 28_000 : null,
    containerSize: order.drug === 'esketamine' ? 3 : 20_000,
  });
  const safeId = await made('/locations', { kind: 'safe', name: 'Safe A' });
  const cabinetId = await made('/locations', { kind: 'cabinet', name: 'Cabinet B' });
  return {
    clinicId,
    productId,
    safeId,
    cabinetId,
    appointmentId: session.id,
    orderId: order.id,
    nurse,
    compliance,
    url,
    post,
    stepUp,
    refreshSessions,
    witness: async (email = 'nurse2@demo-clinic.example') => {
      t.clock.advance(31_000);
      return { email, password: DEMO_PASSWORD, totp: await totpAt(demoLogin(email).totpSecret!, t.clock) };
    },
    at: () => t.clock.now().toISOString(),
  };
}
