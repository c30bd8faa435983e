import {
  type APIRequestContext,
  type Browser,
  type BrowserContext,
  type Page,
  request,
} from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { PortalConsentView } from '../../src/consent/model.js';
import type { NewInvitation, PortalIntake } from '../../src/intake/model.js';
import { launchBrowser, seriousA11yViolations, watchConsole } from './browser.js';
import { demo, signInWith } from './sessions.js';

/**
 * From an invitation to a patient ready for screening, on a phone: front desk invites, the patient registers,
 * fills the intake over several sittings (a reload loses nothing), is sent back to the step the server refuses,
 * sends it, signs the IV consent and downloads the signed PDF.
 */
const baseUrl = inject('baseUrl');
const phoneSize = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };
const email = `invited-${Date.now()}@example.invalid`;
const password = 'a quiet harbour at dawn 42';

let browser: Browser;
let phone: BrowserContext;
let frontDesk: APIRequestContext;
let frontDeskCsrf: string;
let clinicId: string;
let invitation: NewInvitation;

/** A 422 from the submit the test provokes on purpose; anything else logged is a real problem. */
const unexpected = (problems: string[]) =>
  problems.filter((p) => !/Failed to load resource: the server responded with a status of 422/.test(p));

const pageWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth);

async function expectClean(page: Page, problems: string[]) {
  expect(await pageWidth(page)).toBeLessThanOrEqual(390);
  expect(await seriousA11yViolations(page)).toEqual([]);
  expect(unexpected(problems)).toEqual([]);
}

async function open(path: string): Promise<{ page: Page; problems: string[] }> {
  const page = await phone.newPage();
  const problems = await watchConsole(page);
  await page.goto(`${baseUrl}${path}`, { waitUntil: 'networkidle' });
  await page.getByRole('heading', { level: 1 }).first().waitFor();
  return { page, problems };
}

const step = (page: Page, title: string) => page.getByRole('heading', { name: title, level: 1 }).waitFor();
const saved = (page: Page) => page.getByRole('status').getByText('Saved', { exact: true }).waitFor();
const next = async (page: Page, title: string) => {
  await page.getByRole('button', { name: 'Continue' }).tap();
  await step(page, title);
};
const choose = (page: Page, question: string, answer: string) =>
  page.getByRole('radiogroup', { name: question }).getByRole('radio', { name: answer, exact: true }).check();

beforeAll(async () => {
  browser = await launchBrowser();
  phone = await browser.newContext(phoneSize);
  // Front desk invites over the API, as the console's registration screen would.
  frontDesk = await request.newContext();
  const login = demo('front_desk');
  frontDeskCsrf = await signInWith(frontDesk, baseUrl, login.email, login.password);
  const session = (await (await frontDesk.get(`${baseUrl}/api/auth/session`)).json()) as {
    clinics: { clinicId: string }[];
  };
  clinicId = session.clinics[0]!.clinicId;
});
afterAll(async () => {
  await frontDesk?.dispose();
  await browser?.close();
});

describe('patient portal: invitation, intake and consent (phone)', () => {
  it('front desk invites; the patient registers from the link and lands on Home, signed in', async () => {
    const res = await frontDesk.post(`${baseUrl}/api/clinics/${clinicId}/invitations`, {
      headers: { 'x-csrf-token': frontDeskCsrf },
      data: { email },
    });
    expect(res.status(), await res.text()).toBe(201);
    invitation = (await res.json()) as NewInvitation;
    const link = new URL(invitation.link, baseUrl);

    const { page, problems } = await open(`${link.pathname}${link.search}`);
    await step(page, 'Join your clinic');
    const { clinics } = (await (await phone.request.get(`${baseUrl}/api/public/clinics`)).json()) as {
      clinics: { id: string; name: string }[];
    };
    const clinicName = clinics.find((c) => c.id === clinicId)!.name;
    await page.getByText(`${clinicName} invited you to its patient portal.`).waitFor();
    await page.getByText(email).first().waitFor();
    await page.getByText('After each session someone must drive you home', { exact: false }).waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);

    await page.getByLabel('Legal first name').fill('Robin');
    await page.getByLabel('Legal last name').fill('Quill');
    await page.getByLabel('Name you like to be called (optional)').fill('Rob');
    await page.getByLabel('Date of birth').fill('1988-04-12');
    await choose(page, 'Sex assigned at birth', 'Female');
    await choose(page, 'Gender identity (optional)', 'Prefer not to say');
    await page.getByLabel('Mobile phone').fill('(555) 010-2233');
    await page.getByLabel('Street address').fill('12 Harbor Lane');
    await page.getByLabel('City').fill('Portland');
    await page.getByRole('combobox', { name: 'State', exact: true }).fill('OR');
    await page.getByRole('option', { name: 'OR', exact: true }).tap();
    await page.getByLabel('ZIP code').fill('97201');
    await page.getByLabel('Emergency contact: name').fill('Sam Quill');
    await page.getByLabel('Emergency contact: phone').fill('555-010-4455');
    await page.getByLabel('Emergency contact: how you know them').fill('sister');
    await page.getByLabel('Driver 1: name').fill('Alex Rivera');
    await page.getByLabel('Driver 1: phone').fill('555 010 6677');
    await page.getByLabel('Driver 1: how you know them').fill('partner');
    await choose(page, 'How will you pay?', 'Health insurance');
    await page.getByLabel('Insurance company').fill('Cascade Health');
    await page.getByLabel('Member ID').fill('CH-99812');
    await page.getByLabel('Choose a password').fill(password);
    await expectClean(page, problems);
    await page.screenshot({ path: '/tmp/ketacare-portal-join.png', fullPage: true });

    await page.getByRole('button', { name: 'Register and sign in' }).tap();
    await step(page, 'Home');
    await page.getByText('Signed in as Rob Quill').waitFor();
    const todo = page.getByRole('region', { name: 'Before your next session' });
    await todo.getByText('Start your intake').waitFor();
    await todo.getByText('Sign your consent').waitFor();
    await expectClean(page, problems);
    await page.screenshot({ path: '/tmp/ketacare-portal-home-todo.png', fullPage: true });
    await page.close();
  });

  it('fills the intake step by step: a reload keeps every answer and the step, the server refusal comes back at its question, then it is sent', async () => {
    const { page, problems } = await open('/portal');
    await page.getByRole('link', { name: 'Start my intake' }).tap();
    await step(page, 'Diagnoses you know of');
    await page.getByText('Step 1 of 9').waitFor();

    await page.getByRole('button', { name: 'Add a diagnosis' }).tap();
    await page.getByRole('combobox', { name: 'Diagnosis', exact: true }).fill('recurrent severe');
    await page
      .getByRole('option', { name: /Major depressive disorder, recurrent severe without psychotic/ })
      .tap();
    await page.getByText('From the clinic’s list.').waitFor();
    await page.getByLabel('Year first diagnosed (if you know)').fill('2015');
    await saved(page);
    await expectClean(page, problems);

    await next(page, 'Antidepressants you have tried');
    await page.getByRole('button', { name: 'Add a medicine I tried' }).tap();
    await page.getByRole('combobox', { name: 'Medicine', exact: true }).fill('sertra');
    await page.getByRole('option', { name: 'sertraline', exact: true }).tap();
    await page.getByLabel('Highest dose (for example 100 mg a day)').fill('150 mg a day');
    await page.getByLabel('For how many weeks?').fill('10');
    await page.getByRole('combobox', { name: 'How did it go?', exact: true }).tap();
    await page.getByRole('option', { name: 'It did not help' }).tap();
    await saved(page);
    await page.screenshot({ path: '/tmp/ketacare-portal-intake-step.png', fullPage: true });

    // A reload (or a flat battery) loses nothing: the same step, every answer as typed.
    await page.reload({ waitUntil: 'networkidle' });
    await step(page, 'Antidepressants you have tried');
    await expect(page.getByRole('combobox', { name: 'Medicine', exact: true }).inputValue()).resolves.toBe(
      'sertraline',
    );
    await expect(page.getByLabel('Highest dose (for example 100 mg a day)').inputValue()).resolves.toBe(
      '150 mg a day',
    );
    await expect(page.getByLabel('For how many weeks?').inputValue()).resolves.toBe('10');
    await expect(
      page.getByRole('combobox', { name: 'How did it go?', exact: true }).inputValue(),
    ).resolves.toBe('It did not help');
    const draft = (await (await phone.request.get(`${baseUrl}/api/portal/intake`)).json()) as PortalIntake;
    expect(draft.status).toBe('draft');
    expect(draft.content.diagnoses).toEqual([{ icd10: 'F33.2', text: expect.any(String), sinceYear: 2015 }]);
    expect(draft.content.priorTreatments?.antidepressants).toEqual([
      { rxnorm: '36437', name: 'sertraline', dose: '150 mg a day', durationWeeks: 10, outcome: 'none' },
    ]);
    await page.getByRole('button', { name: 'Back' }).tap();
    await step(page, 'Diagnoses you know of');
    await expect(page.getByLabel('Year first diagnosed (if you know)').inputValue()).resolves.toBe('2015');

    await next(page, 'Antidepressants you have tried');
    await next(page, 'Other treatments');
    for (const question of await page.getByRole('radiogroup').all()) {
      await question.getByRole('radio', { name: 'No', exact: true }).check();
    }
    await next(page, 'Mental-health history');
    for (const question of await page.getByRole('radiogroup').all()) {
      await question.getByRole('radio', { name: 'Never', exact: true }).check();
    }
    await next(page, 'Alcohol and drugs');
    for (const question of await page.getByRole('radiogroup').all()) {
      await question.getByRole('radio', { name: 'Never', exact: true }).check();
    }
    await next(page, 'Medical history');
    const medical = await page.getByRole('radiogroup').all();
    // The last question ("Are you breast-feeding?") is left unanswered: the server refuses the intake for it.
    for (const question of medical.slice(0, -1)) {
      await question.getByRole('radio', { name: 'No', exact: true }).check();
    }
    await expectClean(page, problems);
    await next(page, 'Medicines you take now');
    await page.getByRole('button', { name: 'Add a medicine' }).tap();
    await page.getByRole('combobox', { name: 'Medicine', exact: true }).fill('lorazep');
    await page.getByRole('option', { name: 'lorazepam', exact: true }).tap();
    await page.getByLabel('mg each time').fill('0.5');
    await page.getByLabel('Times a day').fill('2');
    await page.getByRole('button', { name: 'Add a medicine' }).tap();
    // A medicine not in the clinic's table is kept as typed, for staff to class.
    await page.getByRole('combobox', { name: 'Medicine', exact: true }).nth(1).fill('Grandma’s herbal tea');
    await page.getByText('Not in the list: your care team will check this medicine.').waitFor();
    await expectClean(page, problems);
    await next(page, 'Allergies');
    await page.getByLabel('I have no known allergies').check();
    await next(page, 'Height and weight');
    await page.getByLabel('Feet', { exact: true }).fill('5');
    await page.getByLabel('Inches', { exact: true }).fill('7');
    await page.getByLabel('Weight (lb)').fill('150');
    await expectClean(page, problems);
    await next(page, 'Check and send');
    await saved(page);

    const refused = page.waitForResponse((r) => r.url().endsWith('/api/portal/intake/submit'));
    await page.getByRole('button', { name: 'Send my intake' }).tap();
    const problem = (await (await refused).json()) as { errors: { path: string }[] };
    expect((await refused).status()).toBe(422);
    expect(problem.errors.map((e) => e.path)).toEqual(['/content/medicalHistory/breastFeeding']);
    await step(page, 'Medical history');
    await page.getByText('Some answers here need a change').waitFor();
    const breastFeeding = page.getByRole('radiogroup', { name: 'Are you breast-feeding?' });
    await page.getByText('Please answer this.').waitFor();
    await expect(page.getByText('Please answer this.').count()).resolves.toBe(1);
    await expectClean(page, problems);
    await breastFeeding.getByRole('radio', { name: 'No', exact: true }).check();
    await saved(page);
    await page.goto(`${baseUrl}/portal/intake?step=10`, { waitUntil: 'networkidle' });
    await step(page, 'Check and send');
    await page.getByRole('button', { name: 'Send my intake' }).tap();
    await page.getByText('Sent to your care team').waitFor();
    await expectClean(page, problems);

    const sent = (await (await phone.request.get(`${baseUrl}/api/portal/intake`)).json()) as PortalIntake;
    expect(sent.status).toBe('submitted');
    expect(sent.content.medications).toEqual([
      { rxnorm: '6470', name: 'lorazepam', doseMg: 0.5, timesPerDay: 2 },
      { name: 'Grandma’s herbal tea' },
    ]);
    expect(sent.content.height).toEqual({ unit: 'in', value: 67 });
    expect(sent.content.weight).toEqual({ unit: 'lb', value: 150 });

    await page.goto(`${baseUrl}/portal`, { waitUntil: 'networkidle' });
    await step(page, 'Home');
    await expect(page.getByText('Start your intake').count()).resolves.toBe(0);
    await expect(page.getByText('Finish your intake').count()).resolves.toBe(0);
    await page.close();
  });

  it('signs the IV consent (every statement, typed name), downloads the signed PDF, and sees it listed as current', async () => {
    const { page, problems } = await open('/portal/consent');
    await step(page, 'Consent forms');
    const before = (await (
      await phone.request.get(`${baseUrl}/api/portal/consent`)
    ).json()) as PortalConsentView;
    const iv = before.toSign.find((d) => d.route === 'iv')!.document;
    await expectClean(page, problems);
    await page.getByRole('link', { name: `Read and sign ${iv.title}` }).tap();
    await step(page, iv.title);
    await page
      .getByRole('article', { name: 'Consent document' })
      .getByText(/off-label/)
      .first()
      .waitFor();
    // The document is rendered, never injected: no raw Markdown markers or HTML reach the page.
    const rendered = (await page.getByRole('article', { name: 'Consent document' }).textContent()) ?? '';
    expect(rendered).not.toContain('**');

    // Sign without confirming: each statement is asked for, nothing is sent.
    await page.getByRole('button', { name: 'Sign', exact: true }).tap();
    await page.getByText(`${iv.attestations.length} statements are not confirmed.`).waitFor();
    for (const attestation of iv.attestations)
      await page.getByLabel(attestation.text, { exact: true }).check();
    await page.getByLabel('Type your full legal name to sign').fill('Robin Quill');
    await page.getByText(/^Date: [A-Z][a-z]+ \d{1,2}, \d{4}$/).waitFor();
    await expectClean(page, problems);
    await page.screenshot({ path: '/tmp/ketacare-portal-consent-sign.png', fullPage: true });
    await page.getByRole('button', { name: 'Sign', exact: true }).tap();
    await step(page, 'Signed');

    const download = page.getByRole('link', { name: 'Download signed copy (PDF)' });
    const href = (await download.getAttribute('href'))!;
    const pdf = await phone.request.get(`${baseUrl}${href}`);
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toMatch(/^application\/pdf/);
    expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');
    const downloaded = page.waitForEvent('download');
    await download.tap();
    expect((await downloaded).suggestedFilename()).toMatch(/\.pdf$/);
    await expectClean(page, problems);

    await page.getByRole('link', { name: 'All consent forms' }).tap();
    await step(page, 'Consent forms');
    const signed = page.getByRole('region', { name: 'Signed' });
    await signed.getByText(iv.title).waitFor();
    await signed.getByText('Signed and current').waitFor();
    await expect(page.getByRole('link', { name: `Read and sign ${iv.title}` }).count()).resolves.toBe(0);
    const after = (await (
      await phone.request.get(`${baseUrl}/api/portal/consent`)
    ).json()) as PortalConsentView;
    expect(after.routes.find((r) => r.route === 'iv')?.status).toBe('current');
    await expectClean(page, problems);
    await page.screenshot({ path: '/tmp/ketacare-portal-consent-list.png', fullPage: true });
    await page.close();
  });
});
