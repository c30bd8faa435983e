import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadDemo } from '../demo/demo.js';
import { appointment } from '../schedule/schema.js';
import { createTestApp, type TestApp } from '../testing/app.js';
import { contactPreference, patientMessage } from './schema.js';
import { cancelAppointmentMessages, queueAppointmentMessages } from './service.js';
import { bookTestAppointment } from './test-fixture.js';

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp({ notificationIntervalMs: 3_600_000 });
});
afterAll(async () => t?.close());
beforeEach(async () => {
  await t.database.reset();
  await loadDemo(t.database, t.clock);
});

// The test clock starts Mon 2 Mar 2026, 15:00 UTC (9:00 AM in the demo clinic's Chicago).
const friday9am = new Date('2026-03-06T15:00:00Z');
const messagesOf = (appointmentId: string) =>
  t.database.db
    .select()
    .from(patientMessage)
    .where(eq(patientMessage.appointmentId, appointmentId))
    .orderBy(asc(patientMessage.sendAfter), asc(patientMessage.dedupeKey));

describe('queueing an appointment’s messages', () => {
  it('queues confirmation, both reminders, escort request, questionnaire notice and follow-up by email', async () => {
    const { appointmentId } = await bookTestAppointment(t.database, t.clock, friday9am);
    const rows = await messagesOf(appointmentId);
    expect(rows.map((r) => [r.dedupeKey.slice(appointmentId.length + 1), r.sendAfter.toISOString()])).toEqual(
      [
        ['booking_confirmation:email', t.clock.now().toISOString()],
        ['escort_request:email', '2026-03-03T15:00:00.000Z'],
        ['reminder:48:email', '2026-03-04T15:00:00.000Z'],
        ['questionnaire_due:email', '2026-03-05T15:00:00.000Z'],
        ['reminder:24:email', '2026-03-05T15:00:00.000Z'],
        // 10:00 AM Chicago the next day.
        ['follow_up:email', '2026-03-07T16:00:00.000Z'],
      ],
    );
    expect(rows.every((r) => r.status === 'pending' && r.recipient === 'patient@demo-clinic.example')).toBe(
      true,
    );
    const reminder = rows.find((r) => r.kind === 'reminder')!;
    expect(reminder.subject).toBe('Reminder: Fri 6 Mar, 9:00 AM at Demo Ketamine Clinic — Springfield');
    expect(reminder.body).toContain('No food for 2 hours before, no liquids for 30 minutes before.');
    expect(reminder.body).toContain('An adult escort must take you home');
    expect(reminder.body).toContain('Do not drive');
    expect(reminder.body).toContain('nasal steroid or decongestant');
  });

  it('queues nothing twice when called again, and adds SMS for a patient who opted in', async () => {
    const { appointmentId, clinicId, patientId } = await bookTestAppointment(t.database, t.clock, friday9am);
    await t.database.db
      .insert(contactPreference)
      .values({ patientId, clinicId, email: true, sms: true, updatedAt: t.clock.now() });
    await t.database.transaction((tx) => queueAppointmentMessages(tx, t.clock, appointmentId));
    const rows = await messagesOf(appointmentId);
    expect(rows.filter((r) => r.channel === 'email')).toHaveLength(6);
    // Queued again after the opt-in: the e-mails stay as they were, the SMS ones go to the registered phone.
    const sms = rows.filter((r) => r.channel === 'sms');
    expect(sms.map((r) => r.recipient)).toEqual(Array(sms.length).fill('+12175550142'));
    expect(sms.every((r) => r.body.length <= 320)).toBe(true);
  });

  it('cancels unsent messages and tells the patient about a cancellation; a reschedule sends no notice', async () => {
    const first = await bookTestAppointment(t.database, t.clock, friday9am);
    const second = await bookTestAppointment(t.database, t.clock, new Date('2026-03-09T15:00:00Z'));
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
    expect(notice[0]!.subject).toBe('Cancelled: Fri 6 Mar, 9:00 AM at Demo Ketamine Clinic — Springfield');
    const moved = await messagesOf(second.appointmentId);
    expect(
      moved.every((r) => r.status === 'cancelled' && r.lastError === 'The appointment was rescheduled'),
    ).toBe(true);
  });
});
