// Issue 16 item 2: the admin console at /admin, driven in Chromium as a person would:
// sign in with a token, find a learner by email, revoke with a reason (the verifier then
// says revoked), CSRF refusals, course-staff reach; axe on each screen; nothing scrolls
// sideways at 375 px.
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { readFile } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, serveOnLoopback, skipBrowserTests, type TestBrowser } from './support/browser.js';
import { freshDatabaseUrl, type FreshDatabase } from './support/databases.js';
import { createTestIssuer, type TestIssuer } from './support/issuer.js';
import { checkOf, createTestVerifier, type TestVerifier } from './support/verifier.js';
import { COURSE, createTenant, expectNothingWritten, send, type Tenant } from './issuer-api-support.js';

const OTHER_COURSE = 'course-v1:Laurel+CON202+2026';

describe.skipIf(skipBrowserTests)('admin console in Chromium', () => {
  let browser: TestBrowser;
  let database: FreshDatabase;
  let issuer: TestIssuer;
  let verifier: TestVerifier;
  let tenant: Tenant;
  let server: { url: string; close(): Promise<void> };
  let adminToken: string;
  let staffToken: string;
  let adaCredentialId: string;
  let graceCredentialId: string;

  async function complete(lmsUserId: string, name: string, email: string, courseId: string) {
    const learner = { lmsUserId, name, email };
    const response = await send(issuer, 'POST', '/v1/completions', { json: { issuerId: tenant.issuerId, learner, courseId, completionPercent: 100, gradePercent: 95, passed: true, sourceEventId: `${lmsUserId}-${courseId}` } });
    expect(response.status, response.text).toBe(200);
    return response.body.issued[0].credentialId as string;
  }

  beforeAll(async () => {
    browser = await launchBrowser();
    database = await freshDatabaseUrl('sqlite');
    issuer = await createTestIssuer(database.url);
    verifier = createTestVerifier({ store: issuer.store });
    tenant = await createTenant(issuer, 'console-u');
    const other = await send(issuer, 'POST', `/v1/issuers/${tenant.issuerId}/achievements`, { json: { externalId: OTHER_COURSE, name: 'Console 202', rules: { minGradePercent: 50 } } });
    expect(other.status, other.text).toBe(201);
    adaCredentialId = await complete('ada', 'Ada Lovelace', 'ada.lovelace@example.edu', COURSE);
    graceCredentialId = await complete('grace', 'Grace Hopper', 'grace@example.edu', OTHER_COURSE);
    adminToken = (await issuer.store.tokens.create({ issuerId: tenant.issuerId, name: 'console admin', scopes: ['admin'] })).token;
    staffToken = (await issuer.store.tokens.create({ issuerId: tenant.issuerId, name: 'cs101 staff', scopes: ['read', 'revoke'], limitedTo: { courseIds: [COURSE], achievementIds: [] } })).token;
    server = await serveOnLoopback(issuer.app.fetch);
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await verifier?.close();
    await issuer?.close();
    await database?.drop();
  });

  async function signIn(token: string): Promise<Page> {
    await browser.context.clearCookies();
    const page = await browser.newPage();
    await page.goto(`${server.url}/admin`);
    expect(new URL(page.url()).pathname).toBe('/admin/sign-in');
    await page.getByLabel('API token').fill(token);
    await Promise.all([page.waitForURL(`${server.url}/admin`), page.getByRole('button', { name: 'Sign in' }).click()]);
    return page;
  }

  /** axe (WCAG rules) finds nothing, and at 375 px the page is no wider than the screen. */
  async function expectAccessibleAndNarrow(page: Page, name: string) {
    const { violations } = await new AxeBuilder({ page }).analyze();
    const summary = violations.map((violation) => `${violation.impact}: ${violation.id} (${violation.nodes.map((node) => node.html.slice(0, 80)).join(' | ')})`);
    expect(violations, summary.join('\n')).toEqual([]);
    await page.setViewportSize({ width: 375, height: 800 });
    const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
    expect(overflow, `${name} scrolls sideways by ${overflow} px at 375 px`).toBeLessThanOrEqual(0);
    await browser.screenshot(page, `admin-console-${name}-375`);
    await page.setViewportSize({ width: 1000, height: 900 });
  }

  it('signs in with a token, finds a learner by email, revokes with a reason, and the verifier then says revoked', async () => {
    const signed = (await issuer.store.credentials.get(adaCredentialId))!.document;
    expect(checkOf((await verifier.verify(signed)).body, 'status').status).toBe('valid');
    const page = await signIn(adminToken);
    const cookie = (await browser.context.cookies(`${server.url}/admin`)).find((entry) => entry.name === 'laurel_admin');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/admin' });
    await expectAccessibleAndNarrow(page, 'dashboard');

    await page.getByRole('link', { name: 'Credentials' }).click();
    await page.getByLabel('Learner name, email or LMS id').fill('ada.lovelace@example');
    await Promise.all([page.waitForURL(/q=ada/), page.getByRole('button', { name: 'Search' }).click()]);
    const rows = page.locator('tbody tr');
    expect(await rows.count()).toBe(1);
    expect(await rows.first().innerText()).toContain('ada.lovelace@example.edu');
    await expectAccessibleAndNarrow(page, 'credentials');
    // On a phone each cell says what it is (the header row is out of sight there).
    await page.setViewportSize({ width: 375, height: 800 });
    const label = await page.evaluate<string>(`getComputedStyle(document.querySelector('tbody td'), '::before').content`);
    expect(label).toBe('"Learner: "');
    await page.setViewportSize({ width: 1000, height: 900 });

    await page.getByRole('link', { name: 'Ada Lovelace' }).click();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(`Credential ${adaCredentialId}`);
    await expectAccessibleAndNarrow(page, 'credential');
    await page.getByLabel('Reason').first().fill('plagiarism found in the final project');
    await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: 'Revoke credential' }).click()]);
    expect(await page.locator('dd .state-revoked').textContent()).toBe('revoked');
    expect(await page.locator('tbody').innerText()).toMatch(/revoked\s+token:console admin\s+plagiarism found in the final project/);

    const report = (await verifier.verify(signed)).body;
    expect(checkOf(report, 'status')).toMatchObject({ status: 'invalid', code: 'REVOKED' });
    const audit = await send(issuer, 'GET', `/v1/audit-log?targetId=${adaCredentialId}&action=credential.revoke`);
    expect(audit.body.items).toEqual([expect.objectContaining({ actor: 'token:console admin', details: { reason: 'plagiarism found in the final project' } })]);
    await page.close();
  });

  it('CSRF: a POST without the synchronizer token, or from another origin, is refused and writes nothing', async () => {
    const page = await signIn(adminToken);
    const cookies = (await browser.context.cookies(`${server.url}/admin`)).map((entry) => `${entry.name}=${entry.value}`).join('; ');
    const post = (body: string, origin: string) =>
      fetch(`${server.url}/admin/credentials/${graceCredentialId}/revoke`, { method: 'POST', redirect: 'manual', headers: { cookie: cookies, origin, 'content-type': 'application/x-www-form-urlencoded' }, body });
    const withoutToken = await expectNothingWritten(issuer.store, () => post('reason=forged', server.url));
    expect(withoutToken.status).toBe(403);
    expect(await withoutToken.text()).toContain('did not come from this console');
    const csrf = await page.locator('input[name="_csrf"]').first().inputValue();
    const crossSite = await expectNothingWritten(issuer.store, () => post(`reason=forged&_csrf=${csrf}`, 'https://evil.example'));
    expect(crossSite.status).toBe(403);
    const wrongToken = await expectNothingWritten(issuer.store, () => post(`reason=forged&_csrf=${csrf.slice(1)}x`, server.url));
    expect(wrongToken.status).toBe(403);
    // The same request with this session's token goes through: the refusals above were the token's doing.
    const accepted = await post(`reason=control&_csrf=${csrf}`, server.url);
    expect(accepted.status).toBe(303);
    expect((await issuer.store.credentials.get(graceCredentialId))!.state).toBe('revoked');
    await page.close();
  });

  it('a course-staff session sees and revokes only its course: another course is refused', async () => {
    const page = await signIn(staffToken);
    // Only the screens a course-staff token may open are offered.
    expect(await page.getByRole('navigation').getByRole('link').allInnerTexts()).toEqual(['Dashboard', 'Credentials', 'Learners', 'Achievements']);
    await page.goto(`${server.url}/admin/credentials`);
    const text = await page.locator('main').innerText();
    expect(text).toContain('Ada Lovelace');
    expect(text).not.toContain('Grace Hopper');
    const refused = await page.goto(`${server.url}/admin/credentials/${graceCredentialId}`);
    expect(refused?.status()).toBe(403);
    expect(await page.locator('main').innerText()).not.toContain('Grace');
    await expectAccessibleAndNarrow(page, 'refused');
    const own = await page.goto(`${server.url}/admin/credentials/${adaCredentialId}`);
    expect(own?.status()).toBe(200);
    await page.close();
  });

  it('learners: found by email, overview with credentials, erasure only after typing the LMS id', async () => {
    await complete('erin', 'Erin Erasable', 'erin@example.edu', OTHER_COURSE);
    const page = await signIn(adminToken);
    await page.getByRole('link', { name: 'Learners' }).click();
    await page.getByLabel('Name, email, username or LMS id').fill('erin@example');
    await Promise.all([page.waitForURL(/q=erin/), page.getByRole('button', { name: 'Search' }).click()]);
    await expectAccessibleAndNarrow(page, 'learners');
    await page.getByRole('link', { name: 'Erin Erasable' }).click();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Learner Erin Erasable');
    expect(await page.locator('main').innerText()).toMatch(/Console 202: earned/);
    await expectAccessibleAndNarrow(page, 'learner');
    const learnerPath = new URL(page.url()).pathname;

    await page.getByRole('link', { name: /Erase this learner/ }).click();
    await expectAccessibleAndNarrow(page, 'erase');
    await page.getByLabel(/Type the learner's LMS id/).fill('not-erin');
    const mismatch = await expectNothingWritten(issuer.store, async () => {
      await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: 'Erase personal data' }).click()]);
      return page.locator('main').innerText();
    });
    expect(mismatch).toContain('nothing was erased');
    await expectAccessibleAndNarrow(page, 'erase-mismatch');
    await page.getByRole('link', { name: 'Try again' }).click();
    await page.getByLabel(/Type the learner's LMS id/).fill('erin');
    await Promise.all([page.waitForURL(`${server.url}${learnerPath}`), page.getByRole('button', { name: 'Erase personal data' }).click()]);
    const erased = await page.locator('main').innerText();
    expect(erased).toContain('Erased');
    expect(erased).not.toContain('erin@example.edu');
    const learner = await issuer.store.learners.get(learnerPath.split('/').at(-1)!);
    expect(learner).toMatchObject({ name: null, email: null, erasedAt: expect.any(String) });
    await page.close();
  });

  it('achievements: edit the rules, see the dry-run counts, save them as the next rules version', async () => {
    const page = await signIn(adminToken);
    await page.getByRole('link', { name: 'Achievements' }).click();
    await expectAccessibleAndNarrow(page, 'achievements');
    await page.getByRole('link', { name: 'API 101' }).click();
    await expectAccessibleAndNarrow(page, 'achievement');
    expect(await page.locator('main').innerText()).toMatch(/70%/);
    const candidate = { minGradePercent: 92 };
    await page.getByLabel('Rules (JSON)').fill(JSON.stringify(candidate));
    await Promise.all([page.waitForURL(/dry-run/), page.getByRole('button', { name: /Dry run/ }).click()]);
    await expectAccessibleAndNarrow(page, 'dry-run');
    // Cross-check with the API's dry run of the same rules: ada (95) qualifies, the tenant's learner (90) no longer would.
    const api = await send(issuer, 'POST', `/v1/issuers/${tenant.issuerId}/achievements/${tenant.achievementId}/dry-run`, { json: { rules: candidate } });
    expect(api.body).toMatchObject({ wouldEarn: 1, holdersNotMeeting: 1 });
    const count = (name: string) => page.locator(`[data-count="${name}"]`).textContent();
    expect([await count('wouldEarn'), await count('newlyEarning'), await count('holdersNotMeeting')]).toEqual([String(api.body.wouldEarn), String(api.body.newlyEarning), String(api.body.holdersNotMeeting)]);
    expect(await page.locator('main').innerText()).toMatch(/92%/);

    await Promise.all([page.waitForURL(`${server.url}/admin/achievements/${tenant.achievementId}`), page.getByRole('button', { name: 'Save these rules' }).click()]);
    expect(await page.locator('main').innerText()).toMatch(/Rules version\s+2/);
    const versions = await send(issuer, 'GET', `/v1/issuers/${tenant.issuerId}/achievements/${tenant.achievementId}/rule-versions`);
    expect(versions.body.map((version: { version: number }) => version.version)).toEqual([1, 2]);
    expect(versions.body[1].rules).toMatchObject(candidate);

    await page.getByLabel('Rules (JSON)').fill('{"minGradePercent": 250}');
    const refused = await expectNothingWritten(issuer.store, async () => {
      await Promise.all([page.waitForURL(/dry-run/), page.getByRole('button', { name: /Dry run/ }).click()]);
      return page.locator('main').innerText();
    });
    expect(refused).toMatch(/rules\.minGradePercent/);
    await page.close();
  });

  it('imports a CSV of 50 rows: the per-row report on the page and as a downloaded CSV; a second import issues nothing', async () => {
    const rows = Array.from({ length: 50 }, (_, index) => `imp-${index},${OTHER_COURSE},imp-user-${index},Imported ${index},imp${index}@example.edu,2025-06-01T00:00:00Z,legacy certificate`);
    rows[10] = 'imp-10,no-such-course,imp-user-10,,,,';
    rows[20] = 'imp-20,' + OTHER_COURSE + ',,,,,';
    const csv = `row_key,achievement,lms_user_id,name,email,issued_at,reason\n${rows.join('\n')}\n`;
    const page = await signIn(adminToken);
    await page.getByRole('link', { name: 'Awards and imports' }).click();
    await expectAccessibleAndNarrow(page, 'imports');
    const upload = async () => {
      await page.goto(`${server.url}/admin/imports`);
      await page.getByLabel('CSV file').setInputFiles({ name: 'legacy.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
      await Promise.all([page.waitForURL(`${server.url}/admin/imports`), page.getByRole('button', { name: 'Import' }).click()]);
      await page.getByRole('heading', { name: 'Import report' }).waitFor();
      const count = async (name: string) => Number(await page.locator(`[data-count="${name}"]`).textContent());
      return { rows: await count('rows'), issued: await count('issued'), duplicate: await count('duplicate'), failed: await count('failed') };
    };
    expect(await upload()).toEqual({ rows: 50, issued: 48, duplicate: 0, failed: 2 });
    await expectAccessibleAndNarrow(page, 'import-report');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download the report (CSV)' }).click()]);
    expect(download.suggestedFilename()).toBe('import-report.csv');
    const report = parse(await readFile((await download.path())!, 'utf8'), { columns: true }) as Record<string, string>[];
    expect(report).toHaveLength(50);
    expect(report.filter((row) => row.outcome === 'issued')).toHaveLength(48);
    expect(report.find((row) => row.row_key === 'imp-10')).toMatchObject({ line: '12', outcome: 'failed' });
    expect(report.find((row) => row.row_key === 'imp-20')?.errors).toMatch(/lms_user_id/);
    const issued = report.find((row) => row.row_key === 'imp-0')!;
    expect((await issuer.store.credentials.get(issued.credential_id!))?.issuedAt).toMatch(/^2025-06-01/);

    expect(await upload()).toEqual({ rows: 50, issued: 0, duplicate: 48, failed: 2 });
    await page.close();
  });

  it('tokens: a course-staff token created with its secret shown once, listed without it, then revoked', async () => {
    const page = await signIn(adminToken);
    await page.getByRole('link', { name: 'Tokens' }).click();
    await expectAccessibleAndNarrow(page, 'tokens');
    await page.getByLabel('Name', { exact: true }).fill('TA for API 101');
    await page.getByRole('checkbox', { name: 'revoke', exact: true }).check();
    await page.getByLabel(/Course staff/).fill(COURSE);
    await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: 'Create token' }).click()]);
    const secret = (await page.locator('[data-secret]').textContent())!;
    expect(secret).toMatch(/^lrl_/);
    await expectAccessibleAndNarrow(page, 'token-created');
    const listed = await send(issuer, 'GET', `/v1/credentials?issuerId=${tenant.issuerId}`, { token: secret });
    expect(listed.status, listed.text).toBe(200);
    expect(listed.body.items.every((item: { achievementId: string }) => item.achievementId === tenant.achievementId)).toBe(true);

    await page.goto(`${server.url}/admin/tokens`);
    expect(await page.content()).not.toContain(secret);
    await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: 'Revoke TA for API 101' }).click()]);
    expect(await page.locator('main').innerText()).not.toContain('TA for API 101');
    expect((await send(issuer, 'GET', `/v1/credentials?issuerId=${tenant.issuerId}`, { token: secret })).status).toBe(401);

    // A form missing its name is a 400 naming the field, and creates nothing.
    const before = (await issuer.store.tokens.list({ issuerId: tenant.issuerId, includeRevoked: true }, { limit: 500 })).items.length;
    await Promise.all([page.waitForLoadState('load'), page.getByLabel('Name', { exact: true }).evaluate((input) => input.removeAttribute('required')), page.getByRole('button', { name: 'Create token' }).click()]);
    expect(await page.locator('main').innerText()).toMatch(/name/);
    expect((await issuer.store.tokens.list({ issuerId: tenant.issuerId, includeRevoked: true }, { limit: 500 })).items.length).toBe(before);
    await page.close();
  });

  it('dashboard counts what was issued today, as the API does; the audit log filters by action', async () => {
    const page = await signIn(adminToken);
    const today = new Date().toISOString().slice(0, 10);
    let apiCount = 0;
    for (let cursor: string | null = null, first = true; first || cursor; first = false) {
      const found: { body: { items: unknown[]; nextCursor: string | null } } = await send(issuer, 'GET', `/v1/credentials?issuerId=${tenant.issuerId}&limit=500&issuedFrom=${today}T00:00:00Z${cursor ? `&cursor=${cursor}` : ''}`);
      apiCount += found.body.items.length;
      cursor = found.body.nextCursor;
    }
    expect(apiCount).toBeGreaterThan(0);
    expect(await page.locator('[data-count="issuedToday"]').textContent()).toBe(String(apiCount));

    await page.getByRole('link', { name: 'Audit log' }).click();
    await page.getByLabel(/^Action/).fill('credential.revoke');
    await Promise.all([page.waitForURL(/action=credential.revoke/), page.getByRole('button', { name: 'Filter' }).click()]);
    const rows = await page.locator('tbody tr').allInnerTexts();
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((row) => row.includes('credential.revoke'))).toBe(true);
    expect(rows.some((row) => row.includes('plagiarism found in the final project'))).toBe(true);
    await expectAccessibleAndNarrow(page, 'audit-log');
    await page.getByRole('link', { name: 'Issuer' }).click();
    await expectAccessibleAndNarrow(page, 'issuer');
    await page.close();
  });

  it('signing out ends the session: the console sends you to sign in again', async () => {
    const page = await signIn(adminToken);
    await Promise.all([page.waitForURL(/sign-in/), page.getByRole('button', { name: 'Sign out' }).click()]);
    await page.goto(`${server.url}/admin/credentials`);
    expect(new URL(page.url()).pathname).toBe('/admin/sign-in');
    await expectAccessibleAndNarrow(page, 'sign-in');
    await page.close();
  });
});
