// Issue 16 item 2: the admin console's sign-in and session, over HTTP on every database:
// a token of every issuer names the issuer it manages, a tampered cookie or a revoked
// token ends the session, pages carry the page policy and no script.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from './support/databases.js';
import { createTestIssuer, type TestIssuer } from './support/issuer.js';
import { COURSE, createTenant, expectNothingWritten, type Tenant } from './issuer-api-support.js';

const ORIGIN = 'http://console.test';

describeEachDatabase('admin console session', (database) => {
  let issuer: TestIssuer;
  let tenant: Tenant;

  beforeAll(async () => {
    issuer = await createTestIssuer(database.url);
    tenant = await createTenant(issuer, 'console-s');
  });
  afterAll(() => issuer.close());

  const request = async (path: string, init: { method?: string; cookie?: string; form?: Record<string, string>; origin?: string } = {}): Promise<Response> =>
    issuer.app.request(`${ORIGIN}${path}`, {
      method: init.method ?? (init.form ? 'POST' : 'GET'),
      headers: {
        ...(init.cookie ? { cookie: init.cookie } : {}),
        ...(init.form ? { 'content-type': 'application/x-www-form-urlencoded', origin: init.origin ?? ORIGIN } : {}),
      },
      ...(init.form ? { body: new URLSearchParams(init.form).toString() } : {}),
    });

  async function signIn(form: Record<string, string>): Promise<string> {
    const response = await request('/admin/sign-in', { form });
    expect(response.status, await response.clone().text()).toBe(303);
    const cookie = response.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^laurel_admin=[^;]+; Max-Age=28800; Path=\/admin; HttpOnly; SameSite=Strict/);
    return cookie.split(';')[0]!;
  }

  it('a token of every issuer signs in only naming an issuer (id or slug), and then manages that one', async () => {
    const refused = await request('/admin/sign-in', { form: { token: issuer.adminToken } });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain('name the issuer');
    const cookie = await signIn({ token: issuer.adminToken, issuer: tenant.slug });
    const page = await request('/admin/credentials', { cookie });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Learner console-s-learner');
  });

  it('a wrong or revoked token is refused; revoking the token ends its sessions at once', async () => {
    const wrong = await request('/admin/sign-in', { form: { token: 'lrl_not-a-token' } });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('set-cookie')).toBeNull();
    const { token, record } = await issuer.store.tokens.create({ issuerId: tenant.issuerId, name: 'short-lived', scopes: ['admin'] });
    const cookie = await signIn({ token });
    expect((await request('/admin', { cookie })).status).toBe(200);
    await issuer.call('POST', `/v1/tokens/${record.id}/revoke`);
    const after = await request('/admin', { cookie });
    expect(after.status).toBe(303);
    expect(after.headers.get('location')).toBe('/admin/sign-in');
  });

  it('a tampered cookie is no session; a POST without one is 401 and writes nothing', async () => {
    const cookie = await signIn({ token: issuer.adminToken, issuer: tenant.issuerId });
    const [name, value] = cookie.split('=') as [string, string];
    // Another issuer's id in the signed value, signature kept: the HMAC no longer matches.
    const forged = `${name}=${encodeURIComponent(decodeURIComponent(value).replace(tenant.issuerId, 'someone-else'))}`;
    expect((await request('/admin/credentials', { cookie: forged })).status).toBe(303);
    const post = await expectNothingWritten(issuer.store, () => request(`/admin/credentials/${tenant.credentialId}/revoke`, { form: { reason: 'x' } }));
    expect(post.status).toBe(401);
  });

  it('suspend and lift a suspension with reasons, through the forms; course staff get no suspend form and are refused', async () => {
    const cookie = await signIn({ token: issuer.adminToken, issuer: tenant.slug });
    const path = `/admin/credentials/${tenant.credentialId}`;
    const csrfOf = async (page: Response) => /name="_csrf" value="([^"]+)"/.exec(await page.text())![1]!;
    const csrf = await csrfOf(await request(path, { cookie }));
    const suspended = await request(`${path}/suspend`, { cookie, form: { reason: 'under review', _csrf: csrf } });
    expect(suspended.status).toBe(303);
    expect((await issuer.store.credentials.get(tenant.credentialId))).toMatchObject({ state: 'suspended', stateReason: 'under review' });
    expect(await (await request(path, { cookie })).text()).toContain('Lift suspension');
    expect((await request(`${path}/unsuspend`, { cookie, form: { reason: 'review closed', _csrf: csrf } })).status).toBe(303);
    const history = await issuer.call('GET', `/v1/credentials/${tenant.credentialId}/history`);
    expect(history.body.events.slice(-2).map((event: { event: string; reason: string }) => [event.event, event.reason])).toEqual([['suspended', 'under review'], ['unsuspended', 'review closed']]);
    // A blank reason is a 400 naming the field, and changes nothing.
    const blank = await expectNothingWritten(issuer.store, () => request(`${path}/suspend`, { cookie, form: { reason: ' ', _csrf: csrf } }));
    expect(blank.status).toBe(400);
    expect(await blank.text()).toContain('reason');

    const { token } = await issuer.store.tokens.create({ issuerId: tenant.issuerId, name: 'staff', scopes: ['read', 'revoke'], limitedTo: { courseIds: [], achievementIds: [tenant.achievementId] } });
    const staff = await signIn({ token });
    const staffPage = await (await request(path, { cookie: staff })).text();
    expect(staffPage).toContain('Revoke credential');
    expect(staffPage).not.toContain('Suspend credential');
    const staffCsrf = /name="_csrf" value="([^"]+)"/.exec(staffPage)![1]!;
    const refused = await expectNothingWritten(issuer.store, () => request(`${path}/suspend`, { cookie: staff, form: { reason: 'x', _csrf: staffCsrf } }));
    expect(refused.status).toBe(403);
    // Their learner list leads to the credentials they may see, not to the learner overview they may not.
    expect(await (await request('/admin/learners', { cookie: staff })).text()).toContain(`/admin/credentials?learnerId=${tenant.learnerId}`);
    expect((await request(`/admin/learners/${tenant.learnerId}`, { cookie: staff })).status).toBe(403);
  });

  it('issuer profile: saved through the form (empty clears), a bad URL is a 400 naming the field and writes nothing', async () => {
    const cookie = await signIn({ token: issuer.adminToken, issuer: tenant.slug });
    const csrf = /name="_csrf" value="([^"]+)"/.exec(await (await request('/admin/issuer', { cookie })).text())![1]!;
    const fields = { name: 'Console University', url: 'https://console.example.edu', email: 'registrar@console.example.edu', imageUrl: '', locale: 'fr-CA', description: '' };
    const saved = await request('/admin/issuer', { cookie, form: { ...fields, _csrf: csrf } });
    expect(saved.status).toBe(303);
    const profile = await issuer.call('GET', `/v1/issuers/${tenant.issuerId}`);
    expect(profile.body).toMatchObject({ name: 'Console University', url: 'https://console.example.edu', email: 'registrar@console.example.edu', imageUrl: null, locale: 'fr-CA', description: null });
    const bad = await expectNothingWritten(issuer.store, () => request('/admin/issuer', { cookie, form: { ...fields, url: 'not a url', _csrf: csrf } }));
    expect(bad.status).toBe(400);
    expect(await bad.text()).toMatch(/<strong>url<\/strong>/);
  });

  it('manual award: issued with the reason in the audit log; an unknown achievement or a bad email writes nothing', async () => {
    const cookie = await signIn({ token: issuer.adminToken, issuer: tenant.slug });
    const csrf = /name="_csrf" value="([^"]+)"/.exec(await (await request('/admin/imports', { cookie })).text())![1]!;
    const fields = { achievement: tenant.achievementId, lmsUserId: 'awarded-1', name: 'Awarded Learner', email: 'awarded@example.edu', reason: 'completed offline', _csrf: csrf };
    const awarded = await request('/admin/awards', { cookie, form: fields });
    expect(awarded.status).toBe(303);
    const credentialId = awarded.headers.get('location')!.split('/').at(-1)!;
    const credential = await issuer.store.credentials.get(credentialId);
    expect(credential).toMatchObject({ achievementId: tenant.achievementId, state: 'active' });
    const audit = await issuer.call('GET', `/v1/audit-log?targetId=${credentialId}&action=credential.issue`);
    expect(audit.body.items[0]).toMatchObject({ actor: 'token:test admin', details: expect.objectContaining({ manual: true, reason: 'completed offline' }) });
    for (const [field, value, status] of [['achievement', 'no-such-achievement', 404], ['email', 'not-an-email', 400]] as const) {
      const refused = await expectNothingWritten(issuer.store, () => request('/admin/awards', { cookie, form: { ...fields, lmsUserId: 'awarded-2', [field]: value } }));
      expect(refused.status, field).toBe(status);
    }
  });

  it('certificate preview from the achievement page: page, PDF and baked badge; course staff are refused, as by the API', async () => {
    const cookie = await signIn({ token: issuer.adminToken, issuer: tenant.slug });
    const base = `/admin/achievements/${tenant.achievementId}/preview`;
    expect(await (await request(`/admin/achievements/${tenant.achievementId}`, { cookie })).text()).toContain(`${base}?format=pdf`);
    const pageResponse = await request(`${base}?format=html`, { cookie });
    expect(pageResponse.status).toBe(200);
    expect(await pageResponse.text()).toContain('API 101');
    const pdf = await request(`${base}?format=pdf`, { cookie });
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-');
    const png = await request(`${base}?format=png`, { cookie });
    expect([...new Uint8Array(await png.arrayBuffer()).subarray(1, 4)]).toEqual([0x50, 0x4e, 0x47]);
    expect((await request(`${base}?format=gif`, { cookie })).status).toBe(400);

    const { token } = await issuer.store.tokens.create({ issuerId: tenant.issuerId, name: 'preview staff', scopes: ['read'], limitedTo: { courseIds: [], achievementIds: [tenant.achievementId] } });
    const staff = await signIn({ token });
    expect(await (await request(`/admin/achievements/${tenant.achievementId}`, { cookie: staff })).text()).not.toContain(base);
    expect((await request(`${base}?format=html`, { cookie: staff })).status).toBe(403);
    expect((await issuer.app.request(`/v1/issuers/${tenant.issuerId}/achievements/${tenant.achievementId}/preview`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(403);
  });

  it("re-issue: correcting a learner's name issues their active credentials again and revokes the old ones as superseded", async () => {
    const cookie = await signIn({ token: issuer.adminToken, issuer: tenant.slug });
    const completed = await issuer.call('POST', '/v1/completions', { issuerId: tenant.issuerId, learner: { lmsUserId: 'renamed', name: 'Jon Smiht' }, courseId: COURSE, completionPercent: 100, gradePercent: 90, passed: true, sourceEventId: 'renamed-1' });
    const oldId = completed.body.issued[0].credentialId as string;
    const learnerId = completed.body.progress[0].learnerId as string;
    const csrf = /name="_csrf" value="([^"]+)"/.exec(await (await request(`/admin/learners/${learnerId}`, { cookie })).text())![1]!;
    const blank = await expectNothingWritten(issuer.store, () => request(`/admin/learners/${learnerId}/name`, { cookie, form: { name: ' ', _csrf: csrf } }));
    expect(blank.status).toBe(400);
    expect((await request(`/admin/learners/${learnerId}/name`, { cookie, form: { name: 'Jon Smith', _csrf: csrf } })).status).toBe(303);
    const old = (await issuer.store.credentials.get(oldId))!;
    expect(old.state).toBe('revoked');
    const replacement = (await issuer.store.credentials.get(old.supersededById!))!;
    expect(replacement).toMatchObject({ state: 'active', supersedesId: oldId });
    expect(JSON.stringify(replacement.document)).toContain('Jon Smith');
  });

  it('archiving the issuer needs the confirmation ticked; then it issues nothing new', async () => {
    const other = await createTenant(issuer, 'console-archive');
    const cookie = await signIn({ token: issuer.adminToken, issuer: other.slug });
    const csrf = /name="_csrf" value="([^"]+)"/.exec(await (await request('/admin/issuer', { cookie })).text())![1]!;
    const unticked = await expectNothingWritten(issuer.store, () => request('/admin/issuer/archive', { cookie, form: { _csrf: csrf } }));
    expect(unticked.status).toBe(400);
    expect(await unticked.text()).toContain('confirm');
    expect((await request('/admin/issuer/archive', { cookie, form: { confirm: 'yes', _csrf: csrf } })).status).toBe(303);
    expect((await issuer.store.issuers.get(other.issuerId))?.archivedAt).toEqual(expect.any(String));
    const award = await issuer.call('POST', `/v1/awards?issuerId=${other.issuerId}`, { achievement: other.achievementId, learner: { lmsUserId: 'late' }, reason: 'after archiving' });
    expect(award.status).toBe(409);
  });

  it('sign-in from another origin is refused before anything else', async () => {
    const response = await request('/admin/sign-in', { form: { token: issuer.adminToken, issuer: tenant.slug }, origin: 'https://evil.example' });
    expect(response.status).toBe(403);
    expect(response.headers.get('set-cookie')).toBeNull();
  });

  it('every console page documented in /openapi.json carries the page policy and no script; unknown console paths are a 404 page', async () => {
    const cookie = await signIn({ token: issuer.adminToken, issuer: tenant.slug });
    const document = (await (await issuer.app.request('/openapi.json')).json()) as { paths: Record<string, Record<string, unknown>> };
    const pages = Object.entries(document.paths).filter(([path, item]) => path.startsWith('/admin') && 'get' in item).map(([path]) => path);
    expect(pages.length).toBeGreaterThanOrEqual(12);
    const ids: Record<string, string> = { credentialId: tenant.credentialId, learnerId: tenant.learnerId, achievementId: tenant.achievementId };
    for (const template of pages) {
      const path = template.replace(/\{(\w+)\}/g, (_, name: string) => ids[name]!);
      const response = await request(path, { cookie });
      expect(response.status, path).toBe(200);
      expect(response.headers.get('content-security-policy'), path).toMatch(/default-src 'none'/);
      expect(response.headers.get('content-security-policy'), path).not.toMatch(/script-src/);
      expect(response.headers.get('cache-control'), path).toBe('no-store');
      expect(await response.text(), path).not.toMatch(/<script/i);
    }
    const missing = await request('/admin/nothing-here', { cookie });
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toMatch(/^text\/html/);
  });
});
