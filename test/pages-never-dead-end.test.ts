// Issue 18's "pages that never dead-end", end to end through the issuer: a signed-out learner
// who presses "Add to wallet" gets a page (in their language) whose sign-in link goes through
// the LMS (a local server playing Open edX's OAuth 2.0 provider) and lands back on a fresh
// wallet offer; error pages are pages in the reader's language, not problem JSON.
import { LOCALES, messages } from '@laurel/render';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGuardedFetcher } from '@laurel/guarded-fetch';
import { freshDatabaseUrl, type FreshDatabase } from './support/databases.js';
import { startFakeOpenEdxOAuth, type FakeOpenEdxOAuth } from './support/fake-openedx-oauth.js';
import { createTestIssuer, type TestIssuer } from './support/issuer.js';
import { COURSE } from './issuer-api-support.js';

const CLIENT = { clientId: 'laurel-records', clientSecret: 'lms-client-secret', redirectUri: 'https://issuer.test/records/sign-in/lms/callback' };
const BROWSER = { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' };

const cookiesOf = (response: Response) => response.headers.getSetCookie().map((cookie) => cookie.split(';')[0]!).join('; ');
const escaped = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

describe('pages that never dead-end', () => {
  let database: FreshDatabase;
  let lms: FakeOpenEdxOAuth;
  let issuer: TestIssuer;
  let credentialId: string;
  const fetcher = createGuardedFetcher({ allowHttp: true, allowLoopback: true, timeoutMs: 5_000 });

  beforeAll(async () => {
    database = await freshDatabaseUrl('sqlite');
    lms = await startFakeOpenEdxOAuth(CLIENT);
    issuer = await createTestIssuer(database.url, undefined, { lmsSignIn: { settings: { lmsUrl: lms.url, ...CLIENT, scope: 'profile email', issuer: 'dead-end-u' }, fetcher } });
    const created = await issuer.call('POST', '/v1/issuers', { slug: 'dead-end-u', name: 'Dead End University', didMethod: 'key' });
    await issuer.call('POST', `/v1/issuers/${created.body.id}/achievements`, { externalId: COURSE, name: 'Wayfinding 101', rules: { minGradePercent: 70 } });
    const completed = await issuer.call('POST', '/v1/completions', { issuerId: created.body.id, learner: { lmsUserId: '4242', username: 'ann_edx', name: 'Ann Example' }, courseId: COURSE, gradePercent: 90, passed: true, sourceEventId: 'ann-1' });
    expect(completed.status, JSON.stringify(completed.body)).toBe(200);
    credentialId = completed.body.issued[0].credentialId;
    expect(credentialId).toBeTruthy();
  });
  afterAll(async () => {
    await issuer?.close();
    await lms?.close();
    await fetcher.close();
    await database?.drop();
  });

  it('a signed-out "Add to wallet" leads through the LMS sign-in and back to a wallet offer', async () => {
    const claimPath = `/credentials/${credentialId}/claim`;
    const signedOut = await issuer.app.request(claimPath, { headers: BROWSER });
    expect(signedOut.status).toBe(401);
    const page = await signedOut.text();
    expect(page).toContain(`<h1>${escaped(messages('en').walletSignInTitle)}</h1>`);
    // The page's own sign-in button is the way on: follow it as a browser would.
    const href = /<a class="button" href="([^"]+)">/.exec(page)?.[1]?.replace(/&amp;/g, '&');
    expect(href).toBeDefined();
    const signIn = new URL(href!);
    expect(signIn.searchParams.get('next')).toBe(claimPath);

    lms.signInAs({ username: 'ann_edx' });
    const start = await issuer.app.request(signIn.pathname + signIn.search, { headers: BROWSER });
    expect(start.status).toBe(302);
    const atLms = await fetch(start.headers.get('location')!, { redirect: 'manual' });
    expect(atLms.status).toBe(302);
    const callback = new URL(atLms.headers.get('location')!);
    const back = await issuer.app.request(callback.pathname + callback.search, { headers: { ...BROWSER, cookie: cookiesOf(start) } });
    expect(back.status, await back.clone().text()).toBe(303);
    expect(back.headers.get('location')).toBe(claimPath);

    // Back where the learner started, now signed in: a fresh single-use offer, shown as the claim page.
    const offer = await issuer.app.request(claimPath, { headers: { ...BROWSER, cookie: cookiesOf(back) } });
    expect(offer.status).toBe(303);
    const claimUrl = new URL(offer.headers.get('location')!, 'https://issuer.test');
    const claim = await issuer.app.request(claimUrl.pathname + claimUrl.search, { headers: BROWSER });
    expect(claim.status).toBe(200);
    const claimPage = await claim.text();
    expect(claimPage).toContain('Wayfinding 101');
    expect(claimPage).toMatch(/openid-credential-offer:\/\/|dccrequest:\/\//);
  });

  it.each(LOCALES)('%s: the wallet sign-in page and a not-found page are styled pages in the language', async (locale) => {
    const t = messages(locale);
    const signedOut = await issuer.app.request(`/credentials/${credentialId}/claim?lang=${locale}`, { headers: BROWSER });
    expect(signedOut.status).toBe(401);
    const page = await signedOut.text();
    expect(page).toContain(`<html lang="${locale}" dir="${locale === 'ar' ? 'rtl' : 'ltr'}">`);
    expect(page).toContain(`<h1>${escaped(t.walletSignInTitle)}</h1>`);
    expect(page).toContain(`>${escaped(t.signIn)}</a>`);
    expect(page).toContain('<style>');

    const missing = await issuer.app.request(`/claim/no-such-claim?lang=${locale}`, { headers: BROWSER });
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toContain('text/html');
    const notFound = await missing.text();
    expect(notFound).toContain(`<h1>${escaped(t.errorNotFoundTitle)}</h1>`);
    expect(notFound).toContain(escaped(t.errorNotFoundNext));
  });
});
