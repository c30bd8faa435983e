import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { isUncovered, launchBrowser, seriousA11yViolations, watchConsole } from './browser.js';
import { signInAsDemo } from './sessions.js';

const baseUrl = inject('baseUrl');
let browser: Browser;
let desktop: BrowserContext;
let phone: BrowserContext;

beforeAll(async () => {
  browser = await launchBrowser();
  desktop = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  // Console pages need a staff session and portal pages a patient one (sign-in itself: identity.test.ts).
  await signInAsDemo(desktop, baseUrl, 'nurse');
  await signInAsDemo(phone, baseUrl, 'patient');
});
afterAll(async () => browser?.close());

const consolePages = [
  '/today',
  '/patients',
  '/schedule',
  '/alerts',
  '/controlled-substances',
  '/reports',
  '/admin',
  '/login',
];
const portalPages = [
  '/portal',
  '/portal/questionnaires',
  '/portal/progress',
  '/portal/appointments',
  '/portal/documents',
  '/portal/learn',
  '/portal/help',
  '/portal/login',
];

/** Opens a page with its console watched, and waits for the screen's heading. */
async function open(context: BrowserContext, path: string): Promise<{ page: Page; problems: string[] }> {
  const page = await context.newPage();
  const problems = await watchConsole(page);
  // networkidle: the clinic list has arrived, so checks see the finished page (banner, clinic name).
  const response = await page.goto(`${baseUrl}${path}`, { waitUntil: 'networkidle' });
  expect(response?.status()).toBe(200);
  await page.getByRole('heading', { level: 1 }).first().waitFor();
  return { page, problems };
}

describe('clinic console shell', () => {
  it('loads with no console errors, no CSP violations, and the demo banner', async () => {
    const { page, problems } = await open(desktop, '/');
    await page.getByRole('heading', { name: 'Today', level: 1 }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/today');
    await expect(page.getByRole('status', { name: 'Demo data' }).textContent()).resolves.toContain(
      'synthetic',
    );
    expect(await isUncovered(page, '[aria-label="Demo data"]')).toBe(true);
    await expect(page.getByText('Demo Ketamine Clinic — Springfield').first().isVisible()).resolves.toBe(
      true,
    );
    await expect(page.getByText('Not available yet').isVisible()).resolves.toBe(true);
    await expect(page.getByText('never recommends unsupervised home use').isVisible()).resolves.toBe(true);
    // Mantine's injected style tags carry this response's nonce; without it the strict CSP would drop them.
    const styles = await page.evaluate(() => {
      const nonce = document.querySelector<HTMLMetaElement>('meta[name="csp-nonce"]')?.content;
      const tags = [...document.querySelectorAll('style')];
      return { nonce, count: tags.length, withNonce: tags.filter((t) => t.nonce === nonce).length };
    });
    expect(styles.nonce).toMatch(/^[A-Za-z0-9+/=_-]{16,}$/);
    expect(styles.count).toBeGreaterThan(0);
    expect(styles.withNonce).toBe(styles.count);
    await page.screenshot({ path: '/tmp/ketacare-console.png', fullPage: true });
    expect(problems).toEqual([]);
    await page.close();
  });

  it('reports a CSP violation when one happens (the watcher is not blind)', async () => {
    const { page, problems } = await open(desktop, '/today');
    await page.evaluate(() => {
      const style = document.createElement('style');
      style.textContent = 'body { outline: 1px solid red; }';
      document.head.append(style);
    });
    await expect.poll(() => problems.some((p) => p.includes('style-src'))).toBe(true);
    await page.close();
  });

  it('navigates between screens from the sidebar', async () => {
    const { page, problems } = await open(desktop, '/today');
    const nav = page.getByRole('navigation', { name: 'Clinic console' });
    await nav.getByRole('link', { name: 'Controlled substances' }).click();
    await page.getByRole('heading', { name: 'Controlled substances', level: 1 }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/controlled-substances');
    await expect(page.title()).resolves.toBe('Controlled substances — ketacare');
    await expect(
      nav.getByRole('link', { name: 'Controlled substances' }).getAttribute('aria-current'),
    ).resolves.toBe('page');
    await expect(nav.getByRole('link', { name: 'Today' }).getAttribute('aria-current')).resolves.toBeNull();
    // A nurse is not a patient: the portal asks for a patient's sign-in.
    await nav.getByRole('link', { name: 'Patient portal' }).click();
    await page.getByRole('heading', { name: 'Patient portal sign-in', level: 1 }).waitFor();
    expect(problems).toEqual([]);
    await page.close();
  });

  it('is usable from the keyboard: skip link first, then the navigation', async () => {
    const { page } = await open(desktop, '/today');
    await page.keyboard.press('Tab');
    const skip = page.getByRole('link', { name: 'Skip to main content' });
    await expect(skip.evaluate((el) => el === document.activeElement)).resolves.toBe(true);
    expect(await isUncovered(page, '.skip-link')).toBe(true);
    await page.keyboard.press('Enter');
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('main');

    await page.reload();
    await page.getByRole('heading', { name: 'Today', level: 1 }).waitFor();
    // Tab until the Reports link has focus, then follow it with Enter.
    for (let i = 0; i < 15; i++) {
      await page.keyboard.press('Tab');
      const text = await page.evaluate(() => document.activeElement?.textContent?.trim());
      if (text === 'Reports') break;
    }
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Reports', level: 1 }).waitFor();
    await page.close();
  });

  it('the staff sign-in page names the clinic', async () => {
    const { page, problems } = await open(desktop, '/login');
    await page.getByText('Demo Ketamine Clinic — Springfield').waitFor();
    await page.getByLabel('Email').waitFor();
    await page.screenshot({ path: '/tmp/ketacare-login.png', fullPage: true });
    expect(problems).toEqual([]);
    await page.close();
  });

  for (const path of consolePages) {
    it(`${path} has no serious accessibility violations`, async () => {
      const { page, problems } = await open(desktop, path);
      expect(await seriousA11yViolations(page)).toEqual([]);
      expect(problems).toEqual([]);
      await page.close();
    });
  }

  it('the accessibility check finds a planted violation (it really runs)', async () => {
    const { page } = await open(desktop, '/today');
    await page.evaluate(() => {
      const img = document.createElement('img');
      img.src = '/favicon.svg';
      document.getElementById('main')?.append(img);
    });
    const ids = (await seriousA11yViolations(page)).map((v) => v.id);
    expect(ids).toContain('image-alt');
    await page.close();
  });
});

describe('patient portal shell (phone)', () => {
  it('loads on a phone with Help now one tap away, showing 988 and 911', async () => {
    const { page, problems } = await open(phone, '/portal');
    await page.getByRole('heading', { name: 'Home', level: 1 }).waitFor();
    await page.getByRole('status', { name: 'Demo data' }).waitFor();
    expect(await isUncovered(page, '[aria-label="Demo data"]')).toBe(true);
    // Every section of the portal is on screen without sideways scrolling.
    const nav = page.getByRole('navigation', { name: 'Patient portal' });
    for (const label of ['Home', 'Questionnaires', 'My progress', 'Appointments', 'Documents', 'Learn']) {
      const box = await nav.getByRole('link', { name: label }).boundingBox();
      expect(box, label).not.toBeNull();
      expect(box!.x + box!.width, label).toBeLessThanOrEqual(390);
    }
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.screenshot({ path: '/tmp/ketacare-portal-home.png', fullPage: true });
    await page.getByRole('link', { name: 'Help now' }).tap();
    await page.getByRole('heading', { name: 'Help now', level: 1 }).waitFor();
    const main = page.getByRole('main');
    await expect(main.getByRole('link', { name: '988' }).getAttribute('href')).resolves.toBe('tel:988');
    await expect(main.getByRole('link', { name: '911' }).getAttribute('href')).resolves.toBe('tel:911');
    await page.screenshot({ path: '/tmp/ketacare-portal.png', fullPage: true });
    expect(problems).toEqual([]);
    await page.close();
  });

  for (const path of portalPages) {
    it(`${path} has the crisis numbers and no serious accessibility violations on a phone`, async () => {
      const { page, problems } = await open(phone, path);
      const footer = page.getByRole('contentinfo');
      await expect(footer.getByRole('link', { name: '988' }).getAttribute('href')).resolves.toBe('tel:988');
      await expect(footer.getByRole('link', { name: '911' }).getAttribute('href')).resolves.toBe('tel:911');
      expect(await seriousA11yViolations(page)).toEqual([]);
      expect(problems).toEqual([]);
      await page.close();
    });
  }
});

describe('served by the API server', () => {
  it('sends the strict CSP with a per-request nonce on the page', async () => {
    const first = await fetch(`${baseUrl}/today`);
    const second = await fetch(`${baseUrl}/today`);
    const csp = first.headers.get('content-security-policy') ?? '';
    const styleSrc = csp.split(';').find((d) => d.trim().startsWith('style-src')) ?? '';
    const scriptSrc = csp.split(';').find((d) => d.trim().startsWith('script-src')) ?? '';
    const nonce = /'nonce-([^']+)'/.exec(styleSrc)?.[1];
    expect(nonce).toBeTruthy();
    expect(scriptSrc).toContain("'self'");
    const html = await first.text();
    expect(html).toContain(`content="${nonce}"`);
    // helmet also issues a script nonce; the page never hands it out, so only the bundled script runs.
    const scriptNonce = /'nonce-([^']+)'/.exec(scriptSrc)?.[1];
    if (scriptNonce) expect(html).not.toContain(scriptNonce);
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(second.headers.get('content-security-policy')).not.toContain(nonce!);
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
  });

  it('serves built assets as immutable files and unknown assets as problems', async () => {
    const html = await (await fetch(`${baseUrl}/`)).text();
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(script).toBeTruthy();
    const asset = await fetch(`${baseUrl}${script}`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toContain('immutable');
    const missing = await fetch(`${baseUrl}/assets/no-such-file.js`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toContain('application/problem+json');
  });

  it('keeps API 404s as problems, not the app page', async () => {
    const res = await fetch(`${baseUrl}/api/no-such-thing`);
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
  });
});
