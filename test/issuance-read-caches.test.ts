// ISSUANCE_CACHE_TTL_MS: what every completion reads and almost never changes
// (its API token, the issuer, the signing key, the achievements its course
// counts toward) is read once per cache lifetime, counted with the store's
// query log; changes made through the same process take effect at once, and
// one made through another process within the TTL.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { createApiToken, revokeApiToken } from '@laurel/issuance';
import { startIssuer, type RunningIssuer } from '@laurel/issuer-service';
import { openStore } from '@laurel/store';
import { describeEachDatabase } from './support/databases.js';
import { waitFor } from './support/wait.js';

describeEachDatabase('issuance read caches', (database) => {
  const running: { issuer: RunningIssuer; dir: string }[] = [];
  afterEach(async () => {
    for (const { issuer, dir } of running.splice(0)) {
      await issuer.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  async function start(env: Record<string, string> = {}) {
    const dir = mkdtempSync(path.join(tmpdir(), 'laurel-caches-'));
    const token = `lrl_${randomBytes(24).toString('base64url')}`;
    const queries: string[] = [];
    const databaseUrl = await database.fresh();
    const issuer = await startIssuer(
      { DATABASE_URL: databaseUrl, ISSUER_PORT: '0', LOG_LEVEL: 'silent', LAUREL_KEYS_DIR: dir, LAUREL_KEY_ENCRYPTION_KEY: randomBytes(32).toString('base64'), LAUREL_BOOTSTRAP_TOKEN: token, ...env },
      { storeLog: (event) => void queries.push(event.query.sql) },
    );
    running.push({ issuer, dir });
    const call = async (method: string, pathname: string, body?: unknown, bearer = token) => {
      const response = await fetch(`${issuer.url}${pathname}`, { method, headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' }, ...(body ? { body: JSON.stringify(body) } : {}) });
      return { status: response.status, body: (await response.json()) as any };
    };
    const created = await call('POST', '/v1/issuers', { slug: `caches-${randomBytes(3).toString('hex')}`, name: 'Cache University', didMethod: 'web' });
    const issuerId: string = created.body.id;
    await call('POST', `/v1/issuers/${issuerId}/achievements`, { externalId: 'course-v1:C+C+1', name: 'Caching', rules: { minGradePercent: 50 } });
    let sequence = 0;
    const complete = async (courseId = 'course-v1:C+C+1', bearer = token) => {
      sequence += 1;
      return call('POST', '/v1/completions', { issuerId, learner: { lmsUserId: `l-${sequence}`, name: 'Learner' }, courseId, gradePercent: 80, sourceEventId: `e-${sequence}` }, bearer);
    };
    return { issuer, queries, call, complete, issuerId, token, databaseUrl };
  }

  const reads = (queries: string[], table: string) => queries.filter((sql) => new RegExp(`^select .* from ["\`]${table}["\`]`).test(sql)).length;

  it('completions read the token, issuer, key and course achievements once per cache lifetime', async () => {
    const { queries, complete } = await start({ ISSUANCE_CACHE_TTL_MS: '60000' });
    expect((await complete()).body.issued).toHaveLength(1);
    queries.length = 0;
    for (let i = 0; i < 3; i++) expect((await complete()).body.issued).toHaveLength(1);
    expect({ tokens: reads(queries, 'api_tokens'), issuers: reads(queries, 'issuers'), keys: reads(queries, 'issuer_keys'), achievements: reads(queries, 'achievements') }).toEqual({ tokens: 0, issuers: 0, keys: 0, achievements: 0 });
  });

  it('ISSUANCE_CACHE_TTL_MS=0 reads them for every completion', async () => {
    const { queries, complete } = await start({ ISSUANCE_CACHE_TTL_MS: '0' });
    await complete();
    queries.length = 0;
    for (let i = 0; i < 3; i++) await complete();
    expect({ tokens: reads(queries, 'api_tokens'), issuers: reads(queries, 'issuers'), keys: reads(queries, 'issuer_keys'), achievements: reads(queries, 'achievements') }).toEqual({ tokens: 3, issuers: 3, keys: 3, achievements: 3 });
  });

  it('a key rotated and an achievement created through this process count at once', async () => {
    const { call, complete, issuerId } = await start({ ISSUANCE_CACHE_TTL_MS: '60000' });
    await complete();
    const rotated = await call('POST', `/v1/issuers/${issuerId}/keys`);
    expect(rotated.status).toBe(201);
    const issued = (await complete()).body.issued[0];
    const credential = await call('GET', `/v1/credentials/${issued.credentialId}`);
    expect(JSON.stringify(credential.body)).toContain(rotated.body.keyId);
    await call('POST', `/v1/issuers/${issuerId}/achievements`, { externalId: 'course-v1:C+C+2', name: 'Second', rules: { minGradePercent: 50 } });
    expect((await complete('course-v1:C+C+2')).body.issued).toHaveLength(1);
  });

  it('a token revoked by another process is refused within the TTL', async () => {
    const { complete, issuerId, databaseUrl } = await start({ ISSUANCE_CACHE_TTL_MS: '300' });
    const other = await openStore({ databaseUrl });
    try {
      const { token, record } = await createApiToken({ store: other }, 'test', { name: 'short-lived', issuerId, scopes: ['issue'] });
      expect((await complete(undefined, token)).status).toBe(200);
      await revokeApiToken({ store: other }, 'test', record.id);
      const refused = await waitFor('the revoked token refused', async () => {
        const answer = await complete(undefined, token);
        return answer.status === 401 ? answer : undefined;
      });
      expect(refused.status).toBe(401);
    } finally {
      await other.close();
    }
  });
});
