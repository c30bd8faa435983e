import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser, seriousA11yViolations, watchConsole } from './browser.js';
import { demo, type OwnerApi, ownerApi, signInAsDemo, signInWith, totpNow, unexpected } from './sessions.js';

const baseUrl = inject('baseUrl');
let browser: Browser;
let owner: OwnerApi;
const desktopSize = { viewport: { width: 1280, height: 800 } };
const phoneSize = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };

beforeAll(async () => {
  browser = await launchBrowser();
  owner = await ownerApi(baseUrl);
});
afterAll(async () => {
  await owner?.api.dispose();
  await browser?.close();
});

async function open(context: BrowserContext, path: string): Promise<{ page: Page; problems: string[] }> {
  const page = await context.newPage();
  const problems = await watchConsole(page);
  await page.goto(`${baseUrl}${path}`, { waitUntil: 'networkidle' });
  await page.getByRole('heading', { level: 1 }).first().waitFor();
  return { page, problems };
}

const pathOf = (page: Page) => new URL(page.url()).pathname;

/** A browser signed in as a staff member created for this test (no authenticator needed for these roles). */
async function asNewStaff(roles: string[], name: string) {
  const person = await owner.addStaff(roles, name);
  const context = await browser.newContext(desktopSize);
  await signInWith(context.request, baseUrl, person.email, person.password);
  return { person, context };
}

async function fillSignIn(page: Page, email: string, password: string) {
  await page.getByLabel('Email').fill(email);
  await page.locator('input[name=password]').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

describe('staff sign-in', () => {
  it('signs the demo therapist (no authenticator) in and lands on Today, with who and where in the header', async () => {
    const context = await browser.newContext(desktopSize);
    const { page, problems } = await open(context, '/login');
    expect(await seriousA11yViolations(page)).toEqual([]);
    const therapist = demo('therapist');
    await fillSignIn(page, therapist.email, therapist.password);
    await page.getByRole('heading', { name: 'Today', level: 1 }).waitFor();
    expect(pathOf(page)).toBe('/today');
    const header = page.getByRole('banner');
    await header.getByText('Demo Therapist Teri').waitFor();
    await header.getByText('Therapist', { exact: true }).waitFor();
    await header.getByText('Demo Ketamine Clinic — Springfield').waitFor();
    // A therapist has no Admin in the navigation.
    const nav = page.getByRole('navigation', { name: 'Clinic console' });
    await expect(nav.getByRole('link', { name: 'Admin' }).count()).resolves.toBe(0);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByText('You have signed out.').waitFor();
    expect(pathOf(page)).toBe('/login');
    expect(unexpected(problems)).toEqual([]);
    await context.close();
  });

  it('sends a signed-out visitor to sign-in and back to the page they asked for', async () => {
    const context = await browser.newContext(desktopSize);
    const { page, problems } = await open(context, '/patients');
    expect(pathOf(page)).toBe('/login');
    expect(new URL(page.url()).searchParams.get('next')).toBe('/patients');
    const therapist = demo('therapist');
    await fillSignIn(page, therapist.email, therapist.password);
    await page.getByRole('heading', { name: 'Patients', level: 1 }).waitFor();
    expect(pathOf(page)).toBe('/patients');
    expect(unexpected(problems)).toEqual([]);
    await context.close();
  });

  it('asks a prescriber for the authenticator code, then signs them in', async () => {
    const context = await browser.newContext(desktopSize);
    const { page, problems } = await open(context, '/login');
    const prescriber = demo('prescriber');
    await fillSignIn(page, prescriber.email, prescriber.password);
    const code = page.getByLabel('Authenticator code');
    await code.waitFor();
    await expect(code.getAttribute('autocomplete')).resolves.toBe('one-time-code');
    await expect(code.getAttribute('inputmode')).resolves.toBe('numeric');
    await expect(code.evaluate((el) => el === document.activeElement)).resolves.toBe(true);
    await page.getByRole('button', { name: 'Use a recovery code instead' }).waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.screenshot({ path: '/tmp/ketacare-login-mfa.png', fullPage: true });
    await code.fill(await totpNow(prescriber.totpSecret!));
    await page.getByRole('button', { name: 'Verify and sign in' }).click();
    await page.getByRole('heading', { name: 'Today', level: 1 }).waitFor();
    await page.getByRole('banner').getByText('Dr Demo Prescriber Pat').waitFor();
    expect(unexpected(problems)).toEqual([]);
    await context.close();
  });

  it('says the same "not right" for an unknown email and a wrong password, then shows the lockout', async () => {
    const person = await owner.addStaff(['front_desk'], 'Lockout Test Person');
    const context = await browser.newContext(desktopSize);
    const { page, problems } = await open(context, '/login');
    const alert = page.getByRole('alert');
    await fillSignIn(page, 'nobody@example.invalid', 'not-the-password');
    const unknown = await alert.textContent();
    expect(unknown).toContain('The email, password or authenticator code is not right');
    await fillSignIn(page, person.email, 'not-the-password');
    await expect.poll(() => alert.textContent()).toBe(unknown);
    let locked = '';
    for (let attempt = 2; attempt <= 6 && !locked.includes('locked'); attempt++) {
      await Promise.all([
        page.waitForResponse((r) => r.url().endsWith('/api/auth/login')),
        page.getByRole('button', { name: 'Sign in' }).click(),
      ]);
      await page.waitForTimeout(100);
      locked = (await alert.textContent()) ?? '';
    }
    // The server's own words, with how long to wait.
    expect(locked).toMatch(
      /This account is locked after repeated failed sign-ins\. Try again in \d+ minutes?/,
    );
    await page.getByRole('alert').getByText('Account locked').waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.screenshot({ path: '/tmp/ketacare-login-locked.png', fullPage: true });
    expect(unexpected(problems)).toEqual([]);
    await context.close();
  });
});

describe('my account', () => {
  it('changes the password, refuses a wrong current one, and signs out everywhere', async () => {
    const { person, context } = await asNewStaff(['therapist'], 'Account Test Person');
    const { page, problems } = await open(context, '/account');
    await page.getByRole('heading', { name: 'My account', level: 1 }).waitFor();
    await page.getByRole('link', { name: 'Set up an authenticator' }).waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    const form = page.getByRole('form', { name: 'Change password' });
    await form.getByLabel('Current password').fill('not-my-password');
    await form.getByLabel('New password').fill('a long and quiet river of tea');
    await form.getByRole('button', { name: 'Change password' }).click();
    await form.locator('[class*="error"]').first().waitFor();
    await form.getByLabel('Current password').fill(person.password);
    await form.getByRole('button', { name: 'Change password' }).click();
    await form.getByText('Your password is changed.').waitFor();
    await page.screenshot({ path: '/tmp/ketacare-account.png', fullPage: true });
    await page.getByRole('button', { name: 'Sign out everywhere…' }).click();
    await page
      .getByRole('dialog', { name: 'Sign out everywhere?' })
      .getByRole('button', { name: 'Sign out everywhere' })
      .click();
    await page.getByText('You were signed out.').waitFor();
    expect(pathOf(page)).toBe('/login');
    expect((await context.request.get(`${baseUrl}/api/auth/session`)).status()).toBe(401);
    expect(unexpected(problems)).toEqual([]);
    await context.close();
  });
});

describe('a session the server ends', () => {
  it('sends the person to sign-in with a plain reason when signed out from elsewhere', async () => {
    const { person, context } = await asNewStaff(['nurse'], 'Revoked Session Person');
    const { page, problems } = await open(context, '/today');
    // The same person signs out everywhere from another device.
    const other = await browser.newContext();
    const csrf = await signInWith(other.request, baseUrl, person.email, person.password);
    await other.request.post(`${baseUrl}/api/auth/logout-everywhere`, { headers: { 'x-csrf-token': csrf } });
    await other.close();
    await page
      .getByRole('navigation', { name: 'Clinic console' })
      .getByRole('link', { name: 'Patients' })
      .click();
    await page.getByText('You were signed out.').waitFor();
    expect(pathOf(page)).toBe('/login');
    expect(new URL(page.url()).searchParams.get('next')).toBe('/patients');
    expect(unexpected(problems)).toEqual([]);
    await context.close();
  });
});

describe('idle timeout', () => {
  it('warns a minute before, then signs out after 15 minutes without activity', async () => {
    const context = await browser.newContext(desktopSize);
    await signInAsDemo(context, baseUrl, 'front_desk');
    const page = await context.newPage();
    const problems = await watchConsole(page);
    await page.clock.install();
    await page.goto(`${baseUrl}/schedule`, { waitUntil: 'networkidle' });
    await page.getByRole('heading', { name: 'Schedule', level: 1 }).waitFor();
    await page.clock.fastForward('14:01');
    const warning = page.getByRole('dialog', { name: 'Still there?' });
    await warning.waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.clock.fastForward('01:00');
    await page.getByText('You were signed out after 15 minutes without activity.').waitFor();
    expect(pathOf(page)).toBe('/login');
    expect(new URL(page.url()).searchParams.get('next')).toBe('/schedule');
    // The browser told the server: the session is over there too.
    const after = await context.request.get(`${baseUrl}/api/auth/session`);
    expect(after.status()).toBe(401);
    expect(unexpected(problems)).toEqual([]);
    await context.close();
  });

  it('keeps the session when the person answers "Stay signed in"', async () => {
    const context = await browser.newContext(desktopSize);
    await signInAsDemo(context, baseUrl, 'therapist');
    const page = await context.newPage();
    await page.clock.install();
    await page.goto(`${baseUrl}/today`, { waitUntil: 'networkidle' });
    await page.getByRole('heading', { name: 'Today', level: 1 }).waitFor();
    await page.clock.fastForward('14:30');
    await page.getByRole('button', { name: 'Stay signed in' }).click();
    await page.clock.runFor(1000);
    await page.getByRole('dialog', { name: 'Still there?' }).waitFor({ state: 'hidden' });
    await page.clock.fastForward('02:00');
    expect(pathOf(page)).toBe('/today');
    await expect(page.getByRole('dialog', { name: 'Still there?' }).isVisible()).resolves.toBe(false);
    await context.close();
  });
});

describe('authenticator enrolment', () => {
  it('holds a new prescriber on set-up: QR code and key, confirm with a code, recovery codes once', async () => {
    const person = await owner.addStaff(['prescriber'], 'New Prescriber Quinn');
    const context = await browser.newContext(desktopSize);
    const { page, problems } = await open(context, '/login');
    await fillSignIn(page, person.email, person.password);
    await page.getByRole('heading', { name: 'Set up your authenticator', level: 1 }).waitFor();
    expect(pathOf(page)).toBe('/account/authenticator');
    const qr = page.getByRole('img', { name: 'QR code to scan with your authenticator app' });
    await qr.waitFor();
    await expect(qr.getAttribute('src')).resolves.toMatch(/^data:image\/png;base64,/);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.screenshot({ path: '/tmp/ketacare-enrol.png', fullPage: true });
    const secret = ((await page.getByTestId('totp-secret').textContent()) ?? '').replace(/\s+/g, '');
    expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
    // Nothing else is open until set-up is done.
    await page.goto(`${baseUrl}/admin`, { waitUntil: 'networkidle' });
    await page.getByRole('heading', { name: 'Set up your authenticator', level: 1 }).waitFor();
    const freshSecret = ((await page.getByTestId('totp-secret').textContent()) ?? '').replace(/\s+/g, '');
    await page.getByLabel('Code from the app').fill(await totpNow(freshSecret));
    await page.getByRole('button', { name: 'Confirm' }).click();
    await page.getByRole('heading', { name: 'Save your recovery codes', level: 1 }).waitFor();
    const codes = page.getByLabel('Recovery codes').locator('code');
    await expect(codes.count()).resolves.toBe(10);
    const download = page.getByRole('link', { name: 'Download as text' });
    await expect(download.getAttribute('download')).resolves.toBe('ketacare-recovery-codes.txt');
    const first = await codes.first().textContent();
    await expect(download.getAttribute('href')).resolves.toContain(encodeURIComponent(first ?? '-'));
    const proceed = page.getByRole('button', { name: 'Continue' });
    await expect(proceed.isDisabled()).resolves.toBe(true);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.screenshot({ path: '/tmp/ketacare-recovery.png', fullPage: true });
    await page.getByLabel('I have saved these codes somewhere safe, away from my phone').check();
    await proceed.click();
    await page.getByRole('heading', { name: 'Today', level: 1 }).waitFor();

    // Lost phone: one of the saved codes signs them in instead of the authenticator.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await fillSignIn(page, person.email, person.password);
    await page.getByRole('button', { name: 'Use a recovery code instead' }).click();
    await page.getByLabel('Recovery code').fill(first ?? '');
    await page.getByRole('button', { name: 'Verify and sign in' }).click();
    await page.getByRole('heading', { name: 'Today', level: 1 }).waitFor();
    expect(unexpected(problems)).toEqual([]);
    await context.close();
  });
});

describe('admin (owner)', () => {
  let context: BrowserContext;
  beforeAll(async () => {
    // The owner's API session, shared: one authenticator code per 30 seconds per person.
    context = await browser.newContext({ ...desktopSize, storageState: await owner.api.storageState() });
  });
  afterAll(async () => context?.close());

  it('staff: lists people with roles, adds one (first password shown once), records a DEA registration', async () => {
    const { page, problems } = await open(context, '/admin');
    const table = page.getByRole('table', { name: 'Staff' });
    await table.getByText('Demo Nurse Nico').waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);

    await page.getByRole('button', { name: 'Add a staff member' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add a staff member' });
    await dialog.getByLabel('Full name').fill('Nurse Rowan Test');
    await dialog.getByLabel('Email').fill(`rowan-${Date.now()}@example.invalid`);
    await dialog.getByRole('button', { name: 'Add staff member' }).click();
    await dialog.getByText('Choose at least one role').waitFor();
    await dialog.getByLabel('Nurse').check();
    await dialog.getByRole('button', { name: 'Add staff member' }).click();
    const secret = dialog.getByTestId('once-secret');
    await secret.waitFor();
    expect((await secret.textContent())?.length).toBeGreaterThanOrEqual(12);
    await dialog.getByRole('button', { name: 'Copy' }).waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await dialog.getByRole('button', { name: 'Done' }).click();
    await table.getByText('Nurse Rowan Test').waitFor();

    await page.getByRole('button', { name: 'Add licence for Dr Demo Prescriber Pat' }).click();
    const licence = page.getByRole('dialog', { name: 'Add licence for Dr Demo Prescriber Pat' });
    await licence.getByLabel('Kind').selectOption('dea_registration');
    await licence.getByLabel('Number').fill('BP1234563');
    await licence.getByLabel('State').fill('IL');
    const soon = new Date(Date.now() + 5 * 86_400_000).toISOString().slice(0, 10);
    await licence.getByLabel('Expires on').fill(soon);
    await licence.getByRole('button', { name: 'Add licence' }).click();
    await licence.waitFor({ state: 'hidden' });
    const row = table.getByRole('row').filter({ hasText: 'Dr Demo Prescriber Pat' });
    await row.getByText('Expires within 7 days').waitFor();
    await row.getByText(`DEA BP1234563`).waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.screenshot({ path: '/tmp/ketacare-admin-staff.png', fullPage: true });

    await page.getByRole('button', { name: 'Edit roles of Nurse Rowan Test' }).click();
    const roles = page.getByRole('dialog', { name: 'Roles of Nurse Rowan Test' });
    await roles.getByLabel('Therapist').check();
    await roles.getByRole('button', { name: 'Save roles' }).click();
    await roles.waitFor({ state: 'hidden' });
    await table.getByRole('row').filter({ hasText: 'Nurse Rowan Test' }).getByText('Therapist').waitFor();
    expect(unexpected(problems)).toEqual([]);
    await page.close();
  });

  it('devices: issues a token shown once, then revokes it after confirmation', async () => {
    const { page, problems } = await open(context, '/admin?tab=devices');
    await page.getByLabel('Device name').fill('Chair 2 monitor');
    await page.getByRole('button', { name: 'Issue token' }).click();
    await page.getByTestId('once-secret').waitFor();
    const table = page.getByRole('table', { name: 'Device tokens' });
    await table.getByText('Chair 2 monitor').waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Revoke Chair 2 monitor' }).click();
    await page
      .getByRole('dialog', { name: 'Revoke Chair 2 monitor?' })
      .getByRole('button', { name: 'Revoke token' })
      .click();
    await table.getByText(/^Revoked/).waitFor();
    expect(unexpected(problems)).toEqual([]);
    await page.close();
  });

  it('audit: newest first with filters, a CSV link with the same filters, and the chain check in words', async () => {
    const { page, problems } = await open(context, '/admin?tab=audit');
    const table = page.getByRole('table', { name: 'Audit entries' });
    await table.getByRole('row').nth(1).waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.getByLabel('Action').fill('read:staff.read');
    await page.getByRole('button', { name: 'Show entries' }).click();
    await expect
      .poll(async () =>
        (await table.getByRole('row').allTextContents()).slice(1).every((t) => t.includes('Viewed')),
      )
      .toBe(true);
    await expect(
      page.getByRole('link', { name: 'Export these as CSV' }).getAttribute('href'),
    ).resolves.toContain('audit.csv?action=read%3Astaff.read');
    await page.getByRole('button', { name: 'Check the chain' }).click();
    await page.getByText(/The audit trail is intact/).waitFor();
    await page.screenshot({ path: '/tmp/ketacare-admin-audit.png', fullPage: true });
    expect(unexpected(problems)).toEqual([]);
    await page.close();
  });

  it('security: shows and saves the idle timeout and the authenticator rule', async () => {
    const { page, problems } = await open(context, '/admin?tab=security');
    const minutes = page.getByLabel('Sign out after this many minutes without activity');
    await expect.poll(() => minutes.inputValue()).toBe('15');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await minutes.fill('20');
    await page.getByRole('button', { name: 'Save rules' }).click();
    await page.getByText('Saved. Sessions that start from now on follow these rules.').waitFor();
    // Back to the default, so other tests' sessions keep 15 minutes.
    await minutes.fill('15');
    await page.getByRole('button', { name: 'Save rules' }).click();
    await page.getByText('Saved.', { exact: false }).waitFor();
    expect(unexpected(problems)).toEqual([]);
    await page.close();
  });
});

describe('patient chart', () => {
  it('finds a patient by name and shows who looked at the chart (compliance)', async () => {
    const context = await browser.newContext(desktopSize);
    await signInAsDemo(context, baseUrl, 'compliance');
    const { page, problems } = await open(context, '/patients');
    await page.getByLabel('Name').fill('Alph');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('link', { name: 'Alpha Demo-Patient' }).click();
    await page.getByRole('heading', { name: 'Alpha Demo-Patient', level: 1 }).waitFor();
    await page.getByText('1980-01-01').waitFor();
    const log = page.getByRole('region', { name: 'Who looked at this chart' });
    // Views are written in batches every second: reload until this visit is listed.
    await expect
      .poll(
        async () => {
          await page.reload({ waitUntil: 'networkidle' });
          return log
            .getByRole('row')
            .filter({ hasText: 'Demo Compliance Cam' })
            .filter({ hasText: 'Viewed the chart' })
            .count();
        },
        { timeout: 15_000 },
      )
      .toBeGreaterThan(0);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.screenshot({ path: '/tmp/ketacare-patient.png', fullPage: true });
    expect(unexpected(problems)).toEqual([]);
    await context.close();
  });
});

describe('patient portal sign-in (phone)', () => {
  it('signs the patient in and shows their own name; crisis numbers stay on the page', async () => {
    const context = await browser.newContext(phoneSize);
    const { page, problems } = await open(context, '/portal/login');
    await expect(
      page.getByRole('contentinfo').getByRole('link', { name: '988' }).getAttribute('href'),
    ).resolves.toBe('tel:988');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.screenshot({ path: '/tmp/ketacare-portal-login.png', fullPage: true });
    const patient = demo('patient');
    await page.getByLabel('Email').fill(patient.email);
    await page.locator('input[name=password]').fill('wrong-password-here');
    await page.getByRole('button', { name: 'Sign in' }).tap();
    await page.getByRole('alert').getByText('not right').waitFor();
    await page.locator('input[name=password]').fill(patient.password);
    await page.getByRole('button', { name: 'Sign in' }).tap();
    await page.getByText('Signed in as Alpha Demo-Patient').waitFor();
    expect(pathOf(page)).toBe('/portal');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    expect(await seriousA11yViolations(page)).toEqual([]);
    expect(unexpected(problems)).toEqual([]);
    await context.close();
  });
});
