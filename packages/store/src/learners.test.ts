import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../../test/support/databases.js';
import type { StoreError } from './errors.js';
import { seedIssuer, uniqueSuffix, useStores } from './testing/fixtures.js';

describeEachDatabase('learners', (database) => {
  const open = useStores(database);

  it('creates on first upsert, then reports name changes', async () => {
    const store = await open();
    const issuer = await seedIssuer(store);
    const lmsUserId = `u-${uniqueSuffix()}`;
    const first = await store.learners.upsert({ issuerId: issuer.id, lmsUserId, name: 'Ada', email: 'ada@example.org' });
    expect(first).toMatchObject({ created: true, nameChanged: false, previousName: null });

    const same = await store.learners.upsert({ issuerId: issuer.id, lmsUserId, name: 'Ada' });
    expect(same).toMatchObject({ created: false, nameChanged: false, previousName: 'Ada' });
    expect(same.learner).toEqual(first.learner);

    const renamed = await store.learners.upsert({ issuerId: issuer.id, lmsUserId, name: 'Ada Lovelace', locale: 'en' });
    expect(renamed).toMatchObject({ created: false, nameChanged: true, previousName: 'Ada' });
    // Fields not given keep their value.
    expect(renamed.learner).toMatchObject({ id: first.learner.id, name: 'Ada Lovelace', email: 'ada@example.org', locale: 'en' });
    expect(await store.learners.getByLmsUserId(issuer.id, lmsUserId)).toEqual(renamed.learner);
    expect(await store.learners.get(first.learner.id)).toEqual(renamed.learner);
  });

  it('finds a learner by username within one issuer, exactly, and nobody when the username is ambiguous', async () => {
    const store = await open();
    const [a, b] = [await seedIssuer(store), await seedIssuer(store)];
    const ann = (await store.learners.upsert({ issuerId: a.id, lmsUserId: '1', username: 'ann_edx' })).learner;
    await store.learners.upsert({ issuerId: b.id, lmsUserId: '1', username: 'ann_edx' });
    expect(await store.learners.getByUsername(a.id, 'ann_edx')).toEqual(ann);
    expect(await store.learners.getByUsername(a.id, 'ANN_EDX')).toBeUndefined();
    expect(await store.learners.getByUsername(a.id, 'ann')).toBeUndefined();
    // Two learners claiming one username (the LMS reused it): signing in as either would be a guess.
    await store.learners.upsert({ issuerId: a.id, lmsUserId: '2', username: 'ann_edx' });
    expect(await store.learners.getByUsername(a.id, 'ann_edx')).toBeUndefined();
  });

  it('keeps learners of different issuers apart', async () => {
    const store = await open();
    const [a, b] = [await seedIssuer(store), await seedIssuer(store)];
    const one = await store.learners.upsert({ issuerId: a.id, lmsUserId: 'same', name: 'A' });
    const two = await store.learners.upsert({ issuerId: b.id, lmsUserId: 'same', name: 'B' });
    expect(two.created).toBe(true);
    expect(two.learner.id).not.toBe(one.learner.id);
  });

  it('ends 20 concurrent upserts of one learner with one row and one creation', async () => {
    const store = await open();
    const issuer = await seedIssuer(store);
    const lmsUserId = `race-${uniqueSuffix()}`;
    const results = await Promise.all(
      Array.from({ length: 20 }, () => store.learners.upsert({ issuerId: issuer.id, lmsUserId, name: 'Grace Hopper' })),
    );
    expect(results.filter((result) => result.created)).toHaveLength(1);
    expect(new Set(results.map((result) => result.learner.id)).size).toBe(1);
    const rows = await store.db.selectFrom('learners').select('id').where('lmsUserId', '=', lmsUserId).execute();
    expect(rows).toHaveLength(1);
  });

  it('ends concurrent upserts from two stores (two processes) with one row', async () => {
    const [a, b] = [await open(), await open()];
    const issuer = await seedIssuer(a);
    const lmsUserId = `race-${uniqueSuffix()}`;
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).learners.upsert({ issuerId: issuer.id, lmsUserId, name: `Name ${i % 3}` })),
    );
    expect(results.filter((result) => result.created)).toHaveLength(1);
    const rows = await a.db.selectFrom('learners').select('id').where('lmsUserId', '=', lmsUserId).execute();
    expect(rows).toHaveLength(1);
  });

  // As completions do: each upsert inside a transaction that then writes more, for new and for known learners.
  it('ends concurrent transactions upserting one learner, and others beside it, with one row each and every transaction committed', async () => {
    const store = await open();
    const issuer = await seedIssuer(store);
    const shared = `race-${uniqueSuffix()}`;
    const run = (lmsUserId: string, name: string) =>
      store.transaction(async (tx) => {
        const result = await tx.learners.upsert({ issuerId: issuer.id, lmsUserId, name });
        await tx.learners.update(result.learner.id, { locale: 'en' });
        return result;
      });
    const rounds = [
      await Promise.all(Array.from({ length: 12 }, (_, i) => (i % 3 === 0 ? run(shared, `Name ${i % 2}`) : run(`${shared}-${i}`, 'Other')))),
      await Promise.all(Array.from({ length: 12 }, (_, i) => run(shared, `Name ${i % 2}`))),
    ];
    expect(rounds[0]!.filter((result) => result.created)).toHaveLength(9);
    expect(rounds[1]!.filter((result) => result.created)).toHaveLength(0);
    const rows = await store.db.selectFrom('learners').select(['id', 'locale']).where('lmsUserId', 'like', `${shared}%`).execute();
    expect(rows).toHaveLength(9);
    expect(rows.every((row) => row.locale === 'en')).toBe(true);
  });

  it('updates a profile and throws NOT_FOUND for a missing learner', async () => {
    const store = await open();
    const issuer = await seedIssuer(store);
    const { learner } = await store.learners.upsert({ issuerId: issuer.id, lmsUserId: `u-${uniqueSuffix()}`, name: 'X', email: 'x@example.org' });
    const updated = await store.learners.update(learner.id, { did: 'did:key:z6MkLearner', email: null });
    expect(updated).toMatchObject({ did: 'did:key:z6MkLearner', email: null, name: 'X' });
    const error = await store.learners.update('missing', { name: 'y' }).catch((caught: unknown) => caught);
    expect((error as StoreError).code).toBe('NOT_FOUND');
  });
});
