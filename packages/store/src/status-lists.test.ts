import type { Kysely } from 'kysely';
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../../test/support/databases.js';
import type { StoreError } from './errors.js';
import { migrateTo } from './migrations/index.js';
import { connectDatabase, type Store } from './open-store.js';
import type { StatusSlot, TakeStatusSlotOptions } from './repositories/status-allocation.js';
import { seedIssuer, uniqueSuffix, useStores } from './testing/fixtures.js';

const scope = { purpose: 'revocation', format: 'BitstringStatusList' } as const;
/** The spec minimum, which the issuing domain passes by default; the store itself has no default. */
const SPEC_MINIMUM = 131_072;

interface Allocated extends StatusSlot {
  index: number;
  credentialId: string;
}

/**
 * What the issuing domain does, with the identity standing in for its keyed
 * permutation (the store never computes indexes): a slot and its allocation
 * row in one transaction.
 */
async function allocate(store: Store, issuerId: string, credentialId: string, options: Partial<TakeStatusSlotOptions> = {}): Promise<Allocated> {
  return store.transaction(async (tx) => {
    const slot = await tx.statusLists.takeSlot({ issuerId, ...scope, length: SPEC_MINIMUM, ...options });
    await tx.statusLists.insertAllocation({ statusListId: slot.statusListId, index: slot.counter, credentialId });
    return { ...slot, index: slot.counter, credentialId };
  });
}

/** `count` allocations started at once, spread over the stores (processes), counting transaction attempts (retries after a deadlock). */
async function allocateMany(stores: Store[], issuerId: string, count: number, options: Partial<TakeStatusSlotOptions> = {}) {
  let attempts = 0;
  const counting = stores.map((store): Store => ({ ...store, transaction: (fn) => store.transaction((tx) => ((attempts += 1), fn(tx))) }));
  const allocations = await Promise.all(Array.from({ length: count }, (_, i) => allocate(counting[i % counting.length]!, issuerId, `cred-${i}`, options)));
  return { allocations, attempts };
}

function distinct(allocations: Allocated[]): number {
  return new Set(allocations.map((allocation) => `${allocation.statusListId}/${allocation.index}`)).size;
}

function counters(allocations: Allocated[], statusListId: string): number[] {
  return allocations
    .filter((allocation) => allocation.statusListId === statusListId)
    .map((allocation) => allocation.counter)
    .sort((x, y) => x - y);
}

const upTo = (count: number) => Array.from({ length: count }, (_, i) => i);

describeEachDatabase('status lists', (database) => {
  const open = useStores(database);

  it('creates the first list on demand with the requested length and its own secret key', async () => {
    const store = await open();
    const issuer = await seedIssuer(store);
    const credentialId = `c1-${uniqueSuffix()}`;
    const first = await allocate(store, issuer.id, credentialId);
    expect(first).toMatchObject({ sequence: 1, counter: 0, length: SPEC_MINIMUM });
    expect(first.permutationKey).toBeInstanceOf(Uint8Array);
    expect(first.permutationKey).toHaveLength(32);
    expect(await store.statusLists.get(first.statusListId)).toMatchObject({
      issuerId: issuer.id,
      ...scope,
      sequence: 1,
      length: SPEC_MINIMUM,
      full: false,
      allocatedCount: 1,
      version: 1,
      signedVersion: 0,
    });
    expect(await store.statusLists.allocationsForCredential(credentialId)).toEqual([{ statusListId: first.statusListId, index: 0 }]);
    // The key is a secret: records (which callers may show) do not carry it.
    expect(JSON.stringify(await store.statusLists.listForIssuer(issuer.id))).not.toContain(Buffer.from(first.permutationKey).toString('hex'));

    const second = await allocate(store, issuer.id, 'c2');
    expect(second).toMatchObject({ statusListId: first.statusListId, counter: 1 });
    expect(second.permutationKey).toEqual(first.permutationKey);
  });

  it('hands out 2,000 distinct slots to concurrent callers', async () => {
    const store = await open();
    const issuer = await seedIssuer(store);
    const { allocations } = await allocateMany([store], issuer.id, 2_000);
    expect(distinct(allocations)).toBe(2_000);
    const lists = await store.statusLists.listForIssuer(issuer.id);
    expect(lists).toHaveLength(1);
    expect(counters(allocations, lists[0]!.id)).toEqual(upTo(2_000));
  });

  it('hands out 2,000 distinct slots to two stores (processes) at once', async () => {
    const [a, b] = [await open(), await open()];
    const issuer = await seedIssuer(a);
    const { allocations } = await allocateMany([a, b], issuer.id, 2_000);
    expect(distinct(allocations)).toBe(2_000);
    expect(counters(allocations, allocations[0]!.statusListId)).toEqual(upTo(2_000));
    const rows = await a.db
      .selectFrom('statusAllocations')
      .innerJoin('statusLists', 'statusLists.id', 'statusAllocations.statusListId')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .where('statusLists.issuerId', '=', issuer.id)
      .executeTakeFirstOrThrow();
    expect(Number(rows.count)).toBe(2_000);
  });

  it('rolls over to the next list when a small list has handed out every slot', async () => {
    const store = await open();
    const issuer = await seedIssuer(store);
    const allocations: Allocated[] = [];
    for (let i = 0; i < 200; i += 1) allocations.push(await allocate(store, issuer.id, `c${i}`, { length: 64 }));
    const lists = await store.statusLists.listForIssuer(issuer.id);
    expect(lists.map((list) => [list.sequence, list.length, list.full, list.allocatedCount])).toEqual([
      [1, 64, true, 64],
      [2, 64, true, 64],
      [3, 64, true, 64],
      [4, 64, false, 8],
    ]);
    for (const list of lists.slice(0, 3)) expect(counters(allocations, list.id)).toEqual(upTo(64));
    expect(counters(allocations, lists[3]!.id)).toEqual(upTo(8));
    expect(new Set(allocations.map((allocation) => Buffer.from(allocation.permutationKey).toString('hex'))).size).toBe(4);
  });

  it('takes a block of consecutive slots at once, fewer at the end of a list, then continues on the next list', async () => {
    const store = await open();
    const issuer = await seedIssuer(store);
    const take = (count: number) => store.statusLists.takeSlot({ issuerId: issuer.id, ...scope, length: 64, count });
    expect(await take(40)).toMatchObject({ sequence: 1, counter: 0, count: 40 });
    expect(await take(40)).toMatchObject({ sequence: 1, counter: 40, count: 24 });
    expect(await take(1)).toMatchObject({ sequence: 2, counter: 0, count: 1 });
    const lists = await store.statusLists.listForIssuer(issuer.id);
    expect(lists.map((list) => [list.sequence, list.full, list.allocatedCount])).toEqual([
      [1, true, 64],
      [2, false, 1],
    ]);
    await expect(take(0)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });

  it('rolls over under concurrency from two stores, filling each list before the next, without a retry', async () => {
    const [a, b] = [await open(), await open()];
    const issuer = await seedIssuer(a);
    const { allocations, attempts } = await allocateMany([a, b], issuer.id, 200, { length: 64 });
    expect(distinct(allocations)).toBe(200);
    const lists = await a.statusLists.listForIssuer(issuer.id);
    expect(lists.map((list) => list.sequence)).toEqual([1, 2, 3, 4]);
    expect(lists.map((list) => counters(allocations, list.id))).toEqual([upTo(64), upTo(64), upTo(64), upTo(8)]);
    // Every transaction ran once: none lost a deadlock or timed out waiting for a lock.
    expect(attempts).toBe(200);
  });

  it('takes revocation and suspension slots in 8 concurrent transactions until a small list is full, without a retry', async () => {
    const stores = await Promise.all(Array.from({ length: 8 }, () => open()));
    const issuer = await seedIssuer(stores[0]!);
    let attempts = 0;
    const taken: Allocated[] = [];
    await Promise.all(
      stores.map(async (store, worker) => {
        for (let round = 0; round < 8; round += 1) {
          const credentialId = `w${worker}-r${round}`;
          taken.push(
            ...(await store.transaction(async (tx) => {
              attempts += 1;
              const slots: Allocated[] = [];
              // Revocation before suspension, as the domain does.
              for (const purpose of ['revocation', 'suspension'] as const) {
                const slot = await tx.statusLists.takeSlot({ issuerId: issuer.id, purpose, format: scope.format, length: 64 });
                await tx.statusLists.insertAllocation({ statusListId: slot.statusListId, index: slot.counter, credentialId });
                slots.push({ ...slot, index: slot.counter, credentialId });
              }
              return slots;
            })),
          );
        }
      }),
    );
    expect(attempts).toBe(64);
    const lists = await stores[0]!.statusLists.listForIssuer(issuer.id);
    expect(lists.map((list) => [list.purpose, list.sequence, list.full])).toEqual([
      ['revocation', 1, true],
      ['suspension', 1, true],
    ]);
    for (const list of lists) expect(counters(taken, list.id)).toEqual(upTo(64));
  });

  it('ends concurrent creation of a first list with exactly one list', async () => {
    const [a, b] = [await open(), await open()];
    const issuer = await seedIssuer(a);
    const { allocations } = await allocateMany([a, b], issuer.id, 40);
    expect(new Set(allocations.map((allocation) => allocation.statusListId)).size).toBe(1);
    expect(await a.statusLists.listForIssuer(issuer.id)).toHaveLength(1);
    expect(counters(allocations, allocations[0]!.statusListId)).toEqual(upTo(40));
  });

  it('gives a rolled-back transaction’s slot back and keeps none of its allocations', async () => {
    const store = await open();
    const issuer = await seedIssuer(store);
    const rolledBack = `rolled-back-${uniqueSuffix()}`;
    await allocate(store, issuer.id, `kept-${uniqueSuffix()}`);
    const failure = new Error('signing failed');
    await expect(
      store.transaction(async (tx) => {
        const slot = await tx.statusLists.takeSlot({ issuerId: issuer.id, ...scope, length: SPEC_MINIMUM });
        expect(slot.counter).toBe(1);
        await tx.statusLists.insertAllocation({ statusListId: slot.statusListId, index: slot.counter, credentialId: rolledBack });
        throw failure;
      }),
    ).rejects.toBe(failure);
    expect(await store.statusLists.allocationsForCredential(rolledBack)).toEqual([]);
    expect((await allocate(store, issuer.id, `next-${uniqueSuffix()}`)).counter).toBe(1);
  });

  it('deletes the allocations of one credential only', async () => {
    const store = await open();
    const issuer = await seedIssuer(store);
    // The suite shares one database: credential ids must not meet another test's.
    const [lostId, keptId] = [`lost-${uniqueSuffix()}`, `kept-${uniqueSuffix()}`];
    const lost = await allocate(store, issuer.id, lostId);
    await store.transaction(async (tx) => {
      const slot = await tx.statusLists.takeSlot({ issuerId: issuer.id, purpose: 'suspension', format: scope.format, length: SPEC_MINIMUM });
      await tx.statusLists.insertAllocation({ statusListId: slot.statusListId, index: slot.counter, credentialId: lostId });
    });
    const kept = await allocate(store, issuer.id, keptId);
    expect(await store.statusLists.allocationsForCredential(lostId)).toHaveLength(2);
    expect(await store.statusLists.deleteAllocations(lostId)).toBe(2);
    expect(await store.statusLists.allocationsForCredential(lostId)).toEqual([]);
    expect(await store.statusLists.allocationsForCredential(keptId)).toEqual([{ statusListId: kept.statusListId, index: kept.index }]);
    // The slot stays used: a later credential gets the next one, never the deleted index.
    expect((await allocate(store, issuer.id, `after-${uniqueSuffix()}`)).counter).toBe(lost.counter + 2);
  });

  it('refuses an allocation of a taken index or of an unknown list', async () => {
    const store = await open();
    const issuer = await seedIssuer(store);
    const [first, second] = [`c1-${uniqueSuffix()}`, `c2-${uniqueSuffix()}`];
    const { statusListId, index } = await allocate(store, issuer.id, first);
    const taken = await store.statusLists.insertAllocation({ statusListId, index, credentialId: second }).catch((caught: unknown) => caught);
    expect((taken as StoreError).code).toBe('CONFLICT');
    await expect(store.statusLists.insertAllocation({ statusListId: 'missing', index: 0, credentialId: second })).rejects.toThrow();
    expect(await store.statusLists.allocationsForCredential(second)).toEqual([]);
  });

  it('keeps purposes and formats on separate lists', async () => {
    const store = await open();
    const issuer = await seedIssuer(store);
    for (const purpose of ['revocation', 'suspension'] as const) {
      for (const format of ['BitstringStatusList', 'StatusList2021'] as const) {
        await allocate(store, issuer.id, 'c', { purpose, format });
      }
    }
    const lists = await store.statusLists.listForIssuer(issuer.id);
    expect(lists.map((list) => `${list.purpose}/${list.format}/${list.sequence}/${list.allocatedCount}`)).toEqual([
      'revocation/BitstringStatusList/1/1',
      'revocation/StatusList2021/1/1',
      'suspension/BitstringStatusList/1/1',
      'suspension/StatusList2021/1/1',
    ]);
  });

  it.each([0, 63, -8, 1.5])('refuses length %s', async (length) => {
    const store = await open();
    const issuer = await seedIssuer(store);
    const error = await store.statusLists.takeSlot({ issuerId: issuer.id, ...scope, length }).catch((caught: unknown) => caught);
    expect((error as StoreError).code).toBe('INVALID_ARGUMENT');
    expect(await store.statusLists.listForIssuer(issuer.id)).toEqual([]);
  });

  it('closes lists made before migration 006 (random indexes) and continues on a new list', async () => {
    const url = await database.fresh();
    const { db, dialect } = await connectDatabase(url);
    const issuerId = `issuer-${uniqueSuffix()}`;
    try {
      await migrateTo(db.withoutPlugins() as Kysely<unknown>, dialect, '005-badge-templates');
      const now = new Date().toISOString();
      // Rows as the schema of 005 had them, so written without the plugin's newer types.
      const old = db.withoutPlugins() as unknown as Kysely<Record<string, Record<string, unknown>>>;
      await old
        .insertInto('issuers')
        .values({ id: issuerId, slug: issuerId, name: 'Old', did: `did:web:example.org:${issuerId}`, did_method: 'web', vc_version: '2.0', suite: 'eddsa-rdfc-2022', created_at: now, updated_at: now })
        .execute();
      await old
        .insertInto('status_lists')
        .values({ id: 'old-list', issuer_id: issuerId, purpose: 'revocation', format: 'BitstringStatusList', sequence: 1, length: 64, full: 0, version: 1, signed_version: 0, created_at: now, updated_at: now })
        .execute();
      await old.insertInto('status_allocations').values([0, 17, 42].map((index) => ({ status_list_id: 'old-list', status_index: index, credential_id: `old-${index}`, is_set: 0 }))).execute();
    } finally {
      await db.destroy();
    }

    const store = await open({ databaseUrl: url });
    expect(await store.statusLists.get('old-list')).toMatchObject({ sequence: 1, full: true, allocatedCount: 3 });
    const next = await allocate(store, issuerId, 'new', { length: 64 });
    expect(next).toMatchObject({ sequence: 2, counter: 0 });
    expect(next.statusListId).not.toBe('old-list');
    // The old list still serves its credentials' status.
    expect(await store.statusLists.setBit('old-list', 17, true)).toEqual({ changed: true, version: 2 });
  });

  it('bumps the version only when a bit actually changes', async () => {
    const store = await open();
    const issuer = await seedIssuer(store);
    const first = await allocate(store, issuer.id, 'c1', { length: 64 });
    const second = await allocate(store, issuer.id, 'c2', { length: 64 });
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
    const { allocations } = await allocateMany([a], issuer.id, 30, { length: 64 });
    const results = await Promise.all(allocations.map((allocation, i) => (i % 2 ? a : b).statusLists.setBit(allocation.statusListId, allocation.index, true)));
    expect(new Set(results.map((result) => result.version)).size).toBe(30);
    expect((await a.statusLists.get(allocations[0]!.statusListId))?.version).toBe(31);
  });

  it('refuses bits of unknown lists and never-allocated indexes', async () => {
    const store = await open();
    const issuer = await seedIssuer(store);
    const { statusListId, index } = await allocate(store, issuer.id, 'c', { length: 64 });
    expect(index).toBe(0);
    for (const call of [() => store.statusLists.setBit('missing', 0, true), () => store.statusLists.setBit(statusListId, 1, true)]) {
      const error = await call().catch((caught: unknown) => caught);
      expect((error as StoreError).code).toBe('NOT_FOUND');
    }
  });

  it('keeps signed copies moving forward only, and records since when a list owes a publication', async () => {
    const store = await open();
    const issuer = await seedIssuer(store);
    const first = await allocate(store, issuer.id, `c1-${issuer.id}`, { length: 64 });
    const statusListId = first.statusListId;
    const second = await allocate(store, issuer.id, `c2-${issuer.id}`, { length: 64 });
    // A new list owes its first publication.
    expect(await store.statusLists.signedCopy(statusListId)).toBeUndefined();
    expect((await store.statusLists.owedPublications(10_000)).map((owed) => owed.id)).toContain(statusListId);
    expect(await store.statusLists.saveSigned(statusListId, 1, { v: 1 }, 'etag-1')).toBe(true);
    expect(await store.statusLists.signedCopy(statusListId)).toEqual({ version: 1, signedVersion: 1, dirtySince: null, document: { v: 1 }, etag: 'etag-1' });
    expect((await store.statusLists.owedPublications(10_000)).map((owed) => owed.id)).not.toContain(statusListId);

    await store.statusLists.setBit(statusListId, first.index, true);
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
    const { statusListId } = await allocate(store, issuer.id, 'c', { length: 64 });
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
