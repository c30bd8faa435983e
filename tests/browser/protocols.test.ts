import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser, seriousA11yViolations, watchConsole } from './browser.js';
import { codeAfter, type OwnerApi, ownerApi, staffWithAuthenticator } from './sessions.js';

const baseUrl = inject('baseUrl');
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

/** Refused on purpose here: step-up asked for (403), a definition the server refuses (422). */
const unexpected = (problems: string[]) =>
  problems.filter((p) => !/Failed to load resource: the server responded with a status of (403|422)/.test(p));

describe('Admin → Protocols', () => {
  it('a prescriber reads the default protocols, checks a dose by its working, and publishes a new version with step-up', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    // A prescriber of the test's own: the demo prescriber's authenticator codes are used by other files.
    const { person, secret, enrolStep } = await staffWithAuthenticator(
      owner,
      context,
      baseUrl,
      ['prescriber'],
      'Test Prescriber Protocols',
    );
    const page = await context.newPage();
    const problems = await watchConsole(page);
    await page.goto(`${baseUrl}/admin?tab=protocols`, { waitUntil: 'networkidle' });

    const table = page.getByRole('table', { name: 'Protocols in force' });
    for (const name of [
      'IV racemic ketamine',
      'IM ketamine',
      'Intranasal esketamine (Spravato)',
      'Oral ketamine (given in the clinic)',
    ]) {
      await table.getByRole('row').filter({ hasText: name }).waitFor();
    }
    await page.getByText('The clinic reviews every threshold').waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);

    await page.getByRole('button', { name: 'Open IV racemic ketamine' }).click();
    const protocol = page.getByRole('article', { name: 'IV racemic ketamine' });
    const words = protocol.getByRole('table', { name: 'IV racemic ketamine in clinician words' });
    await words
      .getByRole('row', { name: /Titration steps/ })
      .getByText('0.5 mg/kg → 0.75 mg/kg → 1 mg/kg')
      .waitFor();
    await words
      .getByRole('row', { name: /Infusion/ })
      .getByText(/over 40 min at 1 mg\/mL/)
      .waitFor();
    await words
      .getByRole('row', { name: /Observation/ })
      .getByText('at least 60 min after the dose')
      .waitFor();

    const calculator = protocol.getByRole('region', { name: 'Dose calculator' });
    await calculator.getByLabel('Weight (kg)').fill('82.5');
    await calculator.getByRole('button', { name: 'Calculate' }).click();
    await calculator.getByText('Dose 41.2 mg').first().waitFor();
    const working = calculator.getByRole('list', { name: 'Working' });
    await working.getByText('0.5 mg/kg × 82.5 kg = 41.25 mg').waitFor();
    await working
      .getByText(
        'Pump: 41.25 mg at 1 mg/mL over 40 min = 61.875 mL/h, rounded down to the pump step of 0.1 mL/h: 61.8 mL/h',
      )
      .waitFor();
    await working
      .getByText('Maximum for this session 82.5 mg (1 mg/kg × 82.5 kg; absolute cap 120 mg); not reached')
      .waitFor();
    await protocol
      .getByRole('table', { name: 'Versions of IV racemic ketamine' })
      .getByText('ketacare (shipped default)')
      .waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);

    // A new version: step-up first, then a step above the maximum is refused at its path, then it publishes.
    await page.getByRole('button', { name: 'New version of IV racemic ketamine' }).click();
    const form = page.getByRole('form', { name: /New version of IV racemic ketamine/ });
    const definition = form.getByLabel('Definition (JSON)');
    const original = await definition.inputValue();
    await definition.fill(
      original.replace('"blockMinutes": 120', '"blockMinutes": 135').replace('1000\n    ],', '1200\n    ],'),
    );
    await form.getByLabel('Reason for this version').fill('Longer chair block: observation often runs over');
    await form.getByRole('button', { name: 'Publish version 2' }).click();
    const stepUp = page.getByRole('dialog', { name: 'Confirm it is you' });
    await stepUp.waitFor();
    await stepUp.locator('input[name=password]').fill(person.password);
    await stepUp.getByLabel('Authenticator code').fill(await codeAfter(secret, enrolStep));
    await stepUp.getByRole('button', { name: 'Confirm' }).click();
    await stepUp.waitFor({ state: 'detached' });
    await form
      .getByRole('alert', { name: 'Problems in the definition' })
      .getByText('definition › dosing › stepsMcgPerKg › no. 3: is above the maximum (1 mg/kg)')
      .waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);

    await definition.fill(original.replace('"blockMinutes": 120', '"blockMinutes": 135'));
    await form.getByRole('button', { name: 'Publish version 2' }).click();
    await page.getByRole('status').getByText('Published IV racemic ketamine, version 2.').waitFor();
    await table
      .getByRole('row')
      .filter({ hasText: 'IV racemic ketamine' })
      .getByText('Longer chair block')
      .waitFor();
    const versions = page.getByRole('table', { name: 'Versions of IV racemic ketamine' });
    await versions.getByRole('row').filter({ hasText: 'Test Prescriber Protocols' }).waitFor();
    expect(await versions.getByRole('row').count()).toBe(3);
    expect(await seriousA11yViolations(page)).toEqual([]);
    expect(unexpected(problems)).toEqual([]);
    await context.close();
  });
});
