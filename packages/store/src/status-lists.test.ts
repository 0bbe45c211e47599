import { MIN_STATUS_LIST_LENGTH } from '@laurel/status-list';
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../../test/support/databases.js';
import type { StoreError } from './errors.js';
import type { Store } from './open-store.js';
import type { StatusAllocation } from './repositories/status-allocation.js';
import { seedIssuer, seededRandom, useStores } from './testing/fixtures.js';

const scope = { purpose: 'revocation', format: 'BitstringStatusList' } as const;

function allocateMany(stores: Store[], issuerId: string, count: number, options: { length?: number; seeds: number[] }) {
  const randoms = options.seeds.map(seededRandom);
  return Promise.all(
    Array.from({ length: count }, (_, i) =>
      stores[i % stores.length]!.statusLists.allocate({
        issuerId,
        ...scope,
        credentialId: `cred-${i}`,
        random: randoms[i % randoms.length]!,
        length: options.length,
      }),
    ),
  );
}

function distinct(allocations: StatusAllocation[]): number {
  return new Set(allocations.map((allocation) => `${allocation.statusListId}/${allocation.index}`)).size;
}

describeEachDatabase('status lists', (database) => {
  const open = useStores(database);

  it('creates the first list on demand with the spec minimum length', async () => {
    const store = await open();
    const issuer = await seedIssuer(store);
    const { statusListId, index } = await store.statusLists.allocate({ issuerId: issuer.id, ...scope, credentialId: 'c1', random: () => 0.5 });
    expect(index).toBe(MIN_STATUS_LIST_LENGTH / 2);
    expect(await store.statusLists.get(statusListId)).toMatchObject({
      issuerId: issuer.id,
      ...scope,
      sequence: 1,
      length: MIN_STATUS_LIST_LENGTH,
      full: false,
      version: 1,
      signedVersion: 0,
    });
    expect(await store.statusLists.allocationsForCredential('c1')).toEqual([{ statusListId, index }]);
  });

  it('hands out 2,000 distinct indexes to concurrent callers', async () => {
    const store = await open();
    const issuer = await seedIssuer(store);
    const allocations = await allocateMany([store], issuer.id, 2_000, { seeds: [1] });
    expect(distinct(allocations)).toBe(2_000);
    expect(await store.statusLists.listForIssuer(issuer.id)).toHaveLength(1);
  });

  it('hands out 2,000 distinct indexes to two stores drawing the same random numbers', async () => {
    const [a, b] = [await open(), await open()];
    const issuer = await seedIssuer(a);
    // Identical seeds make the two "processes" propose the same indexes, so the primary key has to arbitrate.
    const allocations = await allocateMany([a, b], issuer.id, 2_000, { seeds: [7, 7] });
    expect(distinct(allocations)).toBe(2_000);
    const rows = await a.db
      .selectFrom('statusAllocations')
      .innerJoin('statusLists', 'statusLists.id', 'statusAllocations.statusListId')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .where('statusLists.issuerId', '=', issuer.id)
      .executeTakeFirstOrThrow();
    expect(Number(rows.count)).toBe(2_000);
  });

  it('rolls over to the next list when a small list fills', async () => {
    const store = await open();
    const issuer = await seedIssuer(store);
    const random = seededRandom(3);
    const allocations: StatusAllocation[] = [];
    for (let i = 0; i < 200; i += 1) {
      allocations.push(await store.statusLists.allocate({ issuerId: issuer.id, ...scope, credentialId: `c${i}`, random, length: 64 }));
    }
    const lists = await store.statusLists.listForIssuer(issuer.id);
    expect(lists.map((list) => [list.sequence, list.length, list.full])).toEqual([
      [1, 64, true],
      [2, 64, true],
      [3, 64, true],
      [4, 64, false],
    ]);
    for (const list of lists.slice(0, 3)) {
      const indexes = allocations.filter((allocation) => allocation.statusListId === list.id).map((allocation) => allocation.index);
      expect(indexes.sort((x, y) => x - y)).toEqual(Array.from({ length: 64 }, (_, i) => i));
    }
    expect(allocations.filter((allocation) => allocation.statusListId === lists[3]!.id)).toHaveLength(8);
  });

  it('rolls over under concurrency from two stores, filling each list before the next', async () => {
    const [a, b] = [await open(), await open()];
    const issuer = await seedIssuer(a);
    const allocations = await allocateMany([a, b], issuer.id, 200, { length: 64, seeds: [11, 12] });
    expect(distinct(allocations)).toBe(200);
    const lists = await a.statusLists.listForIssuer(issuer.id);
    expect(lists.map((list) => list.sequence)).toEqual([1, 2, 3, 4]);
    const perList = lists.map((list) => allocations.filter((allocation) => allocation.statusListId === list.id).length);
    expect(perList).toEqual([64, 64, 64, 8]);
  });

  it('ends concurrent creation of a first list with exactly one list', async () => {
    const [a, b] = [await open(), await open()];
    const issuer = await seedIssuer(a);
    const allocations = await allocateMany([a, b], issuer.id, 40, { seeds: [5, 6] });
    expect(new Set(allocations.map((allocation) => allocation.statusListId)).size).toBe(1);
    expect(await a.statusLists.listForIssuer(issuer.id)).toHaveLength(1);
  });

  it('keeps purposes and formats on separate lists', async () => {
    const store = await open();
    const issuer = await seedIssuer(store);
    const random = seededRandom(9);
    for (const purpose of ['revocation', 'suspension'] as const) {
      for (const format of ['BitstringStatusList', 'StatusList2021'] as const) {
        await store.statusLists.allocate({ issuerId: issuer.id, purpose, format, credentialId: 'c', random });
      }
    }
    const lists = await store.statusLists.listForIssuer(issuer.id);
    expect(lists.map((list) => `${list.purpose}/${list.format}/${list.sequence}`)).toEqual([
      'revocation/BitstringStatusList/1',
      'revocation/StatusList2021/1',
      'suspension/BitstringStatusList/1',
      'suspension/StatusList2021/1',
    ]);
  });

  it.each([0, 63, -8, 1.5])('refuses length %s', async (length) => {
    const store = await open();
    const issuer = await seedIssuer(store);
    const error = await store.statusLists.allocate({ issuerId: issuer.id, ...scope, credentialId: 'c', random: Math.random, length }).catch((caught: unknown) => caught);
    expect((error as StoreError).code).toBe('INVALID_ARGUMENT');
  });

  it('bumps the version only when a bit actually changes', async () => {
    const store = await open();
    const issuer = await seedIssuer(store);
    const random = seededRandom(2);
    const first = await store.statusLists.allocate({ issuerId: issuer.id, ...scope, credentialId: 'c1', random, length: 64 });
    const second = await store.statusLists.allocate({ issuerId: issuer.id, ...scope, credentialId: 'c2', random, length: 64 });
    const id = first.statusListId;
    expect(await store.statusLists.setBit(id, first.index, false)).toEqual({ changed: false, version: 1 });
    expect(await store.statusLists.setBit(id, first.index, true)).toEqual({ changed: true, version: 2 });
    expect(await store.statusLists.setBit(id, first.index, true)).toEqual({ changed: false, version: 2 });
    expect(await store.statusLists.setBit(id, second.index, true)).toEqual({ changed: true, version: 3 });
    expect(await store.statusLists.setIndexes(id)).toEqual([first.index, second.index].sort((x, y) => x - y));
    expect(await store.statusLists.setBit(id, first.index, false)).toEqual({ changed: true, version: 4 });
    expect(await store.statusLists.setIndexes(id)).toEqual([second.index]);
    expect((await store.statusLists.get(id))?.version).toBe(4);
  });

  it('counts every concurrent bit change exactly once', async () => {
    const [a, b] = [await open(), await open()];
    const issuer = await seedIssuer(a);
    const allocations = await allocateMany([a], issuer.id, 30, { length: 64, seeds: [4] });
    const results = await Promise.all(allocations.map((allocation, i) => (i % 2 ? a : b).statusLists.setBit(allocation.statusListId, allocation.index, true)));
    expect(new Set(results.map((result) => result.version)).size).toBe(30);
    expect((await a.statusLists.get(allocations[0]!.statusListId))?.version).toBe(31);
  });

  it('refuses bits of unknown lists and never-allocated indexes', async () => {
    const store = await open();
    const issuer = await seedIssuer(store);
    const { statusListId, index } = await store.statusLists.allocate({ issuerId: issuer.id, ...scope, credentialId: 'c', random: () => 0, length: 64 });
    expect(index).toBe(0);
    for (const call of [() => store.statusLists.setBit('missing', 0, true), () => store.statusLists.setBit(statusListId, 1, true)]) {
      const error = await call().catch((caught: unknown) => caught);
      expect((error as StoreError).code).toBe('NOT_FOUND');
    }
  });

  it('keeps signed copies moving forward only, and records since when a list owes a publication', async () => {
    const store = await open();
    const issuer = await seedIssuer(store);
    const { statusListId } = await store.statusLists.allocate({ issuerId: issuer.id, ...scope, credentialId: `c1-${issuer.id}`, random: Math.random, length: 64 });
    const second = await store.statusLists.allocate({ issuerId: issuer.id, ...scope, credentialId: `c2-${issuer.id}`, random: Math.random, length: 64 });
    // A new list owes its first publication.
    expect(await store.statusLists.signedCopy(statusListId)).toBeUndefined();
    expect((await store.statusLists.owedPublications(10_000)).map((owed) => owed.id)).toContain(statusListId);
    expect(await store.statusLists.saveSigned(statusListId, 1, { v: 1 }, 'etag-1')).toBe(true);
    expect(await store.statusLists.signedCopy(statusListId)).toEqual({ version: 1, signedVersion: 1, dirtySince: null, document: { v: 1 }, etag: 'etag-1' });
    expect((await store.statusLists.owedPublications(10_000)).map((owed) => owed.id)).not.toContain(statusListId);

    await store.statusLists.setBit(statusListId, (await store.statusLists.allocationsForCredential(`c1-${issuer.id}`))[0]!.index, true);
    const owed = await store.statusLists.get(statusListId);
    expect(owed).toMatchObject({ version: 2, signedVersion: 1 });
    expect(owed?.dirtySince).toEqual(expect.any(String));
    // A copy no newer than the stored one is refused.
    expect(await store.statusLists.saveSigned(statusListId, 1, { v: 'old' }, 'etag-old')).toBe(false);

    // A copy of version 2 saved after version 3 committed: stored (it is newer), but the list still owes, since the first change.
    await store.statusLists.setBit(second.statusListId, second.index, true);
    expect(await store.statusLists.saveSigned(statusListId, 2, { v: 2 }, 'etag-2')).toBe(true);
    expect(await store.statusLists.signedCopy(statusListId)).toEqual({ version: 3, signedVersion: 2, dirtySince: owed?.dirtySince, document: { v: 2 }, etag: 'etag-2' });
    expect(await store.statusLists.saveSigned(statusListId, 3, { v: 3 }, 'etag-3')).toBe(true);
    expect(await store.statusLists.get(statusListId)).toMatchObject({ version: 3, signedVersion: 3, dirtySince: null, etag: 'etag-3' });
    expect(await store.statusLists.saveSigned('missing', 1, {}, 'x')).toBe(false);
  });

  it('lets one owner at a time hold a publication lease, until it is released or expires', async () => {
    let now = Date.parse('2026-06-01T00:00:00.000Z');
    const store = await open({ now: () => new Date(now) });
    const issuer = await seedIssuer(store);
    const { statusListId } = await store.statusLists.allocate({ issuerId: issuer.id, ...scope, credentialId: 'c', random: Math.random, length: 64 });
    expect(await store.statusLists.claimPublication(statusListId, 'a', 10_000)).toBe(true);
    expect(await store.statusLists.claimPublication(statusListId, 'b', 10_000)).toBe(false);
    expect(await store.statusLists.claimPublication(statusListId, 'a', 10_000)).toBe(true);
    await store.statusLists.releasePublication(statusListId, 'b');
    expect(await store.statusLists.claimPublication(statusListId, 'b', 10_000)).toBe(false);
    await store.statusLists.releasePublication(statusListId, 'a');
    expect(await store.statusLists.claimPublication(statusListId, 'b', 10_000)).toBe(true);
    // b dies holding it: after the lease runs out, another owner takes over.
    now += 9_999;
    expect(await store.statusLists.claimPublication(statusListId, 'c', 10_000)).toBe(false);
    now += 2;
    expect(await store.statusLists.claimPublication(statusListId, 'c', 10_000)).toBe(true);
  });
});
