import { setTimeout as sleep } from 'node:timers/promises';
import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { raiseAlert } from '../alert/service.js';
import { auditEntry } from '../audit/schema.js';
import { loadDemo } from '../demo/demo.js';
import { clinic } from '../organisation/schema.js';
import { patient } from '../patient/schema.js';
import { createTestApp, type TestApp } from '../testing/app.js';
import { type SignedIn, signInAsDemo } from '../testing/auth.js';
import { MAX_DELIVERY_ATTEMPTS, retryDelayMs } from './core.js';
import { NotificationDispatcher, signatureOf } from './dispatcher.js';
import { outboxMessage } from './schema.js';
import { startTestReceiver, type TestReceiver } from './test-receiver.js';

let t: TestApp;
let clinicId: string;
let owner: SignedIn;
let receiver: TestReceiver;
let dispatcher: NotificationDispatcher;
const warnings: unknown[] = [];

beforeAll(async () => {
  // The app's own dispatcher stays out of the way: these tests run delivery rounds themselves.
  t = await createTestApp({ notificationIntervalMs: 3_600_000 });
});
afterAll(async () => t?.close());
beforeEach(async () => {
  await t.database.reset();
  await loadDemo(t.database, t.clock);
  [{ id: clinicId }] = (await t.database.db.select({ id: clinic.id }).from(clinic)) as [{ id: string }];
  t.clock.advanceMinutes(1);
  owner = await signInAsDemo(t.app, t.clock, 'owner');
  receiver = await startTestReceiver();
  dispatcher = new NotificationDispatcher(t.database, t.clock, {
    warn: (...args: unknown[]) => warnings.push(args),
  });
});
afterEach(async () => {
  await dispatcher.close();
  await receiver.close();
  // A failed round only logs a warning: none may have happened unnoticed.
  expect(warnings.splice(0)).toEqual([]);
});

const channelUrl = () => `/api/clinics/${clinicId}/notification-channel`;
const setChannel = (url: string, headers = owner.headers) =>
  t.app.inject({ method: 'PUT', url: channelUrl(), headers, payload: { url } });
const sendTest = () => t.app.inject({ method: 'POST', url: `${channelUrl()}/test`, headers: owner.headers });
const messages = async (status = '') =>
  (
    await t.app.inject({
      method: 'GET',
      url: `/api/clinics/${clinicId}/notifications${status ? `?status=${status}` : ''}`,
      headers: owner.headers,
    })
  ).json().messages;

describe('the notification channel', () => {
  it('is unset at first, then keeps the https address and shows the signing secret only once', async () => {
    expect((await t.app.inject({ method: 'GET', url: channelUrl(), headers: owner.headers })).json()).toEqual(
      {
        configured: false,
        kind: null,
        url: null,
        updatedAt: null,
      },
    );
    const saved = await setChannel('https://pager.example.org/hooks/T0KEN-123');
    expect(saved.statusCode).toBe(200);
    expect(saved.json()).toMatchObject({
      configured: true,
      kind: 'webhook',
      url: 'https://pager.example.org/hooks/T0KEN-123',
      updatedAt: t.clock.now().toISOString(),
    });
    expect(saved.json().signingSecret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const shown = await t.app.inject({ method: 'GET', url: channelUrl(), headers: owner.headers });
    expect(shown.json()).toEqual({
      configured: true,
      kind: 'webhook',
      url: 'https://pager.example.org/hooks/T0KEN-123',
      updatedAt: t.clock.now().toISOString(),
    });
    expect(shown.body).not.toContain(saved.json().signingSecret);
    // Saving again makes a new secret.
    const again = await setChannel('https://pager.example.org/hooks/T0KEN-123');
    expect(again.json().signingSecret).not.toBe(saved.json().signingSecret);
    // The audit names the host, never the address's path (it often holds a token) or the secret.
    const audits = await t.database.db
      .select()
      .from(auditEntry)
      .where(eq(auditEntry.action, 'notification.channel_changed'));
    expect(audits).toHaveLength(2);
    expect(audits[1]!.detail).toEqual({
      kind: 'webhook',
      hostBefore: 'pager.example.org',
      host: 'pager.example.org',
      secretRotated: true,
    });
    expect(JSON.stringify(audits)).not.toContain('T0KEN');
    expect(JSON.stringify(audits)).not.toContain(saved.json().signingSecret);
  });

  it.each([
    'http://pager.example.org/hook',
    'ftp://127.0.0.1/hook',
    'not an address',
    'https://user:pass@pager.example.org/hook',
  ])('refuses %s with 422 at /body/url', async (url) => {
    const res = await setChannel(url);
    expect(res.statusCode).toBe(422);
    expect(res.json().errors.map((e: { path: string }) => e.path)).toEqual(['/body/url']);
    expect(
      (await t.app.inject({ method: 'GET', url: channelUrl(), headers: owner.headers })).json().configured,
    ).toBe(false);
  });

  it('is the owner’s to set', async () => {
    const nurse = await signInAsDemo(t.app, t.clock, 'nurse');
    expect((await setChannel(receiver.url, nurse.headers)).statusCode).toBe(403);
  });

  it('refuses a test notice while no channel is set up', async () => {
    expect((await sendTest()).statusCode).toBe(409);
    expect(await messages()).toEqual([]);
  });
});

describe('delivery', () => {
  it('POSTs the notice signed with the clinic’s secret and the message id as idempotency key, once', async () => {
    const secret = (await setChannel(receiver.url)).json().signingSecret;
    const queued = await sendTest();
    expect(queued.statusCode).toBe(202);
    const { messageId } = queued.json();
    expect(await dispatcher.dispatch()).toBe(1);
    expect(receiver.received).toHaveLength(1);
    const [got] = receiver.received;
    expect(JSON.parse(got!.body)).toEqual({
      id: messageId,
      topic: 'notification.test',
      clinicId,
      createdAt: t.clock.now().toISOString(),
      payload: { notice: 'Test notice from ketacare: the channel works' },
    });
    expect(got!.headers['idempotency-key']).toBe(messageId);
    expect(got!.headers['content-type']).toBe('application/json');
    expect(got!.headers['x-ketacare-signature']).toBe(signatureOf(got!.body, secret));
    expect(got!.headers['x-ketacare-signature']).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(await messages()).toEqual([
      expect.objectContaining({
        id: messageId,
        topic: 'notification.test',
        status: 'delivered',
        attempts: 1,
        deliveredAt: t.clock.now().toISOString(),
        lastError: null,
      }),
    ]);
    // Delivered is final: later rounds, however late, never send it again.
    t.clock.advanceMinutes(120);
    expect(await dispatcher.dispatch()).toBe(0);
    expect(receiver.received).toHaveLength(1);
  });

  it('retries after a failure with a growing wait, then delivers', async () => {
    await setChannel(receiver.url);
    await sendTest();
    receiver.answer(500, 503);
    await dispatcher.dispatch();
    const [first] = await messages();
    expect(first).toMatchObject({ status: 'pending', attempts: 1, lastError: 'HTTP 500' });
    expect(first.nextAttemptAt).toBe(new Date(t.clock.now().getTime() + 30_000).toISOString());
    t.clock.advance(29_000);
    await dispatcher.dispatch();
    expect(receiver.received).toHaveLength(1);
    t.clock.advance(1_000);
    await dispatcher.dispatch();
    expect(receiver.received).toHaveLength(2);
    const [second] = await messages();
    expect(second).toMatchObject({ status: 'pending', attempts: 2, lastError: 'HTTP 503' });
    expect(second.nextAttemptAt).toBe(new Date(t.clock.now().getTime() + 60_000).toISOString());
    t.clock.advance(60_000);
    await dispatcher.dispatch();
    expect(await messages()).toEqual([
      expect.objectContaining({ status: 'delivered', attempts: 3, lastError: null }),
    ]);
    // Every try carried the same idempotency key, so the receiver can tell repeats apart.
    expect(new Set(receiver.received.map((r) => r.headers['idempotency-key'])).size).toBe(1);
  });

  it(`gives up after ${MAX_DELIVERY_ATTEMPTS} failed attempts and keeps the message as failed`, async () => {
    await setChannel(receiver.url);
    await sendTest();
    receiver.answer(...Array(20).fill(500));
    for (let attempt = 1; attempt <= MAX_DELIVERY_ATTEMPTS; attempt++) {
      await dispatcher.dispatch();
      t.clock.advance(retryDelayMs(attempt));
    }
    t.clock.advanceMinutes(120);
    await dispatcher.dispatch();
    expect(receiver.received).toHaveLength(MAX_DELIVERY_ATTEMPTS);
    // (Read from the table: two hours on, the owner's session has timed out.)
    expect(await t.database.db.select().from(outboxMessage)).toEqual([
      expect.objectContaining({ status: 'failed', attempts: MAX_DELIVERY_ATTEMPTS, lastError: 'HTTP 500' }),
    ]);
  });

  it('counts a receiver that does not answer in time as a failed attempt', async () => {
    await setChannel(receiver.url);
    await sendTest();
    receiver.delay(1_000);
    const impatient = new NotificationDispatcher(t.database, t.clock, { warn: () => {} }, { timeoutMs: 100 });
    await impatient.dispatch();
    await impatient.close();
    expect(await messages()).toEqual([
      expect.objectContaining({ status: 'pending', attempts: 1, lastError: 'timed out' }),
    ]);
  });

  it('counts an unreachable receiver as a failed attempt', async () => {
    await setChannel(receiver.url);
    await sendTest();
    await receiver.close();
    await dispatcher.dispatch();
    expect(await messages()).toEqual([
      expect.objectContaining({
        status: 'pending',
        attempts: 1,
        lastError: 'could not connect (ECONNREFUSED)',
      }),
    ]);
    receiver = await startTestReceiver();
  });

  it('marks notices of a clinic without a channel no_channel, keeps them and lists them', async () => {
    const alertId = await raiseSuicideRiskAlert();
    await dispatcher.dispatch();
    expect(await messages('no_channel')).toEqual([
      expect.objectContaining({ topic: 'alert.raised', status: 'no_channel', attempts: 0 }),
    ]);
    expect(await messages('pending')).toEqual([]);
    const [row] = await t.database.db.select().from(outboxMessage);
    expect(row!.payload.alertId).toBe(alertId);
  });

  it('never sends patient data: a suicide-risk alert’s notice carries ids and a plain notice only', async () => {
    await setChannel(receiver.url);
    const alertId = await raiseSuicideRiskAlert();
    const [row] = await t.database.db.select().from(outboxMessage);
    expect(row!.payload).toEqual({
      alertId,
      kind: 'suicide_risk',
      severity: 'critical',
      notice: 'An alert needs attention in ketacare',
    });
    await dispatcher.dispatch();
    expect(receiver.received).toHaveLength(1);
    const [alpha] = await t.database.db.select().from(patient);
    for (const text of [JSON.stringify(row!.payload), receiver.received[0]!.body]) {
      expect(text).not.toContain(alpha!.id);
      expect(text).not.toContain('Alpha');
      expect(text).not.toContain('Demo-Patient');
      expect(text).not.toContain('1980-01-01');
      expect(text).not.toContain('self-harm');
    }
  });

  it('waits on close for a delivery under way, and records it', async () => {
    await setChannel(receiver.url);
    await sendTest();
    receiver.delay(300);
    const run = dispatcher.dispatch();
    await sleep(50);
    await dispatcher.close();
    expect(await messages()).toEqual([expect.objectContaining({ status: 'delivered' })]);
    await run;
  });
});

describe('the running app', () => {
  it('delivers queued notices by itself on its configured interval', async () => {
    const fast = await createTestApp({ notificationIntervalMs: 50 });
    try {
      await loadDemo(fast.database, fast.clock);
      const me = await signInAsDemo(fast.app, fast.clock, 'owner');
      const [{ id }] = (await fast.database.db.select({ id: clinic.id }).from(clinic)) as [{ id: string }];
      const base = `/api/clinics/${id}/notification-channel`;
      await fast.app.inject({
        method: 'PUT',
        url: base,
        headers: me.headers,
        payload: { url: receiver.url },
      });
      await fast.app.inject({ method: 'POST', url: `${base}/test`, headers: me.headers });
      for (let waited = 0; receiver.received.length === 0 && waited < 5_000; waited += 25) await sleep(25);
      expect(receiver.received).toHaveLength(1);
    } finally {
      await fast.close();
    }
  });
});

async function raiseSuicideRiskAlert(): Promise<string> {
  const [alpha] = await t.database.db.select().from(patient);
  return t.database.transaction((tx) =>
    raiseAlert(tx, t.clock, {
      clinicId,
      patientId: alpha!.id,
      kind: 'suicide_risk',
      severity: 'critical',
      title: 'PHQ-9 item 9 answered above 0',
      detail: 'Thoughts of self-harm reported on several days',
      sourceType: 'questionnaire_response',
      sourceId: '00000000-0000-7000-8000-000000000001',
    }),
  );
}
