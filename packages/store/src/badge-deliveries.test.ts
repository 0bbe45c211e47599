import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../../test/support/databases.js';
import type { Store } from './open-store.js';
import { seedAchievement, seedIssuer, seedLearner, steppingClock, useStores } from './testing/fixtures.js';

/** A stored credential of a fresh issuer with a failed Credly delivery. */
async function failedDelivery(store: Store, issuerId?: string) {
  const issuer = issuerId ?? (await seedIssuer(store)).id;
  const achievement = await seedAchievement(store, issuer);
  const learner = await seedLearner(store, issuer);
  const { credential } = await store.credentials.insertIssued({
    issuerId: issuer,
    achievementId: achievement.id,
    learnerId: learner.id,
    document: { type: ['VerifiableCredential'] },
    attributes: [],
    format: 'vc2',
    issuedAt: '2026-04-01T00:00:00Z',
  });
  const row = await store.badgePlatforms.ensureDelivery(credential.id, 'credly', '2026-04-01T00:00:00Z');
  await store.badgePlatforms.updateDelivery(row.id, { attempts: 0, operation: 'issue' }, { state: 'failed', attempts: 6, nextAttemptAt: null, reason: 'Credly refused the API key (HTTP 401)' });
  return { issuerId: issuer, credentialId: credential.id };
}

describeEachDatabase('badge deliveries across an issuer', (database) => {
  const open = useStores(database);

  it('lists one issuer’s deliveries on one platform, optionally by state', async () => {
    const store = await open({ now: steppingClock() });
    const first = await failedDelivery(store);
    const second = await failedDelivery(store, first.issuerId);
    const stranger = await failedDelivery(store);
    await store.badgePlatforms.ensureDelivery(stranger.credentialId, 'accredible', '2026-04-01T00:00:00Z');

    const failed = await store.badgePlatforms.listForIssuer(first.issuerId, 'credly', { state: 'failed', limit: 10 });
    expect(failed.map((row) => row.credentialId).sort()).toEqual([first.credentialId, second.credentialId].sort());
    expect(failed.every((row) => row.reason?.includes('401'))).toBe(true);
    expect(await store.badgePlatforms.listForIssuer(first.issuerId, 'credly', { state: 'pending', limit: 10 })).toEqual([]);
    expect(await store.badgePlatforms.listForIssuer(first.issuerId, 'accredible', { limit: 10 })).toEqual([]);
    expect(await store.badgePlatforms.listForIssuer(first.issuerId, 'credly', { limit: 1 })).toHaveLength(1);
  });

  it('requeues only the issuer’s failed deliveries (or one credential’s), due now, attempts from zero', async () => {
    const store = await open({ now: steppingClock() });
    const mine = await failedDelivery(store);
    const alsoMine = await failedDelivery(store, mine.issuerId);
    const theirs = await failedDelivery(store);

    expect(await store.badgePlatforms.requeueFailed(mine.issuerId, 'credly', '2026-05-01T00:00:00.000Z', mine.credentialId)).toBe(1);
    const [requeued] = await store.badgePlatforms.listForCredential(mine.credentialId);
    expect(requeued).toMatchObject({ state: 'pending', attempts: 0, nextAttemptAt: '2026-05-01T00:00:00.000Z', reason: 'Credly refused the API key (HTTP 401)' });
    expect((await store.badgePlatforms.listForCredential(alsoMine.credentialId))[0]?.state).toBe('failed');

    expect(await store.badgePlatforms.requeueFailed(mine.issuerId, 'credly', '2026-05-01T00:00:00.000Z')).toBe(1);
    expect((await store.badgePlatforms.listForCredential(alsoMine.credentialId))[0]?.state).toBe('pending');
    expect((await store.badgePlatforms.listForCredential(theirs.credentialId))[0]?.state).toBe('failed');
    expect(await store.badgePlatforms.requeueFailed(mine.issuerId, 'accredible', '2026-05-01T00:00:00.000Z')).toBe(0);
  });

  it('deletes one issuer’s account on one platform, and says whether there was one', async () => {
    const store = await open();
    const [mine, theirs] = [await seedIssuer(store), await seedIssuer(store)];
    const account = (issuerId: string) => ({ issuerId, platform: 'accredible' as const, baseUrl: 'https://api.accredible.com', organizationId: null, sealedApiKey: 'sealed' });
    await store.badgePlatforms.saveAccount(account(mine.id));
    await store.badgePlatforms.saveAccount(account(theirs.id));
    expect(await store.badgePlatforms.deleteAccount(mine.id, 'credly')).toBe(false);
    expect(await store.badgePlatforms.deleteAccount(mine.id, 'accredible')).toBe(true);
    expect(await store.badgePlatforms.getAccount(mine.id, 'accredible')).toBeUndefined();
    expect(await store.badgePlatforms.deleteAccount(mine.id, 'accredible')).toBe(false);
    expect(await store.badgePlatforms.getAccount(theirs.id, 'accredible')).toBeDefined();
  });
});
