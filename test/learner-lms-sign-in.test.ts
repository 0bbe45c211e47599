// Issue 17 item 4: a learner signs in to their record through the LMS's
// OAuth 2.0 provider (Open edX), authorization code with PKCE, instead of
// a JWT with Laurel's own issuer_id claim. The LMS is played by a local
// server speaking Open edX's endpoints; the browser is played by the test.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SignJWT } from 'jose';
import { createGuardedFetcher } from '@laurel/guarded-fetch';
import { loadIssuerConfig, lmsOAuthSettings } from '@laurel/issuer-service';
import { freshDatabaseUrl, type FreshDatabase } from './support/databases.js';
import { startFakeOpenEdxOAuth, type FakeOpenEdxOAuth } from './support/fake-openedx-oauth.js';
import { createTestIssuer, type TestIssuer } from './support/issuer.js';
import { COURSE } from './issuer-api-support.js';

const CLIENT = { clientId: 'laurel-records', clientSecret: 'lms-client-secret', redirectUri: 'https://issuer.test/records/sign-in/lms/callback' };

/** name=value pairs of the Set-Cookie headers of an answer, as a browser would send them back. */
function cookiesOf(response: Response): string {
  return response.headers.getSetCookie().map((cookie) => cookie.split(';')[0]!).join('; ');
}

describe('learner sign-in through the LMS (OAuth 2.0 authorization code + PKCE, RFC 7636)', () => {
  let database: FreshDatabase;
  let lms: FakeOpenEdxOAuth;
  let issuer: TestIssuer;
  const fetcher = createGuardedFetcher({ allowHttp: true, allowLoopback: true, timeoutMs: 5_000 });
  let ann: string;
  let ben: string;

  beforeAll(async () => {
    database = await freshDatabaseUrl('sqlite');
    lms = await startFakeOpenEdxOAuth(CLIENT);
    issuer = await createTestIssuer(database.url, undefined, { lmsSignIn: { settings: { lmsUrl: lms.url, ...CLIENT, scope: 'profile email', issuer: 'oauth-u' }, fetcher } });
    const created = await issuer.call('POST', '/v1/issuers', { slug: 'oauth-u', name: 'OAuth University', didMethod: 'key' });
    await issuer.call('POST', `/v1/issuers/${created.body.id}/achievements`, { externalId: COURSE, name: 'OAuth 101', rules: { minGradePercent: 70 } });
    const complete = async (lmsUserId: string, username: string, name: string) => {
      const answer = await issuer.call('POST', '/v1/completions', { issuerId: created.body.id, learner: { lmsUserId, username, name }, courseId: COURSE, gradePercent: 90, passed: true, sourceEventId: `${lmsUserId}-1` });
      expect(answer.status, JSON.stringify(answer.body)).toBe(200);
      return answer.body.issued[0].learnerId as string;
    };
    ann = await complete('4242', 'ann_edx', 'Ann Example');
    ben = await complete('5151', 'ben_edx', 'Ben Example');
  });
  afterAll(async () => {
    await issuer?.close();
    await lms?.close();
    await fetcher.close();
    await database?.drop();
  });

  /** Starts a sign-in at Laurel and lets the LMS answer the authorization request; returns the callback to follow and the cookie. */
  async function toLmsAndBack(next?: string) {
    const start = await issuer.app.request(`/records/sign-in/lms${next ? `?next=${encodeURIComponent(next)}` : ''}`);
    expect(start.status).toBe(302);
    const authorize = new URL(start.headers.get('location')!);
    expect(authorize.origin + authorize.pathname).toBe(`${lms.url}/oauth2/authorize`);
    expect(Object.fromEntries(authorize.searchParams)).toMatchObject({ response_type: 'code', client_id: CLIENT.clientId, redirect_uri: CLIENT.redirectUri, code_challenge_method: 'S256' });
    const answered = await fetch(authorize, { redirect: 'manual' });
    expect(answered.status).toBe(302);
    const callback = new URL(answered.headers.get('location')!);
    expect(callback.pathname).toBe('/records/sign-in/lms/callback');
    return { callback, cookie: cookiesOf(start), authorize };
  }

  it('signs the learner in with the username from /api/user/v1/me, after a token request that proves the PKCE verifier', async () => {
    lms.signInAs({ username: 'ann_edx' });
    const { callback, cookie, authorize } = await toLmsAndBack();
    const back = await issuer.app.request(callback.pathname + callback.search, { headers: { cookie } });
    expect(back.status, await back.clone().text()).toBe(303);
    expect(back.headers.get('location')).toBe(`/records/${ann}`);
    const accepted = lms.tokenRequests.at(-1)!;
    expect(accepted).toMatchObject({ accepted: true, form: { grant_type: 'authorization_code', client_id: CLIENT.clientId, redirect_uri: CLIENT.redirectUri } });
    // The challenge sent at the start is the S256 of the verifier sent with the code, which only the token request carried.
    expect(authorize.searchParams.get('code_challenge')).not.toBe(accepted.form.code_verifier);
    expect(authorize.href).not.toContain(accepted.form.code_verifier!);

    const record = await issuer.app.request(`/records/${ann}`, { headers: { cookie: cookiesOf(back), accept: 'application/json' } });
    expect(record.status).toBe(200);
    expect(await record.json()).toMatchObject({ learnerName: 'Ann Example', credentials: [expect.objectContaining({ achievementName: 'OAuth 101', state: 'active' })] });
    // Signed in as Ann, and only as Ann.
    expect((await issuer.app.request(`/records/${ben}`, { headers: { cookie: cookiesOf(back), accept: 'application/json' } })).status).toBe(403);
  });

  it('takes the LMS user id from an id_token when the LMS sends one, and returns to `next`', async () => {
    lms.signInAs({ username: 'renamed-on-the-lms', idTokenUserId: '5151' });
    const { callback, cookie } = await toLmsAndBack(`/records/${ben}`);
    const back = await issuer.app.request(callback.pathname + callback.search, { headers: { cookie } });
    expect(back.status).toBe(303);
    expect(back.headers.get('location')).toBe(`/records/${ben}`);
    expect((await issuer.app.request(`/records/${ben}`, { headers: { cookie: cookiesOf(back), accept: 'application/json' } })).status).toBe(200);
  });

  it('refuses a callback whose state is not the one sent, before asking the LMS anything', async () => {
    lms.signInAs({ username: 'ann_edx' });
    const { callback, cookie } = await toLmsAndBack();
    const before = lms.tokenRequests.length;
    callback.searchParams.set('state', 'forged-state');
    const refused = await issuer.app.request(callback.pathname + callback.search, { headers: { cookie } });
    expect(refused.status).toBe(401);
    expect(await refused.json()).toMatchObject({ code: 'UNAUTHORIZED', detail: expect.stringContaining('state') });
    expect(refused.headers.getSetCookie().some((value) => value.startsWith('laurel_learner='))).toBe(false);
    expect(lms.tokenRequests.length).toBe(before);
  });

  it('refuses a callback in another browser (no sign-in started there), and a code replayed after use', async () => {
    lms.signInAs({ username: 'ann_edx' });
    const { callback, cookie } = await toLmsAndBack();
    expect((await issuer.app.request(callback.pathname + callback.search)).status).toBe(401);
    const first = await issuer.app.request(callback.pathname + callback.search, { headers: { cookie } });
    expect(first.status).toBe(303);
    // The same callback again (its cookie was single use, and the LMS redeems a code once).
    expect((await issuer.app.request(callback.pathname + callback.search, { headers: { cookie } })).status).toBe(401);
  });

  it('refuses when the LMS refuses (access_denied), and a learner the LMS names but Laurel has no record of is 404', async () => {
    const start = await issuer.app.request('/records/sign-in/lms');
    const state = new URL(start.headers.get('location')!).searchParams.get('state')!;
    const denied = await issuer.app.request(`/records/sign-in/lms/callback?error=access_denied&state=${state}`, { headers: { cookie: cookiesOf(start) } });
    expect(denied.status).toBe(401);
    expect(((await denied.json()) as { detail: string }).detail).toContain('access_denied');

    lms.signInAs({ username: 'stranger' });
    const { callback, cookie } = await toLmsAndBack();
    expect((await issuer.app.request(callback.pathname + callback.search, { headers: { cookie } })).status).toBe(404);
  });

  it('a signed-out learner’s "Sign in" leads to the LMS sign-in, coming back to the page they asked for', async () => {
    const page = await issuer.app.request(`/records/${ann}`, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(401);
    expect(await page.text()).toContain(`https://issuer.test/records/sign-in/lms?next=%2Frecords%2F${ann}`);
  });
});

describe('LMS_OAUTH_* settings', () => {
  it('are off by default, and complete with a client id and an issuer; the redirect URI follows ISSUER_PUBLIC_URL', () => {
    expect(lmsOAuthSettings(loadIssuerConfig({}))).toBeUndefined();
    expect(() => lmsOAuthSettings(loadIssuerConfig({ LMS_OAUTH_URL: 'https://lms.example.edu' }))).toThrow(/LMS_OAUTH_CLIENT_ID and LMS_OAUTH_ISSUER_ID/);
    expect(lmsOAuthSettings(loadIssuerConfig({ LMS_OAUTH_URL: 'https://lms.example.edu', LMS_OAUTH_CLIENT_ID: 'laurel', LMS_JWT_ISSUER_ID: 'demo', ISSUER_PUBLIC_URL: 'https://credentials.example.edu' }))).toEqual({
      lmsUrl: 'https://lms.example.edu',
      clientId: 'laurel',
      redirectUri: 'https://credentials.example.edu/records/sign-in/lms/callback',
      scope: 'profile email',
      issuer: 'demo',
    });
  });
});

describe('learner sign-in with a stock Open edX JWT (no issuer_id claim)', () => {
  it('is the issuer of LMS_JWT_ISSUER_ID and the learner of the `user_id` claim; without that setting it is refused', async () => {
    const database = await freshDatabaseUrl('sqlite');
    const issuer = await createTestIssuer(database.url, undefined, { jwtDefaultIssuer: 'jwt-u' });
    try {
      const created = await issuer.call('POST', '/v1/issuers', { slug: 'jwt-u', name: 'JWT University', didMethod: 'key' });
      await issuer.call('POST', `/v1/issuers/${created.body.id}/achievements`, { externalId: COURSE, name: 'JWT 101', rules: { minGradePercent: 70 } });
      const answer = await issuer.call('POST', '/v1/completions', { issuerId: created.body.id, learner: { lmsUserId: '77', name: 'Ola' }, courseId: COURSE, gradePercent: 90, passed: true, sourceEventId: 'ola-1' });
      const learnerId = answer.body.issued[0].learnerId as string;
      // The claims Open edX's JWTs carry (edx-platform oauth_dispatch): user_id a number, sub an anonymous id.
      const token = await new SignJWT({ user_id: 77, preferred_username: 'ola', administrator: false, scopes: ['user_id', 'profile'] })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject('5b6f3f1c9a2e4d8b')
        .setExpirationTime('5m')
        .sign(new TextEncoder().encode('test-lms-shared-secret-of-enough-length'));
      const signedIn = await issuer.app.request(`/records/sign-in?token=${token}`);
      expect(signedIn.status).toBe(303);
      expect(signedIn.headers.get('location')).toBe(`/records/${learnerId}`);

      const strict = await createTestIssuer(database.url);
      try {
        expect((await strict.app.request(`/records/sign-in?token=${token}`)).status).toBe(401);
      } finally {
        await strict.close();
      }
    } finally {
      await issuer.close();
      await database.drop();
    }
  });
});
