import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { SessionView } from '../../src/identity/model.js';
import type { AppointmentList } from '../../src/schedule/model.js';
import { launchBrowser, seriousA11yViolations, watchConsole } from './browser.js';
import { signInAsDemo } from './sessions.js';

const baseUrl = inject('baseUrl');
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** A clinic date a number of days later, skipping the weekend (the demo books IV sessions on weekdays). */
function weekdayAfter(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const next = new Date(Date.UTC(y, m - 1, d + days));
  while (next.getUTCDay() === 0 || next.getUTCDay() === 6) next.setUTCDate(next.getUTCDate() + 1);
  return next.toISOString().slice(0, 10);
}

describe('the schedule', () => {
  it('the front desk sees the demo patient’s sessions, is told why a booking too close is refused, and books a valid one', async () => {
    const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
    await signInAsDemo(context, baseUrl, 'front_desk');
    const session = (await (await context.request.get(`${baseUrl}/api/auth/session`)).json()) as SessionView;
    const clinicId = session.clinics[0]!.clinicId;
    const patients = (await (
      await context.request.get(`${baseUrl}/api/clinics/${clinicId}/patients?search=Alpha`)
    ).json()) as { patients: { id: string }[] };
    const booked = (await (
      await context.request.get(
        `${baseUrl}/api/clinics/${clinicId}/patients/${patients.patients[0]!.id}/appointments`,
      )
    ).json()) as AppointmentList;
    const demoSessions = booked.appointments.filter((a) => a.status === 'booked').reverse();
    expect(demoSessions.length).toBeGreaterThanOrEqual(4);
    const first = demoSessions[0]!;

    const page = await context.newPage();
    const problems = await watchConsole(page);
    await page.goto(`${baseUrl}/schedule`, { waitUntil: 'networkidle' });
    await page.getByRole('heading', { name: 'Schedule', level: 1 }).waitFor();
    await page.getByLabel('Date').first().fill(first.date);
    await page
      .locator('label')
      .filter({ hasText: /^Week$/ })
      .click();
    const week = page.getByRole('table', { name: /^Week of/ });
    await week
      .getByRole('button', {
        name: new RegExp(`^${first.startTime}–${first.endTime}\\s*Alpha Demo-Patient\\s*IV\\s*Booked`),
      })
      .first()
      .waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);

    // Too close: four hours after the first infusion.
    await page.getByRole('button', { name: 'Book a session' }).click();
    const dialog = page.getByRole('dialog', { name: 'Book a session' });
    await dialog.getByLabel('Find the patient').fill('Alpha');
    const patientOption = dialog.getByRole('option', { name: /Alpha Demo-Patient/ });
    await patientOption.waitFor({ state: 'attached' });
    await dialog
      .getByRole('combobox', { name: /^Patient/ })
      .selectOption({ label: (await patientOption.textContent()) ?? '' });
    const courseOption = dialog.getByRole('option', { name: /^IV/ });
    await courseOption.waitFor({ state: 'attached' });
    await dialog
      .getByRole('combobox', { name: /^Course/ })
      .selectOption({ label: (await courseOption.textContent()) ?? '' });
    await dialog.getByRole('combobox', { name: /^Chair/ }).selectOption({ label: 'Chair 2' });
    await dialog.getByLabel('Date').fill(first.date);
    await dialog.getByLabel('Start (clinic time)').fill('14:00');
    await dialog.getByRole('button', { name: 'Book', exact: true }).click();
    const refusal = dialog.getByRole('alert');
    await refusal.getByText('Refused: Minimum interval between sessions').waitFor();
    await refusal.getByText('Rule COURSE-MIN-INTERVAL').waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.screenshot({ path: '/tmp/ketacare-schedule-refusal.png', fullPage: true });

    // Two days after the last demo session is far enough.
    const valid = weekdayAfter(demoSessions.at(-1)!.date, 2);
    await dialog.getByLabel('Date').fill(valid);
    await dialog.getByLabel('Start (clinic time)').fill('10:00');
    await dialog.getByRole('button', { name: 'Book', exact: true }).click();
    await page.getByRole('status').getByText(`Alpha Demo-Patient ${valid} 10:00–12:00 in Chair 2`).waitFor();
    await page.getByLabel('Date').first().fill(valid);
    await page
      .getByRole('table', { name: /^Week of/ })
      .getByRole('button', { name: /^10:00–12:00\s*Alpha Demo-Patient\s*IV\s*Booked/ })
      .first()
      .waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.screenshot({ path: '/tmp/ketacare-schedule.png', fullPage: true });
    expect(problems.filter((p) => !/status of 409/.test(p))).toEqual([]);
    await context.close();
  });
});
