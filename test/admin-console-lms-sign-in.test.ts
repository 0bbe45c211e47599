// Issue 16, the console's sign-in through the LMS: OAuth 2.0 authorization code (RFC 6749 §4.1)
// with state (§10.12) and PKCE S256 (RFC 7636) against a local server playing Open edX's
// provider and its user (/api/user/v1/me) and roles (/api/enrollment/v1/roles/) APIs.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createGuardedFetcher } from '@laurel/guarded-fetch';
import { startFakeOpenEdxOAuth, type FakeOpenEdxOAuth, type FakeOpenEdxUser } from './support/fake-openedx-oauth.js';
import { describeEachDatabase } from './support/databases.js';
import { createTestIssuer, TEST_URLS, type TestIssuer } from './support/issuer.js';
import { COURSE, createTenant, type Tenant } from './issuer-api-support.js';

const CLIENT = { clientId: 'laurel-console', clientSecret: 'console-secret', redirectUri: `${TEST_URLS.issuerBaseUrl}/admin/sign-in/lms/callback` };
const staff: FakeOpenEdxUser = { username: 'lms-admin', isStaff: true, roles: [] };
const courseStaff: FakeOpenEdxUser = { username: 'ta-ana', isStaff: false, roles: [{ course_id: COURSE, role: 'staff' }] };
const otherCourseStaff: FakeOpenEdxUser = { username: 'ta-bo', isStaff: false, roles: [{ course_id: 'course-v1:Laurel+OTHER+2026', role: 'instructor' }] };
const learner: FakeOpenEdxUser = { username: 'just-a-learner', isStaff: false, roles: [{ course_id: COURSE, role: 'beta_testers' }] };

describeEachDatabase('admin console sign-in through the LMS', (database) => {
  let lms: FakeOpenEdxOAuth;
  let issuer: TestIssuer;
  let tenant: Tenant;
  const fetcher = createGuardedFetcher({ allowHttp: true, allowLoopback: true });

  beforeAll(async () => {
    lms = await startFakeOpenEdxOAuth(CLIENT);
    // The issuer is named by slug, found at each sign-in: it is created just after.
    issuer = await createTestIssuer(database.url, undefined, { consoleLmsSignIn: { fetcher, settings: { lmsUrl: lms.url, ...CLIENT, issuer: 'lms-in', scope: 'profile email' } } });
    tenant = await createTenant(issuer, 'lms-in');
  });
  afterAll(async () => {
    await issuer?.close();
    await lms?.close();
    await fetcher.close();
  });

  const get = (path: string, cookie?: string) => issuer.app.request(path.startsWith('http') ? path : `${TEST_URLS.issuerBaseUrl}${path}`, { headers: cookie ? { cookie } : {} });
  const cookieOf = (response: Response, name: string) => response.headers.getSetCookie().find((cookie) => cookie.startsWith(`${name}=`) && !cookie.startsWith(`${name}=;`))?.split(';')[0];

  /** The browser's round trip: the console sends it to the LMS, the LMS (signed in as `user`) back with a code. */
  async function startSignIn(user: FakeOpenEdxUser) {
    const start = await get('/admin/sign-in/lms');
    expect(start.status).toBe(302);
    const authorize = new URL(start.headers.get('location')!);
    expect(authorize.origin + authorize.pathname).toBe(`${lms.url}/oauth2/authorize`);
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorize.searchParams.get('redirect_uri')).toBe(`${TEST_URLS.issuerBaseUrl}/admin/sign-in/lms/callback`);
    lms.signInAs(user);
    const back = await fetch(authorize, { redirect: 'manual' });
    expect(back.status).toBe(302);
    return { callback: back.headers.get('location')!, pending: cookieOf(start, 'laurel_admin_lms')! };
  }

  async function signIn(user: FakeOpenEdxUser): Promise<{ response: Response; session: string | undefined }> {
    const { callback, pending } = await startSignIn(user);
    const response = await get(callback, pending);
    return { response, session: cookieOf(response, 'laurel_admin') };
  }

  it('LMS staff (is_staff) get an admin session of the configured issuer: admin screens open', async () => {
    const { response, session } = await signIn(staff);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('<meta http-equiv="refresh" content="0;url=/admin">');
    expect(session).toBeDefined();
    expect((await get('/admin/tokens', session)).status).toBe(200);
    const credentials = await (await get('/admin/credentials', session)).text();
    expect(credentials).toContain('Learner lms-in-learner');
    const tokens = (await issuer.store.tokens.list({ issuerId: tenant.issuerId }, { limit: 100 })).items.filter((token) => token.name === 'lms:lms-admin');
    expect(tokens).toEqual([expect.objectContaining({ scopes: ['admin'], limitedTo: null })]);
  });

  it('course staff get a session limited to their courses; staff of another course see none of this one', async () => {
    const own = await signIn(courseStaff);
    expect(own.response.status).toBe(200);
    expect(await (await get('/admin/credentials', own.session)).text()).toContain('Learner lms-in-learner');
    expect((await get('/admin/tokens', own.session)).status).toBe(403);
    const other = await signIn(otherCourseStaff);
    expect(other.response.status).toBe(200);
    expect(await (await get('/admin/credentials', other.session)).text()).not.toContain('Learner lms-in-learner');
    expect((await get(`/admin/credentials/${tenant.credentialId}`, other.session)).status).toBe(403);
  });

  it('signing in again replaces the earlier session: its token is revoked', async () => {
    const first = await signIn(courseStaff);
    const second = await signIn(courseStaff);
    expect((await get('/admin', second.session)).status).toBe(200);
    expect((await get('/admin', first.session)).status).toBe(303);
  });

  it('a wrong state is refused before any code is exchanged', async () => {
    const granted = lms.tokenRequests.length;
    const { callback, pending } = await startSignIn(staff);
    const forged = new URL(callback);
    forged.searchParams.set('state', 'not-the-state-we-sent');
    const response = await get(forged.toString(), pending);
    expect(response.status).toBe(401);
    expect(await response.text()).toContain('does not match the sign-in started here');
    expect(cookieOf(response, 'laurel_admin')).toBeUndefined();
    expect(lms.tokenRequests.length).toBe(granted);
    // Without the pending sign-in cookie (another browser), the right state is refused too.
    expect((await get(callback)).status).toBe(401);
  });

  it('the PKCE verifier is sent and checked: a code issued for another sign-in is refused by the LMS', async () => {
    const a = await startSignIn(staff);
    const b = await startSignIn(staff);
    // B's browser (cookie and state) with A's code: the verifier B holds does not match A's challenge.
    const mixed = new URL(b.callback);
    mixed.searchParams.set('code', new URL(a.callback).searchParams.get('code')!);
    const requests = lms.tokenRequests.length;
    const response = await get(mixed.toString(), b.pending);
    expect(response.status).toBe(401);
    expect(await response.text()).toContain('The LMS refused the sign-in (invalid_grant)');
    expect(cookieOf(response, 'laurel_admin')).toBeUndefined();
    // Client, code and redirect URI are right: only the verifier can be what the LMS refused.
    const [request] = lms.tokenRequests.slice(requests);
    expect(request).toMatchObject({ accepted: false, error: 'invalid_grant', form: { code: new URL(a.callback).searchParams.get('code'), redirect_uri: CLIENT.redirectUri } });
    expect(request?.form.code_verifier).toMatch(/^[\w-]{43}$/);
  });

  it('a user with no staff role is refused: no session, no token', async () => {
    const before = (await issuer.store.tokens.list({ issuerId: tenant.issuerId, includeRevoked: true }, { limit: 500 })).items.length;
    const { response, session } = await signIn(learner);
    expect(response.status).toBe(403);
    expect(await response.text()).toContain('neither LMS staff nor course staff');
    expect(session).toBeUndefined();
    expect((await issuer.store.tokens.list({ issuerId: tenant.issuerId, includeRevoked: true }, { limit: 500 })).items.length).toBe(before);
  });

  it('the sign-in page offers the LMS; /openapi.json documents both routes', async () => {
    expect(await (await get('/admin/sign-in')).text()).toContain('href="/admin/sign-in/lms"');
    const paths = ((await (await get('/openapi.json')).json()) as { paths: Record<string, unknown> }).paths;
    expect(Object.keys(paths)).toEqual(expect.arrayContaining(['/admin/sign-in/lms', '/admin/sign-in/lms/callback']));
  });
});
