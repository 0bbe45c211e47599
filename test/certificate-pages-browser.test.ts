// Certificate and record pages in real headless Chromium: what a person sees,
// the live seal before and after revocation, and no serious accessibility
// violations. Screenshots land in test-output/.
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, serveOnLoopback, skipBrowserTests, type TestBrowser } from './support/browser.js';
import { freshDatabaseUrl, type FreshDatabase } from './support/databases.js';
import { createTestIssuer, type TestIssuer } from './support/issuer.js';
import { learnerToken, seedCertificates, type Seeded } from './support/certificates.js';

async function expectAccessible(page: Page) {
  const { violations } = await new AxeBuilder({ page }).analyze();
  const summary = violations.map((violation) => `${violation.impact}: ${violation.id} (${violation.nodes.map((node) => node.html.slice(0, 80)).join(' | ')})`);
  expect(violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical'), summary.join('\n')).toEqual([]);
}

/** At 1280 and 375 px (a small phone): a screenshot of each, and nothing wider than the viewport. */
async function expectFitsDesktopAndPhone(page: Page, name: string) {
  for (const width of [1280, 375]) {
    await page.setViewportSize({ width, height: 900 });
    const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
    expect(overflow, `${name} scrolls sideways by ${overflow} px at ${width} px`).toBeLessThanOrEqual(0);
    await browser.screenshot(page, `${name}-${width}`);
  }
  await page.setViewportSize({ width: 1000, height: 900 });
}

let browser: TestBrowser;

describe.skipIf(skipBrowserTests)('certificate and record pages in Chromium', () => {
  let database: FreshDatabase;
  let issuer: TestIssuer;
  let seeded: Seeded;
  let server: Awaited<ReturnType<typeof serveOnLoopback>>;
  let page: Page;

  beforeAll(async () => {
    database = await freshDatabaseUrl('sqlite');
    issuer = await createTestIssuer(database.url, undefined, { learnerSignInPage: 'https://lms.test/sign-in' });
    seeded = await seedCertificates(issuer);
    server = await serveOnLoopback(issuer.app.fetch);
    browser = await launchBrowser();
    page = await browser.newPage();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await issuer?.close();
    await database?.drop();
  });

  it('shows the learner, the achievement and a valid seal; revoked, it shows only that', async () => {
    const url = `${server.url}/credentials/${seeded.credentials['bob:cs101']}`;
    await page.goto(url);
    await expect.poll(() => page.locator('[data-field="learner"]').textContent()).toBe('Bob Babbage');
    expect(await page.locator('[data-field="achievement"]').textContent()).toBe('Computer Science 101');
    expect(await page.getByRole('status').textContent()).toContain('Verified: signed by the issuer and not revoked');
    expect(await page.locator('[data-seal]').getAttribute('data-seal')).toBe('valid');
    expect(await page.getByRole('link', { name: 'Add to LinkedIn profile' }).getAttribute('href')).toMatch(/^https:\/\/www\.linkedin\.com\/profile\/add\?startTask=CERTIFICATION_NAME/);
    expect(await page.getByRole('link', { name: 'Download PDF' }).getAttribute('href')).toMatch(/\.pdf$/);
    expect(await page.locator('meta[property="og:title"]').getAttribute('content')).toContain('Computer Science 101');
    expect(await page.locator('.tier').textContent()).toBe('Level: Achievement');
    expect(await page.locator('[data-field="criteria"] p').allTextContents()).toEqual(['Complete at least 80% of the course.', 'Score at least 80% in Final Exam.']);
    await expectFitsDesktopAndPhone(page, 'certificate-classic');
    await expectAccessible(page);

    expect((await issuer.call('POST', `/v1/credentials/${seeded.credentials['bob:cs101']}/revoke`, { reason: 'test' })).status).toBe(200);
    const response = await page.goto(url);
    expect(response?.status()).toBe(410);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Credential revoked');
    expect(await page.locator('[data-seal]').getAttribute('data-seal')).toBe('revoked');
    const text = await page.locator('body').innerText();
    expect(text).not.toMatch(/Bob Babbage|Computer Science 101|Example University/);
    await browser.screenshot(page, 'certificate-revoked');
    await expectAccessible(page);
  });

  it('renders the badge card template in the achievement\'s language, accessibly', async () => {
    // Ada has no CS102 credential; issue one through a fresh learner who passes it.
    const outcome = await issuer.call('POST', '/v1/completions', {
      issuerId: seeded.issuerId,
      learner: { lmsUserId: 'cy', name: 'Cyrielle Núñez' }, courseId: 'course-v1:Org+CS102+2026', completionPercent: 95, assignmentGrades: { 'Final Exam': 91 }, passed: true, sourceEventId: 'cy-102',
    });
    await page.goto(`${server.url}/credentials/${outcome.body.issued[0].credentialId}`);
    expect(await page.locator('html').getAttribute('lang')).toBe('es');
    expect(await page.locator('.badge-card [data-field="learner"]').textContent()).toBe('Cyrielle Núñez');
    expect(await page.getByRole('status').textContent()).toContain('Verificada');
    await expectFitsDesktopAndPhone(page, 'certificate-badge-card-es');
    await expectAccessible(page);
  });

  it('signs a learner in from the LMS and shows their record; a shared path page shows only that path', async () => {
    const token = await learnerToken(seeded.issuerId, 'ada');
    await page.goto(`${server.url}/records/sign-in?token=${token}`);
    expect(new URL(page.url()).pathname).toBe(`/records/${seeded.learners.ada}`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Learning record: Ada Lovelace');
    expect(await page.locator('body').innerText()).toContain('Final Exam: 50% of 80%');
    await expectFitsDesktopAndPhone(page, 'learner-record');
    await expectAccessible(page);

    // Share one path with the page's own form; the new link is shown once.
    await page.getByLabel('What to share').selectOption({ label: 'Computing Path' });
    await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Create share link' }).click()]);
    const sharedUrl = new URL((await page.locator('[data-new-share-link]').textContent())!);
    await expectFitsDesktopAndPhone(page, 'learner-record-shared');
    await expectAccessible(page);
    await page.goto(`${server.url}${sharedUrl.pathname}`);
    const text = await page.locator('body').innerText();
    expect(text).toContain('Shared learning record: Ada Lovelace');
    expect(text).toContain('Computer Science 101');
    expect(text).not.toContain('Art History');
    await expectFitsDesktopAndPhone(page, 'shared-record-path');
    await expectAccessible(page);

    // Revoke it from the record page: the link stops working.
    await page.goto(`${server.url}/records/${seeded.learners.ada}`);
    await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Revoke Computing Path' }).click()]);
    expect(await page.locator('[data-share-link]').count()).toBe(0);
    expect((await page.goto(`${server.url}${sharedUrl.pathname}`))?.status()).toBe(404);
  });

  it('an achievement\'s id opens its page: accessible, phone-sized', async () => {
    const credential = (await issuer.call('GET', `/v1/credentials/${seeded.credentials['bob:cs101']}`)).body.document;
    await page.goto(new URL(credential.credentialSubject.achievement.id).pathname.replace(/^/, server.url));
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Computer Science 101');
    expect(await page.locator('[data-field="criteria"] p').allTextContents()).toEqual(['Complete at least 80% of the course.', 'Score at least 80% in Final Exam.']);
    await expectFitsDesktopAndPhone(page, 'achievement-page');
    await expectAccessible(page);
  });

  it('error pages are styled pages saying what to do next, accessible and phone-sized: wallet sign-in, expired sign-in link, unknown claim link, replaced credential', async () => {
    const credentialId = seeded.credentials['ada:cs101']!;
    await page.context().clearCookies();
    const wallet = await page.goto(`${server.url}/credentials/${credentialId}/claim`);
    expect(wallet?.status()).toBe(401);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Sign in to add this credential to your wallet');
    expect(await page.getByRole('link', { name: 'Sign in' }).getAttribute('href')).toMatch(/^https:\/\/lms\.test\/sign-in\?return_to=/);
    await expectFitsDesktopAndPhone(page, 'error-wallet-sign-in');
    await expectAccessible(page);

    expect((await page.goto(`${server.url}/records/sign-in?link=expired-or-used`))?.status()).toBe(401);
    expect(await page.locator('body').innerText()).toMatch(/Sign-in links sent by email work once/);
    await expectFitsDesktopAndPhone(page, 'error-sign-in-link');
    await expectAccessible(page);

    expect((await page.goto(`${server.url}/claim/unknown-claim-token-that-is-rather-long-and-unbroken-0123456789abcdef`))?.status()).toBe(404);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Nothing here');
    await expectFitsDesktopAndPhone(page, 'error-not-found');
    await expectAccessible(page);

    const renamed = await issuer.call('PATCH', `/v1/learners/${seeded.learners.ada}`, { name: 'Ada King' });
    expect(renamed.status).toBe(200);
    expect((await page.goto(`${server.url}/credentials/${credentialId}`))?.status()).toBe(410);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Credential replaced');
    expect(await page.locator('[data-seal]').getAttribute('data-seal')).toBe('replaced');
    await expectFitsDesktopAndPhone(page, 'certificate-replaced');
    await expectAccessible(page);
  });
});
