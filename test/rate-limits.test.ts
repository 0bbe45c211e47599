// Abuse resistance (issue 15 item 1): per-client and per-token request budgets,
// a failed-authentication limiter that the defaults make stop a token-guessing
// burst, 429 problems with Retry-After, and budgets shared through Redis.
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger, createRateLimits, PROBLEM_CONTENT_TYPE } from '@laurel/http-kit';
import { loadIssuerConfig } from '@laurel/issuer-service';
import { createVerifierApp, loadVerifierConfig } from '@laurel/verifier-service';
import { freshDatabaseUrl, type FreshDatabase } from './support/databases.js';
import { createTestIssuer, type TestIssuer } from './support/issuer.js';
import { probeRedis, REDIS_URL, waitFor } from './support/redis.js';

const redisProblem = await probeRedis();
const redisRequired = process.env.CI === 'true';

/** What @hono/node-server passes a request from `address`. */
const from = (address: string) => ({ incoming: { socket: { remoteAddress: address } } });

const opened: { issuer: TestIssuer; database: FreshDatabase }[] = [];
afterEach(async () => {
  for (const { issuer, database } of opened.splice(0)) {
    await issuer.close();
    await database.drop();
  }
});

async function issuerWithLimits(env: Record<string, string>, service = `issuer-${randomBytes(4).toString('hex')}`): Promise<TestIssuer> {
  const database = await freshDatabaseUrl('sqlite');
  const rateLimits = await createRateLimits(loadIssuerConfig(env), { service });
  const issuer = await createTestIssuer(database.url, undefined, { rateLimits });
  opened.push({ issuer, database });
  return issuer;
}

const get = (issuer: TestIssuer, path: string, address: string, token?: string) =>
  issuer.app.request(path, { headers: token ? { authorization: `Bearer ${token}` } : {} }, from(address));

describe('rate limits', () => {
  it('with the defaults, a burst of 1,000 bad-token requests from one client gets 429s after a handful of 401s', async () => {
    const issuer = await issuerWithLimits({});
    const statuses: number[] = [];
    let refusal: Response | undefined;
    for (let i = 0; i < 1_000; i++) {
      const response = await get(issuer, '/v1/issuers', '198.51.100.7', `lrl_${randomBytes(16).toString('hex')}`);
      statuses.push(response.status);
      if (response.status === 429) refusal ??= response;
    }
    const unauthorized = statuses.filter((status) => status === 401).length;
    expect(unauthorized).toBe(21); // RATE_LIMIT_AUTH_FAILURES=20 allowed, the 21st blocks the client
    expect(statuses.filter((status) => status === 429)).toHaveLength(1_000 - unauthorized);
    expect(refusal!.headers.get('content-type')).toBe(PROBLEM_CONTENT_TYPE);
    const retryAfter = Number(refusal!.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(500);
    expect(retryAfter).toBeLessThanOrEqual(600);
    expect(await refusal!.json()).toMatchObject({ status: 429, code: 'RATE_LIMITED', retryAfter });
    // Another client is not affected, and even the right token is refused from the blocked one.
    expect((await get(issuer, '/v1/issuers', '198.51.100.8', issuer.adminToken)).status).toBe(200);
    expect((await get(issuer, '/v1/issuers', '198.51.100.7', issuer.adminToken)).status).toBe(429);
  });

  it('refuses a client after RATE_LIMIT_PUBLIC_REQUESTS in the window, and serves it again once the window has passed', async () => {
    const issuer = await issuerWithLimits({ RATE_LIMIT_PUBLIC_REQUESTS: '3', RATE_LIMIT_WINDOW_SECONDS: '1' });
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await get(issuer, '/health', '192.0.2.1')).status);
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    expect((await get(issuer, '/health', '192.0.2.2')).status).toBe(200);
    await waitFor('the window to pass', async () => ((await get(issuer, '/health', '192.0.2.1')).status === 200 ? true : undefined), 5_000);
  });

  it('lets the failed-authentication block lapse after its window', async () => {
    const issuer = await issuerWithLimits({ RATE_LIMIT_AUTH_FAILURES: '2', RATE_LIMIT_AUTH_FAILURE_WINDOW_SECONDS: '1' });
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await get(issuer, '/v1/issuers', '192.0.2.9', 'lrl_wrong')).status);
    expect(statuses).toEqual([401, 401, 401, 429, 429]);
    // Not being signed in is no failed guess: a 401 without any credential offered is not counted.
    for (let i = 0; i < 5; i++) expect((await get(issuer, '/v1/issuers', '192.0.2.10')).status).toBe(401);
    await waitFor('the block to lapse', async () => ((await get(issuer, '/v1/issuers', '192.0.2.9', issuer.adminToken)).status === 200 ? true : undefined), 5_000);
  });

  it('charges authenticated requests to their token, not their client address', async () => {
    const issuer = await issuerWithLimits({ RATE_LIMIT_PUBLIC_REQUESTS: '2', RATE_LIMIT_TOKEN_REQUESTS: '4' });
    const { token: other } = await issuer.store.tokens.create({ issuerId: null, name: 'other', scopes: ['read'] });
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await get(issuer, '/v1/issuers', '192.0.2.20', issuer.adminToken)).status);
    expect(statuses).toEqual([200, 200, 200, 200, 429]);
    // Another token from the same address has its own budget, and the address's public budget is untouched.
    expect((await get(issuer, '/v1/issuers', '192.0.2.20', other)).status).toBe(200);
    expect((await get(issuer, '/health', '192.0.2.20')).status).toBe(200);
  });

  it('believes X-Forwarded-For only from TRUST_PROXY proxies', async () => {
    const trusting = await issuerWithLimits({ RATE_LIMIT_PUBLIC_REQUESTS: '1', TRUST_PROXY: 'true' });
    const via = (client: string) => trusting.app.request('/health', { headers: { 'x-forwarded-for': `203.0.113.99, ${client}` } }, from('10.0.0.1'));
    expect([(await via('192.0.2.30')).status, (await via('192.0.2.31')).status, (await via('192.0.2.30')).status]).toEqual([200, 200, 429]);

    const warnings: string[] = [];
    const database = await freshDatabaseUrl('sqlite');
    const rateLimits = await createRateLimits(loadIssuerConfig({ RATE_LIMIT_PUBLIC_REQUESTS: '1' }), { service: `issuer-${randomBytes(4).toString('hex')}`, warn: (_details, message) => warnings.push(message) });
    const direct = await createTestIssuer(database.url, undefined, { rateLimits });
    opened.push({ issuer: direct, database });
    const spoof = (client: string) => direct.app.request('/health', { headers: { 'x-forwarded-for': client } }, from('192.0.2.40'));
    expect([(await spoof('192.0.2.41')).status, (await spoof('192.0.2.42')).status]).toEqual([200, 429]);
    // Said once: a proxy seems to be in front, untrusted.
    expect(warnings).toEqual([expect.stringContaining('TRUST_PROXY is not set')]);
  });

  it('limits the verifier per client address too', async () => {
    const config = loadVerifierConfig({ RATE_LIMIT_PUBLIC_REQUESTS: '2' });
    const rateLimits = await createRateLimits(config, { service: `verifier-${randomBytes(4).toString('hex')}` });
    const app = createVerifierApp({ config, logger: createLogger({ name: 'test', level: 'silent' }), rateLimits, fetchJson: async () => ({}), trustedIssuers: new Map(), now: () => new Date() });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await app.request('/health', {}, from('192.0.2.50'))).status);
    expect(statuses).toEqual([200, 200, 429]);
    await rateLimits.close();
  });

  it('with RATE_LIMIT_REDIS_URL unreachable, starts and limits with in-process counters', async () => {
    // Nothing listens on port 1: every Redis command fails at once.
    const issuer = await issuerWithLimits({ RATE_LIMIT_PUBLIC_REQUESTS: '2', RATE_LIMIT_REDIS_URL: 'redis://127.0.0.1:1' });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await get(issuer, '/health', '192.0.2.70')).status);
    expect(statuses).toEqual([200, 200, 429]);
  });

  describe.skipIf(redisProblem !== undefined && !redisRequired)(`shared through Redis (RATE_LIMIT_REDIS_URL) ${redisProblem ? `— skipped: ${redisProblem}` : ''}`, () => {
    it('two processes with the same Redis share one budget per client', async () => {
      const service = `issuer-${randomBytes(4).toString('hex')}`;
      const env = { RATE_LIMIT_PUBLIC_REQUESTS: '3', RATE_LIMIT_REDIS_URL: REDIS_URL };
      const [one, two] = [await issuerWithLimits(env, service), await issuerWithLimits(env, service)];
      const statuses = [];
      for (const issuer of [one, two, one, two, one]) statuses.push((await get(issuer, '/health', '192.0.2.60')).status);
      expect(statuses).toEqual([200, 200, 200, 429, 429]);
    });
  });
});
