import { asc, eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadDemo } from '../demo/demo.js';
import { retryDelayMs } from '../notification/core.js';
import { signatureOf } from '../notification/dispatcher.js';
import { startTestReceiver } from '../notification/test-receiver.js';
import { type Config, loadConfig } from '../platform/config.js';
import { appointment, escortConfirmation } from '../schedule/schema.js';
import { createTestApp, type TestApp } from '../testing/app.js';
import { localTime } from './core.js';
import { PatientMessageDispatcher } from './dispatcher.js';
import { patientMessage } from './schema.js';
import { queueAppointmentMessages } from './service.js';
import { bookTestAppointment, demoClinicTime, setPreferences } from './test-fixture.js';
import { readMail, startTestSmtpServer, type TestSmtpServer } from './test-smtp.js';

let t: TestApp;
let smtp: TestSmtpServer;
const warnings: unknown[] = [];
const idle = { ...loadConfig({}).patientMessages, intervalMs: 3_600_000 };
const publicUrl = 'https://care.example.org';
const transports = (extra: Partial<Config['patientMessages']> = {}): Config['patientMessages'] => ({
  ...idle,
  smtpUrl: smtp.url,
  from: 'Demo Clinic <clinic@demo-clinic.example>',
  publicUrl,
  ...extra,
});
const running: PatientMessageDispatcher[] = [];
const dispatcher = (extra: Partial<Config['patientMessages']> = {}, options = {}) => {
  const made = new PatientMessageDispatcher(
    t.database,
    t.clock,
    { warn: (...args: unknown[]) => warnings.push(args) },
    transports(extra),
    options,
  );
  running.push(made);
  return made;
};

beforeAll(async () => {
  // The app's own dispatchers stay out of the way: these tests run delivery rounds themselves.
  t = await createTestApp({ notificationIntervalMs: 3_600_000, patientMessages: idle });
});
afterAll(async () => t?.close());
beforeEach(async () => {
  await t.database.reset();
  await loadDemo(t.database, t.clock);
  // The demo's own bookings queue messages too; these tests watch only the ones they book.
  await t.database.db.delete(patientMessage);
  smtp = await startTestSmtpServer();
});
afterEach(async () => {
  await Promise.all(running.splice(0).map((d) => d.close()));
  await smtp.close();
  expect(warnings.splice(0)).toEqual([]);
});

const rows = () => t.database.db.select().from(patientMessage).orderBy(asc(patientMessage.sendAfter));
const chicago = 'America/Chicago';

describe('email over SMTP', () => {
  it('sends the 24 h reminder with fasting and escort instructions to a real SMTP server, once', async () => {
    const startsAt = demoClinicTime(t.clock, 20);
    await bookTestAppointment(t.database, t.clock, startsAt);
    // 9:01 AM the day before: the 24 h reminder (and everything before it) is due; the follow-up is not.
    t.clock.advance(startsAt.getTime() - 24 * 3_600_000 + 60_000 - t.clock.now().getTime());
    const sender = dispatcher();
    expect(await sender.dispatch()).toBe(5);
    expect(smtp.received).toHaveLength(5);
    const mails = smtp.received.map((m) => ({ ...m, ...readMail(m.raw) }));
    const when = localTime(startsAt, chicago);
    expect(when).toMatch(/^[A-Z][a-z]{2} \d{1,2} [A-Z][a-z]{2}, 9:00 AM$/);
    const reminder = mails.find((m) => m.headers.subject?.startsWith(`Reminder: ${when}`))!;
    expect(reminder.to).toEqual(['patient@demo-clinic.example']);
    expect(reminder.from).toBe('clinic@demo-clinic.example');
    expect(reminder.headers.subject).toBe(`Reminder: ${when} at Demo Ketamine Clinic — Springfield`);
    expect(reminder.text).toContain('No food for 2 hours before, no liquids for 30 minutes before.');
    expect(reminder.text).toContain('An adult escort must take you home');
    expect(reminder.text).toContain('Do not drive, cycle or use machinery until the next day');
    expect(reminder.text).toContain(`${publicUrl}/portal/appointments`);
    const stored = (await rows()).filter((r) => r.status === 'delivered');
    expect(stored).toHaveLength(5);
    // The Message-ID is derived from the message id: a receiver can drop a repeat of an interrupted attempt.
    expect(new Set(mails.map((m) => m.headers['message-id']))).toEqual(
      new Set(stored.map((r) => `<${r.id}@ketacare>`)),
    );
    expect(
      stored.every((r) => r.attempts === 1 && r.deliveredAt?.getTime() === t.clock.now().getTime()),
    ).toBe(true);
    // Delivered is final: another round sends nothing more.
    expect(await sender.dispatch()).toBe(0);
    expect(smtp.received).toHaveLength(5);
    // 10:00 AM the day after the session, the follow-up goes, alone.
    t.clock.advance(49 * 3_600_000);
    expect(await sender.dispatch()).toBe(1);
    expect(readMail(smtp.received[5]!.raw).headers.subject).toBe(
      'How are you today? (Demo Ketamine Clinic — Springfield)',
    );
  });

  it('retries a refused delivery later with backoff, then delivers it', async () => {
    await bookTestAppointment(t.database, t.clock, demoClinicTime(t.clock, 20));
    smtp.refuse(1);
    const sender = dispatcher();
    await sender.dispatch();
    const [first] = await rows();
    expect(first).toMatchObject({
      kind: 'booking_confirmation',
      status: 'pending',
      attempts: 1,
      lastError: 'refused by the mail server (451)',
    });
    expect(first!.nextAttemptAt).toEqual(new Date(t.clock.now().getTime() + retryDelayMs(1)));
    t.clock.advance(retryDelayMs(1) - 1000);
    expect(await sender.dispatch()).toBe(0);
    t.clock.advance(1000);
    expect(await sender.dispatch()).toBe(1);
    const [after] = await rows();
    expect(after).toMatchObject({ status: 'delivered', attempts: 2, lastError: null });
    expect(smtp.received).toHaveLength(1);
  });

  it('counts an unreachable mail server as a failed attempt', async () => {
    await bookTestAppointment(t.database, t.clock, demoClinicTime(t.clock, 20));
    await smtp.close();
    await dispatcher().dispatch();
    const [first] = await rows();
    expect(first).toMatchObject({
      status: 'pending',
      attempts: 1,
      lastError: 'could not connect (ESOCKET)',
    });
    smtp = await startTestSmtpServer();
  });
});

/** Books with the patient opted in to SMS only, so the appointment's messages go by SMS. */
async function bookForSms() {
  const { clinicId, patientId, appointmentId } = await bookTestAppointment(
    t.database,
    t.clock,
    demoClinicTime(t.clock, 20),
    {
      queue: false,
    },
  );
  await setPreferences(t.database, t.clock, { clinicId, patientId }, { email: false, sms: true });
  await t.database.transaction((tx) => queueAppointmentMessages(tx, t.clock, appointmentId));
}

describe('SMS through the webhook', () => {
  it('posts { to, body } signed, with the message id as idempotency key', async () => {
    const receiver = await startTestReceiver();
    try {
      await bookForSms();
      await dispatcher({ smsWebhook: { url: receiver.url, secret: 'test-secret' } }).dispatch();
      expect(receiver.received).toHaveLength(1);
      const [got] = receiver.received;
      const [message] = await rows();
      expect(JSON.parse(got!.body)).toEqual({
        to: '+12175550142',
        body: message!.body.replace('{portal}', publicUrl),
      });
      expect(got!.headers['idempotency-key']).toBe(message!.id);
      expect(got!.headers['x-ketacare-signature']).toBe(signatureOf(got!.body, 'test-secret'));
      expect(message).toMatchObject({ channel: 'sms', status: 'delivered' });
    } finally {
      await receiver.close();
    }
  });

  it('a claim whose server died comes due again when its lease ends, and is sent once', async () => {
    await bookForSms();
    const sms = { url: 'http://127.0.0.1:9/sms', secret: 'test-secret' };
    // The first server claims the confirmation and hangs mid-delivery (then "dies": it is never closed).
    let claimed!: () => void;
    const sent = new Promise<void>((resolve) => {
      claimed = resolve;
    });
    const dying = new PatientMessageDispatcher(
      t.database,
      t.clock,
      { warn: () => {} },
      transports({ smsWebhook: sms }),
      {
        fetch: () => {
          claimed();
          return new Promise<Response>(() => {});
        },
      },
    );
    void dying.dispatch();
    await sent;
    const posted: string[] = [];
    const restarted = dispatcher(
      { smsWebhook: sms },
      {
        fetch: async (_url: string, init: RequestInit) => {
          posted.push(String((init.headers as Record<string, string>)['idempotency-key']));
          return new Response('{}', { status: 200 });
        },
      },
    );
    t.clock.advance(59_000);
    expect(await restarted.dispatch()).toBe(0);
    t.clock.advance(1_000);
    expect(await restarted.dispatch()).toBe(1);
    const [message] = await rows();
    expect(posted).toEqual([message!.id]);
    expect(message).toMatchObject({ status: 'delivered', attempts: 1 });
  });
});

describe('what is not sent', () => {
  it('captures messages for the development mailbox when no transport is configured', async () => {
    await bookTestAppointment(t.database, t.clock, demoClinicTime(t.clock, 20));
    expect(await dispatcher({ smtpUrl: undefined }).dispatch()).toBe(0);
    const [first] = await rows();
    expect(first).toMatchObject({
      kind: 'booking_confirmation',
      status: 'captured',
      lastError: 'No SMTP server is configured',
    });
    expect(smtp.received).toHaveLength(0);
  });

  it('skips the escort request once the escort is confirmed, and everything for a cancelled appointment', async () => {
    const escortedAt = demoClinicTime(t.clock, 20);
    const cancelledAt = demoClinicTime(t.clock, 18);
    const escorted = await bookTestAppointment(t.database, t.clock, escortedAt);
    const cancelled = await bookTestAppointment(t.database, t.clock, cancelledAt);
    await t.database.db.insert(escortConfirmation).values({
      clinicId: escorted.clinicId,
      patientId: escorted.patientId,
      appointmentId: escorted.appointmentId,
      escortName: 'Gamma Demo-Driver',
      escortPhone: '+12175550144',
      rideConfirmed: true,
      confirmedVia: 'portal',
      confirmedAt: t.clock.now(),
    });
    // Marked cancelled without its messages being cancelled: the dispatcher checks again before sending.
    await t.database.db
      .update(appointment)
      .set({ status: 'cancelled' })
      .where(eq(appointment.id, cancelled.appointmentId));
    // 60 hours before the escorted session: its escort request is due, and most of the cancelled one's messages.
    t.clock.advance(escortedAt.getTime() - 60 * 3_600_000 - t.clock.now().getTime());
    await dispatcher().dispatch();
    const all = await rows();
    const escortRequest = all.find(
      (r) => r.appointmentId === escorted.appointmentId && r.kind === 'escort_request',
    );
    expect({ ...escortRequest, body: '' }).toMatchObject({
      status: 'cancelled',
      lastError: 'The escort is already confirmed',
    });
    const ofCancelled = all.filter(
      (r) => r.appointmentId === cancelled.appointmentId && r.sendAfter <= t.clock.now(),
    );
    expect(ofCancelled.length).toBeGreaterThan(0);
    expect(
      ofCancelled.every((r) => r.status === 'cancelled' && r.lastError === 'The appointment is cancelled'),
    ).toBe(true);
    const subjects = smtp.received.map((m) => readMail(m.raw).headers.subject);
    expect(subjects.some((s) => s?.startsWith('Who is taking you home'))).toBe(false);
    expect(subjects.some((s) => s?.includes(localTime(cancelledAt, chicago)))).toBe(false);
    expect(subjects).toEqual([
      `Booked: ${localTime(escortedAt, chicago)} at Demo Ketamine Clinic — Springfield`,
    ]);
  });
});
