// The verify page in Arabic (right to left) and Hindi (Devanagari, the longest words on the
// page) in real headless Chromium: the empty form, a credential whose issuer is not
// recognised, a tampered one and an input error — each axe clean, nothing wider than a
// 375 px phone, Arabic laid out right to left. Screenshots land in test-output/.
import { AxeBuilder } from '@axe-core/playwright';
import { VERIFY_PAGE_CATALOG } from '@laurel/verifier-service';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, serveOnLoopback, skipBrowserTests, type TestBrowser } from './support/browser.js';
import { createTestVerifier, signSelfProclaimedHarvard, type TestVerifier } from './support/verifier.js';

async function expectAccessible(page: Page) {
  const { violations } = await new AxeBuilder({ page }).analyze();
  const summary = violations.map((violation) => `${violation.impact}: ${violation.id} (${violation.nodes.map((node) => node.html.slice(0, 80)).join(' | ')})`);
  expect(summary).toEqual([]);
}

const overflow = (page: Page) => page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');

describe.skipIf(skipBrowserTests)('the verify page in Arabic and Hindi in Chromium', () => {
  let verifier: TestVerifier;
  let server: Awaited<ReturnType<typeof serveOnLoopback>>;
  let browser: TestBrowser;
  let page: Page;
  let credential: Record<string, any>;

  beforeAll(async () => {
    credential = (await signSelfProclaimedHarvard()).credential;
    verifier = createTestVerifier();
    server = await serveOnLoopback(verifier.app.fetch);
    browser = await launchBrowser();
    page = await browser.newPage();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await verifier?.close();
  });

  async function submit(locale: 'ar' | 'hi', text: string) {
    await page.goto(`${server.url}/verify?lang=${locale}`);
    await page.getByLabel(VERIFY_PAGE_CATALOG[locale].pasteLabel).fill(text);
    await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: VERIFY_PAGE_CATALOG[locale].verifyButton }).click()]);
  }

  /** At 375 and 1280 px: nothing scrolls sideways; a screenshot of each; then axe. */
  async function expectFitsAndAccessible(name: string) {
    for (const width of [375, 1280]) {
      await page.setViewportSize({ width, height: 900 });
      expect(await overflow(page), `${name} scrolls sideways at ${width} px`).toBeLessThanOrEqual(0);
      await browser.screenshot(page, `${name}-${width}`);
    }
    await expectAccessible(page);
  }

  it.each(['ar', 'hi'] as const)('%s: form, amber and red verdicts and an input error fit a phone and pass axe', async (locale) => {
    const t = VERIFY_PAGE_CATALOG[locale];
    await page.goto(`${server.url}/verify?lang=${locale}`);
    expect(await page.evaluate<string>('getComputedStyle(document.body).direction')).toBe(locale === 'ar' ? 'rtl' : 'ltr');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(t.pageTitle);
    await expectFitsAndAccessible(`verify-${locale}-form`);

    await submit(locale, JSON.stringify(credential, null, 2));
    expect(await page.getByRole('heading', { level: 2 }).textContent()).toContain(t.verdictUnrecognized);
    expect(await page.locator('.claim-mark').first().textContent()).toBe(t.claimMark);
    await expectFitsAndAccessible(`verify-${locale}-unrecognized`);

    const tampered = structuredClone(credential);
    tampered.credentialSubject.achievement.name = 'Doctor of Laws';
    await submit(locale, JSON.stringify(tampered));
    expect(await page.getByRole('heading', { level: 2 }).textContent()).toContain(t.reasonNotAuthentic);
    await expectFitsAndAccessible(`verify-${locale}-invalid`);

    await submit(locale, '{"not json');
    expect(await page.getByRole('alert').textContent()).toContain(t.inputNotJson);
    await expectFitsAndAccessible(`verify-${locale}-error`);
  });

  it('the language links switch the page, and the check marks sit on the reading side', async () => {
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`${server.url}/verify?lang=hi`);
    await Promise.all([page.waitForEvent('load'), page.getByRole('link', { name: VERIFY_PAGE_CATALOG.ar.languageName }).click()]);
    expect(await page.locator('html').getAttribute('lang')).toBe('ar');
    await submit('ar', JSON.stringify(credential));
    // Right to left, each check's coloured edge is on the right: the side a reader starts from.
    const edge = await page.evaluate<string>("getComputedStyle(document.querySelector('ul.checks li')).borderRightWidth");
    expect(edge).toBe('6px');
  });
});
