// Who may do what, on every database: missing, wrong and revoked tokens are
// 401; too small a scope is 403; a tenant's token never reaches another
// tenant's data; LMS JWTs are accepted only when properly signed and current.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { SignJWT, UnsecuredJWT } from 'jose';
import { describeEachDatabase } from './support/databases.js';
import { createTestIssuer, type TestIssuer } from './support/issuer.js';
import { completion, createTenant, expectNothingWritten, expectProblem, send, type SendOptions, type Tenant } from './issuer-api-support.js';

const LMS_SECRET = 'test-lms-shared-secret-of-enough-length';

function lmsJwt(claims: Record<string, unknown>, options: { secret?: string; expiresAt?: number | null; alg?: string } = {}): Promise<string> {
  const jwt = new SignJWT(claims).setProtectedHeader({ alg: options.alg ?? 'HS256' }).setIssuedAt().setSubject('lms-service');
  // null: no exp claim at all.
  if (options.expiresAt !== null) jwt.setExpirationTime(options.expiresAt ?? Math.floor(Date.now() / 1000) + 300);
  return jwt.sign(new TextEncoder().encode(options.secret ?? LMS_SECRET));
}

interface Call {
  name: string;
  method: string;
  path: (a: Tenant, b: Tenant) => string;
  options?: (a: Tenant, b: Tenant) => SendOptions;
}

const vc2 = (issuer: string) => ({ '@context': ['https://www.w3.org/ns/credentials/v2'], type: ['VerifiableCredential'], issuer, credentialSubject: { id: 'did:example:learner' } });

/** Every route, aimed at tenant `b`'s data (with `a` for bodies that name an issuer). */
const routesOnB: Call[] = [
  { name: 'GET issuer', method: 'GET', path: (_a, b) => `/v1/issuers/${b.issuerId}` },
  { name: 'GET achievements', method: 'GET', path: (_a, b) => `/v1/issuers/${b.issuerId}/achievements` },
  { name: 'GET achievement', method: 'GET', path: (_a, b) => `/v1/issuers/${b.issuerId}/achievements/${b.achievementId}` },
  { name: 'POST achievement', method: 'POST', path: (_a, b) => `/v1/issuers/${b.issuerId}/achievements`, options: () => ({ json: { externalId: 'c-9', name: 'Nine' } }) },
  { name: 'POST keys', method: 'POST', path: (_a, b) => `/v1/issuers/${b.issuerId}/keys` },
  { name: 'GET progress', method: 'GET', path: (_a, b) => `/v1/learners/${b.learnerId}/progress` },
  { name: 'PATCH learner', method: 'PATCH', path: (_a, b) => `/v1/learners/${b.learnerId}`, options: () => ({ json: { name: 'Mallory' } }) },
  { name: 'POST completions', method: 'POST', path: () => '/v1/completions', options: (_a, b) => ({ json: { issuerId: b.issuerId, ...completion('intruder', 'intruder-1') } }) },
  { name: 'GET credential', method: 'GET', path: (_a, b) => `/v1/credentials/${b.credentialId}` },
  { name: 'POST revoke', method: 'POST', path: (_a, b) => `/v1/credentials/${b.credentialId}/revoke`, options: () => ({ json: { reason: 'x' } }) },
  { name: 'POST suspend', method: 'POST', path: (_a, b) => `/v1/credentials/${b.credentialId}/suspend`, options: () => ({ json: {} }) },
  { name: 'POST unsuspend', method: 'POST', path: (_a, b) => `/v1/credentials/${b.credentialId}/unsuspend`, options: () => ({ json: {} }) },
  { name: 'VC-API issue', method: 'POST', path: () => '/credentials/issue', options: (_a, b) => ({ json: { credential: vc2(b.did), options: { issuerId: b.issuerId } } }) },
  { name: 'VC-API status', method: 'POST', path: () => '/credentials/status', options: (_a, b) => ({ json: { credentialId: b.credentialId, credentialStatus: [{ type: 'BitstringStatusListEntry', status: 'revoked' }], issuerId: b.issuerId } }) },
];

const writesOnA: Call[] = [
  { name: 'POST completions', method: 'POST', path: () => '/v1/completions', options: (a) => ({ json: { issuerId: a.issuerId, ...completion('newcomer', 'newcomer-1') } }) },
  { name: 'PATCH learner', method: 'PATCH', path: (a) => `/v1/learners/${a.learnerId}`, options: () => ({ json: { locale: 'fr' } }) },
  { name: 'POST suspend', method: 'POST', path: (a) => `/v1/credentials/${a.credentialId}/suspend`, options: () => ({ json: {} }) },
  { name: 'POST revoke', method: 'POST', path: (a) => `/v1/credentials/${a.credentialId}/revoke`, options: () => ({ json: {} }) },
  { name: 'VC-API issue', method: 'POST', path: () => '/credentials/issue', options: (a) => ({ json: { credential: vc2(a.did), options: { issuerId: a.issuerId } } }) },
  { name: 'VC-API status', method: 'POST', path: () => '/credentials/status', options: (a) => ({ json: { credentialId: a.credentialId, credentialStatus: [{ type: 'BitstringStatusListEntry', status: 'suspended' }], issuerId: a.issuerId } }) },
  { name: 'POST achievement', method: 'POST', path: (a) => `/v1/issuers/${a.issuerId}/achievements`, options: () => ({ json: { externalId: 'c-9', name: 'Nine' } }) },
  { name: 'POST keys', method: 'POST', path: (a) => `/v1/issuers/${a.issuerId}/keys` },
  { name: 'POST issuer', method: 'POST', path: () => '/v1/issuers', options: () => ({ json: { slug: 'rogue-u', name: 'Rogue' } }) },
];

const ADMIN_ONLY = new Set(['POST achievement', 'POST keys', 'POST issuer']);

describeEachDatabase('issuer API: authentication and authorization', (database) => {
  let issuer: TestIssuer;
  let a: Tenant;
  let b: Tenant;
  const tokens = {} as Record<'readA' | 'issueA' | 'adminA' | 'revoked', string>;
  beforeAll(async () => {
    issuer = await createTestIssuer(database.url);
    a = await createTenant(issuer, 'tenant-a', 'web');
    b = await createTenant(issuer, 'tenant-b', 'web');
    tokens.readA = (await issuer.store.tokens.create({ issuerId: a.issuerId, name: 'a reader', scopes: ['read'] })).token;
    tokens.issueA = (await issuer.store.tokens.create({ issuerId: a.issuerId, name: 'a lms', scopes: ['issue'] })).token;
    tokens.adminA = (await issuer.store.tokens.create({ issuerId: a.issuerId, name: 'a admin', scopes: ['admin'] })).token;
    const revoked = await issuer.store.tokens.create({ issuerId: null, name: 'old admin', scopes: ['admin'] });
    await issuer.store.tokens.revoke(revoked.record.id);
    tokens.revoked = revoked.token;
  });
  afterAll(() => issuer.close());

  const unauthenticated: [string, SendOptions['token'] | undefined, Record<string, string>?][] = [
    ['no token', null],
    ['an unknown API token', 'lrl_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'],
    ['a token that is not a token', 'hunter2'],
    ['a revoked token', undefined],
    ['Basic credentials', null, { authorization: 'Basic YWRtaW46YWRtaW4=' }],
  ];

  it.each(unauthenticated)('%s → 401 on every route, and nothing written', async (_name, token, headers) => {
    for (const call of [...routesOnB, ...writesOnA, { name: 'GET issuers', method: 'GET', path: () => '/v1/issuers' }]) {
      const response = await expectNothingWritten(issuer.store, () =>
        send(issuer, call.method, call.path(a, b), { ...call.options?.(a, b), token: token === undefined ? tokens.revoked : token, ...(headers ? { headers } : {}) }),
      );
      expectProblem(response, 401, undefined, 'UNAUTHORIZED');
    }
  });

  it('a read token may read its own issuer but write nothing → 403', async () => {
    expect((await send(issuer, 'GET', `/v1/issuers/${a.issuerId}`, { token: tokens.readA })).status).toBe(200);
    expect((await send(issuer, 'GET', `/v1/credentials/${a.credentialId}`, { token: tokens.readA })).status).toBe(200);
    expect((await send(issuer, 'GET', `/v1/learners/${a.learnerId}/progress`, { token: tokens.readA })).status).toBe(200);
    for (const call of writesOnA) {
      const response = await expectNothingWritten(issuer.store, () => send(issuer, call.method, call.path(a, b), { ...call.options?.(a, b), token: tokens.readA }));
      // Revoking needs "revoke" (which course staff may hold); every other write "issue" or "admin".
      expectProblem(response, 403, ADMIN_ONLY.has(call.name) ? /"admin"/ : call.name === 'POST revoke' ? /"revoke"/ : /"issue"/, 'FORBIDDEN');
    }
  });

  it('an issue token may report completions but not create achievements, rotate keys or create issuers → 403', async () => {
    for (const call of writesOnA.filter((candidate) => ADMIN_ONLY.has(candidate.name))) {
      const response = await expectNothingWritten(issuer.store, () => send(issuer, call.method, call.path(a, b), { ...call.options?.(a, b), token: tokens.issueA }));
      expectProblem(response, 403, /"admin"/, 'FORBIDDEN');
    }
    const reported = await send(issuer, 'POST', '/v1/completions', { json: completion('via-token', 'via-token-1'), token: tokens.issueA });
    expect(reported.status, reported.text).toBe(200);
    expect(reported.body.issued).toHaveLength(1);
    expect((await issuer.store.credentials.get(reported.body.issued[0].credentialId))?.issuerId).toBe(a.issuerId);
  });

  it("a tenant's admin token cannot create issuers → 403", async () => {
    const response = await expectNothingWritten(issuer.store, () => send(issuer, 'POST', '/v1/issuers', { json: { slug: 'rogue-u', name: 'Rogue' }, token: tokens.adminA }));
    expectProblem(response, 403, /global admin/, 'FORBIDDEN');
  });

  it.each(routesOnB.map((call) => [call.name, call] as const))("tenant A's admin token on tenant B: %s → 403, nothing written", async (_name, call) => {
    const response = await expectNothingWritten(issuer.store, () => send(issuer, call.method, call.path(a, b), { ...call.options?.(a, b), token: tokens.adminA }));
    expectProblem(response, 403, /may not act for that issuer/, 'FORBIDDEN');
  });

  it("tenant A's token naming no issuer cannot change B's credential through the VC-API: the route cannot tell it exists → 404", async () => {
    for (const credentialId of [b.credentialId, `https://issuer.test/credentials/${b.credentialId}`]) {
      const response = await expectNothingWritten(issuer.store, () =>
        send(issuer, 'POST', '/credentials/status', { json: { credentialId, credentialStatus: [{ type: 'BitstringStatusListEntry', status: 'revoked' }] }, token: tokens.adminA }),
      );
      expectProblem(response, 404, /No credential/, 'NOT_FOUND');
    }
    expect((await issuer.store.credentials.get(b.credentialId))?.state).toBe('active');
  });

  it("tenant A's token signing a credential as B's DID for itself → 400, nothing written", async () => {
    const response = await expectNothingWritten(issuer.store, () => send(issuer, 'POST', '/credentials/issue', { json: { credential: vc2(b.did) }, token: tokens.adminA }));
    expectProblem(response, 400, 'credential.issuer', 'ISSUER_KEY_MISMATCH');
  });

  it("tenant A's token lists only A, and the same calls on A's own data succeed", async () => {
    const listed = await send(issuer, 'GET', '/v1/issuers', { token: tokens.adminA });
    expect(listed.status).toBe(200);
    expect((listed.body as { id: string }[]).map((row) => row.id)).toEqual([a.issuerId]);
    for (const call of routesOnB.filter((candidate) => candidate.method === 'GET')) {
      const own = await send(issuer, call.method, call.path(b, a), { ...call.options?.(b, a), token: tokens.adminA });
      expect(own.status, `${call.name}: ${own.text}`).toBe(200);
    }
    const rotated = await send(issuer, 'POST', `/v1/issuers/${a.issuerId}/keys`, { token: tokens.adminA });
    expect(rotated.status, rotated.text).toBe(201);
  });

  it('an LMS JWT (HS256, scope issue, issuer_id) reports completions for its issuer', async () => {
    const jwt = await lmsJwt({ scope: 'issue', issuer_id: a.issuerId });
    const reported = await send(issuer, 'POST', '/v1/completions', { json: completion('via-jwt', 'via-jwt-1'), token: jwt });
    expect(reported.status, reported.text).toBe(200);
    expect(reported.body.issued).toHaveLength(1);
    expect((await issuer.store.credentials.get(reported.body.issued[0].credentialId))?.issuerId).toBe(a.issuerId);
    const audit = await issuer.store.audit.list({ limit: 500 });
    expect(audit.find((entry) => entry.action === 'completion.record' && entry.actor === 'lms:lms-service')).toBeDefined();
    expect(audit.find((entry) => entry.action === 'credential.issue' && entry.targetId === reported.body.issued[0].credentialId)?.actor).toBe('lms:lms-service');
    expect(JSON.stringify(audit)).not.toContain(jwt);
  });

  it('an LMS JWT for issuer A cannot act for B → 403, nor write with scope read → 403', async () => {
    const forA = await lmsJwt({ scope: 'issue', issuer_id: a.issuerId });
    const crossed = await expectNothingWritten(issuer.store, () => send(issuer, 'POST', '/v1/completions', { json: { issuerId: b.issuerId, ...completion('x', 'x-1') }, token: forA }));
    expectProblem(crossed, 403, /may not act for that issuer/, 'FORBIDDEN');
    const reader = await lmsJwt({ scope: 'read', issuer_id: a.issuerId });
    const readOnly = await expectNothingWritten(issuer.store, () => send(issuer, 'POST', '/v1/completions', { json: completion('x', 'x-1'), token: reader }));
    expectProblem(readOnly, 403, /"issue"/, 'FORBIDDEN');
    const noScope = await lmsJwt({ issuer_id: a.issuerId });
    expectProblem(await send(issuer, 'POST', '/v1/completions', { json: completion('x', 'x-1'), token: noScope }), 403, /"issue"/, 'FORBIDDEN');
  });

  it('an LMS JWT naming no issuer_id: refused unless administrator, or scoped to LMS_JWT_ISSUER_ID', async () => {
    const anonymous = await lmsJwt({ scope: 'issue' });
    const refused = await expectNothingWritten(issuer.store, () => send(issuer, 'POST', '/v1/completions', { json: { issuerId: b.issuerId, ...completion('nobody', 'nobody-1') }, token: anonymous }));
    expectProblem(refused, 403, /issuer_id/, 'FORBIDDEN');
    const administrator = await lmsJwt({ administrator: true });
    const listed = await send(issuer, 'GET', '/v1/issuers', { token: administrator });
    expect(listed.body.map((entry: { id: string }) => entry.id)).toEqual(expect.arrayContaining([a.issuerId, b.issuerId]));

    // The same JWT on an issuer configured with LMS_JWT_ISSUER_ID=<a's slug> acts for A, and only A.
    const scoped = await createTestIssuer(database.url, undefined, { jwtDefaultIssuer: a.slug, keyEncryptionKey: issuer.deps.keyEncryptionKey });
    try {
      const forA = await send(scoped, 'POST', '/v1/completions', { json: completion('default-issuer', 'default-issuer-1'), token: anonymous });
      expect(forA.status, forA.text).toBe(200);
      expect((await scoped.store.credentials.get(forA.body.issued[0].credentialId))?.issuerId).toBe(a.issuerId);
      const crossed = await expectNothingWritten(scoped.store, () => send(scoped, 'POST', '/v1/completions', { json: { issuerId: b.issuerId, ...completion('x', 'x-2') }, token: anonymous }));
      expectProblem(crossed, 403, /may not act for that issuer/, 'FORBIDDEN');
    } finally {
      await scoped.close();
    }
  });

  it('expired, never-expiring, wrongly signed, other-algorithm and unsigned (alg none) JWTs → 401, nothing written', async () => {
    const claims = { scope: 'issue', issuer_id: a.issuerId };
    const now = Math.floor(Date.now() / 1000);
    const bad: [string, string][] = [
      ['expired', await lmsJwt(claims, { expiresAt: now - 60 })],
      ['without exp (valid forever if leaked)', await lmsJwt(claims, { expiresAt: null })],
      ['wrong secret', await lmsJwt(claims, { secret: 'another-secret-of-quite-enough-length' })],
      ['HS512 with the right secret', await lmsJwt(claims, { alg: 'HS512' })],
      ['alg none', new UnsecuredJWT(claims).setIssuedAt().setExpirationTime(now + 300).encode()],
      ['alg none, hand-made', `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.`],
      ['signature stripped', (await lmsJwt(claims)).replace(/\.[^.]+$/, '.')],
      ['payload swapped', (await lmsJwt({ scope: 'read', issuer_id: a.issuerId })).replace(/\.[^.]+\./, `.${Buffer.from(JSON.stringify({ ...claims, administrator: true })).toString('base64url')}.`)],
    ];
    for (const [name, jwt] of bad) {
      const response = await expectNothingWritten(issuer.store, () => send(issuer, 'POST', '/v1/completions', { json: completion(`jwt-${name}`, `jwt-${name}`), token: jwt }));
      expect(response.status, name).toBe(401);
      expectProblem(response, 401, /JWT|bearer token/, 'UNAUTHORIZED');
    }
  });
});
