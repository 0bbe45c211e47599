// Issue 15 item 2: the pages still work in Chromium under their Content-Security-Policy,
// and Chromium reports no violation on any of them. First a control: a declared (hashed)
// inline script runs and an undeclared one is blocked and reported, so "no violations"
// below means the browser would have told us.
import { Hono } from 'hono';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { securityHeaders } from '@laurel/http-kit';
import { launchBrowser, serveOnLoopback, skipBrowserTests, type TestBrowser } from './support/browser.js';
import { freshDatabaseUrl, type FreshDatabase } from './support/databases.js';
import { createTestIssuer, type TestIssuer } from './support/issuer.js';
import { learnerToken, seedCertificates, type Seeded } from './support/certificates.js';
import { createTestVerifier, type TestVerifier } from './support/verifier.js';

// Runs before any page script (injected by the browser, outside the page's policy).
const RECORD_VIOLATIONS = `window.__violations = []; document.addEventListener('securitypolicyviolation', (event) => window.__violations.push(event.violatedDirective + ' ' + event.blockedURI));`;

/** Every CSP violation the page reported, as events and as console messages. */
function watchViolations(page: Page): () => Promise<string[]> {
  const console: string[] = [];
  page.on('console', (message) => {
    if (/Content[- ]Security[- ]Policy/i.test(message.text())) console.push(message.text());
  });
  return async () => [...console, ...((await page.evaluate('window.__violations')) as string[])];
}

describe.skipIf(skipBrowserTests)('pages under their CSP in Chromium', () => {
  let browser: TestBrowser;
  let database: FreshDatabase;
  let issuer: TestIssuer;
  let seeded: Seeded;
  let verifier: TestVerifier;
  const servers: { url: string; close(): Promise<void> }[] = [];

  beforeAll(async () => {
    browser = await launchBrowser();
    await browser.context.addInitScript(RECORD_VIOLATIONS);
    database = await freshDatabaseUrl('sqlite');
    issuer = await createTestIssuer(database.url);
    seeded = await seedCertificates(issuer);
    verifier = createTestVerifier();
  }, 60_000);
  afterAll(async () => {
    // The browser first: its keep-alive connections would hold the servers open.
    await browser?.close();
    await Promise.all(servers.map((server) => server.close()));
    await verifier?.close();
    await issuer?.close();
    await database?.drop();
  });

  const serve = async (fetch: (request: Request) => Response | Promise<Response>) => {
    const server = await serveOnLoopback(fetch);
    servers.push(server);
    return server.url;
  };

  it('control: a declared inline script runs, an undeclared one is blocked and reported', async () => {
    const declared = "document.body.dataset.declared = 'ran';";
    const app = new Hono();
    app.use('*', securityHeaders({ publicUrl: 'http://127.0.0.1', trustedProxies: 0, inlineScripts: [declared] }));
    app.get('/', (c) => c.html(`<!doctype html><html lang="en"><head><title>t</title></head><body><script>${declared}</script><script>document.body.dataset.injected = 'ran';</script></body></html>`));
    const page = await browser.newPage();
    const violations = watchViolations(page);
    await page.goto(await serve(app.fetch));
    expect(await page.locator('body').getAttribute('data-declared')).toBe('ran');
    expect(await page.locator('body').getAttribute('data-injected')).toBeNull();
    await expect.poll(async () => (await violations()).some((violation) => violation.startsWith('script-src'))).toBe(true);
    await page.close();
  });

  it('issuer pages: certificate, claim, record (with its share form), shared record: they work and report no violation', async () => {
    const base = await serve(issuer.app.fetch);
    const credentialId = seeded.credentials['ada:cs101']!;
    const offer = await issuer.call('POST', `/v1/credentials/${credentialId}/offers`, {});
    const page = await browser.newPage();
    const violations = watchViolations(page);

    await page.goto(`${base}/credentials/${credentialId}`);
    expect(await page.locator('[data-seal]').getAttribute('data-seal')).toBe('valid');
    await page.goto(`${base}${new URL(offer.body.claimUrl).pathname}`);
    // The QR codes are data: images: they must load under img-src.
    await expect.poll(() => page.locator('img#qr-lcw').evaluate((image) => (image as unknown as { naturalWidth: number }).naturalWidth)).toBeGreaterThan(0);
    await page.goto(`${base}/records/sign-in?token=${await learnerToken(seeded.issuerId, 'ada')}`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Learning record: Ada Lovelace');
    // The share form posts back here (form-action 'self').
    await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Create share link' }).click()]);
    const shared = new URL((await page.locator('[data-new-share-link]').textContent())!);
    await page.goto(`${base}${shared.pathname}`);
    expect(await page.locator('body').innerText()).toContain('Shared learning record: Ada Lovelace');

    expect(await violations()).toEqual([]);
    await page.close();
  });

  it('verifier page: shown, submitted, answered: it works and reports no violation', async () => {
    const base = await serve(verifier.app.fetch);
    const credential = (await issuer.app.request(`/credentials/${seeded.credentials['ada:cs101']}`)).text();
    const page = await browser.newPage();
    const violations = watchViolations(page);
    await page.goto(`${base}/verify`);
    await page.locator('textarea').first().fill(await credential);
    await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Verify' }).click()]);
    expect(await page.locator('body').innerText()).toMatch(/Computer Science 101/);
    expect(await violations()).toEqual([]);
    await page.close();
  });
});
