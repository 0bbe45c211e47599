// Issue 17 item 5 in Chromium: the platform opens Laurel's login, Laurel sends
// the browser to the platform's authorization endpoint, the platform's page
// posts the id_token back (form_post), and the learner sees their progress.
// The pages on the way are axe clean and fit 375 px.
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGuardedFetcher } from '@laurel/guarded-fetch';
import { createPlatformKeys } from '@laurel/lti';
import { launchBrowser, serveOnLoopback, skipBrowserTests, type TestBrowser } from './support/browser.js';
import { freshDatabaseUrl, type FreshDatabase } from './support/databases.js';
import { startFakeLtiPlatform, type FakeLtiPlatform } from './support/fake-lti-platform.js';
import { createTestIssuer, type TestIssuer } from './support/issuer.js';
import { COURSE } from './issuer-api-support.js';

const CLIENT_ID = 'laurel-browser-tool';

describe.skipIf(skipBrowserTests)('LTI 1.3 launch in Chromium', () => {
  let browser: TestBrowser;
  let database: FreshDatabase;
  let issuer: TestIssuer;
  let platform: FakeLtiPlatform;
  let server: { url: string; close(): Promise<void> };
  const fetcher = createGuardedFetcher({ allowHttp: true, allowLoopback: true, timeoutMs: 5_000 });
  const launchUrl = () => `${server.url}/lti/launch`;

  beforeAll(async () => {
    browser = await launchBrowser();
    database = await freshDatabaseUrl('sqlite');
    server = await serveOnLoopback((request) => issuer.app.fetch(request));
    platform = await startFakeLtiPlatform({ clientIds: [CLIENT_ID], redirectUris: () => [launchUrl()] });
    const platformKeys = createPlatformKeys({ loadJson: async (url) => (await fetcher.fetchJson(url)).json });
    // Plain http on loopback: the state cookie goes without Secure (LTI_INSECURE_STATE_COOKIE).
    issuer = await createTestIssuer(database.url, undefined, { issuerBaseUrl: server.url, lti: { platformKeys, insecureStateCookie: true }, allowHttpPlatforms: true });
    const created = await issuer.call('POST', '/v1/issuers', { slug: 'lti-browser-u', name: 'LTI Browser University', didMethod: 'key' });
    const issuerId = created.body.id as string;
    await issuer.call('POST', `/v1/issuers/${issuerId}/achievements`, { externalId: COURSE, name: 'Framed 101', rules: { minGradePercent: 70 } });
    const completed = await issuer.call('POST', '/v1/completions', { issuerId, learner: { lmsUserId: 'sub-cy', name: 'Cy Example' }, courseId: COURSE, gradePercent: 88, passed: true, sourceEventId: 'cy-1' });
    expect(completed.status, JSON.stringify(completed.body)).toBe(200);
    const registered = await issuer.call('POST', '/v1/lti/platforms', { issuerId, name: 'Browser LMS', platformIssuer: platform.url, clientId: CLIENT_ID, deploymentIds: [platform.deploymentId], authLoginUrl: platform.authUrl, jwksUrl: platform.jwksUrl });
    expect(registered.status, JSON.stringify(registered.body)).toBe(201);
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await issuer?.close();
    await platform?.close();
    await fetcher.close();
    await database?.drop();
  });

  async function expectAccessibleAndNarrow(page: Page) {
    const { violations } = await new AxeBuilder({ page }).analyze();
    expect(violations.map((violation) => violation.id)).toEqual([]);
    await page.setViewportSize({ width: 375, height: 800 });
    expect(await page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth')).toBeLessThanOrEqual(0);
    await page.setViewportSize({ width: 1000, height: 900 });
  }

  it('login → platform authorization → launch shows the learner’s progress and credential', async () => {
    platform.launchAs({ sub: 'sub-cy', contextId: COURSE, contextTitle: 'Framed 101 (Spring)' });
    const page = await browser.newPage();
    await Promise.all([page.waitForURL(launchUrl()), page.goto(platform.loginUrl(`${server.url}/lti/login`, launchUrl(), CLIENT_ID))]);
    await page.waitForSelector('h1');
    expect(await page.locator('h1').innerText()).toBe('Progress: Framed 101 (Spring)');
    expect(await page.locator('[data-achievement]').innerText()).toContain('Earned');
    expect(await page.locator('[data-credential]').count()).toBe(1);
    await expectAccessibleAndNarrow(page);
    await browser.screenshot(page, 'lti-launch');
    await page.close();
  });

  it('a launch the tool cannot trust lands on a page saying why (axe clean, 375 px)', async () => {
    platform.launchAs({ sub: 'sub-cy', contextId: COURSE });
    platform.tamperNext({ claims: { aud: 'another-tool' } });
    const page = await browser.newPage();
    await Promise.all([page.waitForURL(launchUrl()), page.goto(platform.loginUrl(`${server.url}/lti/login`, launchUrl(), CLIENT_ID))]);
    await page.waitForSelector('h1');
    expect(await page.locator('h1').innerText()).toBe('The course tool could not open');
    expect(await page.locator('main').innerText()).toContain('meant for another tool');
    await expectAccessibleAndNarrow(page);
    await page.close();
  });
});
