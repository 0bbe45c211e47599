// The verify page in real headless Chromium: paste, submit, read the verdict;
// revoked credentials say so; no serious accessibility violations; usable with
// the keyboard alone. Screenshots land in test-output/.
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, serveOnLoopback, skipBrowserTests, type TestBrowser } from './support/browser.js';
import {
  ACHIEVEMENT_NAME,
  CREDENTIAL_NAME,
  createIssuingFixture,
  createTestVerifier,
  ISSUER_NAME,
  RECIPIENT_NAME,
  type IssuingFixture,
  type TestVerifier,
} from './support/verifier.js';

// Evaluated in the page (a string, as the tests are compiled without DOM types): what has focus, as tag#id.
const FOCUSED = "`${document.activeElement?.tagName.toLowerCase()}#${document.activeElement?.id}`";

async function expectAccessible(page: Page) {
  const { violations } = await new AxeBuilder({ page }).analyze();
  const summary = violations.map((violation) => `${violation.impact}: ${violation.id} (${violation.nodes.map((node) => node.html.slice(0, 80)).join(' | ')})`);
  expect(violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical'), summary.join('\n')).toEqual([]);
  // The page had minor/moderate ones too once (a heading with role=status); keep it clean.
  expect(summary).toEqual([]);
}

describe.skipIf(skipBrowserTests)('verifier: the verify page in Chromium', () => {
  let fixture: IssuingFixture;
  let verifier: TestVerifier;
  let server: Awaited<ReturnType<typeof serveOnLoopback>>;
  let browser: TestBrowser;
  let page: Page;

  beforeAll(async () => {
    fixture = await createIssuingFixture();
    verifier = createTestVerifier({ store: fixture.issuer.store });
    server = await serveOnLoopback(verifier.app.fetch);
    browser = await launchBrowser();
    page = await browser.newPage();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await verifier?.close();
    await fixture?.close();
  });

  async function pasteAndSubmit(credential: unknown) {
    await page.goto(`${server.url}/verify`);
    await page.getByLabel('Paste the credential (JSON)').fill(JSON.stringify(credential, null, 2));
    await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Verify' }).click()]);
  }

  const field = (name: string) => page.locator(`dd[data-field="${name}"]`);

  it('a valid credential: says valid, with what was earned, by whom and for whom', async () => {
    await pasteAndSubmit(await fixture.issue());
    const verdict = page.getByRole('heading', { level: 2 });
    await expect(verdict.textContent()).resolves.toBe('This credential is valid.');
    await expect(page.title()).resolves.toMatch(/^This credential is valid\./);
    // The achievement's name, not the credential's display name.
    await expect(field('achievement').textContent()).resolves.toBe(ACHIEVEMENT_NAME);
    await expect(page.locator('dl').textContent()).resolves.not.toContain(CREDENTIAL_NAME);
    await expect(field('recipient').textContent()).resolves.toBe(RECIPIENT_NAME);
    await expect(field('issuer').textContent()).resolves.toContain(ISSUER_NAME);
    await expect(page.locator('ul.checks li').allTextContents()).resolves.toEqual([
      expect.stringContaining('Signature: Valid.'),
      expect.stringContaining('Dates: Valid.'),
      expect.stringContaining('Revocation and suspension: Valid.'),
      expect.stringContaining('Issuer: Valid.'),
      expect.stringContaining('Format: Valid.'),
    ]);
    // Focus is on the verdict, so a screen reader starts there.
    await expect(page.evaluate(FOCUSED)).resolves.toBe('h2#result-heading');
    await browser.screenshot(page, 'verify-page-valid');
    await expectAccessible(page);
  });

  it('a revoked credential: says not valid, and why', async () => {
    const credential = await fixture.issue();
    await fixture.setStatus(credential.id, 'revoked');
    await pasteAndSubmit(credential);
    const verdict = (await page.getByRole('heading', { level: 2 }).textContent()) ?? '';
    expect(verdict).toContain('This credential is NOT valid.');
    expect(verdict).toMatch(/revoked/);
    await expect(page.locator('ul.checks li.invalid').allTextContents()).resolves.toEqual([expect.stringMatching(/^✘Revocation and suspension: Not valid\. The credential has been revoked/)]);
    await expect(field('achievement').textContent()).resolves.toBe(ACHIEVEMENT_NAME);
    await browser.screenshot(page, 'verify-page-revoked');
    await expectAccessible(page);
  });

  it('the empty form and an error are accessible too', async () => {
    await page.goto(`${server.url}/verify`);
    await expectAccessible(page);
    await page.getByLabel('Paste the credential (JSON)').fill('{ not json');
    await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Verify' }).click()]);
    await expect(page.getByRole('alert').textContent()).resolves.toBe('That is not valid JSON.');
    await browser.screenshot(page, 'verify-page-error');
    await expectAccessible(page);
  });

  // Typing a whole credential key by key takes a few seconds.
  it('works with the keyboard alone', { timeout: 90_000 }, async () => {
    const credential = await fixture.issue();
    await page.goto(`${server.url}/verify`);
    const focused = async () => String(await page.evaluate(FOCUSED));
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('textarea#credential');
    // Typed like a person would (keyboard events, not a fill), compact to keep it quick.
    await page.keyboard.type(JSON.stringify(credential));
    const stops: string[] = [];
    for (let i = 0; i < 5 && !(await focused()).startsWith('button'); i++) {
      await page.keyboard.press('Tab');
      stops.push(await focused());
    }
    expect(stops.at(-1), stops.join(' → ')).toBe('button#');
    await Promise.all([page.waitForEvent('load'), page.keyboard.press('Enter')]);
    await expect(page.getByRole('heading', { level: 2 }).textContent()).resolves.toBe('This credential is valid.');
    await browser.screenshot(page, 'verify-page-keyboard');
  });
});
