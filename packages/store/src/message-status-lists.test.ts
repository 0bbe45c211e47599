// Migration 012: "message" status lists (Bitstring Status List §2.1) and
// multi-bit values, on every dialect. SQLite rebuilds both status tables to
// change a CHECK, so rows, constraints and indexes written before must survive.
import { sql, type Kysely } from 'kysely';
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../../test/support/databases.js';
import { migrateTo } from './migrations/index.js';
import { connectDatabase } from './open-store.js';
import { seedIssuer, uniqueSuffix, useStores } from './testing/fixtures.js';

type Loose = Kysely<Record<string, Record<string, unknown>>>;

describeEachDatabase('message status lists (migration 012)', (database) => {
  const open = useStores(database);

  it('keep the lists, allocations and set bits written before 012, and their constraints and indexes', async () => {
    const url = await database.fresh();
    const { db, dialect } = await connectDatabase(url);
    const issuerId = `issuer-${uniqueSuffix()}`;
    try {
      await migrateTo(db.withoutPlugins() as Kysely<unknown>, dialect, '011-single-use-expiry');
      const now = new Date().toISOString();
      const old = db.withoutPlugins() as unknown as Loose;
      await old
        .insertInto('issuers')
        .values({ id: issuerId, slug: issuerId, name: 'Old', did: `did:web:example.org:${issuerId}`, did_method: 'web', vc_version: '2.0', suite: 'eddsa-rdfc-2022', created_at: now, updated_at: now })
        .execute();
      await old
        .insertInto('status_lists')
        .values({ id: 'old-list', issuer_id: issuerId, purpose: 'revocation', format: 'BitstringStatusList', sequence: 1, length: 64, full: 0, version: 3, signed_version: 2, signed_document: '{"old":true}', etag: '"e"', created_at: now, updated_at: now, allocated_count: 3, permutation_key: 'ab'.repeat(32), dirty_since: now })
        .execute();
      await old.insertInto('status_allocations').values([0, 17, 42].map((index) => ({ status_list_id: 'old-list', status_index: index, credential_id: `old-${index}`, is_set: index === 17 ? 1 : 0 }))).execute();
    } finally {
      await db.destroy();
    }

    const store = await open({ databaseUrl: url });
    expect(await store.statusLists.get('old-list')).toMatchObject({ issuerId, purpose: 'revocation', sequence: 1, allocatedCount: 3, version: 3, signedVersion: 2, etag: '"e"', full: false });
    expect(await store.statusLists.signedCopy('old-list')).toMatchObject({ document: { old: true } });
    expect(await store.statusLists.setIndexes('old-list')).toEqual([17]);
    expect(await store.statusLists.setValues('old-list')).toEqual([{ index: 17, value: 1 }]);
    expect(await store.statusLists.allocationsForCredential('old-42')).toEqual([{ statusListId: 'old-list', index: 42 }]);
    expect((await store.issuers.get(issuerId))?.lifecycleStatus).toBe(false);

    const raw = store.db.withoutPlugins() as unknown as Loose;
    // The unique key, the foreign key and the purpose CHECK still hold after the rebuild.
    await expect(raw.insertInto('status_allocations').values({ status_list_id: 'old-list', status_index: 17, credential_id: 'dup', is_set: 0 }).execute()).rejects.toThrow();
    await expect(raw.insertInto('status_allocations').values({ status_list_id: 'no-such-list', status_index: 1, credential_id: 'orphan', is_set: 0 }).execute()).rejects.toThrow();
    const now = new Date().toISOString();
    const list = (purpose: string, sequence: number) => ({ id: `list-${purpose}-${sequence}`, issuer_id: issuerId, purpose, format: 'BitstringStatusList', sequence, length: 64, full: 0, version: 1, signed_version: 0, created_at: now, updated_at: now });
    await expect(raw.insertInto('status_lists').values(list('refresh', 1)).execute()).rejects.toThrow();
    await expect(raw.insertInto('status_lists').values(list('revocation', 1)).execute()).rejects.toThrow();
    await raw.insertInto('status_lists').values(list('message', 1)).execute();

    const indexes =
      dialect === 'mysql'
        ? (await sql<{ name: string }>`select distinct index_name as name from information_schema.statistics where table_schema = database() and table_name = 'status_allocations'`.execute(raw)).rows
        : (await sql<{ name: string }>`select name from sqlite_master where type = 'index' and tbl_name = 'status_allocations' and name not like 'sqlite_%'`.execute(raw)).rows;
    expect(indexes.map((row) => row.name)).toEqual(expect.arrayContaining(['status_allocations_by_credential', 'status_allocations_set']));
    if (dialect === 'sqlite') {
      // The rename carried the child's foreign key over to the rebuilt parent's final name.
      const child = (await sql<{ sql: string }>`select sql from sqlite_master where type = 'table' and name = 'status_allocations'`.execute(raw)).rows[0]?.sql;
      expect(child).toContain('references "status_lists" ("id")');
      expect((await sql<{ name: string }>`select name from sqlite_master where name like '%_012%'`.execute(raw)).rows).toEqual([]);
    }
  });

  it('hold multi-bit values (Bitstring Status List §2.1 statusSize): set while not 0, each change a new version', async () => {
    const store = await open();
    const issuer = await seedIssuer(store);
    const slot = await store.transaction(async (tx) => {
      const taken = await tx.statusLists.takeSlot({ issuerId: issuer.id, purpose: 'message', format: 'BitstringStatusList', length: 64 });
      await tx.statusLists.insertAllocation({ statusListId: taken.statusListId, index: 5, credentialId: 'c-5' });
      return taken;
    });
    const id = slot.statusListId;
    expect(await store.statusLists.valueAt(id, 5)).toBe(0);
    expect(await store.statusLists.setValue(id, 5, 0)).toEqual({ changed: false, version: 1 });
    expect(await store.statusLists.setValue(id, 5, 2)).toEqual({ changed: true, version: 2 });
    expect(await store.statusLists.setValues(id)).toEqual([{ index: 5, value: 2 }]);
    expect(await store.statusLists.setIndexes(id)).toEqual([5]);
    expect(await store.statusLists.setValue(id, 5, 3)).toEqual({ changed: true, version: 3 });
    expect(await store.statusLists.valueAt(id, 5)).toBe(3);
    expect(await store.statusLists.setValue(id, 5, 0)).toEqual({ changed: true, version: 4 });
    expect(await store.statusLists.setValues(id)).toEqual([]);
    expect((await store.statusLists.get(id))?.purpose).toBe('message');
    await expect(store.statusLists.setValue(id, 6, 1)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('roll back to 011 keeping revocation lists (message lists go), and forward again', async () => {
    const url = await database.fresh();
    const store = await open({ databaseUrl: url });
    const issuer = await seedIssuer(store);
    const slot = async (purpose: 'revocation' | 'message', credentialId: string) =>
      store.transaction(async (tx) => {
        const taken = await tx.statusLists.takeSlot({ issuerId: issuer.id, purpose, format: 'BitstringStatusList', length: 64 });
        await tx.statusLists.insertAllocation({ statusListId: taken.statusListId, index: taken.counter, credentialId });
        return taken;
      });
    const revocation = await slot('revocation', 'c-1');
    await slot('message', 'c-1');
    await store.statusLists.setBit(revocation.statusListId, revocation.counter, true);
    const { db, dialect } = await connectDatabase(url);
    try {
      await migrateTo(db.withoutPlugins() as Kysely<unknown>, dialect, '011-single-use-expiry');
      const raw = db.withoutPlugins() as unknown as Loose;
      expect((await raw.selectFrom('status_lists').select('purpose').execute()).map((row) => row.purpose)).toEqual(['revocation']);
      expect(await raw.selectFrom('status_allocations').select(['status_index', 'is_set']).execute()).toEqual([{ status_index: revocation.counter, is_set: 1 }]);
      await migrateTo(db.withoutPlugins() as Kysely<unknown>, dialect, '012-message-status-lists');
    } finally {
      await db.destroy();
    }
    expect(await store.statusLists.setIndexes(revocation.statusListId)).toEqual([revocation.counter]);
  });

  it('store the lifecycle policy per issuer, off by default', async () => {
    const store = await open();
    const issuer = await seedIssuer(store);
    expect(issuer).toMatchObject({ lifecycleStatus: false, lifecycleStatusReference: null });
    const updated = await store.issuers.update(issuer.id, { lifecycleStatus: true, lifecycleStatusReference: 'https://issuer.example/lifecycle' });
    expect(updated).toMatchObject({ lifecycleStatus: true, lifecycleStatusReference: 'https://issuer.example/lifecycle' });
    expect(await store.issuers.get(issuer.id)).toEqual(updated);
  });
});
