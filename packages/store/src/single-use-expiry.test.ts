import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../../test/support/databases.js';
import { seedIssuer, seedLearner, useStores } from './testing/fixtures.js';

describeEachDatabase('single-use rows expire and are purged', (database) => {
  const open = useStores(database);
  const now = new Date('2026-03-01T12:00:00Z');
  const at = (seconds: number) => new Date(now.getTime() + seconds * 1000);

  it('purges expired wallet nonces, used or not, and keeps live ones usable', async () => {
    const store = await open();
    await store.walletNonces.add('nonce', 'expired-unused', null, at(-1));
    await store.walletNonces.add('nonce', 'expired-used', null, at(-1));
    await store.walletNonces.add('nonce', 'live', null, at(60));
    expect(await store.walletNonces.consume('nonce', 'expired-used', null, at(-2))).toBe(true);

    expect(await store.walletNonces.purgeExpired(now)).toBe(2);
    const left = await store.db.selectFrom('walletNonces').select('kind').execute();
    expect(left).toHaveLength(1);
    expect(await store.walletNonces.purgeExpired(now)).toBe(0);
    expect(await store.walletNonces.consume('nonce', 'live', null, now)).toBe(true);
  });

  it('purges expired sign-in links and keeps live ones', async () => {
    const store = await open();
    const issuer = await seedIssuer(store);
    const learner = await seedLearner(store, issuer.id);
    await store.signInLinks.create(learner.id, at(-5));
    const { token } = await store.signInLinks.create(learner.id, at(600));
    expect(await store.signInLinks.purgeExpired(now)).toBe(1);
    expect(await store.signInLinks.consume(token, now)).toBe(learner.id);
  });
});
