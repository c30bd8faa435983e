import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { auditEntry } from '../audit/schema.js';
import { loadDemo } from '../demo/demo.js';
import { patient } from '../patient/schema.js';
import { loadConfig } from '../platform/config.js';
import { localTime } from '../reminder/core.js';
import { contactPreference, patientMessage } from '../reminder/schema.js';
import { bookTestAppointment, demoClinicTime } from '../reminder/test-fixture.js';
import { createTestApp, type TestApp } from '../testing/app.js';
import { type SignedIn, signInAsDemo } from '../testing/auth.js';
import { escortFor } from './escort-service.js';
import { appointment } from './schema.js';

let t: TestApp;
let portal: SignedIn;
const idle = {
  ...loadConfig({}).patientMessages,
  intervalMs: 3_600_000,
  publicUrl: 'https://care.example.org',
};

beforeAll(async () => {
  t = await createTestApp({ notificationIntervalMs: 3_600_000, patientMessages: idle });
});
afterAll(async () => t?.close());
beforeEach(async () => {
  await t.database.reset();
  await loadDemo(t.database, t.clock);
  portal = await signInAsDemo(t.app, t.clock, 'patient');
});

const inject = (who: SignedIn, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) =>
  t.app.inject({ method, url: `/api${url}`, headers: who.headers, ...(payload ? { payload } : {}) });
const escort = {
  escortName: 'Gamma Demo-Driver',
  escortPhone: '(217) 555-0144',
  relationship: 'partner',
  rideConfirmed: true,
};
type Listed = { id: string; escortDue: boolean; escort: { escortName: string } | null };

describe('the portal’s appointments', () => {
  it('lists the next session in clinic time with preparation, asks for the escort when due, and records it', async () => {
    // Two days out (3 PM) is inside the 72 h escort window; twenty days out is not.
    const soon = await bookTestAppointment(t.database, t.clock, demoClinicTime(t.clock, 2, 15));
    const later = demoClinicTime(t.clock, 20);
    const { appointmentId: laterId } = await bookTestAppointment(t.database, t.clock, later);
    const res = await inject(portal, 'GET', '/portal/appointments');
    expect(res.statusCode).toBe(200);
    const list = res.json();
    const far = list.upcoming.find((a: Listed) => a.id === laterId);
    expect(far).toMatchObject({
      when: localTime(later, 'America/Chicago'),
      until: 'until 11:30 AM',
      route: 'intranasal',
      sessionName: 'esketamine nasal spray session',
      status: 'booked',
      clinicName: 'Demo Ketamine Clinic — Springfield',
      escort: null,
      escortDue: false,
      calendarUrl: `/api/portal/appointments/${laterId}/calendar.ics`,
    });
    expect(far.preparation).toEqual([
      'No food for 2 hours before, no liquids for 30 minutes before.',
      'If you use a nasal steroid or decongestant, take it at least 1 hour before.',
      'Bring a photo ID and a list of the medicines you take.',
      'An adult escort must take you home: you cannot leave on your own, by taxi or by rideshare alone.',
      'Do not drive, cycle or use machinery until the next day, after a restful sleep.',
    ]);
    expect(JSON.stringify(list)).not.toMatch(/chair/i);
    expect(list.upcoming.find((a: Listed) => a.id === soon.appointmentId).escortDue).toBe(true);

    const confirmed = await inject(portal, 'POST', `/portal/appointments/${laterId}/escort`, escort);
    expect(confirmed.statusCode).toBe(201);
    expect(confirmed.json()).toMatchObject({
      appointmentId: laterId,
      escortName: 'Gamma Demo-Driver',
      escortPhone: '+12175550144',
      relationship: 'partner',
      rideConfirmed: true,
      confirmedVia: 'portal',
      confirmedAt: t.clock.now().toISOString(),
    });
    const after = (await inject(portal, 'GET', '/portal/appointments')).json();
    expect(after.upcoming.find((a: Listed) => a.id === laterId).escort.escortName).toBe('Gamma Demo-Driver');
    const audits = await t.database.db
      .select()
      .from(auditEntry)
      .where(eq(auditEntry.action, 'escort.confirmed'));
    expect(audits).toEqual([
      expect.objectContaining({ actorType: 'patient', resourceId: confirmed.json().id, outcome: 'success' }),
    ]);
  });

  it('refuses a bad phone, a missing name and an unconfirmed ride with field paths, and writes nothing', async () => {
    const { appointmentId, clinicId: clinic } = await bookTestAppointment(
      t.database,
      t.clock,
      demoClinicTime(t.clock, 20),
    );
    const res = await inject(portal, 'POST', `/portal/appointments/${appointmentId}/escort`, {
      escortName: '  ',
      escortPhone: '555-0100',
      rideConfirmed: false,
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().errors.map((e: { path: string }) => e.path)).toEqual([
      '/body/escortName',
      '/body/escortPhone',
      '/body/rideConfirmed',
    ]);
    expect(await escortFor(t.database.db, clinic, appointmentId)).toBeNull();
  });

  it('answers 404 for another patient’s appointment and 409 for a cancelled one', async () => {
    const [{ clinicId: clinic }] = (await t.database.db
      .select({ clinicId: patient.clinicId })
      .from(patient)) as [{ clinicId: string }];
    const [other] = await t.database.db
      .insert(patient)
      .values({
        clinicId: clinic,
        givenName: 'Delta',
        familyName: 'Demo-Other',
        birthDate: '1985-05-05',
        createdAt: t.clock.now(),
      })
      .returning({ id: patient.id });
    const theirs = await bookTestAppointment(t.database, t.clock, demoClinicTime(t.clock, 20), {
      patientId: other!.id,
    });
    const res = await inject(portal, 'POST', `/portal/appointments/${theirs.appointmentId}/escort`, escort);
    expect(res.statusCode).toBe(404);
    const mine = await bookTestAppointment(t.database, t.clock, demoClinicTime(t.clock, 22));
    await t.database.db
      .update(appointment)
      .set({ status: 'cancelled' })
      .where(eq(appointment.id, mine.appointmentId));
    const cancelled = await inject(
      portal,
      'POST',
      `/portal/appointments/${mine.appointmentId}/escort`,
      escort,
    );
    expect(cancelled.statusCode).toBe(409);
    expect(cancelled.json().detail).toBe(
      'This appointment is cancelled: there is no session to go home from',
    );
    const listed = (await inject(portal, 'GET', '/portal/appointments')).json();
    expect(listed.upcoming.map((a: Listed) => a.id)).not.toContain(theirs.appointmentId);
    expect(listed.upcoming.map((a: Listed) => a.id)).not.toContain(mine.appointmentId);
    expect(listed.recent.map((a: Listed) => a.id)).toContain(mine.appointmentId);
  });
});

describe('staff taking an escort confirmation by phone', () => {
  it('front desk records one that supersedes the patient’s; escortFor returns the newest', async () => {
    const { appointmentId, clinicId: clinic } = await bookTestAppointment(
      t.database,
      t.clock,
      demoClinicTime(t.clock, 20),
    );
    expect(
      (await inject(portal, 'POST', `/portal/appointments/${appointmentId}/escort`, escort)).statusCode,
    ).toBe(201);
    t.clock.advanceMinutes(5);
    const frontDesk = await signInAsDemo(t.app, t.clock, 'front_desk');
    const url = `/clinics/${clinic}/appointments/${appointmentId}/escort`;
    const byPhone = await inject(frontDesk, 'POST', url, {
      escortName: 'Epsilon Demo-Friend',
      escortPhone: '217-555-0199',
      rideConfirmed: true,
    });
    expect(byPhone.statusCode).toBe(201);
    expect(byPhone.json()).toMatchObject({
      confirmedVia: 'staff',
      relationship: null,
      escortPhone: '+12175550199',
    });
    expect(await escortFor(t.database.db, clinic, appointmentId)).toEqual({
      escortName: 'Epsilon Demo-Friend',
      rideConfirmed: true,
      confirmedAt: t.clock.now(),
    });
    const therapist = await signInAsDemo(t.app, t.clock, 'therapist');
    expect((await inject(therapist, 'POST', url, escort)).statusCode).toBe(403);
  });
});

describe('contact preferences', () => {
  it('are email by default; the patient can switch to text messages; at least one is required', async () => {
    const [{ id: patientId }] = (await t.database.db.select({ id: patient.id }).from(patient)) as [
      { id: string },
    ];
    // The demo chose email; without a choice it is the default too.
    await t.database.db.delete(contactPreference).where(eq(contactPreference.patientId, patientId));
    const first = await inject(portal, 'GET', '/portal/contact-preferences');
    expect(first.json()).toEqual({
      email: true,
      sms: false,
      emailAddress: 'patient@demo-clinic.example',
      phone: '+12175550142',
      chosen: false,
      updatedAt: null,
    });
    const none = await inject(portal, 'PUT', '/portal/contact-preferences', { email: false, sms: false });
    expect(none.statusCode).toBe(422);
    expect(none.json().errors).toEqual([
      { path: '/body/email', message: 'Choose at least one way to get reminders' },
    ]);
    const saved = await inject(portal, 'PUT', '/portal/contact-preferences', { email: false, sms: true });
    expect(saved.statusCode).toBe(200);
    expect(saved.json()).toMatchObject({ email: false, sms: true, chosen: true });
    // The next booking's messages go by text message only.
    const { appointmentId } = await bookTestAppointment(t.database, t.clock, demoClinicTime(t.clock, 20));
    const queued = await t.database.db
      .select({ channel: patientMessage.channel })
      .from(patientMessage)
      .where(eq(patientMessage.appointmentId, appointmentId));
    expect(new Set(queued.map((q) => q.channel))).toEqual(new Set(['sms']));
    const audits = await t.database.db
      .select()
      .from(auditEntry)
      .where(and(eq(auditEntry.action, 'reminder.preferences_changed'), eq(auditEntry.actorType, 'patient')));
    expect(audits).toHaveLength(1);
  });
});

describe('the development mailbox', () => {
  it('shows front desk what was queued, with the portal link filled in, filtered by status', async () => {
    const { appointmentId, clinicId: clinic } = await bookTestAppointment(
      t.database,
      t.clock,
      demoClinicTime(t.clock, 20),
    );
    const frontDesk = await signInAsDemo(t.app, t.clock, 'front_desk');
    const res = await inject(
      frontDesk,
      'GET',
      `/clinics/${clinic}/patient-messages?status=pending&limit=200`,
    );
    expect(res.statusCode).toBe(200);
    const mine = res
      .json()
      .messages.filter((m: { appointmentId: string }) => m.appointmentId === appointmentId);
    expect(mine).toHaveLength(6);
    const confirmation = mine.find((m: { kind: string }) => m.kind === 'booking_confirmation');
    expect(confirmation).toMatchObject({
      channel: 'email',
      recipient: 'patient@demo-clinic.example',
      status: 'pending',
      deliveredAt: null,
      lastError: null,
    });
    expect(confirmation.body).toContain('https://care.example.org/portal/appointments');
    expect(confirmation.body).not.toContain('{portal}');
    const delivered = await inject(frontDesk, 'GET', `/clinics/${clinic}/patient-messages?status=delivered`);
    expect(delivered.json().messages).toEqual([]);
    const nurse = await signInAsDemo(t.app, t.clock, 'nurse');
    expect((await inject(nurse, 'GET', `/clinics/${clinic}/patient-messages`)).statusCode).toBe(403);
  });
});
