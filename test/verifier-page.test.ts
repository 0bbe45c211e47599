// The verify page in real headless Chromium: paste, submit, read the verdict;
// revoked credentials say so; no serious accessibility violations; usable with
// the keyboard alone. Issue 13's three states: a Laurel did:web issuer whose domain
// publishes a matching DID configuration is green with the linked domain; a
// self-signed "Harvard" did:key is amber with its name only as a claim; a tampered
// credential is red and shows none of its claims as facts. Screenshots land in test-output/.
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, serveOnLoopback, skipBrowserTests, type TestBrowser } from './support/browser.js';
import {
  ACHIEVEMENT_NAME,
  CREDENTIAL_NAME,
  createIssuingFixture,
  createTestVerifier,
  FORGED_ACHIEVEMENT,
  FORGED_GRADE,
  FORGED_ISSUER_NAME,
  FORGED_RECIPIENT,
  ISSUER_NAME,
  RECIPIENT_NAME,
  signSelfProclaimedHarvard,
  type IssuingFixture,
  type TestVerifier,
} from './support/verifier.js';

// Evaluated in the page (a string, as the tests are compiled without DOM types): what has focus, as tag#id.
const FOCUSED = "`${document.activeElement?.tagName.toLowerCase()}#${document.activeElement?.id}`";

/**
 * Evaluated in the page: every visible text node containing `text`, described by how it is
 * marked — "claim" when it sits in a <q> whose parent also holds a "claimed, not verified" mark,
 * else the text around it (so a failure shows where the value appears as a fact).
 */
const occurrences = (text: string) => `(() => {
  const found = [];
  const walker = document.createTreeWalker(document.querySelector('main section'), NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    if (!node.textContent.includes(${JSON.stringify(text)})) continue;
    const quote = node.parentElement;
    const marked = quote.tagName === 'Q' && [...quote.parentElement.querySelectorAll(':scope > .claim-mark')].some((mark) => mark.textContent === 'claimed, not verified' && mark.nextElementSibling === quote);
    found.push(marked ? 'claim' : quote.parentElement.textContent.trim().slice(0, 120));
  }
  return found;
})()`;

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

  let issuerSite: Awaited<ReturnType<typeof serveOnLoopback>>;
  beforeAll(async () => {
    // A Laurel issuer with a did:web issuer on https://issuer.test: its did.json and
    // /.well-known/did-configuration.json are served by the issuer service itself, on loopback.
    fixture = await createIssuingFixture({ didMethod: 'web' });
    issuerSite = await serveOnLoopback(fixture.issuer.app.fetch);
    verifier = createTestVerifier({
      store: fixture.issuer.store,
      // The real guarded fetcher, allowed to reach loopback over http for the test; https://issuer.test/… goes to the issuer above.
      fetch: { allowHttp: true, allowLoopback: true },
      wrapFetch: (fetchJson) => (url) => fetchJson(url.origin === 'https://issuer.test' ? new URL(`${url.pathname}${url.search}`, issuerSite.url) : url),
    });
    server = await serveOnLoopback(verifier.app.fetch);
    browser = await launchBrowser();
    page = await browser.newPage();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await issuerSite?.close();
    await verifier?.close();
    await fixture?.close();
  });

  async function pasteAndSubmit(credential: unknown) {
    await page.goto(`${server.url}/verify`);
    await page.getByLabel('Paste the credential (JSON)').fill(JSON.stringify(credential, null, 2));
    await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Verify' }).click()]);
  }

  const field = (name: string) => page.locator(`dd[data-field="${name}"]`);

  const heading = () => page.getByRole('heading', { level: 2 });
  const background = "getComputedStyle(document.getElementById('result-heading')).backgroundColor";

  it('green: a Laurel did:web credential whose domain publishes a matching DID configuration — authentic, issued by the controller of issuer.test', async () => {
    await pasteAndSubmit(await fixture.issue());
    const verdict = (await heading().textContent()) ?? '';
    expect(verdict).toMatch(/^This credential is authentic and its issuer is recognised\./);
    expect(verdict).toContain(`Issued by ${fixture.did}, which controls issuer.test (source: the DID configuration of issuer.test).`);
    await expect(page.title()).resolves.toMatch(/^This credential is authentic and its issuer is recognised\./);
    await expect(page.evaluate(background)).resolves.toBe('rgb(217, 242, 224)');
    // The achievement's name, not the credential's display name; facts, unmarked.
    await expect(field('achievement').textContent()).resolves.toBe(ACHIEVEMENT_NAME);
    await expect(page.locator('dl').textContent()).resolves.not.toContain(CREDENTIAL_NAME);
    await expect(field('recipient').textContent()).resolves.toBe(RECIPIENT_NAME);
    // The domain is shown; the name the credential gives itself is still only its claim.
    await expect(field('issuer').textContent()).resolves.toContain(`${fixture.did}, which controls issuer.test`);
    await expect(page.evaluate(occurrences(ISSUER_NAME))).resolves.toEqual(['claim']);
    await expect(page.locator('ul.checks li').allTextContents()).resolves.toEqual([
      expect.stringContaining('Signature: Valid.'),
      expect.stringContaining('Dates: Valid.'),
      expect.stringContaining('Revocation and suspension: Valid.'),
      expect.stringContaining("Signed with the issuer's key: Valid."),
      expect.stringContaining('Format: Valid.'),
      expect.stringContaining('Issuer identity: Recognised.'),
    ]);
    // Focus is on the verdict, so a screen reader starts there.
    await expect(page.evaluate(FOCUSED)).resolves.toBe('h2#result-heading');
    await browser.screenshot(page, 'verify-page-valid');
    await expectAccessible(page);
  });

  it('amber: a self-signed "Harvard University" did:key credential — authentic, but the name is only a claim', async () => {
    const forged = await signSelfProclaimedHarvard();
    await pasteAndSubmit(forged.credential);
    const verdict = (await heading().textContent()) ?? '';
    expect(verdict).toMatch(/^This credential is authentic, but its issuer is NOT recognised\./);
    expect(verdict).toContain(`Signed by ${forged.did}, who claims to be claimed, not verified${FORGED_ISSUER_NAME} — this issuer is not on any list this verifier trusts.`);
    expect(verdict).not.toMatch(/valid\./);
    await expect(page.evaluate(background)).resolves.toBe('rgb(255, 241, 204)');
    // Wherever the name, the degree, the grade or the recipient appears, it is marked as a claim.
    for (const value of [FORGED_ISSUER_NAME, FORGED_ACHIEVEMENT, FORGED_GRADE, FORGED_RECIPIENT]) {
      const marks = (await page.evaluate(occurrences(value))) as string[];
      expect(marks.length, value).toBeGreaterThan(0);
      expect(marks, value).toEqual(marks.map(() => 'claim'));
    }
    await expect(page.locator('ul.checks li.unrecognized').allTextContents()).resolves.toEqual([expect.stringContaining('Issuer identity: Not recognised.')]);
    await browser.screenshot(page, 'verify-page-unrecognized-issuer');
    await expectAccessible(page);
  });

  it('red: a Laurel credential altered after signing — not authentic, and none of its claims shown as facts', async () => {
    const tampered = await fixture.issue();
    tampered.credentialSubject.achievement.name = FORGED_ACHIEVEMENT;
    tampered.credentialSubject.name = FORGED_RECIPIENT;
    tampered.issuer.name = FORGED_ISSUER_NAME;
    await pasteAndSubmit(tampered);
    const verdict = (await heading().textContent()) ?? '';
    expect(verdict).toMatch(/^This credential is NOT valid\. It is not authentic/);
    await expect(page.evaluate(background)).resolves.toBe('rgb(251, 224, 224)');
    for (const value of [FORGED_ISSUER_NAME, FORGED_ACHIEVEMENT, FORGED_RECIPIENT]) {
      const marks = (await page.evaluate(occurrences(value))) as string[];
      expect(marks.length, value).toBeGreaterThan(0);
      expect(marks, value).toEqual(marks.map(() => 'claim'));
    }
    await expect(page.getByText('This credential did not pass verification: none of these details is verified.')).toBeDefined();
    await expect(page.locator('ul.checks li.invalid').first().textContent()).resolves.toMatch(/^✘Signature: Not valid\./);
    await browser.screenshot(page, 'verify-page-tampered');
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
    // Red: what it says is shown only as a claim.
    await expect(field('achievement').textContent()).resolves.toBe(`claimed, not verified${ACHIEVEMENT_NAME}`);
    await expect(page.evaluate(occurrences(ACHIEVEMENT_NAME))).resolves.toEqual(['claim']);
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
    await expect(page.getByRole('heading', { level: 2 }).textContent()).resolves.toMatch(/^This credential is authentic and its issuer is recognised\./);
    await browser.screenshot(page, 'verify-page-keyboard');
  });
});
