import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemo } from '../demo/demo.js';
import { clinic } from '../organisation/schema.js';
import { createTestApp, type TestApp } from '../testing/app.js';
import { signInAsDemo } from '../testing/auth.js';
import { NotificationDispatcher } from './dispatcher.js';
import { outboxMessage } from './schema.js';
import { startTestReceiver, type TestReceiver } from './test-receiver.js';

/** PostgreSQL only: two servers' dispatchers working the same outbox at the same moment. */
let t: TestApp;
let receiver: TestReceiver;

beforeAll(async () => {
  t = await createTestApp({ notificationIntervalMs: 3_600_000 });
  receiver = await startTestReceiver();
  await loadDemo(t.database, t.clock);
});
afterAll(async () => {
  await receiver?.close();
  await t?.close();
});

describe('two dispatchers', () => {
  it('never deliver the same message twice', async () => {
    expect(t.database.engine).toBe('postgres');
    const owner = await signInAsDemo(t.app, t.clock, 'owner');
    const [{ id: clinicId }] = (await t.database.db.select({ id: clinic.id }).from(clinic)) as [
      { id: string },
    ];
    const base = `/api/clinics/${clinicId}/notification-channel`;
    await t.app.inject({ method: 'PUT', url: base, headers: owner.headers, payload: { url: receiver.url } });
    const queued = 60;
    for (let i = 0; i < queued; i++) {
      expect(
        (await t.app.inject({ method: 'POST', url: `${base}/test`, headers: owner.headers })).statusCode,
      ).toBe(202);
    }
    receiver.delay(20);
    const servers = [1, 2, 3].map(
      () => new NotificationDispatcher(t.database, t.clock, { warn: () => {} }, { batchSize: 5 }),
    );
    const tried = await Promise.all(servers.map((s) => s.dispatch()));
    await Promise.all(servers.map((s) => s.close()));
    expect(tried.reduce((a, b) => a + b, 0)).toBe(queued);
    // More than one server did some of the work: they really ran side by side.
    expect(tried.filter((n) => n > 0).length).toBeGreaterThan(1);
    const keys = receiver.received.map((r) => r.headers['idempotency-key']);
    expect(keys).toHaveLength(queued);
    expect(new Set(keys).size).toBe(queued);
    const rows = await t.database.db.select({ status: outboxMessage.status }).from(outboxMessage);
    expect(rows.every((r) => r.status === 'delivered')).toBe(true);
  });
});
