// Issue 15 item 2: one security-headers middleware gives every HTML page its policy.
// Every route that /openapi.json says can answer text/html is requested here (a new
// HTML route without a sample below fails the test), and every HTML answer is checked
// against the policy; HSTS follows the public URL and trusted proxies only.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger, pagePolicy } from '@laurel/http-kit';
import { createVerifierApp } from '@laurel/verifier-service';
import { freshDatabaseUrl, type FreshDatabase } from './support/databases.js';
import { createTestIssuer, TEST_URLS, type TestIssuer } from './support/issuer.js';
import { learnerToken, seedCertificates, type Seeded } from './support/certificates.js';
import { createTestVerifier } from './support/verifier.js';

type Sample = { path: string; init?: RequestInit };
const BROWSER = { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' };

/** Routes whose documented answers include text/html, as "METHOD /path/{param}". */
function htmlRoutes(document: { paths: Record<string, Record<string, { responses?: Record<string, { content?: Record<string, unknown> }> }>> }): string[] {
  return Object.entries(document.paths).flatMap(([path, operations]) =>
    Object.entries(operations)
      .filter(([, operation]) => Object.values(operation.responses ?? {}).some((response) => Object.keys(response.content ?? {}).includes('text/html')))
      .map(([method]) => `${method.toUpperCase()} ${path}`),
  );
}

function expectPagePolicy(response: Response, where: string) {
  const headers = response.headers;
  expect(headers.get('content-type'), where).toMatch(/^text\/html/);
  const csp = headers.get('content-security-policy') ?? '';
  expect(csp, where).toBe(pagePolicy());
  // No script at all unless hashed: default-src 'none' and no script-src that could loosen it.
  expect(csp, where).not.toMatch(/script-src[^;]*unsafe/);
  expect(csp, where).toContain("frame-ancestors 'none'");
  expect(headers.get('x-frame-options'), where).toBe('DENY');
  expect(headers.get('x-content-type-options'), where).toBe('nosniff');
  expect(headers.get('referrer-policy'), where).toMatch(/^(same-origin|no-referrer)$/);
  // TEST_URLS are https: HSTS on every answer.
  expect(headers.get('strict-transport-security'), where).toBe('max-age=31536000');
}

describe('security headers on every HTML page', () => {
  let database: FreshDatabase;
  let issuer: TestIssuer;
  let seeded: Seeded;

  beforeAll(async () => {
    database = await freshDatabaseUrl('sqlite');
    issuer = await createTestIssuer(database.url);
    seeded = await seedCertificates(issuer);
  }, 60_000);
  afterAll(async () => {
    await issuer?.close();
    await database?.drop();
  });

  it('issuer: each HTML route, in each of its HTML answers, carries the page policy', async () => {
    const credentialId = seeded.credentials['ada:cs101']!;
    const revokedId = seeded.credentials['bob:cs101']!;
    expect((await issuer.call('POST', `/v1/credentials/${revokedId}/revoke`, { reason: 'test' })).status).toBe(200);
    const offer = await issuer.call('POST', `/v1/credentials/${credentialId}/offers`, {});
    expect(offer.status).toBe(201);
    const signIn = await issuer.app.request(`/records/sign-in?token=${await learnerToken(seeded.issuerId, 'ada')}`);
    const cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0]!;
    expect(cookie).toContain('=');
    const ada = seeded.learners.ada!;
    const share = await issuer.app.request(`/records/${ada}/share-links`, { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: '{}' });
    const sharedPath = new URL(((await share.json()) as { url: string }).url).pathname;
    const form = { method: 'POST', headers: { ...BROWSER, cookie, origin: 'http://localhost', 'content-type': 'application/x-www-form-urlencoded' }, body: '' };

    const design = await issuer.call('POST', `/v1/issuers/${seeded.issuerId}/designs`, { name: 'Plain', design: { format: 'laurel-design/1', pages: [{ elements: [{ type: 'text', x: 40, y: 40, width: 400, height: 40, text: '{{learner.name}}' }] }] } });
    expect(design.status).toBe(201);

    const samples: Record<string, Sample[]> = {
      'GET /credentials/{credentialId}': [{ path: `/credentials/${credentialId}` }, { path: `/credentials/${revokedId}` }],
      'GET /credentials/{credentialId}/claim': [{ path: `/credentials/${credentialId}/claim` }],
      'GET /claim/{token}': [{ path: new URL(offer.body.claimUrl).pathname }, { path: '/claim/not-a-claim-token' }],
      'GET /records/{learnerId}': [{ path: `/records/${ada}`, init: { headers: { ...BROWSER, cookie } } }],
      'POST /records/{learnerId}/share-links': [{ path: `/records/${ada}/share-links`, init: form }],
      'GET /shared/{token}': [{ path: sharedPath }],
      'GET /achievements/{achievementId}': [{ path: `/achievements/${seeded.achievements.cs101}` }],
      'GET /v1/issuers/{issuerId}/achievements/{achievementId}/preview': [
        { path: `/v1/issuers/${seeded.issuerId}/achievements/${seeded.achievements.cs101}/preview`, init: { headers: { ...BROWSER, authorization: `Bearer ${issuer.adminToken}` } } },
      ],
      'GET /v1/issuers/{issuerId}/designs/{designId}/preview': [
        { path: `/v1/issuers/${seeded.issuerId}/designs/${design.body.id}/preview`, init: { headers: { ...BROWSER, authorization: `Bearer ${issuer.adminToken}` } } },
      ],
    };
    // The admin console's pages need a session: admin-console-session.test.ts checks each documented one.
    const documented = htmlRoutes((await (await issuer.app.request('/openapi.json')).json()) as never).filter((route) => !route.includes(' /admin'));
    expect(documented.sort()).toEqual(Object.keys(samples).sort());

    const statuses: string[] = [];
    for (const [route, list] of Object.entries(samples)) {
      for (const { path, init } of list) {
        const response = await issuer.app.request(path, init ?? { headers: BROWSER });
        statuses.push(`${route} ${response.status}`);
        expectPagePolicy(response, `${route} (${path}) → ${response.status}`);
      }
    }
    // Pages that succeed and pages that refuse (401, 404, 410) alike.
    expect(statuses).toEqual([
      'GET /credentials/{credentialId} 200', 'GET /credentials/{credentialId} 410', 'GET /credentials/{credentialId}/claim 401',
      'GET /claim/{token} 200', 'GET /claim/{token} 404', 'GET /records/{learnerId} 200', 'POST /records/{learnerId}/share-links 200', 'GET /shared/{token} 200',
      'GET /achievements/{achievementId} 200', 'GET /v1/issuers/{issuerId}/achievements/{achievementId}/preview 200',
      'GET /v1/issuers/{issuerId}/designs/{designId}/preview 200',
    ]);
    // Pages with secrets in their URL keep their stricter referrer policy.
    expect((await issuer.app.request(new URL(offer.body.claimUrl).pathname, { headers: BROWSER })).headers.get('referrer-policy')).toBe('no-referrer');
  });

  it('issuer: JSON answers get nosniff but no page policy; the authenticated API allows no other origin', async () => {
    const response = await issuer.app.request('/v1/issuers', { headers: { authorization: `Bearer ${issuer.adminToken}`, origin: 'https://evil.example' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('content-security-policy')).toBeNull();
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
    const page = await issuer.app.request(`/credentials/${seeded.credentials['ada:cs101']}`, { headers: { ...BROWSER, origin: 'https://evil.example' } });
    expect(page.headers.get('access-control-allow-origin')).toBeNull();
    // Public JSON documents are for everyone.
    const json = await issuer.app.request(`/credentials/${seeded.credentials['ada:cs101']}`);
    expect(json.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('verifier: the verify page, shown and answered, carries the page policy', async () => {
    const verifier = createTestVerifier();
    const documented = htmlRoutes((await (await verifier.app.request('/openapi.json')).json()) as never);
    expect(documented.sort()).toEqual(['GET /verify', 'POST /verify']);
    const shown = await verifier.app.request('/verify', { headers: BROWSER });
    expect(shown.status).toBe(200);
    expectPagePolicy(shown, 'GET /verify');
    const answered = await verifier.app.request('/verify', { method: 'POST', headers: { ...BROWSER, 'content-type': 'application/x-www-form-urlencoded' }, body: 'credential=%7B%7D' });
    expect([200, 400]).toContain(answered.status);
    expectPagePolicy(answered, 'POST /verify');
    // The verify page is for this origin; the VC-API answers any (a browser preflight says which methods).
    expect(shown.headers.get('access-control-allow-origin')).toBeNull();
    const preflight = await verifier.app.request('/credentials/verify', { method: 'OPTIONS', headers: { origin: 'https://employer.example', 'access-control-request-method': 'POST' } });
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
    expect(preflight.headers.get('access-control-allow-methods')).toBe('POST');
    await verifier.close();
  });

  describe('HSTS: only when the public URL is https or a trusted proxy says the client used https (RFC 6797 §7.2)', () => {
    const verifierAt = (publicUrl: string, trustProxy: number) =>
      createVerifierApp({
        config: { VERIFIER_MAX_BODY_BYTES: 1024, VERIFIER_PUBLIC_URL: publicUrl, TRUST_PROXY: trustProxy },
        logger: createLogger({ name: 'test', level: 'silent' }),
        fetchJson: async () => ({}),
        trustedIssuers: new Map(),
        now: () => new Date(),
      });
    const hsts = async (app: ReturnType<typeof verifierAt>, headers: Record<string, string> = {}) => (await app.request('/verify', { headers })).headers.get('strict-transport-security');

    it('an https public URL: always', async () => {
      expect(await hsts(verifierAt(TEST_URLS.statusBaseUrl, 0))).toBe('max-age=31536000');
    });
    it('an http public URL: only behind TRUST_PROXY with X-Forwarded-Proto: https', async () => {
      expect(await hsts(verifierAt('http://localhost:3001', 0))).toBeNull();
      expect(await hsts(verifierAt('http://localhost:3001', 0), { 'x-forwarded-proto': 'https' })).toBeNull();
      expect(await hsts(verifierAt('http://localhost:3001', 1), { 'x-forwarded-proto': 'https' })).toBe('max-age=31536000');
      expect(await hsts(verifierAt('http://localhost:3001', 1), { 'x-forwarded-proto': 'http' })).toBeNull();
    });
  });
});
