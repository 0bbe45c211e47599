// A change committed but never published (the process died between its
// commit and its publication): the verifier never passes the stale list off
// as current, and the publisher that every issuer process runs heals it.
import { startStatusListPublisher } from '@laurel/issuance';
import { decodeStatusList, getStatusBit } from '@laurel/status-list';
import { afterAll, describe, expect, it } from 'vitest';
import { checkOf, createTestVerifier, statusEntryOf, useIssuingVerifier, type TestVerifier } from './support/verifier.js';

async function servedBit(verifier: TestVerifier, path: string, index: number): Promise<boolean> {
  const response = await verifier.app.request(path);
  expect(response.status).toBe(200);
  return getStatusBit(await decodeStatusList(((await response.json()) as any).credentialSubject.encodedList), index);
}

describe('status lists: committed changes reach verifiers', () => {
  const suite = useIssuingVerifier();
  const strict: TestVerifier[] = [];
  afterAll(async () => {
    await Promise.all(strict.map((verifier) => verifier.close()));
  });

  it('a list behind its bits is served uncached within the bound, refused past it, and healed by the publisher', async () => {
    const credential = await suite.fixture.issue();
    const { id, path, index } = statusEntryOf(credential, 'revocation');
    expect(await servedBit(suite.verifier, path, index)).toBe(false);

    // The bit commits; the process "dies" before publishing (nothing publishes here).
    await suite.fixture.issuer.store.statusLists.setBit(id, index, true);

    // Operators see it on /ready.
    const ready = (await (await suite.fixture.issuer.app.request('/ready')).json()) as any;
    expect(ready.statusLists.owingPublication).toBeGreaterThanOrEqual(1);
    expect(ready.statusLists.oldestChangeSince).toEqual(expect.any(String));

    // Within the bound (10 s by default): the last copy, but no cache may keep it.
    const pending = await suite.verifier.app.request(path);
    expect(pending.status).toBe(200);
    expect(pending.headers.get('cache-control')).toBe('no-cache');

    // Past the bound: 503, and the verifier's own check says it could not check, never "valid".
    const verifier = createTestVerifier({ store: suite.fixture.issuer.store, maxStalenessMs: 0 });
    strict.push(verifier);
    const refused = await verifier.app.request(path);
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(refused.headers.get('content-type')).toBe('application/problem+json');
    expect(await refused.json()).toMatchObject({ status: 503, code: 'STATUS_LIST_BEING_PUBLISHED' });
    const unchecked = await verifier.verify(credential);
    expect(unchecked.body.verified).toBe(false);
    expect(checkOf(unchecked.body, 'status').status).toBe('unknown');

    // A publisher finds the list at its start-up sweep (sweep() resolves after it).
    const publisher = startStatusListPublisher(suite.fixture.issuer.deps, { intervalMs: 60_000 });
    try {
      await publisher.sweep();
      const list = await suite.fixture.issuer.store.statusLists.get(id);
      expect(list?.signedVersion).toBe(list?.version);
    } finally {
      await publisher.stop();
    }
    expect(((await (await suite.fixture.issuer.app.request('/ready')).json()) as any).statusLists).toEqual({ owingPublication: 0, oldestChangeSince: null });
    const healed = await verifier.app.request(path);
    expect(healed.status).toBe(200);
    expect(healed.headers.get('cache-control')).toMatch(/max-age=\d+/);
    expect(await servedBit(verifier, path, index)).toBe(true);
    expect(checkOf((await verifier.verify(credential)).body, 'status')).toMatchObject({ status: 'invalid', code: 'REVOKED' });
  });

  it('repeating a status change that is in effect succeeds and republishes a list left behind', async () => {
    const credential = await suite.fixture.issue();
    const { id, path, index } = statusEntryOf(credential, 'suspension');
    await suite.fixture.setStatus(credential.id, 'suspended');
    expect(await servedBit(suite.verifier, path, index)).toBe(true);
    // Lifted in the database only (a crash before publishing); the published copy still says suspended.
    await suite.fixture.issuer.store.statusLists.setBit(id, index, false);
    expect(await servedBit(suite.verifier, path, index)).toBe(true);
    // The issuer repeats the lift (e.g. its client retries): a success, and the list catches up.
    await suite.fixture.setStatus(credential.id, 'active');
    expect(await servedBit(suite.verifier, path, index)).toBe(false);
    expect(await suite.fixture.issuer.store.statusLists.get(id)).toMatchObject({ dirtySince: null });
  });
});
