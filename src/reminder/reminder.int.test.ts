import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadDemo } from '../demo/demo.js';
import { loadConfig } from '../platform/config.js';
import { appointment } from '../schedule/schema.js';
import { createTestApp, type TestApp } from '../testing/app.js';
import { localTime, nextDayAt } from './core.js';
import { patientMessage } from './schema.js';
import { cancelAppointmentMessages, queueAppointmentMessages } from './service.js';
import { bookTestAppointment, demoClinicTime, setPreferences } from './test-fixture.js';

let t: TestApp;

beforeAll(async () => {
  // The app's own dispatcher stays idle: it would capture due messages while a test looks at them.
  t = await createTestApp({
    notificationIntervalMs: 3_600_000,
    patientMessages: { ...loadConfig({}).patientMessages, intervalMs: 3_600_000 },
  });
});
afterAll(async () => t?.close());
beforeEach(async () => {
  await t.database.reset();
  await loadDemo(t.database, t.clock);
});

const hours = (n: number) => n * 3_600_000;
const messagesOf = (appointmentId: string) =>
  t.database.db
    .select()
    .from(patientMessage)
    .where(eq(patientMessage.appointmentId, appointmentId))
    .orderBy(asc(patientMessage.sendAfter), asc(patientMessage.dedupeKey));

describe('queueing an appointment’s messages', () => {
  it('queues confirmation, both reminders, escort request, questionnaire notice and follow-up by email', async () => {
    const startsAt = demoClinicTime(t.clock, 20);
    const { appointmentId } = await bookTestAppointment(t.database, t.clock, startsAt);
    const rows = await messagesOf(appointmentId);
    const hoursBefore = (n: number) => new Date(startsAt.getTime() - hours(n));
    expect(rows.map((r) => [r.dedupeKey.slice(appointmentId.length + 1), r.sendAfter])).toEqual([
      ['booking_confirmation:email', t.clock.now()],
      ['escort_request:email', hoursBefore(72)],
      ['reminder:48:email', hoursBefore(48)],
      ['questionnaire_due:email', hoursBefore(24)],
      ['reminder:24:email', hoursBefore(24)],
      ['follow_up:email', nextDayAt(startsAt, 'America/Chicago', 10)],
    ]);
    expect(rows.every((r) => r.status === 'pending' && r.recipient === 'patient@demo-clinic.example')).toBe(
      true,
    );
    const reminder = rows.find((r) => r.kind === 'reminder')!;
    expect(reminder.subject).toBe(
      `Reminder: ${localTime(startsAt, 'America/Chicago')} at Demo Ketamine Clinic — Springfield`,
    );
    expect(reminder.body).toContain('No food for 2 hours before, no liquids for 30 minutes before.');
    expect(reminder.body).toContain('An adult escort must take you home');
    expect(reminder.body).toContain('Do not drive');
    expect(reminder.body).toContain('nasal steroid or decongestant');
  });

  it('queues nothing twice when called again, and adds SMS for a patient who opted in', async () => {
    const { appointmentId, clinicId, patientId } = await bookTestAppointment(
      t.database,
      t.clock,
      demoClinicTime(t.clock, 20),
    );
    await setPreferences(t.database, t.clock, { clinicId, patientId }, { email: true, sms: true });
    await t.database.transaction((tx) => queueAppointmentMessages(tx, t.clock, appointmentId));
    const rows = await messagesOf(appointmentId);
    expect(rows.filter((r) => r.channel === 'email')).toHaveLength(6);
    // Queued again after the opt-in: the e-mails stay as they were, the SMS ones go to the registered phone.
    const sms = rows.filter((r) => r.channel === 'sms');
    expect(sms.map((r) => r.recipient)).toEqual(Array(sms.length).fill('+12175550142'));
    expect(sms.every((r) => r.body.length <= 320)).toBe(true);
  });

  it('cancels unsent messages and tells the patient about a cancellation; a reschedule sends no notice', async () => {
    const firstAt = demoClinicTime(t.clock, 20);
    const first = await bookTestAppointment(t.database, t.clock, firstAt);
    const second = await bookTestAppointment(t.database, t.clock, demoClinicTime(t.clock, 23));
    await t.database.transaction(async (tx) => {
      await tx
        .update(appointment)
        .set({ status: 'cancelled' })
        .where(eq(appointment.id, first.appointmentId));
      await cancelAppointmentMessages(tx, t.clock, first.appointmentId, 'cancelled');
      await cancelAppointmentMessages(tx, t.clock, second.appointmentId, 'rescheduled');
    });
    const cancelled = await messagesOf(first.appointmentId);
    expect(cancelled.filter((r) => r.status === 'cancelled')).toHaveLength(6);
    const notice = cancelled.filter((r) => r.status === 'pending');
    expect(notice.map((r) => r.kind)).toEqual(['cancellation']);
    expect(notice[0]!.subject).toBe(
      `Cancelled: ${localTime(firstAt, 'America/Chicago')} at Demo Ketamine Clinic — Springfield`,
    );
    const moved = await messagesOf(second.appointmentId);
    expect(
      moved.every((r) => r.status === 'cancelled' && r.lastError === 'The appointment was rescheduled'),
    ).toBe(true);
  });
});
