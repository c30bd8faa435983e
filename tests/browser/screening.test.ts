import type { APIRequestContext, Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { RegisteredPatient, RegistrationDetails } from '../../src/intake/model.js';
import type { ScreeningView } from '../../src/screening/model.js';
import { launchBrowser, seriousA11yViolations, watchConsole } from './browser.js';
import { codeAfter, type OwnerApi, ownerApi, staffWithAuthenticator } from './sessions.js';

const baseUrl = inject('baseUrl');
const desktopSize = { viewport: { width: 1280, height: 900 } };
let browser: Browser;
let owner: OwnerApi;

beforeAll(async () => {
  browser = await launchBrowser();
  owner = await ownerApi(baseUrl);
});
afterAll(async () => {
  await owner?.api.dispose();
  await browser?.close();
});

/** Refused on purpose here: step-up asked for (403), an absolute contraindication (409). */
const unexpected = (problems: string[]) =>
  problems.filter((p) => !/Failed to load resource: the server responded with a status of (403|409)/.test(p));

/** An API client acting as the signed-in prescriber (it shares the browser context's cookies). */
function clinicApi(api: APIRequestContext, csrf: string) {
  const url = (path: string) => `${baseUrl}/api/clinics/${owner.clinicId}${path}`;
  return {
    async post<T>(path: string, data: unknown, expected = 201): Promise<T> {
      const res = await api.post(url(path), { headers: { 'x-csrf-token': csrf }, data });
      expect(res.status(), `${path}: ${await res.text()}`).toBe(expected);
      return (await res.json()) as T;
    },
    async screening(patientId: string): Promise<ScreeningView> {
      return (await (await api.get(url(`/patients/${patientId}/screening`))).json()) as ScreeningView;
    },
  };
}

let counter = 0;
const details = (familyName: string): RegistrationDetails => {
  counter += 1;
  return {
    givenName: 'Screening',
    familyName: `${familyName}-${Date.now()}-${counter}`,
    birthDate: '1985-04-12',
    sexAtBirth: 'female',
    phone: '(217) 555-0134',
    address: { line1: '1 Test Street', city: 'Springfield', state: 'IL', postalCode: '62701' },
    emergencyContact: { name: 'Robin Test', phone: '(217) 555-0199', relationship: 'partner' },
    escorts: [{ name: 'Robin Test', phone: '(217) 555-0199', relationship: 'partner' }],
    payer: { kind: 'self_pay' },
  };
};

async function open(context: BrowserContext, path: string): Promise<{ page: Page; problems: string[] }> {
  const page = await context.newPage();
  const problems = await watchConsole(page);
  await page.goto(`${baseUrl}${path}`, { waitUntil: 'networkidle' });
  await page.getByRole('heading', { level: 1 }).first().waitFor();
  return { page, problems };
}

/** The chart header's eligibility for a route. */
const headerRow = (page: Page, route: string) =>
  page
    .getByRole('table', { name: 'Routes: eligibility and consent' })
    .getByRole('row')
    .filter({ hasText: route });

const checklistRow = (page: Page, ruleId: string) =>
  page.getByRole('table', { name: 'Screening checklist' }).getByRole('row').filter({ hasText: ruleId });

describe('eligibility screening in the chart', () => {
  it('a prescriber approves IV past a relative finding with step-up; a new benzodiazepine makes it "review needed"; an aneurysm blocks approval', async () => {
    const context = await browser.newContext(desktopSize);
    const { person, csrf, secret, enrolStep } = await staffWithAuthenticator(
      owner,
      context,
      baseUrl,
      ['prescriber'],
      'Test Prescriber Quinn',
    );
    const api = clinicApi(context.request, csrf);

    // A registered patient with recurrent major depression and no antidepressant trials recorded yet:
    // treatment resistance (ELIG-TRD, relative) is not met, so an approval needs a written override.
    const eligible = await api.post<RegisteredPatient>('/patients', details('Eligible'));
    const p = `/patients/${eligible.patientId}`;
    await api.post(`${p}/conditions`, { icd10: 'F33.2', category: 'diagnosis' });
    await api.post(`${p}/prior-treatments`, {
      kind: 'psychotherapy',
      name: 'CBT, 20 sessions',
      outcome: 'partial',
    });
    await api.post(`${p}/measurements`, { measure: 'weight', value: 70, unit: 'kg' });

    const { page, problems } = await open(context, `${p}?tab=screening`);
    await page.getByRole('tab', { name: 'Screening', selected: true }).waitFor();
    await checklistRow(page, 'ELIG-TRD').getByText('Matches').waitFor();
    await checklistRow(page, 'CI-ANEURYSM').getByText('Clear').waitFor();
    await checklistRow(page, 'DDI-THEO').getByText('Clear').waitFor();
    await headerRow(page, 'IV ketamine').getByText('Awaiting decision').waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);

    const iv = page.getByRole('article', { name: 'IV ketamine' });
    await iv.getByRole('button', { name: 'Approve IV ketamine' }).click();
    await iv.getByLabel('Rationale').fill('Recurrent severe MDD, failed psychotherapy; IV suits monitoring.');
    await iv
      .getByLabel('Override reason for ELIG-TRD')
      .fill('Two antidepressant trials documented by the referring psychiatrist; records requested.');
    await iv.getByRole('button', { name: 'Record approval' }).click();
    const stepUp = page.getByRole('dialog', { name: 'Confirm it is you' });
    await stepUp.waitFor();
    await stepUp.locator('input[name=password]').fill(person.password);
    await stepUp.getByLabel('Authenticator code').fill(await codeAfter(secret, enrolStep));
    await stepUp.getByRole('button', { name: 'Confirm' }).click();
    await stepUp.waitFor({ state: 'detached' });
    await page.getByRole('status').getByText('IV ketamine: approved.').waitFor();
    await headerRow(page, 'IV ketamine').getByText('Approved').waitFor();
    await iv.getByText('Approved').waitFor();
    const decisions = page.getByRole('table', { name: 'Eligibility decisions, newest first' });
    const decision = decisions.getByRole('row').filter({ hasText: 'Test Prescriber Quinn' });
    await decision.getByText('ELIG-TRD: Two antidepressant trials documented').waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.screenshot({ path: '/tmp/ketacare-screening-approved.png', fullPage: true });

    // Later the patient starts lorazepam 2 mg a day (20 mg diazepam-equivalent): recorded in the Intake tab.
    await page.getByRole('tab', { name: 'Intake' }).click();
    await page.getByRole('heading', { name: 'Intake', level: 2 }).waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Add a medication' }).click();
    const add = page.getByRole('dialog', { name: 'Add a medication' });
    await add.getByRole('textbox', { name: 'Medication' }).fill('lorazepam');
    await expect.poll(() => add.getByLabel('From the medication table').inputValue()).toBe('6470');
    await add.getByLabel('Dose as prescribed').fill('1 mg twice a day');
    await add.getByLabel('Total per day (mg)').fill('2');
    await add.getByRole('button', { name: 'Add medication' }).click();
    await add.waitFor({ state: 'hidden' });
    const medications = page.getByRole('table', { name: 'Medications' });
    await medications.getByRole('row').filter({ hasText: 'lorazepam' }).getByText('2 mg/day').waitFor();
    await headerRow(page, 'IV ketamine').getByText('Review needed').waitFor();
    // Cautions (other CNS depressants) are in the header, on every tab.
    await page
      .getByRole('region', { name: 'Caution for every treatment day' })
      .getByText('(DDI-CNS): lorazepam 2 mg daily')
      .waitFor();

    // A medication not in the table is kept as typed and flagged until staff class it.
    await page.getByRole('button', { name: 'Add a medication' }).click();
    await add.getByRole('textbox', { name: 'Medication' }).fill('Sleepwell herbal tonic');
    await add
      .getByLabel('From the medication table')
      .selectOption({ label: 'Not in the table: record as typed' });
    await add.getByRole('button', { name: 'Add medication' }).click();
    await add.waitFor({ state: 'hidden' });
    const typed = medications.getByRole('row').filter({ hasText: 'Sleepwell herbal tonic' });
    await typed.getByText('Needs a class').waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await typed.getByLabel('Class of Sleepwell herbal tonic').selectOption('sedative_hypnotic');
    await typed.getByRole('button', { name: 'Set class' }).click();
    await medications
      .getByRole('row')
      .filter({ hasText: 'Sleepwell herbal tonic' })
      .getByText('Other sedative or hypnotic')
      .waitFor();
    await page.screenshot({ path: '/tmp/ketacare-intake-tab.png', fullPage: true });

    await page.getByRole('tab', { name: 'Screening' }).click();
    await checklistRow(page, 'DDI-BZD-DOSE').getByText('Matches').waitFor();
    await iv.getByText('Review needed: DDI-BZD-DOSE').waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);

    await page.getByRole('tab', { name: 'Consent' }).click();
    await page.getByRole('table', { name: 'Consent per route' }).waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.getByRole('tab', { name: 'Summary' }).click();
    await page.getByRole('heading', { name: 'Scores and outcomes', level: 2 }).waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    expect(unexpected(problems)).toEqual([]);
    await page.close();

    // A patient with a thoracic aortic aneurysm: absolute, approval is refused and the rule named.
    const blocked = await api.post<RegisteredPatient>('/patients', details('Aneurysm'));
    const b = `/patients/${blocked.patientId}`;
    await api.post(`${b}/conditions`, { icd10: 'F33.2', category: 'diagnosis' });
    await api.post(`${b}/conditions`, { icd10: 'I71.20', category: 'history' });
    const second = await open(context, `${b}?tab=screening`);
    await checklistRow(second.page, 'CI-ANEURYSM').getByText('Matches').waitFor();
    await headerRow(second.page, 'IV ketamine').getByText('Blocked').waitFor();
    const blockedIv = second.page.getByRole('article', { name: 'IV ketamine' });
    await blockedIv.getByText(/Cannot be approved: CI-ANEURYSM/).waitFor();
    await expect(blockedIv.getByRole('button', { name: 'Approve IV ketamine' }).isDisabled()).resolves.toBe(
      true,
    );
    expect(await seriousA11yViolations(second.page)).toEqual([]);
    await second.page.screenshot({ path: '/tmp/ketacare-screening-blocked.png', fullPage: true });

    // The server is the authority: an approval sent anyway is a 409 naming the rule.
    const run = (await api.screening(blocked.patientId)).run!;
    const refused = await context.request.post(`${baseUrl}/api/clinics/${owner.clinicId}${b}/eligibility`, {
      headers: { 'x-csrf-token': csrf },
      data: { route: 'iv', decision: 'approved', rationale: 'Trying anyway', screeningRunId: run.id },
    });
    expect(refused.status()).toBe(409);
    const problem = (await refused.json()) as { rule?: string; detail?: string };
    expect(problem.rule).toBe('CI-ANEURYSM');
    expect(problem.detail).toContain('CI-ANEURYSM');
    expect(unexpected(second.problems)).toEqual([]);
    await context.close();
  });
});
