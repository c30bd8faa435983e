import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { PortalAppointment, PortalAppointmentList } from '../../src/reminder/model.js';
import { launchBrowser, seriousA11yViolations, watchConsole } from './browser.js';
import { signInAsDemo, unexpected } from './sessions.js';

/**
 * The demo patient on a phone: Home asks them to confirm their escort for the next session; Appointments shows
 * that session in clinic time with how to prepare, and takes the escort's name, phone and the ride confirmation.
 */
const baseUrl = inject('baseUrl');
const phoneSize = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };

let browser: Browser;
let phone: BrowserContext;
let next: PortalAppointment;

beforeAll(async () => {
  browser = await launchBrowser();
  phone = await browser.newContext(phoneSize);
  await signInAsDemo(phone, baseUrl, 'patient');
  const list = (await (
    await phone.request.get(`${baseUrl}/api/portal/appointments`)
  ).json()) as PortalAppointmentList;
  // The demo books the patient's first sessions from tomorrow, and confirms an escort only for the last one.
  next = list.upcoming[0]!;
  expect(next, 'the demo patient has a booked session').toBeDefined();
  expect(next.escortDue).toBe(true);
});
afterAll(async () => {
  await browser?.close();
});

async function open(path: string): Promise<{ page: Page; problems: string[] }> {
  const page = await phone.newPage();
  const problems = await watchConsole(page);
  await page.goto(`${baseUrl}${path}`, { waitUntil: 'networkidle' });
  await page.getByRole('heading', { level: 1 }).first().waitFor();
  return { page, problems };
}

/** Phone first: nothing on the page makes it scroll sideways. */
const pageWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth);

describe('patient portal: appointments and escort (phone)', () => {
  it('Home shows the next appointment with preparation and the confirm-escort task', async () => {
    const { page, problems } = await open('/portal');
    await page.getByRole('heading', { name: 'Next appointment' }).waitFor();
    await page.getByText(next.when, { exact: true }).first().waitFor();
    await page.getByText(next.preparation[0]!).first().waitFor();
    await page.getByText('Confirm your escort', { exact: true }).waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    expect(await pageWidth(page)).toBeLessThanOrEqual(390);
    await page.getByRole('link', { name: 'Confirm my escort' }).tap();
    await page.getByRole('heading', { name: 'Appointments', level: 1 }).waitFor();
    expect(unexpected(problems)).toEqual([]);
    await page.close();
  });

  it('Appointments shows the session in clinic time, how to prepare and the calendar file, and takes the escort', async () => {
    const { page, problems } = await open('/portal/appointments');
    const card = page.getByRole('article', { name: next.when });
    await card.waitFor();
    await card.getByText('No food for').first().waitFor();
    await card.getByText('An adult escort must take you home').first().waitFor();
    await card.getByText('Do not drive').first().waitFor();
    expect(await card.getByRole('link', { name: 'Add to calendar' }).getAttribute('href')).toBe(
      next.calendarUrl,
    );
    expect(await seriousA11yViolations(page)).toEqual([]);
    expect(await pageWidth(page)).toBeLessThanOrEqual(390);

    // A number the clinic cannot call is refused at the field, and nothing is recorded.
    await card.getByLabel('Their name').fill('Gamma Demo-Driver');
    await card.getByLabel('Their phone number').fill('555-0100');
    await card.getByLabel('How you know them (optional)').fill('partner');
    await card.getByRole('button', { name: 'Confirm my escort' }).tap();
    await card.getByText('Confirm that your escort will take you home').waitFor();
    await card.getByText('is not a US phone number (10 digits)').waitFor();

    await card.getByLabel('Their phone number').fill('(217) 555-0144');
    await card.getByLabel('I confirm they will take me home after the session').check();
    await card.getByRole('button', { name: 'Confirm my escort' }).tap();
    const confirmed = card.getByRole('status').filter({ hasText: 'Escort confirmed' });
    await confirmed.waitFor();
    expect(await confirmed.textContent()).toContain('Gamma Demo-Driver (partner) will take you home');
    expect(await seriousA11yViolations(page)).toEqual([]);

    const after = (await (
      await phone.request.get(`${baseUrl}/api/portal/appointments`)
    ).json()) as PortalAppointmentList;
    expect(after.upcoming[0]).toMatchObject({
      id: next.id,
      escortDue: false,
      escort: { escortName: 'Gamma Demo-Driver', escortPhone: '+12175550144', confirmedVia: 'portal' },
    });
    expect(unexpected(problems)).toEqual([]);
    await page.close();
  });
});
