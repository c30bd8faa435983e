import { type Browser, type BrowserContext, type Page, request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser, seriousA11yViolations, watchConsole } from './browser.js';
import { demo, signInAsDemo, signInWith, unexpected } from './sessions.js';

const baseUrl = inject('baseUrl');
const desktopSize = { viewport: { width: 1280, height: 900 } };
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

interface PortalItem {
  linkId: string;
  scored: boolean;
}

/** PHQ-9 item answers 3+3+2+2+2+1+1+0+0 = 14, "moderate"; item 9 is 0, so no crisis. */
const phq9Answers = [3, 3, 2, 2, 2, 1, 1, 0, 0];

/** The demo patient fills a PHQ-9 in the portal (over the API), as the patient side does. */
async function patientSubmitsPhq9() {
  const api = await request.newContext();
  const patient = demo('patient');
  const csrf = await signInWith(api, baseUrl, patient.email, patient.password, { patient: true });
  const instrument = (await (await api.get(`${baseUrl}/api/portal/instruments/phq-9`)).json()) as {
    version: string;
    items: PortalItem[];
  };
  const scored = instrument.items.filter((i) => i.scored);
  expect(scored).toHaveLength(phq9Answers.length);
  const res = await api.post(`${baseUrl}/api/portal/responses`, {
    headers: { 'x-csrf-token': csrf },
    data: {
      instrumentId: 'phq-9',
      instrumentVersion: instrument.version,
      answers: scored.map((item, i) => ({ linkId: item.linkId, value: phq9Answers[i] })),
    },
  });
  expect(res.status(), await res.text()).toBe(201);
  expect(((await res.json()) as { crisis: boolean }).crisis).toBe(false);
  await api.dispose();
}

async function demoPatientId(context: BrowserContext): Promise<string> {
  const session = (await (await context.request.get(`${baseUrl}/api/auth/session`)).json()) as {
    clinics: { clinicId: string }[];
  };
  const clinicId = session.clinics[0]!.clinicId;
  const list = (await (
    await context.request.get(`${baseUrl}/api/clinics/${clinicId}/patients?search=Alpha`)
  ).json()) as { patients: { id: string }[] };
  return list.patients[0]!.id;
}

/**
 * The server takes each authenticator code once: if another test file signed the demo prescriber in within
 * this 30-second step, wait for the next code.
 */
async function signInPrescriber(context: BrowserContext) {
  try {
    await signInAsDemo(context, baseUrl, 'prescriber');
  } catch {
    await new Promise((resolve) => setTimeout(resolve, 31_000 - (Date.now() % 30_000)));
    await signInAsDemo(context, baseUrl, 'prescriber');
  }
}

async function open(context: BrowserContext, path: string): Promise<{ page: Page; problems: string[] }> {
  const page = await context.newPage();
  const problems = await watchConsole(page);
  await page.goto(`${baseUrl}${path}`, { waitUntil: 'networkidle' });
  await page.getByRole('heading', { level: 1 }).first().waitFor();
  return { page, problems };
}

describe('the patient chart: scores and outcomes', () => {
  it('shows the nurse a portal PHQ-9 with its score and band, and records a MOAA/S rating', async () => {
    await patientSubmitsPhq9();
    const context = await browser.newContext(desktopSize);
    await signInAsDemo(context, baseUrl, 'nurse');
    const patientId = await demoPatientId(context);
    const { page, problems } = await open(context, `/patients/${patientId}`);
    await page.getByRole('heading', { name: 'Scores and outcomes', level: 2 }).waitFor();

    const latest = page.getByTestId('latest-phq-9');
    await latest.waitFor();
    await expect(latest.textContent()).resolves.toBe('14 · Moderate');
    // No dose is recorded (no treatment module yet): no baseline, said plainly rather than a made-up figure.
    await page
      .getByRole('article', { name: 'PHQ-9' })
      .getByText(/no baseline/)
      .waitFor();
    const chart = page.getByRole('img', { name: /PHQ-9: .*14 on/ });
    await chart.waitFor();
    await expect(chart.locator('.recharts-line-curve, .recharts-line-dots').count()).resolves.toBeGreaterThan(
      0,
    );
    const scores = page.getByRole('table', { name: 'Scores and ratings, newest first' });
    await scores
      .getByRole('row')
      .filter({ hasText: 'PHQ-9' })
      .filter({ hasText: 'Moderate' })
      .first()
      .waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.screenshot({ path: '/tmp/ketacare-chart.png', fullPage: true });

    await page.getByRole('button', { name: 'Record a rating' }).click();
    const dialog = page.getByRole('dialog', { name: 'Record a rating' });
    await dialog
      .getByLabel('Instrument')
      .selectOption({ label: "Modified Observer's Assessment of Alertness/Sedation (MOAA/S)" });
    await dialog.getByRole('radio', { name: 'Lethargic response to name spoken in normal tone (4)' }).check();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await dialog.getByRole('button', { name: 'Record MOAA/S' }).click();
    const recorded = dialog.getByRole('status').filter({ hasText: 'Recorded' });
    await recorded.waitFor();
    await expect(recorded.textContent()).resolves.toContain('Score: 4');
    await dialog.getByRole('button', { name: 'Done' }).click();
    await dialog.waitFor({ state: 'hidden' });
    const moaas = scores.getByRole('row').filter({ hasText: 'MOAA/S' }).first();
    await moaas.waitFor();
    await expect(moaas.getByRole('cell').nth(2).textContent()).resolves.toBe('4');
    await expect(moaas.getByRole('cell').nth(4).textContent()).resolves.toBe('Staff');

    // Ask for a weekly GAD-7 in the portal, then end it.
    await page.getByRole('button', { name: 'Assign a questionnaire' }).click();
    const assign = page.getByRole('dialog', { name: 'Assign a questionnaire' });
    await assign
      .getByLabel('Questionnaire', { exact: true })
      .selectOption({ label: 'Generalized Anxiety Disorder 7-item scale (GAD-7)' });
    await assign.getByLabel('Reason').selectOption({ label: 'Requested by the care team' });
    await assign.getByLabel('Repeat every week until ended').check();
    await assign.getByRole('button', { name: 'Assign' }).click();
    await assign.waitFor({ state: 'hidden' });
    const assigned = page
      .getByRole('table', { name: 'Questionnaires assigned' })
      .getByRole('row')
      .filter({ hasText: 'GAD-7' })
      .filter({ hasText: 'Requested by the care team' });
    await assigned.getByText('Every 7 days').waitFor();
    await assigned.getByRole('button', { name: 'End GAD-7 assignment' }).click();
    await assigned.getByText(/^Ended /).waitFor();
    expect(unexpected(problems)).toEqual([]);
    await context.close();
  });

  it('refuses a rating with the item named next to it', async () => {
    const context = await browser.newContext(desktopSize);
    await signInAsDemo(context, baseUrl, 'therapist');
    const patientId = await demoPatientId(context);
    const { page, problems } = await open(context, `/patients/${patientId}`);
    await page.getByRole('button', { name: 'Record a rating' }).click();
    const dialog = page.getByRole('dialog', { name: 'Record a rating' });
    await dialog.getByLabel('Instrument').selectOption({ label: 'CADSS-6' });
    const total = dialog.getByRole('textbox', { name: /CADSS-6 total score/ });
    await total.fill('30');
    await dialog.getByRole('button', { name: 'Record CADSS-6' }).click();
    // 0–24 is the CADSS-6 range: the server's 422 is shown at the item, and nothing is recorded.
    await expect.poll(() => total.getAttribute('aria-invalid')).toBe('true');
    await expect(dialog.getByRole('status').count()).resolves.toBe(0);
    expect(unexpected(problems)).toEqual([]);
    await context.close();
  });
});

describe('reports', () => {
  it('shows the prescriber the outcomes report, plainly empty while no doses are recorded', async () => {
    const context = await browser.newContext(desktopSize);
    await signInPrescriber(context);
    const { page, problems } = await open(context, '/reports');
    await page.getByRole('heading', { name: 'Reports', level: 1 }).waitFor();
    await page.getByRole('heading', { name: 'Outcomes', level: 2 }).waitFor();
    const empty = page.getByRole('status').filter({ hasText: 'No patients to report' });
    await empty.waitFor();
    await expect(empty.textContent()).resolves.toContain('No patient had a first dose between');
    await page.getByRole('heading', { name: 'How these figures are defined' }).waitFor();
    await page.getByText('The figures depend on the clinic’s thresholds').waitFor();
    const csv = page.getByRole('link', { name: 'Download CSV' });
    const href = await csv.getAttribute('href');
    expect(href).toMatch(
      /\/reports\/outcomes\.csv\?from=\d{4}-\d\d-\d\d&to=\d{4}-\d\d-\d\d&instrumentId=phq-9/,
    );
    const download = await context.request.get(`${baseUrl}${href}`);
    expect(download.status()).toBe(200);
    expect(download.headers()['content-type']).toContain('text/csv');
    expect(await download.text()).toMatch(/^"Group","Patients","Measured"/);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.screenshot({ path: '/tmp/ketacare-reports.png', fullPage: true });
    expect(unexpected(problems)).toEqual([]);
    await context.close();
  });

  it('tells a nurse that reports are not part of her role', async () => {
    const context = await browser.newContext(desktopSize);
    await signInAsDemo(context, baseUrl, 'nurse');
    const { page, problems } = await open(context, '/reports');
    await page.getByText('Reports are for the clinic’s owner, prescribers and compliance officer.').waitFor();
    expect(unexpected(problems)).toEqual([]);
    await context.close();
  });
});
