import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../../test/support/databases.js';
import { StoreError } from './errors.js';
import type { Store } from './open-store.js';
import type { NewCredential } from './repositories/credentials.js';
import { seedAchievement, seedIssuer, seedLearner, useStores } from './testing/fixtures.js';

async function issuance(store: Store): Promise<Omit<NewCredential, 'document'> & { document: Record<string, unknown> }> {
  const issuer = await seedIssuer(store);
  const achievement = await seedAchievement(store, issuer.id);
  const learner = await seedLearner(store, issuer.id);
  return {
    issuerId: issuer.id,
    achievementId: achievement.id,
    learnerId: learner.id,
    document: { type: ['VerifiableCredential', 'OpenBadgeCredential'], proof: { proofValue: 'z3abc' } },
    attributes: [{ name: 'Grade', value: 'A' }],
    format: 'vc2',
    issuedAt: '2026-04-01T00:00:00Z',
  };
}

async function codeOf(promise: Promise<unknown>): Promise<string | undefined> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(StoreError);
  return (error as StoreError).code;
}

describeEachDatabase('credentials', (database) => {
  const open = useStores(database);

  it('stores an issued credential with its document and attributes', async () => {
    const store = await open();
    const input = await issuance(store);
    const { inserted, credential } = await store.credentials.insertIssued({ ...input, id: 'urn:uuid:caller-chosen' });
    expect(inserted).toBe(true);
    expect(credential).toMatchObject({ id: 'urn:uuid:caller-chosen', state: 'active', document: input.document, issuedAt: '2026-04-01T00:00:00.000Z' });
    expect(credential).not.toHaveProperty('activeKey');
    expect(await store.credentials.get(credential.id)).toEqual(credential);
    expect(await store.credentials.findActive(input.achievementId, input.learnerId)).toEqual(credential);
    expect(await store.credentials.listForLearner(input.learnerId)).toEqual([credential]);
  });

  it('issues once per learner and achievement: a second insert returns the first', async () => {
    const store = await open();
    const input = await issuance(store);
    const first = await store.credentials.insertIssued(input);
    const second = await store.credentials.insertIssued({ ...input, document: { other: true } });
    expect(second).toEqual({ inserted: false, credential: first.credential });
    expect(await store.credentials.listForLearner(input.learnerId)).toHaveLength(1);
  });

  it('issues once under concurrency, from two stores', async () => {
    const [a, b] = [await open(), await open()];
    const input = await issuance(a);
    const results = await Promise.all(Array.from({ length: 12 }, (_, i) => (i % 2 ? a : b).credentials.insertIssued(input)));
    expect(results.filter((result) => result.inserted)).toHaveLength(1);
    expect(new Set(results.map((result) => result.credential.id)).size).toBe(1);
    expect(await a.credentials.listForLearner(input.learnerId)).toHaveLength(1);
  });

  it('suspends and reinstates, keeping the issued-once slot', async () => {
    const store = await open();
    const input = await issuance(store);
    const { credential } = await store.credentials.insertIssued(input);
    const suspended = await store.credentials.setState(credential.id, 'suspended', 'under review', '2026-05-01T00:00:00Z');
    expect(suspended).toMatchObject({ changed: true, credential: { state: 'suspended', stateReason: 'under review', revokedAt: null } });
    expect((await store.credentials.insertIssued(input)).inserted).toBe(false);
    expect(await store.credentials.listActiveForLearner(input.learnerId)).toEqual([]);
    expect((await store.credentials.setState(credential.id, 'suspended', 'again', '2026-05-02T00:00:00Z')).changed).toBe(false);
    const reinstated = await store.credentials.setState(credential.id, 'active', null, '2026-05-03T00:00:00Z');
    expect(reinstated.credential.state).toBe('active');
    expect(await store.credentials.listActiveForLearner(input.learnerId)).toEqual([reinstated.credential]);
  });

  it('frees the slot on revocation so a re-issue can be inserted, and links the two', async () => {
    const store = await open();
    const input = await issuance(store);
    const { credential: old } = await store.credentials.insertIssued(input);
    const { credential: revoked } = await store.credentials.setState(old.id, 'revoked', 'superseded', '2026-06-01T00:00:00Z');
    expect(revoked).toMatchObject({ state: 'revoked', revokedAt: '2026-06-01T00:00:00.000Z', stateReason: 'superseded' });
    expect(await store.credentials.findActive(input.achievementId, input.learnerId)).toBeUndefined();

    const reissue = await store.credentials.insertIssued({ ...input, supersedesId: old.id, issuedAt: '2026-06-01T00:00:01Z' });
    expect(reissue.inserted).toBe(true);
    await store.credentials.linkSupersession(old.id, reissue.credential.id);
    expect(await store.credentials.get(old.id)).toMatchObject({ supersededById: reissue.credential.id });
    expect(await store.credentials.get(reissue.credential.id)).toMatchObject({ supersedesId: old.id });
    expect((await store.credentials.listForLearner(input.learnerId)).map((each) => each.state)).toEqual(['revoked', 'active']);
  });

  it("lists an issuer's revoked credentials of one format, and nothing else", async () => {
    const store = await open();
    const input = await issuance(store);
    const { credential: first } = await store.credentials.insertIssued({ ...input, format: 'vc1', document: { id: 'https://issuer.test/credentials/1' } });
    await store.credentials.setState(first.id, 'revoked', 'issued in error', '2026-06-01T00:00:00Z');
    const { credential: second } = await store.credentials.insertIssued({ ...input, format: 'vc1', document: { id: 'https://issuer.test/credentials/2' } });
    await store.credentials.setState(second.id, 'suspended', null, '2026-06-02T00:00:00Z');
    expect(await store.credentials.revokedIds(input.issuerId, 'vc1')).toEqual([first.id]);
    expect(await store.credentials.revokedIds(input.issuerId, 'vc2')).toEqual([]);
    const other = await seedIssuer(store);
    expect(await store.credentials.revokedIds(other.id, 'vc1')).toEqual([]);
  });

  it('makes revocation terminal', async () => {
    const store = await open();
    const input = await issuance(store);
    const { credential } = await store.credentials.insertIssued(input);
    await store.credentials.setState(credential.id, 'revoked', 'fraud', '2026-06-01T00:00:00Z');
    expect(await codeOf(store.credentials.setState(credential.id, 'active', null, '2026-06-02T00:00:00Z'))).toBe('INVALID_STATE_TRANSITION');
    expect(await codeOf(store.credentials.setState(credential.id, 'suspended', null, '2026-06-02T00:00:00Z'))).toBe('INVALID_STATE_TRANSITION');
    const again = await store.credentials.setState(credential.id, 'revoked', 'other', '2026-06-03T00:00:00Z');
    expect(again).toMatchObject({ changed: false, credential: { stateReason: 'fraud', revokedAt: '2026-06-01T00:00:00.000Z' } });
  });

  it('throws NOT_FOUND for missing credentials', async () => {
    const store = await open();
    expect(await codeOf(store.credentials.setState('missing', 'revoked', null, '2026-06-01T00:00:00Z'))).toBe('NOT_FOUND');
    const input = await issuance(store);
    const { credential } = await store.credentials.insertIssued(input);
    expect(await codeOf(store.credentials.linkSupersession(credential.id, 'missing'))).toBe('NOT_FOUND');
  });

  it('refuses a reused credential id with CONFLICT', async () => {
    const store = await open();
    const input = await issuance(store);
    await store.credentials.insertIssued({ ...input, id: 'urn:uuid:dup' });
    const other = await issuance(store);
    expect(await codeOf(store.credentials.insertIssued({ ...other, id: 'urn:uuid:dup' }))).toBe('CONFLICT');
  });
});
