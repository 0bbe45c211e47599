import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../../test/support/databases.js';
import { StoreError } from './errors.js';
import { seedIssuer, uniqueSuffix, useStores } from './testing/fixtures.js';

async function errorOf(promise: Promise<unknown>): Promise<StoreError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(StoreError);
  return error as StoreError;
}

describeEachDatabase('issuers', (database) => {
  const open = useStores(database);

  it('creates, reads by id and slug, lists and updates', async () => {
    const store = await open();
    const issuer = await seedIssuer(store, { url: 'https://example.org', description: 'Ünïcode ✓ 学' });
    expect(await store.issuers.get(issuer.id)).toEqual(issuer);
    expect(await store.issuers.getBySlug(issuer.slug)).toEqual(issuer);
    expect((await store.issuers.list()).map((each) => each.id)).toContain(issuer.id);
    const updated = await store.issuers.update(issuer.id, { name: 'Renamed', email: 'badges@example.org' });
    expect(updated).toMatchObject({ name: 'Renamed', email: 'badges@example.org', url: 'https://example.org', description: 'Ünïcode ✓ 学' });
    expect(updated.updatedAt > issuer.updatedAt).toBe(true);
    expect(await store.issuers.get('missing')).toBeUndefined();
  });

  it('lists in slug order', async () => {
    const store = await open({ databaseUrl: await database.fresh() });
    for (const slug of ['b', 'C', 'a']) await seedIssuer(store, { slug });
    // Byte order on both dialects: upper case first.
    expect((await store.issuers.list()).map((issuer) => issuer.slug)).toEqual(['C', 'a', 'b']);
  });

  it('refuses a taken slug or DID with CONFLICT', async () => {
    const store = await open();
    const issuer = await seedIssuer(store);
    expect((await errorOf(seedIssuer(store, { slug: issuer.slug }))).code).toBe('CONFLICT');
    expect((await errorOf(seedIssuer(store, { did: issuer.did }))).code).toBe('CONFLICT');
    const other = await seedIssuer(store);
    expect((await errorOf(store.issuers.update(other.id, { slug: issuer.slug }))).code).toBe('CONFLICT');
  });

  it('treats slugs case-sensitively on both dialects', async () => {
    const store = await open();
    const slug = `case-${uniqueSuffix()}`;
    await seedIssuer(store, { slug });
    await expect(seedIssuer(store, { slug: slug.toUpperCase() })).resolves.toBeDefined();
    expect(await store.issuers.getBySlug(slug.toUpperCase())).toMatchObject({ slug: slug.toUpperCase() });
  });

  it('throws NOT_FOUND when updating a missing issuer', async () => {
    const store = await open();
    expect((await errorOf(store.issuers.update('missing', { name: 'x' }))).code).toBe('NOT_FOUND');
  });
});

describeEachDatabase('issuer keys', (database) => {
  const open = useStores(database);

  it('adds keys and picks the newest active one', async () => {
    const store = await open();
    const issuer = await seedIssuer(store);
    expect(await store.keys.activeKey(issuer.id)).toBeUndefined();
    const first = await store.keys.add({ id: `${issuer.did}#key-1`, issuerId: issuer.id, publicKeyMultibase: 'z6Mk1', sealedSecretKey: 'sealed-1' });
    const second = await store.keys.add({ id: `${issuer.did}#key-2`, issuerId: issuer.id, publicKeyMultibase: 'z6Mk2', sealedSecretKey: 'sealed-2' });
    expect(first.state).toBe('active');
    expect(await store.keys.activeKey(issuer.id)).toEqual(second);
    await store.keys.retire(second.id);
    expect(await store.keys.activeKey(issuer.id)).toEqual(first);
    expect((await store.keys.listForIssuer(issuer.id)).map((key) => [key.id, key.state])).toEqual([
      [second.id, 'retired'],
      [first.id, 'active'],
    ]);
  });

  it('makes revocation terminal and idempotent', async () => {
    const store = await open();
    const issuer = await seedIssuer(store);
    const key = await store.keys.add({ id: `${issuer.did}#key-1`, issuerId: issuer.id, publicKeyMultibase: 'z6Mk1', sealedSecretKey: 's' });
    const revoked = await store.keys.revoke(key.id, '2026-02-01T00:00:00Z');
    expect(revoked).toMatchObject({ state: 'revoked', revokedAt: '2026-02-01T00:00:00.000Z' });
    expect(await store.keys.revoke(key.id)).toEqual(revoked);
    expect((await errorOf(store.keys.retire(key.id))).code).toBe('INVALID_STATE_TRANSITION');
    expect(await store.keys.activeKey(issuer.id)).toBeUndefined();
    expect((await errorOf(store.keys.retire('missing'))).code).toBe('NOT_FOUND');
  });

  it('refuses a duplicate verification method id with CONFLICT', async () => {
    const store = await open();
    const issuer = await seedIssuer(store);
    const input = { id: `${issuer.did}#key-1`, issuerId: issuer.id, publicKeyMultibase: 'z6Mk1', sealedSecretKey: 's' };
    await store.keys.add(input);
    expect((await errorOf(store.keys.add(input))).code).toBe('CONFLICT');
  });
});
