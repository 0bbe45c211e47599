import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../../test/support/databases.js';
import { hashApiToken } from './repositories/api-tokens.js';
import { seedAchievement, seedIssuer, seedLearner, useStores } from './testing/fixtures.js';

describeEachDatabase('share and sign-in links', (database) => {
  const open = useStores(database);

  it('store share tokens hashed; a revoked link is not found and only its learner can revoke it', async () => {
    const store = await open();
    const issuer = await seedIssuer(store);
    const [ada, bob] = [await seedLearner(store, issuer.id), await seedLearner(store, issuer.id, 'Bob')];
    const path = await seedAchievement(store, issuer.id, { kind: 'program' });
    const { token, link } = await store.shareLinks.create({ issuerId: issuer.id, learnerId: ada.id, achievementId: path.id });
    const row = await store.db.selectFrom('shareLinks').selectAll().where('id', '=', link.id).executeTakeFirstOrThrow();
    expect(row.tokenHash).toBe(hashApiToken(token));
    expect(JSON.stringify(row)).not.toContain(token);
    expect(await store.shareLinks.findByToken(token)).toEqual(link);
    expect(await store.shareLinks.revoke(link.id, bob.id)).toBe(false);
    expect(await store.shareLinks.revoke(link.id, ada.id)).toBe(true);
    expect(await store.shareLinks.findByToken(token)).toBeUndefined();
    expect((await store.shareLinks.listForLearner(ada.id))[0]?.revokedAt).not.toBeNull();
  });

  it('use a sign-in link once, and never after it expires', async () => {
    const store = await open();
    const issuer = await seedIssuer(store);
    const learner = await seedLearner(store, issuer.id);
    const now = new Date('2026-02-01T00:00:00Z');
    const { token } = await store.signInLinks.create(learner.id, new Date(now.getTime() + 60_000));
    const results = await Promise.all([store.signInLinks.consume(token, now), store.signInLinks.consume(token, now)]);
    expect(results.filter(Boolean)).toEqual([learner.id]);
    const { token: late } = await store.signInLinks.create(learner.id, new Date(now.getTime() + 60_000));
    expect(await store.signInLinks.consume(late, new Date(now.getTime() + 61_000))).toBeUndefined();
  });
});
