import type { APIRequestContext, Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { RegisteredPatient, RegistrationDetails } from '../../src/intake/model.js';
import type { ScreeningView } from '../../src/screening/model.js';
import { launchBrowser, seriousA11yViolations, watchConsole } from './browser.js';
import { signInAsDemo } from './sessions.js';

const baseUrl = inject('baseUrl');
const desktopSize = { viewport: { width: 1280, height: 900 } };
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const details = (): RegistrationDetails => ({
  givenName: 'Course',
  familyName: `Test-${Date.now()}`,
  birthDate: '1984-06-15',
  sexAtBirth: 'female',
  phone: '(217) 555-0142',
  address: { line1: '2 Test Street', city: 'Springfield', state: 'IL', postalCode: '62701' },
  emergencyContact: { name: 'Sam Test', phone: '(217) 555-0198', relationship: 'sibling' },
  escorts: [{ name: 'Sam Test', phone: '(217) 555-0198', relationship: 'sibling' }],
  payer: { kind: 'self_pay' },
});

/** A patient approved for IV ketamine, set up over the API as the signed-in prescriber. */
async function approvedPatient(api: APIRequestContext, clinicId: string, csrf: string): Promise<string> {
  const url = (path: string) => `${baseUrl}/api/clinics/${clinicId}${path}`;
  const post = async <T>(path: string, data: unknown): Promise<T> => {
    const res = await api.post(url(path), { headers: { 'x-csrf-token': csrf }, data });
    expect(res.status(), `${path}: ${await res.text()}`).toBe(201);
    return (await res.json()) as T;
  };
  const { patientId } = await post<RegisteredPatient>('/patients', details());
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
  await post(`${p}/measurements`, { measure: 'weight', value: 70, unit: 'kg' });
  const screening = (await (await api.get(url(`${p}/screening`))).json()) as ScreeningView;
  await post(`${p}/eligibility`, {
    route: 'iv',
    decision: 'approved',
    rationale: 'Recurrent severe MDD after two failed antidepressant trials.',
    screeningRunId: screening.run!.id,
  });
  return patientId;
}

describe('treatment courses in the chart', () => {
  it('the demo prescriber plans an IV course for an approved patient and sees it with its induction series', async () => {
    const context = await browser.newContext(desktopSize);
    const csrf = await signInAsDemo(context, baseUrl, 'prescriber');
    const session = (await (await context.request.get(`${baseUrl}/api/auth/session`)).json()) as {
      clinics: { clinicId: string }[];
    };
    const clinicId = session.clinics[0]!.clinicId;
    const patientId = await approvedPatient(context.request, clinicId, csrf);

    const page = await context.newPage();
    const problems = await watchConsole(page);
    await page.goto(`${baseUrl}/patients/${patientId}?tab=course`, { waitUntil: 'networkidle' });
    await page.getByRole('tab', { name: 'Course and orders', selected: true }).waitFor();
    await page.getByText('No course planned yet.').waitFor();

    await page.getByRole('button', { name: 'Plan a course' }).click();
    const form = page.getByRole('form', { name: 'Plan a course' });
    // The current version: another file in the run may have published a newer one.
    const protocol = form.getByLabel('Protocol');
    const iv = protocol.locator('option', { hasText: /^IV racemic ketamine \(version \d+, IV ketamine\)$/ });
    await protocol.selectOption((await iv.getAttribute('value'))!);
    await form.getByLabel('Starting dose step').selectOption({ label: 'Step 1: 0.5 mg/kg' });
    // An unknown code is refused at its field.
    await form.getByLabel('Diagnosis (ICD-10-CM code)').fill('X99.9');
    await form
      .getByLabel('Goal and end point')
      .fill('PHQ-9 response after 6 infusions; reassess, then taper boosters.');
    await form.getByRole('button', { name: 'Plan course' }).click();
    await form.getByText('not an ICD-10-CM code on the clinic’s code list').waitFor();
    await form.getByLabel('Diagnosis (ICD-10-CM code)').fill('F33.2');
    await form.getByRole('button', { name: 'Plan course' }).click();

    await page
      .getByRole('status')
      .getByText(/^Course planned: IV racemic ketamine, version \d+\.$/)
      .waitFor();
    const card = page.getByRole('region', { name: /^IV racemic ketamine, version \d+$/ });
    await card.getByText('Induction', { exact: true }).first().waitFor();
    await card.getByText('0.5 mg/kg (step 1 of 3)').waitFor();
    await card.getByText(/0 of 6 attended, 0 booked, within 21 days/).waitFor();
    await card.getByText('planned by Dr Demo Prescriber Pat', { exact: false }).waitFor();
    await page.getByRole('heading', { name: 'Misuse-risk signals' }).waitFor();

    expect(await seriousA11yViolations(page)).toEqual([]);
    expect(problems.filter((p) => !/status of 422/.test(p))).toEqual([]);
    await context.close();
  });
});
