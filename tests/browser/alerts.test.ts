import { createHmac } from 'node:crypto';
import { generate } from 'otplib';
import { type Browser, type BrowserContext, type Page, request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { AlertList } from '../../src/alert/model.js';
import type { InstrumentDefinition } from '../../src/measures/instrument.js';
import { startTestReceiver } from '../../src/notification/test-receiver.js';
import type { SettingsView } from '../../src/settings/model.js';
import { isUncovered, launchBrowser, seriousA11yViolations, watchConsole } from './browser.js';
import { demo, type OwnerApi, ownerApi, signInAsDemo, signInWith } from './sessions.js';

const baseUrl = inject('baseUrl');
let browser: Browser;
let owner: OwnerApi;
const desktopSize = { viewport: { width: 1280, height: 800 } };

beforeAll(async () => {
  browser = await launchBrowser();
  owner = await ownerApi(baseUrl);
});
afterAll(async () => {
  await owner?.api.dispose();
  await browser?.close();
});

/**
 * These tests are refused on purpose: a 403 asks for step-up, a 409 says someone acknowledged first, a 422 is a
 * refused form. The browser logs every refused request; anything else is a real problem.
 */
const unexpected = (problems: string[]) =>
  problems.filter(
    (p) => !/Failed to load resource: the server responded with a status of (403|409|422)/.test(p),
  );

async function open(context: BrowserContext, path: string): Promise<{ page: Page; problems: string[] }> {
  const page = await context.newPage();
  const problems = await watchConsole(page);
  await page.goto(`${baseUrl}${path}`, { waitUntil: 'networkidle' });
  await page
    .getByRole('heading', { level: 1 })
    .first()
    .waitFor()
    .catch(async (error: Error) => {
      throw new Error(
        `${error.message}\n${problems.join('\n')}\n${await page.locator('body').textContent()}`,
      );
    });
  return { page, problems };
}

const openAlerts = async () => {
  const res = await owner.api.get(`${baseUrl}/api/clinics/${owner.clinicId}/alerts?state=open&limit=500`);
  expect(res.status()).toBe(200);
  return (await res.json()) as AlertList;
};

/** The real way an alert is raised: the demo patient answers PHQ-9 item 9 above 0 in the portal. */
async function patientReportsThoughtsOfSelfHarm(): Promise<void> {
  const api = await request.newContext();
  const patient = demo('patient');
  const csrf = await signInWith(api, baseUrl, patient.email, patient.password, { patient: true });
  const definition = (await (
    await api.get(`${baseUrl}/api/portal/instruments/phq-9`)
  ).json()) as InstrumentDefinition;
  const answers = definition.items
    .filter((item) => item.scored)
    .map((item) => ({ linkId: item.linkId, value: item.prefix === '9' ? 1 : 0 }));
  const res = await api.post(`${baseUrl}/api/portal/responses`, {
    headers: { 'x-csrf-token': csrf },
    data: { instrumentId: 'phq-9', instrumentVersion: definition.version, answers },
  });
  expect(res.status(), await res.text()).toBe(201);
  expect(((await res.json()) as { crisis: boolean }).crisis).toBe(true);
  await api.dispose();
}

/** Another test file may have left alerts open; these tests start from an empty queue. */
async function acknowledgeEverything(context: BrowserContext, csrf: string) {
  for (const alert of (await openAlerts()).alerts) {
    const res = await context.request.post(
      `${baseUrl}/api/clinics/${owner.clinicId}/alerts/${alert.id}/acknowledgement`,
      {
        headers: { 'x-csrf-token': csrf },
        data: { action: 'no_risk_found', note: 'Cleared before the alert queue browser test' },
      },
    );
    expect([201, 409]).toContain(res.status());
  }
  expect((await openAlerts()).openCount).toBe(0);
}

/** Waits for a dialog's opening fade to finish, so the accessibility check sees its real colours. */
const dialogShown = (page: Page) =>
  page.waitForFunction(() => {
    for (let el = document.querySelector('[role=dialog]'); el; el = el.parentElement)
      if (getComputedStyle(el).opacity !== '1') return false;
    return document.querySelector('[role=dialog]') !== null;
  });

const banner = (page: Page) => page.getByTestId('alert-banner');

describe('safety alerts', () => {
  it('shows the banner on every screen until a nurse acknowledges the alert with an action and a note', async () => {
    const context = await browser.newContext(desktopSize);
    const csrf = await signInAsDemo(context, baseUrl, 'nurse');
    await acknowledgeEverything(context, csrf);
    await patientReportsThoughtsOfSelfHarm();

    const { page, problems } = await open(context, '/today');
    await expect(banner(page).textContent()).resolves.toContain('1 safety alert needs acknowledgement');
    await expect(banner(page).textContent()).resolves.toContain('Alpha Demo-Patient');
    await expect(banner(page).getAttribute('role')).resolves.toBe('alert');
    expect(await isUncovered(page, '[data-testid="alert-banner"]')).toBe(true);
    await page.screenshot({ path: '/tmp/ketacare-alert-banner.png' });

    await page
      .getByRole('navigation', { name: 'Clinic console' })
      .getByRole('link', { name: 'Patients' })
      .click();
    await page.getByRole('heading', { name: 'Patients', level: 1 }).waitFor();
    await banner(page).getByText('1 safety alert needs acknowledgement').waitFor();

    await banner(page).getByRole('link', { name: 'Open the alert queue' }).click();
    await page.getByRole('heading', { name: 'Alerts', level: 1 }).waitFor();
    const queue = page.getByRole('table', { name: 'Alerts that need acknowledgement' });
    await queue.getByRole('link', { name: 'Alpha Demo-Patient' }).waitFor();
    await queue.getByText('Critical').waitFor();
    await queue.getByText('just now').waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.screenshot({ path: '/tmp/ketacare-alerts.png', fullPage: true });

    await queue.getByRole('button', { name: /^Acknowledge/ }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('radio', { name: 'Contacted the patient' }).check();
    // No note: refused at the form, nothing is sent.
    await dialog.getByRole('button', { name: 'Acknowledge alert' }).click();
    await dialog.getByText('Write a note').waitFor();
    expect((await openAlerts()).openCount).toBe(1);
    expect(await seriousA11yViolations(page)).toEqual([]);

    await dialog
      .getByRole('textbox', { name: 'Note' })
      .fill('Called the patient at 10:05; safe, at home with partner; safety plan reviewed.');
    await dialog.getByRole('button', { name: 'Acknowledge alert' }).click();
    await page
      .getByRole('status')
      .getByText('Acknowledged: Alpha Demo-Patient — Contacted the patient.')
      .waitFor();
    await banner(page).waitFor({ state: 'detached' });
    await page.getByText('No open alerts.').waitFor();
    const acknowledged = page.getByRole('table', { name: 'Acknowledged alerts' });
    const row = acknowledged.getByRole('row').filter({ hasText: 'safety plan reviewed' });
    await row.getByText('Demo Nurse Nico').waitFor();
    await row.getByText('Contacted the patient').waitFor();
    await page.screenshot({ path: '/tmp/ketacare-alerts-acknowledged.png', fullPage: true });
    expect((await openAlerts()).openCount).toBe(0);

    await page
      .getByRole('navigation', { name: 'Clinic console' })
      .getByRole('link', { name: 'Today' })
      .click();
    await page.getByRole('heading', { name: 'Today', level: 1 }).waitFor();
    await expect(banner(page).count()).resolves.toBe(0);
    expect(unexpected(problems)).toEqual([]);
    await context.close();
  });

  it('front desk sees the banner and the queue but cannot acknowledge; a second acknowledgement is a 409 the list explains', async () => {
    const nurse = await browser.newContext(desktopSize);
    const nurseCsrf = await signInAsDemo(nurse, baseUrl, 'nurse');
    await acknowledgeEverything(nurse, nurseCsrf);
    await patientReportsThoughtsOfSelfHarm();

    const person = await owner.addStaff(['front_desk'], 'Front Desk Frankie');
    const frontDesk = await browser.newContext(desktopSize);
    await signInWith(frontDesk.request, baseUrl, person.email, person.password);
    const { page, problems } = await open(frontDesk, '/today');
    await banner(page).getByText('1 safety alert needs acknowledgement').waitFor();
    await banner(page).getByRole('link', { name: 'Open the alert queue' }).click();
    const queue = page.getByRole('table', { name: 'Alerts that need acknowledgement' });
    await queue.getByRole('link', { name: 'Alpha Demo-Patient' }).waitFor();
    await expect(page.getByRole('button', { name: /^Acknowledge/ }).count()).resolves.toBe(0);
    await page.getByText('Acknowledging an alert is for the clinical team').waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    expect(unexpected(problems)).toEqual([]);

    // The nurse opens the dialog while someone else acknowledges the same alert.
    const nursePage = await open(nurse, '/alerts');
    const nurseQueue = nursePage.page.getByRole('table', { name: 'Alerts that need acknowledgement' });
    await nurseQueue.getByRole('button', { name: /^Acknowledge/ }).click();
    const [alert] = (await openAlerts()).alerts;
    const first = await nurse.request.post(
      `${baseUrl}/api/clinics/${owner.clinicId}/alerts/${alert!.id}/acknowledgement`,
      {
        headers: { 'x-csrf-token': nurseCsrf },
        data: { action: 'informed_prescriber', note: 'Handed to Dr Pat at the nurses’ station.' },
      },
    );
    expect(first.status()).toBe(201);
    const dialog = nursePage.page.getByRole('dialog');
    await dialog.getByRole('radio', { name: 'Contacted the patient' }).check();
    await dialog.getByRole('textbox', { name: 'Note' }).fill('Called the patient.');
    await dialog.getByRole('button', { name: 'Acknowledge alert' }).click();
    await nursePage.page
      .getByRole('status')
      .getByText('Someone had already acknowledged this alert')
      .waitFor();
    await nursePage.page.getByText('No open alerts.').waitFor();
    await nursePage.page
      .getByRole('table', { name: 'Acknowledged alerts' })
      .getByText('Handed to Dr Pat at the nurses’ station.')
      .waitFor();
    await banner(nursePage.page).waitFor({ state: 'detached' });
    expect(unexpected(nursePage.problems)).toEqual([]);

    // Front desk's banner goes at its next check.
    await page.reload();
    await page.getByRole('heading', { name: 'Alerts', level: 1 }).waitFor();
    await expect(banner(page).count()).resolves.toBe(0);
    await frontDesk.close();
    await nurse.close();
  });
});

/** A code from a later 30-second step than `after`: the server refuses a step it has already accepted. */
function codeAfter(secret: string, after: number): Promise<string> {
  const step = Math.max(Math.floor(Date.now() / 30_000), after + 1);
  // The server accepts one step either side of its clock, so the next step's code is good at once.
  return generate({ secret, epoch: step * 30 });
}

/**
 * A browser signed in as a staff member of this test's own, with an authenticator set up through the API: the
 * demo prescriber's and owner's codes are used by other files in the same run, and a code works once.
 */
async function withAuthenticator(roles: string[], name: string) {
  const person = await owner.addStaff(roles, name);
  const context = await browser.newContext(desktopSize);
  const csrf = await signInWith(context.request, baseUrl, person.email, person.password);
  const { secret } = (await (
    await context.request.post(`${baseUrl}/api/auth/mfa/totp`, { headers: { 'x-csrf-token': csrf } })
  ).json()) as { secret: string };
  const enrolStep = Math.floor(Date.now() / 30_000);
  const confirmed = await context.request.post(`${baseUrl}/api/auth/mfa/totp/confirm`, {
    headers: { 'x-csrf-token': csrf },
    data: { code: await generate({ secret, epoch: enrolStep * 30 }) },
  });
  expect(confirmed.status()).toBe(200);
  return { person, context, csrf, secret, enrolStep };
}

describe('clinic settings', () => {
  it('a prescriber changes a threshold with a reason; the step-up dialog confirms it; the version and history follow', async () => {
    const { person, context, csrf, secret, enrolStep } = await withAuthenticator(
      ['prescriber'],
      'Test Prescriber Rowan',
    );
    const before = (await (
      await context.request.get(`${baseUrl}/api/clinics/${owner.clinicId}/settings/measures`)
    ).json()) as SettingsView;

    const { page, problems } = await open(context, '/settings');
    await page
      .getByText(
        'These thresholds are clinical decisions of the clinic: the medical director is responsible for reviewing them.',
      )
      .waitFor();
    // The measures group; other groups (consent validity) have their own reason field and Save button.
    const measures = page.getByRole('region', { name: 'Rating scales and outcomes' });
    const field = measures.getByLabel(
      'Flag non-response when no response after this many induction sessions',
    );
    await expect(field.inputValue()).resolves.toBe('6');
    await page.getByText('Default 6 sessions. Source: practice').waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);

    await field.fill('8');
    await measures
      .getByLabel('Reason for change')
      .fill('Medical director: our induction series is 8 infusions.');
    await measures.getByRole('button', { name: 'Save thresholds' }).click();
    const dialog = page.getByRole('dialog', { name: 'Confirm it is you' });
    await dialogShown(page);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await dialog.locator('input[name=password]').fill(person.password);
    await dialog.getByLabel('Authenticator code').fill(await codeAfter(secret, enrolStep));
    await dialog.getByRole('button', { name: 'Confirm' }).click();
    await dialog.waitFor({ state: 'detached' });

    const version = before.version + 1;
    await measures.getByRole('status').getByText(`Saved as version ${version}.`).waitFor();
    const summary = page.getByTestId('settings-version-measures');
    await expect(summary.textContent()).resolves.toContain(
      `Version ${version}, changed by Test Prescriber Rowan`,
    );
    await expect(summary.textContent()).resolves.toContain('our induction series is 8 infusions');
    const history = measures.getByRole('table', { name: 'Settings history: Rating scales and outcomes' });
    const row = history.getByRole('row').filter({ hasText: 'our induction series is 8 infusions' });
    await row.getByText('6 sessions → 8 sessions').waitFor();
    await expect(field.inputValue()).resolves.toBe('8');
    await page.screenshot({ path: '/tmp/ketacare-settings.png', fullPage: true });
    expect(unexpected(problems)).toEqual([]);

    // Put the clinic's threshold back (step-up is still fresh) so other tests see the shipped default.
    const restored = await context.request.put(`${baseUrl}/api/clinics/${owner.clinicId}/settings/measures`, {
      headers: { 'x-csrf-token': csrf },
      data: {
        values: Object.fromEntries(before.fields.map((f) => [f.key, f.value])),
        reason: 'Browser test: back to the value before the test',
      },
    });
    expect(restored.status()).toBe(200);
    await context.close();
  });

  it('is read-only for a nurse', async () => {
    const context = await browser.newContext(desktopSize);
    await signInAsDemo(context, baseUrl, 'nurse');
    const { page, problems } = await open(context, '/settings');
    // The measures group; other groups (consent validity) have their own reason field and Save button.
    const measures = page.getByRole('region', { name: 'Rating scales and outcomes' });
    const field = measures.getByLabel(
      'Flag non-response when no response after this many induction sessions',
    );
    await expect(field.isDisabled()).resolves.toBe(true);
    await expect(page.getByRole('button', { name: 'Save thresholds' }).count()).resolves.toBe(0);
    await page.getByText('Only a prescriber or the owner can change these thresholds.').waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    expect(unexpected(problems)).toEqual([]);
    await context.close();
  });
});

describe('notification channel', () => {
  it('the owner sets the webhook, sees the signing secret once, and a signed test notice arrives', async () => {
    const receiver = await startTestReceiver();
    const { context } = await withAuthenticator(['owner'], 'Test Owner Sasha');
    const { page, problems } = await open(context, '/admin?tab=notifications');
    await expect(page.getByTestId('channel-state').textContent()).resolves.toContain('No channel set');
    // The alerts raised above had nowhere to go, and the list says so rather than hiding them.
    const notices = page.getByRole('table', { name: 'Recent notices' });
    await expect(
      notices.getByRole('row').filter({ hasText: 'Safety alert raised' }).first().textContent(),
    ).resolves.toContain('Not sent: no channel set');
    await expect(page.getByRole('button', { name: 'Send test' }).isDisabled()).resolves.toBe(true);

    await page.getByLabel('Webhook address').fill('http://hooks.example.invalid/ketacare');
    await page.getByRole('button', { name: 'Save channel' }).click();
    await page.getByText('must start with https://').waitFor();

    await page.getByLabel('Webhook address').fill(receiver.url);
    await page.getByRole('button', { name: 'Save channel' }).click();
    const secret = (await page.getByTestId('once-secret').textContent()) ?? '';
    expect(secret.length).toBeGreaterThanOrEqual(32);
    await page.getByText(`Sending to ${receiver.url}`).waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);

    await page.getByRole('button', { name: 'Send test' }).click();
    await page.getByRole('status').getByText('Test notice queued.').waitFor();
    await expect.poll(() => receiver.received.length, { timeout: 15_000 }).toBeGreaterThan(0);
    const [delivery] = receiver.received;
    const expected = `sha256=${createHmac('sha256', secret).update(delivery!.body).digest('hex')}`;
    expect(delivery!.headers['x-ketacare-signature']).toBe(expected);

    await expect
      .poll(
        async () => {
          await page.getByRole('button', { name: 'Refresh' }).click();
          return notices.getByRole('row').filter({ hasText: 'Test notice' }).textContent();
        },
        { timeout: 15_000 },
      )
      .toContain('Delivered');
    expect(await seriousA11yViolations(page)).toEqual([]);
    expect(unexpected(problems)).toEqual([]);
    await context.close();
    await receiver.close();
  });
});
