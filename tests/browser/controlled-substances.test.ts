import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { demoLogins } from '../../src/demo/demo.js';
import { launchBrowser, seriousA11yViolations, watchConsole } from './browser.js';
import { codeAfter, type OwnerApi, ownerApi, staffWithAuthenticator, totpNow } from './sessions.js';

const baseUrl = inject('baseUrl');
const desktopSize = { viewport: { width: 1400, height: 900 } };
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

/** Refused on purpose here: step-up asked for (403), the same person as witness (422). */
const unexpected = (problems: string[]) =>
  problems.filter((p) => !/Failed to load resource: the server responded with a status of (403|422)/.test(p));

async function open(context: BrowserContext, path: string): Promise<{ page: Page; problems: string[] }> {
  const page = await context.newPage();
  const problems = await watchConsole(page);
  await page.goto(`${baseUrl}${path}`, { waitUntil: 'networkidle' });
  await page.getByRole('heading', { level: 1, name: 'Controlled substances' }).waitFor();
  return { page, problems };
}

async function confirmStepUp(page: Page, password: string, code: string) {
  const stepUp = page.getByRole('dialog', { name: 'Confirm it is you' });
  await stepUp.waitFor();
  await stepUp.locator('input[name=password]').fill(password);
  await stepUp.getByLabel('Authenticator code').fill(code);
  await stepUp.getByRole('button', { name: 'Confirm' }).click();
  await stepUp.waitFor({ state: 'detached' });
}

describe('controlled substances', () => {
  it('a nurse receives stock, wastes with a witness (refused when the witness is herself), counts the safe with a second nurse, and compliance resolves the difference', async () => {
    const nurseContext = await browser.newContext(desktopSize);
    const nurse = await staffWithAuthenticator(owner, nurseContext, baseUrl, ['nurse'], 'Test Nurse Nia');
    const witnessContext = await browser.newContext(desktopSize);
    const witness = await staffWithAuthenticator(
      owner,
      witnessContext,
      baseUrl,
      ['nurse'],
      'Test Nurse Wren',
    );

    const { page, problems } = await open(nurseContext, '/controlled-substances?tab=stock');
    await page.getByRole('table', { name: 'Stock by location, product and lot' }).waitFor();
    await page.getByRole('row').filter({ hasText: 'K50-2602C' }).getByText('4 full').waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);

    // Receive a delivery (step-up first), then waste half a millilitre of it with a witness.
    await page.getByRole('tab', { name: 'Ledger' }).click();
    const receive = page.getByRole('form', { name: 'Receive stock' });
    await receive.getByLabel('Into').selectOption({ label: 'Main safe' });
    await receive
      .getByLabel('Product')
      .selectOption({ label: 'Ketamine HCl 50 mg/mL, 10 mL vial (demo) (NDC 99999-0050-10)' });
    await receive.getByLabel('Lot number').fill('K50-TEST1');
    await receive.getByLabel('Lot expiry').fill('2030-01-31');
    await receive.getByLabel('Containers').fill('2');
    await receive.getByLabel('Supplier name').fill('Synthetic Pharma Distribution LLC (demo)');
    await receive.getByLabel('Supplier address').fill('100 Example Parkway, Springfield, IL 62701');
    await receive.getByLabel('Supplier DEA number').fill('RS1234563');
    await receive.getByLabel('Invoice number').fill('INV-BROWSER-1');
    await receive.getByRole('button', { name: 'Receive' }).click();
    await confirmStepUp(page, nurse.person.password, await codeAfter(nurse.secret, nurse.enrolStep));
    await page.getByRole('status').getByText('Received 20.0 mL (1000 mg) of lot K50-TEST1.').waitFor();

    const waste = page.getByRole('form', { name: 'Waste from storage' });
    await waste.getByLabel('Lot and location').selectOption({
      label: 'Ketamine HCl 50 mg/mL, 10 mL vial (demo), lot K50-TEST1, Main safe (holds 20.0 mL, 1000 mg)',
    });
    await waste.getByLabel('Amount wasted (mL)').fill('0.5');
    await waste.getByText('0.5 mL = 25 mg.').waitFor();
    await waste.getByLabel('Reason').fill('Vial cracked on opening; contents spilled');
    await waste.getByLabel('Method').fill('Drug disposal pouch');
    await waste.getByLabel('Witness email').fill(nurse.person.email);
    await waste.getByLabel('Witness password').fill(nurse.person.password);
    await waste.getByLabel('Witness authenticator code').fill('000000');
    await waste.getByRole('button', { name: 'Record waste' }).click();
    await waste.getByText('Witness: the witness must be a different person from the signer').waitFor();
    const witnessStep = Math.max(Math.floor(Date.now() / 30_000), witness.enrolStep + 1);
    await waste.getByLabel('Witness email').fill(witness.person.email);
    await waste.getByLabel('Witness password').fill(witness.person.password);
    await waste
      .getByLabel('Witness authenticator code')
      .fill(await codeAfter(witness.secret, witness.enrolStep));
    await waste.getByRole('button', { name: 'Record waste' }).click();
    await page.getByRole('status').getByText('Wasted 0.5 mL (25 mg) of lot K50-TEST1, witnessed.').waitFor();
    await page
      .getByRole('table', { name: 'Ledger entries, newest first' })
      .getByText('Test Nurse Wren')
      .waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);

    await page.getByRole('tab', { name: 'Counts' }).click();
    await page.getByLabel('Location', { exact: true }).selectOption({ label: 'Main safe' });
    await page.getByRole('button', { name: 'Start count' }).click();
    const sheet = page.getByRole('form', { name: 'Count' });
    await sheet.getByRole('table', { name: 'Count sheet' }).waitFor();
    const sealed: Record<string, string> = {
      'K10-2508B': '4',
      'K50-2602C': '3',
      'K50-2611A': '8',
      'SPR56-31A': '6',
      'SPR84-31B': '4',
      'K50-TEST1': '1',
    };
    for (const [lotNumber, containers] of Object.entries(sealed))
      await sheet.getByLabel(`Sealed containers of lot ${lotNumber}`).fill(containers);
    // About 9.5 mL left in the opened vial of lot C: 500 µL short of the ledger's 4 full vials.
    await sheet.getByLabel('Opened container of lot K50-2602C (mL)').fill('9.5');
    await sheet.getByLabel('Estimated (lot K50-2602C)').check();
    expect(await seriousA11yViolations(page)).toEqual([]);

    // The counter names herself as the second person: refused, in words.
    await sheet.getByLabel('Witness email').fill(nurse.person.email);
    await sheet.getByLabel('Witness password').fill(nurse.person.password);
    await sheet.getByLabel('Witness authenticator code').fill('000000');
    await sheet.getByLabel('Opened container of lot K50-TEST1 (mL)').fill('9.5');
    await sheet.getByRole('button', { name: 'Sign the count' }).click();
    await sheet.getByText('the witness must be a different person from the signer').waitFor();

    await sheet.getByLabel('Witness email').fill(witness.person.email);
    await sheet.getByLabel('Witness password').fill(witness.person.password);
    await sheet.getByLabel('Witness authenticator code').fill(await codeAfter(witness.secret, witnessStep));
    await sheet.getByRole('button', { name: 'Sign the count' }).click();
    await page.getByRole('status').getByText('1 difference(s), each opened as a discrepancy').waitFor();
    await page
      .getByRole('table', { name: 'Counts' })
      .getByText('Lot K50-2602C: expected 40.0 mL, counted 39.5 mL')
      .waitFor();
    expect(unexpected(problems)).toEqual([]);

    // Compliance resolves it, adjusting the ledger to the count.
    const complianceContext = await browser.newContext(desktopSize);
    const officer = await staffWithAuthenticator(
      owner,
      complianceContext,
      baseUrl,
      ['compliance'],
      'Test Officer Ode',
    );
    const review = await open(complianceContext, '/controlled-substances?tab=discrepancies');
    const list = review.page.getByRole('table', { name: 'Discrepancies, open first' });
    await list.getByRole('row').filter({ hasText: 'K50-2602C' }).getByText('Open', { exact: true }).waitFor();
    expect(await seriousA11yViolations(review.page)).toEqual([]);
    await list.getByRole('button', { name: 'Open lot K50-2602C' }).first().click();
    await review.page.getByText('Expected 40.0 mL, counted 39.5 mL (opened container estimated).').waitFor();
    const form = review.page.getByRole('form', { name: 'Resolve the discrepancy' });
    await form
      .getByLabel('Explanation')
      .fill('Spilled while drawing up a dose; not witnessed at the time. Retrained.');
    await form.getByLabel(/Adjust the ledger/).check();
    await form.getByRole('button', { name: 'Resolve' }).click();
    await confirmStepUp(
      review.page,
      officer.person.password,
      await codeAfter(officer.secret, officer.enrolStep),
    );
    await review.page.getByRole('status').getByText('Discrepancy resolved.').waitFor();
    await review.page.getByText(/The ledger was adjusted to the count\./).waitFor();

    await review.page.getByRole('tab', { name: 'Registrations' }).click();
    await review.page
      .getByRole('table', { name: 'DEA registrations and state licences' })
      .getByText('Expires in 45 days (within 60 days)')
      .waitFor();
    for (const tab of ['Stock', 'Ledger', 'Counts', 'Registrations', 'Reports', 'Diversion signals']) {
      await review.page.getByRole('tab', { name: tab }).click();
      await review.page.getByRole('tab', { name: tab, selected: true }).waitFor();
      await review.page.waitForLoadState('networkidle');
      expect(await seriousA11yViolations(review.page), tab).toEqual([]);
    }
    await review.page
      .getByRole('tab', { name: 'Stock' })
      .click()
      .then(() =>
        review.page.getByRole('row').filter({ hasText: 'K50-2602C' }).getByText('3 full + 9.5 mL').waitFor(),
      );
    expect(unexpected(review.problems)).toEqual([]);
    await nurseContext.close();
    await witnessContext.close();
    await complianceContext.close();
  });

  it('a nurse dispenses for the demo patient’s session under its standing order, gives part, wastes the rest with the second demo nurse as witness and closes the administration with no gap', async () => {
    const nurseContext = await browser.newContext(desktopSize);
    const nurse = await staffWithAuthenticator(owner, nurseContext, baseUrl, ['nurse'], 'Test Nurse Sol');
    const { page, problems } = await open(nurseContext, '/controlled-substances?tab=sessions');

    // The demo patient's next IV session (booked by the demo front desk), and its standing order.
    const picker = page.getByLabel('Session', { exact: true });
    const option = picker.locator('option', { hasText: 'Alpha' }).first();
    await option.waitFor({ state: 'attached' });
    await picker.selectOption((await option.getAttribute('value'))!);
    const order = page.getByRole('region', { name: 'The session and its order' });
    await order.getByText(/^Ordered dose: \d+(\.\d+)? mg$/).waitFor();
    await order.getByText(/Valid standing order signed by Dr Demo Prescriber Pat/).waitFor();
    await page.getByText('Nothing has been dispensed for this session yet.').waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);

    // Dispense 1 mL of a 50 mg/mL vial from the treatment-room cabinet (step-up first).
    const dispense = page.getByRole('form', { name: 'Dispense for this session' });
    const held = dispense.getByLabel('Lot and location');
    const lot = held.locator('option', { hasText: 'lot K50-2611A, Treatment room cabinet' });
    await lot.waitFor({ state: 'attached' });
    await held.selectOption((await lot.getAttribute('value'))!);
    await dispense.getByLabel('Amount dispensed (mL)').fill('1');
    await dispense.getByText('1.0 mL = 50 mg.').waitFor();
    await dispense.getByRole('button', { name: 'Dispense' }).click();
    await confirmStepUp(page, nurse.person.password, await codeAfter(nurse.secret, nurse.enrolStep));
    await page
      .getByRole('status')
      .getByText(/^Dispensed 1\.0 mL \(50 mg\) of lot K50-2611A from Treatment room cabinet for .*Alpha/)
      .waitFor();
    const account = page.getByRole('table', { name: 'This session’s dose by lot' });
    await account
      .getByRole('row')
      .filter({ hasText: 'K50-2611A' })
      .getByText('1.0 mL (50 mg)')
      .first()
      .waitFor();

    // Give 0.7 mL (the step-up is still fresh), then waste the 0.3 mL left with Demo Nurse Noor as witness.
    const give = page.getByRole('form', { name: 'Administer' });
    await give.getByLabel('Amount given (mL)').fill('0.7');
    await give.getByRole('button', { name: 'Record the amount given' }).click();
    await page
      .getByRole('status')
      .getByText(/^Given 0\.7 mL \(35 mg\) of lot K50-2611A to /)
      .waitFor();
    const waste = page.getByRole('form', { name: 'Waste the remainder' });
    await waste
      .getByLabel('Lot wasted from')
      .getByText(/0\.3 mL \(15 mg\) still to account for/)
      .waitFor({
        state: 'attached',
      });
    const noor = demoLogins.find((l) => l.email === 'nurse2@demo-clinic.example')!;
    await waste.getByLabel('Amount wasted (mL)').fill('0.3');
    await waste.getByLabel('Method').fill('Drug disposal pouch');
    await waste.getByLabel('Witness email').fill(noor.email);
    await waste.getByLabel('Witness password').fill(noor.password);
    await waste.getByLabel('Witness authenticator code').fill(await totpNow(noor.totpSecret!));
    await waste.getByRole('button', { name: 'Record the waste' }).click();
    await page
      .getByRole('status')
      .getByText('Wasted 0.3 mL (15 mg) of lot K50-2611A, witnessed by Demo Nurse Noor.')
      .waitFor();
    await waste.getByText('Nothing dispensed for this session is left to waste.').waitFor();

    // Close: dispensed = given + wasted, so no discrepancy.
    await page.getByRole('button', { name: 'Close the administration' }).click();
    await page
      .getByRole('status')
      .getByText('Everything is accounted for: dispensed 50 mg; given 35 mg and wasted 15 mg.')
      .waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);

    // The ledger shows the session's three entries, each reversible from its row.
    await page.getByRole('tab', { name: 'Ledger' }).click();
    const ledger = page.getByRole('table', { name: 'Ledger entries, newest first' });
    await ledger
      .getByRole('row')
      .filter({ hasText: 'Demo Nurse Noor' })
      .getByRole('button', { name: /^Reverse the waste/ })
      .waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    expect(unexpected(problems)).toEqual([]);
    await nurseContext.close();
  });
});
