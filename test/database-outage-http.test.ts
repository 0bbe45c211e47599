// The issuer and the verifier while MariaDB is unreachable (a TCP proxy
// between them and the database, cut by the test): requests answer 503 with
// Retry-After and a problem body naming DATABASE_UNAVAILABLE, nothing is
// half-written, and the same request succeeds once the database is back.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '@laurel/store';
import { freshDatabaseUrl, mysqlAvailable, type FreshDatabase } from './support/databases.js';
import { createTestIssuer, TEST_URLS, type TestIssuer } from './support/issuer.js';
import { proxyUrl, type TcpProxy } from './support/tcp-proxy.js';
import { createTestVerifier, type TestVerifier } from './support/verifier.js';

const COURSE = 'course-v1:Outage+OUT101+2026';

describe.runIf(mysqlAvailable || process.env.CI === 'true')('API during a database outage [MariaDB behind a cut proxy]', () => {
  let database: FreshDatabase;
  let proxy: TcpProxy;
  let issuer: TestIssuer;
  let verifier: TestVerifier;
  let direct: Store;
  let issuerId: string;

  beforeAll(async () => {
    database = await freshDatabaseUrl('mysql');
    const proxied = await proxyUrl(database.url);
    proxy = proxied.proxy;
    issuer = await createTestIssuer(proxied.url);
    verifier = createTestVerifier({ store: issuer.store });
    direct = await openStore({ databaseUrl: database.url });
    const created = await issuer.call('POST', '/v1/issuers', { slug: 'outage-u', name: 'Outage University', didMethod: 'key' });
    expect(created.status).toBe(201);
    issuerId = created.body.id;
    expect((await issuer.call('POST', `/v1/issuers/${issuerId}/achievements`, { externalId: COURSE, name: 'Outages 101', rules: { requirePassed: true } })).status).toBe(201);
  });
  afterAll(async () => {
    proxy?.restore();
    await verifier?.close();
    await issuer?.close();
    await direct?.close();
    await proxy?.close();
    await database?.drop();
  });

  async function expectUnavailable(response: Response) {
    expect(response.status).toBe(503);
    expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(await response.json()).toMatchObject({ status: 503, code: 'DATABASE_UNAVAILABLE', type: 'https://laurel.dev/problems/database-unavailable', title: 'Service unavailable' });
  }

  const completion = { learner: { lmsUserId: 'outage-learner', name: 'Olga Outage' }, courseId: COURSE, passed: true, sourceEventId: 'outage-event-1' };
  const postCompletion = () =>
    issuer.app.request('/v1/completions', {
      method: 'POST',
      headers: { authorization: `Bearer ${issuer.adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ ...completion, issuerId }),
    });

  it('POST /v1/completions answers 503 with Retry-After while cut, writes nothing, and succeeds once restored', async () => {
    proxy.cut();
    await expectUnavailable(await postCompletion());
    const ready = await issuer.app.request('/ready');
    expect(ready.status).toBe(503);
    expect(ready.headers.get('retry-after')).not.toBeNull();
    expect(await ready.json()).toMatchObject({ status: 'unavailable', database: 'unavailable', databaseError: 'DATABASE_UNAVAILABLE' });

    proxy.restore();
    expect(await direct.learners.getByLmsUserId(issuerId, 'outage-learner')).toBeUndefined();
    expect(await direct.db.selectFrom('completionRecords').select('id').execute()).toEqual([]);

    const retried = await postCompletion();
    expect(retried.status).toBe(200);
    const body = (await retried.json()) as { issued: { credentialId: string }[] };
    expect(body.issued).toHaveLength(1);
    expect((await issuer.app.request('/ready')).status).toBe(200);
  });

  it('pages that refuse unknown links answer 503, not "not valid", while cut', async () => {
    expect((await issuer.app.request('/claim/no-such-claim-token')).status).toBe(404);
    proxy.cut();
    await expectUnavailable(await issuer.app.request('/claim/no-such-claim-token'));
    proxy.restore();
  });

  it('the verifier answers 503 for a list it hosts (and a credential whose list it hosts) while cut', async () => {
    const learner = await direct.learners.getByLmsUserId(issuerId, 'outage-learner');
    const [credential] = await direct.credentials.listForLearner(learner!.id);
    const document = credential!.document as { credentialStatus: { statusListCredential: string }[] };
    const listPath = document.credentialStatus[0]!.statusListCredential.slice(TEST_URLS.statusBaseUrl.length);
    expect((await verifier.verify(document)).body.verified).toBe(true);

    proxy.cut();
    await expectUnavailable(await verifier.app.request(listPath));
    const verified = await verifier.app.request('/credentials/verify', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ verifiableCredential: document }) });
    await expectUnavailable(verified);

    proxy.restore();
    expect((await verifier.app.request(listPath)).status).toBe(200);
    expect((await verifier.verify(document)).body.verified).toBe(true);
  });
});
