// Revoke, suspend and lift while the issuer process is killed (-9) at random
// points, on SQLite and MariaDB. After a restart, within the documented bound,
// the published lists agree bit for bit with what the database committed, and
// the verifier reports every revoked credential as revoked.
import { randomBytes } from 'node:crypto';
import { afterEach, expect, it } from 'vitest';
import { decodeStatusList, getStatusBit } from '@laurel/status-list';
import { openStore, type Store } from '@laurel/store';
import { seededRandom } from '../packages/store/src/testing/fixtures.js';
import { describeEachDatabase } from './support/databases.js';
import { TEST_URLS } from './support/issuer.js';
import { spawnIssuer, type IssuerProcess } from './support/issuer-process.js';
import { waitFor } from './support/wait.js';
import { checkOf, createTestVerifier } from './support/verifier.js';

const LEARNERS = 24;
const ROUNDS = 3;
const IN_FLIGHT = 6;
// The documented bound is STATUS_PUBLISH_INTERVAL_MS, plus STATUS_PUBLISH_LEASE_MS when the
// killed process held a lease; this allows for a busy 2-core machine on top.
const PUBLISH_INTERVAL_MS = 200;
const LEASE_MS = 1_000;
const CONVERGE_WITHIN_MS = 15_000;

type Action = 'revoke' | 'suspend' | 'unsuspend';

describeEachDatabase('status lists under kill -9', (database) => {
  const running: IssuerProcess[] = [];
  const stores: Store[] = [];
  afterEach(async () => {
    await Promise.all(running.splice(0).map((issuer) => issuer.kill()));
    await Promise.all(stores.splice(0).map((store) => store.close()));
  });

  it('every committed change is published after a crash, and no uncommitted one is', async () => {
    const databaseUrl = await database.fresh();
    const store = await openStore({ databaseUrl });
    stores.push(store);
    const token = `lrl_${randomBytes(24).toString('base64url')}`;
    await store.tokens.create({ issuerId: null, name: 'fault injection', scopes: ['admin'], token });
    const env = {
      DATABASE_URL: databaseUrl,
      LAUREL_KEY_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      ISSUER_PUBLIC_URL: TEST_URLS.issuerBaseUrl,
      STATUS_PUBLIC_URL: TEST_URLS.statusBaseUrl,
      STATUS_PUBLISH_INTERVAL_MS: String(PUBLISH_INTERVAL_MS),
      STATUS_PUBLISH_LEASE_MS: String(LEASE_MS),
    };
    const call = async (base: string, method: string, path: string, body?: unknown) => {
      const response = await fetch(`${base}${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      return { status: response.status, body: (await response.json()) as any };
    };

    let issuer = await spawnIssuer(env);
    running.push(issuer);
    const created = await call(issuer.url, 'POST', '/v1/issuers', { slug: 'fault-u', name: 'Fault University', didMethod: 'key' });
    expect(created.status).toBe(201);
    const issuerId = created.body.id as string;
    expect((await call(issuer.url, 'POST', `/v1/issuers/${issuerId}/achievements`, { externalId: 'course-v1:F+F+1', name: 'Faults', rules: {} })).status).toBe(201);
    const records = Array.from({ length: LEARNERS }, (_, i) => ({ learner: { lmsUserId: `l-${i}`, name: `Learner ${i}` }, courseId: 'course-v1:F+F+1', passed: true, sourceEventId: `e-${i}` }));
    const issued = await call(issuer.url, 'POST', '/v1/completions', { issuerId, records });
    expect(issued.status).toBe(200);
    const credentialIds = (issued.body.issued as { credentialId: string }[]).map((entry) => entry.credentialId);
    expect(credentialIds).toHaveLength(LEARNERS);

    const random = seededRandom(Number.parseInt(randomBytes(4).toString('hex'), 16));
    let killedMidRequest = 0;
    for (let round = 0; round < ROUNDS; round += 1) {
      const actions: [string, Action][] = credentialIds.map((id) => [id, (['revoke', 'suspend', 'unsuspend'] as const)[Math.floor(random() * 3)]!]);
      // Kill after a random number of answers, with requests still in flight.
      const killAfter = Math.floor(random() * (actions.length - IN_FLIGHT));
      let answered = 0;
      let next = 0;
      const target = issuer;
      await Promise.all(
        Array.from({ length: IN_FLIGHT }, async () => {
          while (next < actions.length) {
            const [id, action] = actions[next++]!;
            try {
              const result = await call(target.url, 'POST', `/v1/credentials/${id}/${action}`, {});
              expect([200, 409]).toContain(result.status);
            } catch {
              killedMidRequest += 1; // the process died under this request
              return;
            }
            answered += 1;
            if (answered === killAfter) await target.kill();
          }
        }),
      );
      await target.kill();
      running.splice(running.indexOf(target), 1);
      issuer = await spawnIssuer(env);
      running.push(issuer);
      await expectPublishedMatchesCommitted(store, issuerId);
    }
    expect(killedMidRequest).toBeGreaterThan(0);

    // The verifier API agrees with the database for every credential.
    const verifier = createTestVerifier({ store });
    try {
      for (const id of credentialIds) {
        const credential = (await store.credentials.get(id))!;
        const status = checkOf((await verifier.verify(credential.document)).body, 'status');
        const expected = { revoked: 'REVOKED', suspended: 'SUSPENDED', active: undefined }[credential.state];
        if (expected) expect(status, `${id} is ${credential.state}`).toMatchObject({ status: 'invalid', code: expected });
        else expect(status.status, `${id} is active`).toBe('valid');
      }
    } finally {
      await verifier.close();
    }
  }, 240_000);
});

/** Waits (bounded) until every list is published, then compares each published bit with the committed one. */
async function expectPublishedMatchesCommitted(store: Store, issuerId: string): Promise<void> {
  await waitFor(
    'every status list to be published',
    async () => {
      const lists = await store.statusLists.listForIssuer(issuerId);
      return lists.length > 0 && lists.every((list) => list.signedVersion >= list.version) ? true : undefined;
    },
    CONVERGE_WITHIN_MS,
  );
  for (const list of await store.statusLists.listForIssuer(issuerId)) {
    const signed = await store.statusLists.signedCopy(list.id);
    const published = await decodeStatusList((signed!.document as any).credentialSubject.encodedList, { format: list.format });
    const committed = await store.statusLists.setIndexes(list.id);
    for (const index of committed) expect(getStatusBit(published, index), `${list.purpose} bit ${index} committed`).toBe(true);
    let setInPublished = 0;
    for (let index = 0; index < published.length; index += 1) if (getStatusBit(published, index)) setInPublished += 1;
    expect(setInPublished, `${list.purpose} list: published bits that were never committed`).toBe(committed.length);
  }
}
