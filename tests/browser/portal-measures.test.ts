import {
  type APIRequestContext,
  type Browser,
  type BrowserContext,
  type Page,
  request,
} from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { AlertList } from '../../src/alert/model.js';
import { cssrsScreener } from '../../src/measures/instruments/index.js';
import type { InstrumentDefinition, PortalProgress } from '../../src/measures/model.js';
import { launchBrowser, seriousA11yViolations, watchConsole } from './browser.js';
import { demo, signInWith, unexpected } from './sessions.js';

/**
 * The patient's side of measurement-based care, on a phone: what is due, a PHQ-9 filled in answer by answer, the
 * crisis screen an item-9 answer brings up at once, the mood check-in and My progress.
 */
const baseUrl = inject('baseUrl');
const phoneSize = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };
const PHQ9 = 'Patient Health Questionnaire (PHQ-9)';

let browser: Browser;
let phone: BrowserContext;
let nurse: APIRequestContext;
let nurseCsrf: string;
let clinicId: string;
let patientId: string;
let phq9: InstrumentDefinition;

beforeAll(async () => {
  browser = await launchBrowser();
  phone = await browser.newContext(phoneSize);
  // The nurse assigns questionnaires over the API, as the clinician's chart would.
  nurse = await request.newContext();
  const login = demo('nurse');
  nurseCsrf = await signInWith(nurse, baseUrl, login.email, login.password, { totpSecret: login.totpSecret });
  const session = (await (await nurse.get(`${baseUrl}/api/auth/session`)).json()) as {
    clinics: { clinicId: string }[];
  };
  clinicId = session.clinics[0]!.clinicId;
});
afterAll(async () => {
  await nurse?.dispose();
  await browser?.close();
});

async function assignPhq9(when: { opensAt?: string; dueAt?: string } = {}) {
  const res = await nurse.post(`${baseUrl}/api/clinics/${clinicId}/patients/${patientId}/assignments`, {
    headers: { 'x-csrf-token': nurseCsrf },
    data: { instrumentId: 'phq-9', reason: 'requested', ...when },
  });
  expect(res.status(), await res.text()).toBe(201);
}

async function open(path: string): Promise<{ page: Page; problems: string[] }> {
  const page = await phone.newPage();
  const problems = await watchConsole(page);
  await page.goto(`${baseUrl}${path}`, { waitUntil: 'networkidle' });
  await page.getByRole('heading', { level: 1 }).first().waitFor();
  return { page, problems };
}

/** Phone first: nothing on the page makes it scroll sideways. */
const pageWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth);

/** Starts the PHQ-9 due on Home and waits for its first question. */
async function startPhq9FromHome(page: Page) {
  await page
    .getByRole('link', { name: `Start ${PHQ9}` })
    .first()
    .tap();
  await page.getByRole('heading', { name: PHQ9, level: 1 }).waitFor();
}

/** Picks one answer per question by its published wording; every other scored item gets "Several days". */
async function answerPhq9(page: Page, item9: string) {
  for (const item of phq9.items) {
    const choice =
      item.linkId === 'phq-9-9'
        ? item9
        : item.linkId === 'phq-9-difficulty'
          ? 'Somewhat difficult'
          : 'Several days';
    const group = page.getByRole('radiogroup', { name: item.text });
    await group.getByRole('radio', { name: choice, exact: true }).check();
  }
}

describe('patient portal: questionnaires, crisis screen, check-in and progress (phone)', () => {
  it('signs the patient in on a phone and shows the PHQ-9 the nurse assigned as due', async () => {
    const { page, problems } = await open('/portal/login');
    const patient = demo('patient');
    await page.getByLabel('Email').fill(patient.email);
    await page.locator('input[name=password]').fill(patient.password);
    await page.getByRole('button', { name: 'Sign in' }).tap();
    await page.getByRole('heading', { name: 'Home', level: 1 }).waitFor();
    const me = (await (await phone.request.get(`${baseUrl}/api/portal/me`)).json()) as { id: string };
    patientId = me.id;
    phq9 = (await (
      await phone.request.get(`${baseUrl}/api/portal/instruments/phq-9`)
    ).json()) as InstrumentDefinition;
    await assignPhq9();
    // One more, already past its due time (any PHQ-9 answered since both opened fills both).
    const hour = 3_600_000;
    await assignPhq9({
      opensAt: new Date(Date.now() - 48 * hour).toISOString(),
      dueAt: new Date(Date.now() - 24 * hour).toISOString(),
    });

    await page.reload({ waitUntil: 'networkidle' });
    const due = page.getByRole('region', { name: 'Due now' });
    await due.getByText(PHQ9).first().waitFor();
    // When, in words and in the clinic's time zone: assigned now, due within the clinic's window.
    await due
      .getByText(/^Due (today|tomorrow|on [A-Z][a-z]+day) by \d{1,2}:\d{2}\s[AP]M$/)
      .first()
      .waitFor();
    await due.getByText('Asked for by your care team · 10 questions').first().waitFor();
    // Overdue is said in words, not by colour alone.
    await due.getByText('Overdue', { exact: true }).waitFor();
    await due.getByText(/^It was due yesterday at \d{1,2}:\d{2}\s[AP]M$/).waitFor();
    await page.getByRole('region', { name: 'Daily check-in' }).waitFor();
    await page.getByRole('link', { name: 'See my progress' }).waitFor();
    await page.getByRole('link', { name: 'Help now' }).waitFor();
    await page
      .getByRole('contentinfo')
      .getByText(/call or text/i)
      .waitFor();
    await page.getByText('ketacare is not for emergencies').waitFor();
    expect(await pageWidth(page)).toBeLessThanOrEqual(390);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.screenshot({ path: '/tmp/ketacare-portal-home-due.png', fullPage: true });
    expect(unexpected(problems)).toEqual([]);
    await page.close();
  });

  it('fills a PHQ-9 with item 9 "Not at all": every published item, progress, the server\'s refusal at its item, then thanks without a score', async () => {
    const { page, problems } = await open('/portal');
    await startPhq9FromHome(page);
    const main = page.getByRole('main');
    await main.getByText(phq9.instructions!, { exact: true }).waitFor();
    // Every item with its wording exactly as served, one question per group.
    await expect(main.getByRole('radiogroup').count()).resolves.toBe(phq9.items.length);
    for (const item of phq9.items) {
      const group = main.getByRole('radiogroup', { name: item.text });
      await expect(group.count(), item.linkId).resolves.toBe(1);
      await expect(group.getByRole('radio').count()).resolves.toBe(item.answers!.length);
    }
    await main.getByText(`0 of ${phq9.items.length} answered`).waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);

    // Sending with questions unanswered: each is named at its own card, nothing goes to the server.
    let posted = 0;
    page.on('request', (r) => {
      if (r.method() === 'POST' && r.url().endsWith('/api/portal/responses')) posted += 1;
    });
    await page.getByRole('button', { name: 'Send my answers' }).tap();
    await main.getByText('Please choose an answer.').first().waitFor();
    await expect(main.getByText('Please choose an answer.').count()).resolves.toBe(phq9.items.length);
    expect(posted).toBe(0);

    await answerPhq9(page, 'Not at all');
    await main.getByText(`${phq9.items.length} of ${phq9.items.length} answered`).waitFor();
    await expect(main.getByText('Please choose an answer.').count()).resolves.toBe(0);
    expect(await pageWidth(page)).toBeLessThanOrEqual(390);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.screenshot({ path: '/tmp/ketacare-portal-phq9.png', fullPage: true });

    // A value the form never offers (sent as if the page were tampered with): the server's 422 names the answer
    // by its place; the page shows that message at question 3.
    await page.route('**/api/portal/responses', async (route) => {
      const body = route.request().postDataJSON() as { answers: { linkId: string; value: number }[] };
      body.answers[2]!.value = 7;
      await route.continue({ postData: JSON.stringify(body) });
    });
    const refused = page.waitForResponse((r) => r.url().endsWith('/api/portal/responses'));
    await page.getByRole('button', { name: 'Send my answers' }).tap();
    const problem = (await (await refused).json()) as { errors: { path: string; message: string }[] };
    expect((await refused).status()).toBe(422);
    expect(problem.errors.map((e) => e.path)).toEqual(['/body/answers/2/value']);
    await page.locator('#item-phq-9-3').getByText(problem.errors[0]!.message).waitFor();
    await expect(page.locator('#item-phq-9-1').getByText(problem.errors[0]!.message).count()).resolves.toBe(
      0,
    );
    await page.unroute('**/api/portal/responses');

    await page.getByRole('button', { name: 'Send my answers' }).tap();
    await page.getByRole('heading', { name: 'Thank you', level: 1 }).waitFor();
    const thanks = (await main.textContent()) ?? '';
    expect(thanks).toContain('your answers have been sent to your care team');
    // No score on submission: items 1–8 "Several days" make a total of 8; neither it nor the word appears.
    expect(thanks).not.toMatch(/\bscore\b|\b8\b/i);
    await expect(page.getByRole('heading', { name: 'Help is available now' }).count()).resolves.toBe(0);
    expect(await seriousA11yViolations(page)).toEqual([]);
    expect(unexpected(problems)).toEqual([]);
    await page.close();
  });

  it('fills a PHQ-9 with item 9 "Several days": the crisis screen at once, which stays, and an alert for the care team', async () => {
    await assignPhq9();
    const { page, problems } = await open('/portal');
    await startPhq9FromHome(page);
    await answerPhq9(page, 'Several days');
    await page.getByRole('button', { name: 'Send my answers' }).tap();
    const heading = page.getByRole('heading', { name: 'Help is available now', level: 1 });
    await heading.waitFor();
    const main = page.getByRole('main');
    await expect(main.getByRole('link', { name: '988' }).getAttribute('href')).resolves.toBe('tel:988');
    await expect(main.getByRole('link', { name: '911' }).getAttribute('href')).resolves.toBe('tel:911');
    await main.getByText('Your care team has been alerted and will contact you.', { exact: false }).waitFor();
    // Focus starts on the heading, so a screen reader reads the crisis screen first.
    await expect(heading.evaluate((el) => el === document.activeElement)).resolves.toBe(true);
    expect(await pageWidth(page)).toBeLessThanOrEqual(390);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.screenshot({ path: '/tmp/ketacare-portal-crisis.png', fullPage: true });
    // Nothing moves the patient on: the screen is still there after a while, until they choose to leave.
    const url = page.url();
    await page.waitForTimeout(2000);
    await expect(heading.isVisible()).resolves.toBe(true);
    expect(page.url()).toBe(url);
    expect((await main.textContent()) ?? '').not.toMatch(/\bscore\b/i);

    // The care team's side: one open suicide-risk alert for this patient.
    const alerts = (await (
      await nurse.get(`${baseUrl}/api/clinics/${clinicId}/alerts?state=open&patientId=${patientId}`)
    ).json()) as AlertList;
    expect(alerts.alerts.filter((a) => a.kind === 'suicide_risk' && a.severity === 'critical')).toHaveLength(
      1,
    );

    await main.getByRole('link', { name: 'I have read this — back to home' }).tap();
    await page.getByRole('heading', { name: 'Home', level: 1 }).waitFor();
    expect(unexpected(problems)).toEqual([]);
    await page.close();
  });

  it('saves the mood check-in with a journal note the care team can read', async () => {
    const { page, problems } = await open('/portal');
    const checkIn = page.getByRole('region', { name: 'Daily check-in' });
    await checkIn.getByText('Your care team can read what you write here', { exact: false }).waitFor();
    const save = checkIn.getByRole('button', { name: 'Save my check-in' });
    await expect(save.isDisabled()).resolves.toBe(true);
    await checkIn.getByText('7', { exact: true }).tap();
    await expect(checkIn.getByRole('radio', { name: '7', exact: true }).isChecked()).resolves.toBe(true);
    await checkIn.getByLabel('Journal (optional)').fill('Slept better after the walk.');
    expect(await pageWidth(page)).toBeLessThanOrEqual(390);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await save.tap();
    await page.getByText('You have checked in today. Thank you.').waitFor();
    await expect(page.getByRole('region', { name: 'Daily check-in' }).count()).resolves.toBe(0);
    expect(unexpected(problems)).toEqual([]);
    await page.close();
  });

  it('lists what is due and what was completed', async () => {
    const { page, problems } = await open('/portal/questionnaires');
    await page.getByRole('heading', { name: 'Questionnaires', level: 1 }).waitFor();
    const done = page.getByRole('region', { name: 'Recently completed' });
    const progress = (await (
      await phone.request.get(`${baseUrl}/api/portal/progress`)
    ).json()) as PortalProgress;
    const phq9Done = progress.series.find((s) => s.instrumentId === 'phq-9')!.points.length;
    await expect.poll(() => done.getByText(PHQ9, { exact: false }).count()).toBe(phq9Done);
    await page.getByRole('region', { name: 'Due now' }).getByText('Nothing is due right now.').waitFor();
    expect(await pageWidth(page)).toBeLessThanOrEqual(390);
    expect(await seriousA11yViolations(page)).toEqual([]);
    expect(unexpected(problems)).toEqual([]);
    await page.close();
  });

  it('shows My progress: a chart per questionnaire with its summary as text alternative, a table, and the mood trend', async () => {
    const { page, problems } = await open('/portal/progress');
    const progress = (await (
      await phone.request.get(`${baseUrl}/api/portal/progress`)
    ).json()) as PortalProgress;
    const series = progress.series.find((s) => s.instrumentId === 'phq-9')!;
    // The demo patient's earlier scores, then this file's two: items 1–8 "Several days" (8), and item 9 too (9).
    expect(series.points.map((p) => p.total).slice(-2)).toEqual([8, 9]);
    const main = page.getByRole('main');
    await main.getByText('lower is better', { exact: false }).first().waitFor();
    const phqSection = main.getByRole('region', { name: series.title });
    await phqSection.getByText(series.summary, { exact: true }).waitFor();
    const chart = phqSection.getByRole('img', { name: series.summary });
    await chart.locator('svg.recharts-surface').waitFor();
    await expect(chart.locator('.recharts-line-dot, .recharts-dot').count()).resolves.toBe(
      series.points.length,
    );
    // The numbers behind the chart, for anyone who cannot see it.
    const toggle = phqSection.getByRole('button', { name: 'Show the numbers as a table' });
    await expect(toggle.getAttribute('aria-expanded')).resolves.toBe('false');
    await toggle.tap();
    const table = phqSection.getByRole('table');
    await table.waitFor();
    await expect(table.getByRole('row').count()).resolves.toBe(series.points.length + 1);
    await expect(
      phqSection.getByRole('button', { name: 'Hide the numbers' }).getAttribute('aria-expanded'),
    ).resolves.toBe('true');
    const mood = main.getByRole('region', { name: 'Your mood' });
    await mood
      .getByText(/Your latest mood was 7 out of 10/)
      .first()
      .waitFor();
    await mood.locator('svg.recharts-surface').waitFor();
    expect(await pageWidth(page)).toBeLessThanOrEqual(390);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.screenshot({ path: '/tmp/ketacare-portal-progress.png', fullPage: true });
    expect(unexpected(problems)).toEqual([]);
    await page.close();
  });

  it('asks follow-up questions only when their condition holds (C-SSRS logic) and sends only what was asked', async () => {
    // The C-SSRS screener is clinician-rated, so no patient is ever served it: this page is given it as if it
    // were a clinic's own patient-reported form, to check the skip logic against the real definition.
    const { page, problems } = await open('/portal');
    const form = { ...cssrsScreener, kind: 'patient-reported' as const };
    await page.route('**/api/portal/instruments/cssrs-screener', (route) => route.fulfill({ json: form }));
    let sent: { answers: { linkId: string; value: number }[] } | undefined;
    await page.route('**/api/portal/responses', async (route) => {
      sent = route.request().postDataJSON();
      await route.fulfill({
        status: 201,
        json: { responseId: '01a21716-0000-7000-8000-000000000000', crisis: false, message: 'Thank you.' },
      });
    });
    await page.goto(`${baseUrl}/portal/questionnaires/cssrs-screener`, { waitUntil: 'networkidle' });
    const main = page.getByRole('main');
    const question = (n: string) =>
      main.getByRole('radiogroup', { name: form.items.find((i) => i.prefix === n)!.text });
    const shown = async () =>
      Promise.all(
        ['1', '2', '3', '4', '5', '6', '6b'].map(async (n) => ((await question(n).count()) ? n : '')),
      ).then((ns) => ns.filter(Boolean));
    expect(await shown()).toEqual(['1', '2', '6']);
    await main.getByText('0 of 3 answered').waitFor();
    await question('2').getByRole('radio', { name: 'Yes', exact: true }).check();
    expect(await shown()).toEqual(['1', '2', '3', '4', '5', '6']);
    await question('3').getByRole('radio', { name: 'Yes', exact: true }).check();
    await question('6').getByRole('radio', { name: 'Yes', exact: true }).check();
    expect(await shown()).toEqual(['1', '2', '3', '4', '5', '6', '6b']);
    await main.getByText('3 of 7 answered').waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    // A "no" to question 2 takes questions 3–5 away again, and the answer given to 3 with them.
    await question('2').getByRole('radio', { name: 'No', exact: true }).check();
    expect(await shown()).toEqual(['1', '2', '6', '6b']);
    await question('1').getByRole('radio', { name: 'No', exact: true }).check();
    await question('6b').getByRole('radio', { name: 'No', exact: true }).check();
    await main.getByText('4 of 4 answered').waitFor();
    await page.getByRole('button', { name: 'Send my answers' }).tap();
    await page.getByRole('heading', { name: 'Thank you', level: 1 }).waitFor();
    expect(sent?.answers).toEqual([
      { linkId: 'cssrs-1', value: 0 },
      { linkId: 'cssrs-2', value: 0 },
      { linkId: 'cssrs-6', value: 1 },
      { linkId: 'cssrs-6b', value: 0 },
    ]);
    expect(unexpected(problems)).toEqual([]);
    await page.close();
  });
});
