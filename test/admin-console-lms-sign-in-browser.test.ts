// Issue 16, the console's sign-in through the LMS as a person does it in Chromium: the sign-in
// page's link, the LMS (a local server playing Open edX's OAuth provider) and back, then the
// console; the pages on the way are axe clean and fit 375 px.
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGuardedFetcher } from '@laurel/guarded-fetch';
import { startFakeOpenEdxOAuth, type FakeOpenEdxOAuth } from './support/fake-openedx-oauth.js';
import { launchBrowser, serveOnLoopback, skipBrowserTests, type TestBrowser } from './support/browser.js';
import { freshDatabaseUrl, type FreshDatabase } from './support/databases.js';
import { createTestIssuer, type TestIssuer } from './support/issuer.js';
import { COURSE, createTenant } from './issuer-api-support.js';

describe.skipIf(skipBrowserTests)('admin console: sign-in through the LMS in Chromium', () => {
  let browser: TestBrowser;
  let database: FreshDatabase;
  let issuer: TestIssuer;
  let lms: FakeOpenEdxOAuth;
  let server: { url: string; close(): Promise<void> };
  const fetcher = createGuardedFetcher({ allowHttp: true, allowLoopback: true });

  beforeAll(async () => {
    browser = await launchBrowser();
    database = await freshDatabaseUrl('sqlite');
    // The issuer's public URL is where it listens, so that the LMS sends the browser back to it.
    server = await serveOnLoopback((request) => issuer.app.fetch(request));
    const client = { clientId: 'laurel-console', clientSecret: 'console-secret', redirectUri: `${server.url}/admin/sign-in/lms/callback` };
    lms = await startFakeOpenEdxOAuth(client);
    issuer = await createTestIssuer(database.url, undefined, { issuerBaseUrl: server.url, consoleLmsSignIn: { fetcher, settings: { lmsUrl: lms.url, ...client, issuer: 'lms-b', scope: 'profile email' } } });
    await createTenant(issuer, 'lms-b');
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await issuer?.close();
    await lms?.close();
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

  it('course staff click "Sign in with the LMS" (the sign-in page axe clean at 375 px), come back signed in, and see their course', async () => {
    lms.signInAs({ username: 'ta-cy', isStaff: false, roles: [{ course_id: COURSE, role: 'staff' }] });
    const page = await browser.newPage();
    await page.goto(`${server.url}/admin/sign-in`);
    await expectAccessibleAndNarrow(page);
    await Promise.all([page.waitForURL(`${server.url}/admin`), page.getByRole('link', { name: 'Sign in with the LMS' }).click()]);
    expect(await page.locator('main').innerText()).toContain('Signed in as lms:ta-cy (course staff)');
    await expectAccessibleAndNarrow(page);
    await page.getByRole('link', { name: 'Credentials' }).click();
    expect(await page.locator('main').innerText()).toContain('Learner lms-b-learner');
    await page.close();
  });

  it('a user with no staff role lands on a refusal page (axe clean, 375 px) and has no session', async () => {
    await browser.context.clearCookies();
    lms.signInAs({ username: 'learner-dee', isStaff: false, roles: [] });
    const page = await browser.newPage();
    await page.goto(`${server.url}/admin/sign-in`);
    await Promise.all([page.waitForURL(/\/admin\/sign-in\/lms\/callback/), page.getByRole('link', { name: 'Sign in with the LMS' }).click()]);
    expect(await page.getByRole('alert').innerText()).toContain('neither LMS staff nor course staff');
    await expectAccessibleAndNarrow(page);
    await page.goto(`${server.url}/admin`);
    expect(new URL(page.url()).pathname).toBe('/admin/sign-in');
    await page.close();
  });
});
