// Issue 17 item 5: Laurel as an LTI 1.3 tool. A test platform (its own keys
// and JWKS, built with jose) runs the third-party-initiated login and posts
// the id_token; Laurel shows the learner's progress toward the course's
// credentials, and refuses launches it cannot trust.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JSONWebKeySet } from 'jose';
import { createGuardedFetcher } from '@laurel/guarded-fetch';
import { createPlatformKeys } from '@laurel/lti';
import { freshDatabaseUrl, type FreshDatabase } from './support/databases.js';
import { formPostOf, startFakeLtiPlatform, type FakeLtiPlatform } from './support/fake-lti-platform.js';
import { createTestIssuer, TEST_URLS, type TestIssuer } from './support/issuer.js';
import { COURSE } from './issuer-api-support.js';

const TOOL = TEST_URLS.issuerBaseUrl;
const LAUNCH_URL = `${TOOL}/lti/launch`;
const CLIENT_ID = 'laurel-tool';
const USERNAME_CLIENT_ID = 'laurel-tool-by-username';

function cookiesOf(response: Response): string {
  return response.headers.getSetCookie().map((cookie) => cookie.split(';')[0]!).join('; ');
}

describe('LTI 1.3 launches from a test platform', () => {
  let database: FreshDatabase;
  let platform: FakeLtiPlatform;
  let issuer: TestIssuer;
  let issuerId: string;
  let platformId: string;
  const fetcher = createGuardedFetcher({ allowHttp: true, allowLoopback: true, timeoutMs: 5_000 });
  let jwksFetches = 0;

  beforeAll(async () => {
    database = await freshDatabaseUrl('sqlite');
    platform = await startFakeLtiPlatform({ clientIds: [CLIENT_ID, USERNAME_CLIENT_ID], redirectUris: () => [LAUNCH_URL] });
    const platformKeys = createPlatformKeys({ loadJson: async (url) => (jwksFetches++, (await fetcher.fetchJson(url)).json) });
    issuer = await createTestIssuer(database.url, undefined, { lti: { platformKeys }, allowHttpPlatforms: true });
    const created = await issuer.call('POST', '/v1/issuers', { slug: 'lti-u', name: 'LTI University', didMethod: 'key' });
    issuerId = created.body.id;
    const achievement = await issuer.call('POST', `/v1/issuers/${issuerId}/achievements`, { externalId: COURSE, name: 'LTI 101', rules: { minGradePercent: 70 } });
    expect(achievement.status, JSON.stringify(achievement.body)).toBe(201);
    const complete = async (lmsUserId: string, username: string, gradePercent: number) => {
      const answer = await issuer.call('POST', '/v1/completions', { issuerId, learner: { lmsUserId, username, name: `Learner ${username}`, email: `${username}@example.edu` }, courseId: COURSE, gradePercent, passed: gradePercent >= 70, sourceEventId: `${lmsUserId}-1` });
      expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    };
    await complete('sub-ann', 'ann_edx', 92);
    await complete('sub-ben', 'ben_edx', 40);
    const registered = await issuer.call('POST', '/v1/lti/platforms', {
      issuerId, name: 'Test LMS', platformIssuer: platform.url, clientId: CLIENT_ID, deploymentIds: [platform.deploymentId], authLoginUrl: platform.authUrl, jwksUrl: platform.jwksUrl,
    });
    expect(registered.status, JSON.stringify(registered.body)).toBe(201);
    platformId = registered.body.id;
  });
  afterAll(async () => {
    await issuer?.close();
    await platform?.close();
    await fetcher.close();
    await database?.drop();
  });

  /** The platform's login, Laurel's redirect, the platform's answer: the form the browser would post, and Laurel's cookie. */
  async function loginAndAuthorize(clientId = CLIENT_ID) {
    const login = new URL(platform.loginUrl(`${TOOL}/lti/login`, LAUNCH_URL, clientId));
    const started = await issuer.app.request(login.pathname + login.search);
    expect(started.status, await started.clone().text()).toBe(302);
    const answer = await fetch(started.headers.get('location')!);
    expect(answer.status, await answer.clone().text()).toBe(200);
    return { ...formPostOf(await answer.text()), cookie: cookiesOf(started) };
  }

  function post(fields: Record<string, string>, cookie: string, accept = 'application/json') {
    return issuer.app.request('/lti/launch', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', cookie, accept }, body: new URLSearchParams(fields).toString() });
  }

  async function refusal(response: Response) {
    const body = (await response.json()) as { code: string; reason?: string; detail: string };
    return { status: response.status, code: body.code, reason: body.reason };
  }

  it('sends the browser to the platform with a state bound to a signed HttpOnly cookie and a nonce, and shows the learner their progress and credentials', async () => {
    platform.launchAs({ sub: 'sub-ann', contextId: COURSE, contextTitle: 'LTI 101 on the LMS' });
    const { action, fields, cookie } = await loginAndAuthorize();
    const request = platform.authRequests.at(-1)!;
    expect(request).toMatchObject({ client_id: CLIENT_ID, redirect_uri: LAUNCH_URL, response_mode: 'form_post', login_hint: 'sub-ann', lti_message_hint: 'resource-link-1' });
    expect(request.state).not.toBe(request.nonce);
    expect(cookie).toContain(`laurel_lti_${request.state}=`);
    expect(action).toBe(LAUNCH_URL);

    const launched = await post(fields, cookie, 'text/html');
    const html = await launched.text();
    expect(launched.status, html).toBe(200);
    expect(html).toContain('Progress: LTI 101 on the LMS');
    expect(html).toContain('Learner ann_edx');
    expect(html).toMatch(/<strong>LTI 101<\/strong> — Earned/);
    expect(html).toContain('data-credential="https://issuer.test/credentials/');
    // The page sits in the platform's frame: framing allowed by its own policy, and no X-Frame-Options DENY.
    expect(launched.headers.get('content-security-policy')).toContain(`frame-ancestors https: ${platform.url}`);
    expect(launched.headers.get('x-frame-options')).toBeNull();
    // The login's cookie is spent.
    expect(launched.headers.getSetCookie().some((value) => value.startsWith(`laurel_lti_${request.state}=;`))).toBe(true);
  });

  it('documents every /lti route it serves in /openapi.json, public (security [])', async () => {
    const document = (await (await issuer.app.request('/openapi.json')).json()) as { paths: Record<string, Record<string, { security?: unknown[] }>> };
    const served = issuer.app.routes.filter((route) => route.path.startsWith('/lti/') && route.method !== 'ALL').map((route) => `${route.method} ${route.path}`);
    expect(served.length).toBeGreaterThanOrEqual(4);
    for (const route of served) {
      const [method, path] = route.split(' ') as [string, string];
      expect(document.paths[path]?.[method.toLowerCase()]?.security, route).toEqual([]);
    }
  });

  it('shows a learner short of the rules what is missing, not a credential', async () => {
    platform.launchAs({ sub: 'sub-ben', contextId: 'other-context', custom: { course_id: COURSE } });
    const { fields, cookie } = await loginAndAuthorize();
    const html = await (await post(fields, cookie, 'text/html')).text();
    expect(html).toMatch(/<strong>LTI 101<\/strong> — In progress/);
    expect(html).toContain('class="unmet"');
    expect(html).not.toContain('data-credential=');
  });

  it('finds the learner by the username claim where the platform is registered so (Open edX), and says so when the platform withholds it', async () => {
    const registered = await issuer.call('POST', '/v1/lti/platforms', {
      issuerId, name: 'Test LMS by username', platformIssuer: platform.url, clientId: USERNAME_CLIENT_ID, deploymentIds: [platform.deploymentId], authLoginUrl: platform.authUrl, jwksUrl: platform.jwksUrl, learnerClaim: 'username',
    });
    expect(registered.status).toBe(201);
    platform.launchAs({ sub: 'anonymous-id-7f3a', preferredUsername: 'ann_edx', contextId: COURSE });
    let launch = await loginAndAuthorize(USERNAME_CLIENT_ID);
    expect(await (await post(launch.fields, launch.cookie, 'text/html')).text()).toMatch(/<strong>LTI 101<\/strong> — Earned/);

    platform.launchAs({ sub: 'anonymous-id-7f3a', contextId: COURSE });
    launch = await loginAndAuthorize(USERNAME_CLIENT_ID);
    const page = await post(launch.fields, launch.cookie, 'text/html');
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('data-no-record="claim"');
  });

  it('refuses a token not signed by the platform’s key', async () => {
    platform.launchAs({ sub: 'sub-ann', contextId: COURSE });
    platform.tamperNext({ foreignKey: true });
    const { fields, cookie } = await loginAndAuthorize();
    expect(await refusal(await post(fields, cookie))).toEqual({ status: 401, code: 'LTI_LAUNCH_REFUSED', reason: 'signature' });
  });

  it('refuses a token for another tool (audience), and several audiences without this tool as azp', async () => {
    platform.launchAs({ sub: 'sub-ann', contextId: COURSE });
    platform.tamperNext({ claims: { aud: 'another-tool' } });
    let launch = await loginAndAuthorize();
    expect(await refusal(await post(launch.fields, launch.cookie))).toEqual({ status: 401, code: 'LTI_LAUNCH_REFUSED', reason: 'audience' });

    platform.tamperNext({ claims: { aud: [CLIENT_ID, 'another-tool'], azp: 'another-tool' } });
    launch = await loginAndAuthorize();
    expect(await refusal(await post(launch.fields, launch.cookie))).toEqual({ status: 401, code: 'LTI_LAUNCH_REFUSED', reason: 'authorized-party' });

    platform.tamperNext({ claims: { aud: [CLIENT_ID, 'another-tool'], azp: CLIENT_ID } });
    launch = await loginAndAuthorize();
    expect((await post(launch.fields, launch.cookie)).status).toBe(200);
  });

  it('refuses a replayed launch (the nonce is single use), even with the login cookie kept', async () => {
    platform.launchAs({ sub: 'sub-ann', contextId: COURSE });
    const { fields, cookie } = await loginAndAuthorize();
    expect((await post(fields, cookie)).status).toBe(200);
    expect(await refusal(await post(fields, cookie))).toEqual({ status: 401, code: 'LTI_LAUNCH_REFUSED', reason: 'replayed' });
    const stored = await issuer.store.db.selectFrom('ltiNonces').select(['platformId', 'nonceHash']).where('platformId', '=', platformId).execute();
    expect(stored.length).toBeGreaterThan(0);
    expect(stored.every((row) => row.nonceHash !== platform.authRequests.at(-1)!.nonce)).toBe(true);
  });

  it('refuses an expired token, and one issued too long ago', async () => {
    platform.launchAs({ sub: 'sub-ann', contextId: COURSE });
    const past = Math.floor(Date.now() / 1000) - 3600;
    platform.tamperNext({ claims: { iat: past - 60, exp: past } });
    let launch = await loginAndAuthorize();
    expect(await refusal(await post(launch.fields, launch.cookie))).toEqual({ status: 401, code: 'LTI_LAUNCH_REFUSED', reason: 'expired' });

    platform.tamperNext({ claims: { iat: past, exp: past + 7200 } });
    launch = await loginAndAuthorize();
    expect(await refusal(await post(launch.fields, launch.cookie))).toEqual({ status: 401, code: 'LTI_LAUNCH_REFUSED', reason: 'issued-at' });
  });

  it('refuses an unknown deployment, another message type, another version, and an anonymous launch', async () => {
    platform.launchAs({ sub: 'sub-ann', contextId: COURSE });
    const cases: [Record<string, unknown>, string][] = [
      [{ 'https://purl.imsglobal.org/spec/lti/claim/deployment_id': 'deployment-unknown' }, 'deployment'],
      [{ 'https://purl.imsglobal.org/spec/lti/claim/message_type': 'LtiDeepLinkingRequest' }, 'message-type'],
      [{ 'https://purl.imsglobal.org/spec/lti/claim/version': '1.1' }, 'version'],
      [{ sub: undefined }, 'anonymous'],
    ];
    for (const [claims, reason] of cases) {
      platform.tamperNext({ claims });
      const { fields, cookie } = await loginAndAuthorize();
      expect(await refusal(await post(fields, cookie)), reason).toEqual({ status: 401, code: 'LTI_LAUNCH_REFUSED', reason });
    }
  });

  it('refuses a launch whose state is not the login’s: another state, no cookie, or another login’s nonce', async () => {
    platform.launchAs({ sub: 'sub-ann', contextId: COURSE });
    const first = await loginAndAuthorize();
    const second = await loginAndAuthorize();
    expect(await refusal(await post({ ...first.fields, state: 'x'.repeat(32) }, first.cookie))).toEqual({ status: 401, code: 'LTI_LAUNCH_REFUSED', reason: 'state' });
    expect(await refusal(await post(first.fields, ''))).toEqual({ status: 401, code: 'LTI_LAUNCH_REFUSED', reason: 'state' });
    // The second login's token posted with the first login's state (both cookies present): the nonces differ.
    expect(await refusal(await post({ ...second.fields, state: first.fields.state! }, `${first.cookie}; ${second.cookie}`))).toEqual({ status: 401, code: 'LTI_LAUNCH_REFUSED', reason: 'nonce' });
  });

  it('tells a person why, on a page', async () => {
    platform.launchAs({ sub: 'sub-ann', contextId: COURSE });
    platform.tamperNext({ claims: { aud: 'another-tool' } });
    const { fields, cookie } = await loginAndAuthorize();
    const page = await post(fields, cookie, 'text/html');
    expect(page.status).toBe(401);
    expect(page.headers.get('content-type')).toContain('text/html');
    const html = await page.text();
    expect(html).toContain('The course tool could not open');
    expect(html).toContain('meant for another tool');
  });

  it('refuses a login from an unregistered platform or deployment, or targeting another site; names a missing field', async () => {
    platform.launchAs({ sub: 'sub-ann', contextId: COURSE });
    const refusedLogin = async (url: string) => refusal(await issuer.app.request(new URL(url).pathname + new URL(url).search, { headers: { accept: 'application/json' } }));
    expect(await refusedLogin(platform.loginUrl(`${TOOL}/lti/login`, LAUNCH_URL, 'unknown-client'))).toEqual({ status: 401, code: 'LTI_LAUNCH_REFUSED', reason: 'unknown-platform' });
    expect(await refusedLogin(platform.loginUrl(`${TOOL}/lti/login`, LAUNCH_URL, CLIENT_ID, { lti_deployment_id: 'other' }))).toEqual({ status: 401, code: 'LTI_LAUNCH_REFUSED', reason: 'deployment' });
    expect(await refusedLogin(platform.loginUrl(`${TOOL}/lti/login`, 'https://evil.example/lti/launch', CLIENT_ID))).toEqual({ status: 401, code: 'LTI_LAUNCH_REFUSED', reason: 'target' });
    const missing = await issuer.app.request(`/lti/login?iss=${encodeURIComponent(platform.url)}&target_link_uri=${encodeURIComponent(LAUNCH_URL)}`, { headers: { accept: 'application/json' } });
    expect(missing.status).toBe(400);
    expect(((await missing.json()) as { errors: { path: string }[] }).errors.map((error) => error.path)).toEqual(['login_hint']);
    // The login may also be posted as a form.
    const posted = await issuer.app.request('/lti/login', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URL(platform.loginUrl(`${TOOL}/lti/login`, LAUNCH_URL, CLIENT_ID)).searchParams.toString() });
    expect(posted.status).toBe(302);
  });

  it('answers 503 LTI_PLATFORM_KEYS_UNAVAILABLE when the platform’s JWKS cannot be fetched, and caches keys it fetched', async () => {
    const before = jwksFetches;
    platform.launchAs({ sub: 'sub-ann', contextId: COURSE });
    const launch = await loginAndAuthorize();
    expect((await post(launch.fields, launch.cookie)).status).toBe(200);
    expect(jwksFetches).toBe(before);

    const broken = await issuer.call('POST', '/v1/lti/platforms', {
      issuerId, name: 'Broken keys', platformIssuer: `${platform.url}/broken`, clientId: CLIENT_ID, deploymentIds: [platform.deploymentId], authLoginUrl: platform.authUrl, jwksUrl: platform.brokenJwksUrl,
    });
    expect(broken.status).toBe(201);
    const login = new URL(platform.loginUrl(`${TOOL}/lti/login`, LAUNCH_URL, CLIENT_ID, { iss: `${platform.url}/broken` }));
    const started = await issuer.app.request(login.pathname + login.search);
    const { fields } = formPostOf(await (await fetch(started.headers.get('location')!)).text());
    const answer = await post(fields, cookiesOf(started));
    expect(answer.status).toBe(503);
    expect(answer.headers.get('retry-after')).toBe('10');
    expect((await answer.json()) as object).toMatchObject({ code: 'LTI_PLATFORM_KEYS_UNAVAILABLE' });
  });

  it('publishes the tool’s key set, the same on every call', async () => {
    const first = await issuer.app.request('/lti/jwks.json');
    expect(first.status).toBe(200);
    const jwks = (await first.json()) as { keys: Record<string, unknown>[] };
    expect(jwks.keys).toHaveLength(1);
    expect(jwks.keys[0]).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig', kid: expect.any(String) });
    expect(jwks.keys[0]).not.toHaveProperty('d');
    expect(await (await issuer.app.request('/lti/jwks.json')).json()).toEqual(jwks);
  });
});

describe('LTI platform registrations (/v1/lti/platforms)', () => {
  let database: FreshDatabase;
  let issuer: TestIssuer;

  beforeAll(async () => {
    database = await freshDatabaseUrl('sqlite');
    issuer = await createTestIssuer(database.url);
  });
  afterAll(async () => {
    await issuer?.close();
    await database?.drop();
  });

  it('registers, lists, reads and removes a platform; refuses bad input naming the field, http URLs, duplicates and other issuers’ admins', async () => {
    const created = await issuer.call('POST', '/v1/issuers', { slug: 'reg-u', name: 'Registrations U', didMethod: 'key' });
    const other = await issuer.call('POST', '/v1/issuers', { slug: 'other-u', name: 'Other U', didMethod: 'key' });
    const registration = { issuerId: created.body.id, name: 'Moodle', platformIssuer: 'https://moodle.example.edu', clientId: 'abc', deploymentIds: ['1'], authLoginUrl: 'https://moodle.example.edu/mod/lti/auth.php', jwksUrl: 'https://moodle.example.edu/mod/lti/certs.php' };

    const invalid = await issuer.call('POST', '/v1/lti/platforms', { ...registration, deploymentIds: [] });
    expect(invalid.status).toBe(400);
    expect(invalid.body.errors.map((error: { path: string }) => error.path)).toEqual(['deploymentIds']);
    const plainHttp = await issuer.call('POST', '/v1/lti/platforms', { ...registration, jwksUrl: 'http://moodle.example.edu/certs' });
    expect(plainHttp.status).toBe(400);
    expect(plainHttp.body.errors.map((error: { path: string }) => error.path)).toEqual(['jwksUrl']);
    expect(await issuer.store.ltiPlatforms.list(null)).toEqual([]);

    const registered = await issuer.call('POST', '/v1/lti/platforms', registration);
    expect(registered.status).toBe(201);
    expect(registered.body).toMatchObject({ ...registration, learnerClaim: 'sub', accessTokenUrl: null });
    expect((await issuer.call('POST', '/v1/lti/platforms', registration)).status).toBe(409);

    const { token: otherAdmin } = await issuer.store.tokens.create({ issuerId: other.body.id, name: 'other admin', scopes: ['admin'] });
    expect((await issuer.call('GET', `/v1/lti/platforms/${registered.body.id}`, undefined, otherAdmin)).status).toBe(403);
    expect((await issuer.call('GET', '/v1/lti/platforms', undefined, otherAdmin)).body).toEqual([]);
    expect((await issuer.call('GET', `/v1/lti/platforms?issuerId=${created.body.id}`)).body).toEqual([registered.body]);
    expect((await issuer.call('GET', `/v1/lti/platforms/${registered.body.id}`)).body).toEqual(registered.body);

    expect((await issuer.call('DELETE', `/v1/lti/platforms/${registered.body.id}`, undefined, otherAdmin)).status).toBe(403);
    expect((await issuer.call('DELETE', `/v1/lti/platforms/${registered.body.id}`)).status).toBe(204);
    expect((await issuer.call('GET', `/v1/lti/platforms/${registered.body.id}`)).status).toBe(404);
    const audit = await issuer.store.db.selectFrom('auditLog').select('action').where('targetId', '=', registered.body.id).execute();
    expect(audit.map((row) => row.action).sort()).toEqual(['lti-platform.register', 'lti-platform.remove']);
  });
});

describe('LTI Assignment and Grade Services: scores read at launch become a completion record', () => {
  let database: FreshDatabase;
  let platform: FakeLtiPlatform;
  let issuer: TestIssuer;
  let issuerId: string;
  const fetcher = createGuardedFetcher({ allowHttp: true, allowLoopback: true, timeoutMs: 5_000 });

  beforeAll(async () => {
    database = await freshDatabaseUrl('sqlite');
    platform = await startFakeLtiPlatform({ clientIds: [CLIENT_ID], redirectUris: () => [LAUNCH_URL], toolJwks: async () => (await (await issuer.app.request('/lti/jwks.json')).json()) as JSONWebKeySet });
    const platformKeys = createPlatformKeys({ loadJson: async (url) => (await fetcher.fetchJson(url)).json });
    issuer = await createTestIssuer(database.url, undefined, { lti: { platformKeys, request: (call) => fetcher.requestJson(call) }, allowHttpPlatforms: true });
    issuerId = (await issuer.call('POST', '/v1/issuers', { slug: 'ags-u', name: 'AGS University', didMethod: 'key' })).body.id;
    const achievement = await issuer.call('POST', `/v1/issuers/${issuerId}/achievements`, { externalId: COURSE, name: 'Graded 101', rules: { minGradePercent: 80, assignmentTypeMinimums: { 'Final Exam': 80 } } });
    expect(achievement.status, JSON.stringify(achievement.body)).toBe(201);
    // Known to Laurel, short of the rules so far.
    const before = await issuer.call('POST', '/v1/completions', { issuerId, learner: { lmsUserId: 'sub-dee', name: 'Dee Example' }, courseId: COURSE, gradePercent: 10, sourceEventId: 'dee-0' });
    expect(before.body.issued).toEqual([]);
    const registered = await issuer.call('POST', '/v1/lti/platforms', {
      issuerId, name: 'Graded LMS', platformIssuer: platform.url, clientId: CLIENT_ID, deploymentIds: [platform.deploymentId], authLoginUrl: platform.authUrl, jwksUrl: platform.jwksUrl, accessTokenUrl: platform.tokenUrl,
    });
    expect(registered.status, JSON.stringify(registered.body)).toBe(201);
    platform.lineItems.push({ label: 'Homework 1', tag: 'Homework', scoreMaximum: 50, scores: { 'sub-dee': 45, 'sub-other': 10 } }, { label: 'Final Exam', scoreMaximum: 100, scores: { 'sub-dee': 84 } });
  });
  afterAll(async () => {
    await issuer?.close();
    await platform?.close();
    await fetcher.close();
    await database?.drop();
  });

  async function launch() {
    const login = new URL(platform.loginUrl(`${TOOL}/lti/login`, LAUNCH_URL, CLIENT_ID));
    const started = await issuer.app.request(login.pathname + login.search);
    const { fields } = formPostOf(await (await fetch(started.headers.get('location')!)).text());
    return issuer.app.request('/lti/launch', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookiesOf(started), accept: 'text/html' }, body: new URLSearchParams(fields).toString() });
  }

  it('asks for a service token with a client assertion the platform checks against /lti/jwks.json, records the grade and the Final Exam score, and the learner earns it', async () => {
    platform.launchAs({ sub: 'sub-dee', contextId: COURSE, ags: true });
    const page = await launch();
    const html = await page.text();
    expect(page.status, html).toBe(200);
    expect(platform.tokenRequests.at(-1)).toMatchObject({ accepted: true, form: { grant_type: 'client_credentials', scope: expect.stringContaining('result.readonly') } });
    expect(html).toMatch(/<strong>Graded 101<\/strong> — Earned/);
    expect(html).toContain('data-credential=');
    const learner = (await issuer.store.learners.getByLmsUserId(issuerId, 'sub-dee'))!;
    const latest = await issuer.store.completions.latestPerCourse(issuerId, learner.id);
    // (45 + 84) / (50 + 100) = 86%; each line item's grade under its tag (else label).
    expect(latest).toEqual([expect.objectContaining({ courseId: COURSE, gradePercent: 86, assignmentGrades: { Homework: 90, 'Final Exam': 84 } })]);

    // The same scores again: the same source event, nothing new.
    const count = async () => (await issuer.store.db.selectFrom('completionRecords').select('id').execute()).length;
    const before = await count();
    platform.launchAs({ sub: 'sub-dee', contextId: COURSE, ags: true });
    expect((await launch()).status).toBe(200);
    expect(await count()).toBe(before);
  });

  it('a launch without the AGS claim reads nothing; scores that cannot be read (here: no usable tool key) still leave the page shown', async () => {
    const requests = platform.tokenRequests.length;
    platform.launchAs({ sub: 'sub-dee', contextId: COURSE });
    expect((await launch()).status).toBe(200);
    expect(platform.tokenRequests.length).toBe(requests);

    platform.lineItems[1]!.scores['sub-dee'] = 95;
    await issuer.store.db.deleteFrom('ltiToolKeys').execute();
    await issuer.store.ltiToolKeys.addIfAbsent({ kid: 'unpublished', publicJwk: '{}', sealedPrivateKey: 'not-a-sealed-key' });
    platform.launchAs({ sub: 'sub-dee', contextId: COURSE, ags: true });
    const page = await launch();
    expect(page.status).toBe(200);
    expect(await page.text()).toMatch(/<strong>Graded 101<\/strong> — Earned/);
  });
});
