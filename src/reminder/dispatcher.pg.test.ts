import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemo } from '../demo/demo.js';
import { loadConfig } from '../platform/config.js';
import { createTestApp, type TestApp } from '../testing/app.js';
import { PatientMessageDispatcher } from './dispatcher.js';
import { patientMessage } from './schema.js';
import { bookTestAppointment, demoClinicTime } from './test-fixture.js';
import { readMail, startTestSmtpServer, type TestSmtpServer } from './test-smtp.js';

/** PostgreSQL only: three servers' dispatchers sending the same patient messages at the same moment. */
let t: TestApp;
let smtp: TestSmtpServer;
const idle = { ...loadConfig({}).patientMessages, intervalMs: 3_600_000 };

beforeAll(async () => {
  t = await createTestApp({ notificationIntervalMs: 3_600_000, patientMessages: idle });
  smtp = await startTestSmtpServer();
  await loadDemo(t.database, t.clock);
  await t.database.db.delete(patientMessage);
});
afterAll(async () => {
  await smtp?.close();
  await t?.close();
});

describe('three dispatchers', () => {
  it('never send one message twice', async () => {
    expect(t.database.engine).toBe('postgres');
    // Ten appointments weeks ahead: their ten booking confirmations are due now.
    for (let week = 3; week < 13; week++) {
      await bookTestAppointment(t.database, t.clock, demoClinicTime(t.clock, week * 7));
    }
    const due = (await t.database.db.select().from(patientMessage)).filter(
      (m) => m.sendAfter <= t.clock.now(),
    );
    expect(due.length).toBe(10);
    const servers = [1, 2, 3].map(
      () =>
        new PatientMessageDispatcher(
          t.database,
          t.clock,
          { warn: () => {} },
          { ...idle, smtpUrl: smtp.url },
          { batchSize: 2 },
        ),
    );
    const tried = await Promise.all(servers.map((s) => s.dispatch()));
    await Promise.all(servers.map((s) => s.close()));
    expect(tried.reduce((a, b) => a + b, 0)).toBe(due.length);
    expect(tried.filter((n) => n > 0).length).toBeGreaterThan(1);
    const ids = smtp.received.map((m) => readMail(m.raw).headers['message-id']);
    expect(ids).toHaveLength(due.length);
    expect(new Set(ids).size).toBe(due.length);
    const rows = await t.database.db.select({ status: patientMessage.status }).from(patientMessage);
    expect(rows.filter((r) => r.status === 'delivered')).toHaveLength(due.length);
  });
});
