import type { APIRequestContext, Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { ConsentDocumentList } from '../../src/consent/model.js';
import type { RegisteredPatient, RegistrationDetails } from '../../src/intake/model.js';
import type { ProtocolList } from '../../src/protocol/model.js';
import { launchBrowser, seriousA11yViolations, watchConsole } from './browser.js';
import { codeAfter, type OwnerApi, ownerApi, staffWithAuthenticator } from './sessions.js';

const baseUrl = inject('baseUrl');
const desktopSize = { viewport: { width: 1280, height: 1000 } };
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

const details = (): RegistrationDetails => ({
  givenName: 'Orders',
  familyName: `Test-${Date.now()}`,
  birthDate: '1982-02-20',
  sexAtBirth: 'male',
  phone: '(217) 555-0163',
  address: { line1: '3 Test Street', city: 'Springfield', state: 'IL', postalCode: '62701' },
  emergencyContact: { name: 'Kim Test', phone: '(217) 555-0197', relationship: 'partner' },
  escorts: [{ name: 'Kim Test', phone: '(217) 555-0197', relationship: 'partner' }],
  payer: { kind: 'self_pay' },
});

/**
 * A patient weighing 80 kg, approved for IV ketamine, with IV consent signed on the tablet and an IV course at
 * step 1: set up over the API by a prescriber of its own (the one who signs in the browser must meet step-up).
 */
async function patientWithCourse(api: APIRequestContext, csrf: string): Promise<string> {
  const url = (path: string) => `${baseUrl}/api/clinics/${owner.clinicId}${path}`;
  const post = async <T>(path: string, data: unknown): Promise<T> => {
    const res = await api.post(url(path), { headers: { 'x-csrf-token': csrf }, data });
    expect(res.status(), `${path}: ${await res.text()}`).toBe(201);
    return (await res.json()) as T;
  };
  const get = async <T>(path: string): Promise<T> => (await (await api.get(url(path))).json()) as T;
  const person = details();
  const { patientId } = await post<RegisteredPatient>('/patients', person);
  const p = `/patients/${patientId}`;
  // Recurrent severe MDD after two adequate antidepressant trials of two classes: no relative finding for IV.
  await post(`${p}/conditions`, { icd10: 'F33.2', category: 'diagnosis' });
  await post(`${p}/prior-treatments`, {
    kind: 'antidepressant',
    rxnorm: '36437',
    durationWeeks: 12,
    outcome: 'none',
  });
  await post(`${p}/prior-treatments`, {
    kind: 'antidepressant',
    rxnorm: '42347',
    durationWeeks: 10,
    outcome: 'none',
  });
  await post(`${p}/measurements`, { measure: 'weight', value: 80, unit: 'kg' });
  const screening = await get<{ run: { id: string } }>(`${p}/screening`);
  await post(`${p}/eligibility`, {
    route: 'iv',
    decision: 'approved',
    rationale: 'Recurrent severe MDD after two failed antidepressant trials.',
    screeningRunId: screening.run.id,
  });
  const documents = await get<ConsentDocumentList>('/consent/documents');
  const iv = documents.documents.find((d) => d.route === 'iv')!;
  await post(`${p}/consent/signatures`, {
    documentId: iv.id,
    acknowledged: iv.attestations.map((a) => a.id),
    typedName: `${person.givenName} ${person.familyName}`,
  });
  const { protocols } = await get<ProtocolList>('/protocols');
  const protocol = protocols.find((x) => x.route === 'iv' && x.active)!;
  await post(`${p}/courses`, {
    protocolId: protocol.id,
    diagnosisCode: 'F33.2',
    startingStepIndex: 0,
    goal: 'PHQ-9 response after 6 infusions, then reassess.',
  });
  return patientId;
}

/** Refused on purpose: the first signing attempt asks for step-up (403). */
const unexpected = (problems: string[]) =>
  problems.filter((p) => !/Failed to load resource: the server responded with a status of 403/.test(p));

describe('medication orders on the course card', () => {
  it('a prescriber signs a standing order with step-up, sees it valid with its dose working, then replaces it one step up', async () => {
    const setup = await browser.newContext(desktopSize);
    const planner = await staffWithAuthenticator(
      owner,
      setup,
      baseUrl,
      ['prescriber'],
      'Test Planner Parker',
    );
    const patientId = await patientWithCourse(setup.request, planner.csrf);
    await setup.close();

    const context = await browser.newContext(desktopSize);
    const { person, secret, enrolStep } = await staffWithAuthenticator(
      owner,
      context,
      baseUrl,
      ['prescriber'],
      'Test Prescriber Orla',
    );
    const page = await context.newPage();
    const problems = await watchConsole(page);
    await page.goto(`${baseUrl}/patients/${patientId}?tab=course`, { waitUntil: 'networkidle' });
    const orders = page.getByRole('region', { name: 'Medication orders' });
    await orders.getByText('No order has been signed for this course.').waitFor();
    await orders
      .getByText('No valid order: no session of this course can start until a prescriber signs one.')
      .waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);

    await orders.getByRole('button', { name: 'Sign order' }).click();
    const dialog = page.getByRole('dialog', { name: 'Sign a medication order' });
    // 0.5 mg/kg × 80 kg = 40 mg; step 3 is two steps up from the course's step 1.
    await dialog.getByRole('radio', { name: /^Step 1 \(0\.5 mg\/kg\): 40 mg/ }).waitFor();
    expect(await dialog.getByRole('radio', { name: /^Step 3 \(1 mg\/kg\)/ }).isDisabled()).toBe(true);
    await dialog.getByText(/the highest step you can order now is step 2 \(0\.75 mg\/kg\)/).waitFor();
    await dialog.getByRole('radio', { name: /^Step 1 \(0\.5 mg\/kg\)/ }).check();
    await dialog.getByRole('region', { name: 'Dose working' }).getByText(/80 kg/).first().waitFor();
    await dialog
      .getByLabel('Instructions')
      .fill('Infuse over 40 minutes by pump; hold if BP above 140/90 before the dose.');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await dialog.getByRole('button', { name: 'Sign order' }).click();

    const stepUp = page.getByRole('dialog', { name: 'Confirm it is you' });
    await stepUp.waitFor();
    await stepUp.locator('input[name=password]').fill(person.password);
    await stepUp.getByLabel('Authenticator code').fill(await codeAfter(secret, enrolStep));
    await stepUp.getByRole('button', { name: 'Confirm' }).click();
    await stepUp.waitFor({ state: 'detached' });
    await page
      .getByRole('status')
      .getByText('Order signed: Standing order, step 1 (0.5 mg/kg), 40 mg.')
      .waitFor();

    const table = orders.getByRole('table', { name: 'Medication orders' });
    const first = table.getByRole('row').filter({ hasText: 'step 1 (0.5 mg/kg)' });
    await first.getByText('Valid', { exact: true }).waitFor();
    await first.getByText('40 mg at signing').waitFor();
    await first.getByText('Test Prescriber Orla', { exact: false }).waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);

    // Replacing it one step up (still within the step-up window): the old one reads "Not valid" with why.
    await first.getByRole('button', { name: 'Replace' }).click();
    await dialog.getByText(/Replaces the order in force: step 1 \(0\.5 mg\/kg\)/).waitFor();
    await dialog.getByRole('radio', { name: /^Step 2 \(0\.75 mg\/kg\): 60 mg/ }).check();
    await dialog.getByLabel('Instructions').fill('Step up after a partial response; infuse over 40 minutes.');
    await dialog.getByRole('button', { name: 'Sign order' }).click();
    await page
      .getByRole('status')
      .getByText('Order signed: Standing order, step 2 (0.75 mg/kg), 60 mg.')
      .waitFor();
    const replaced = table.getByRole('row').filter({ hasText: 'step 1 (0.5 mg/kg)' });
    await replaced.getByText('Not valid', { exact: true }).waitFor();
    await replaced.getByText(/Replaced by a newer order signed on/).waitFor();
    await table
      .getByRole('row')
      .filter({ hasText: 'step 2 (0.75 mg/kg)' })
      .getByText('Valid', { exact: true })
      .waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.screenshot({ path: '/tmp/ketacare-orders.png', fullPage: true });
    expect(unexpected(problems)).toEqual([]);
    await context.close();
  });
});
