import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../../test/support/databases.js';
import { seedIssuer, useStores } from './testing/fixtures.js';

describeEachDatabase('revocation list entries', (database) => {
  const open = useStores(database);

  it("keeps an issuer's VC-API credentials by id (any length), revokes once, and lists only the revoked ones", async () => {
    const store = await open();
    const issuer = await seedIssuer(store);
    const other = await seedIssuer(store);
    const long = `https://issuer.example/credentials/${'x'.repeat(3000)}`;
    await store.revocationListEntries.add(issuer.id, 'urn:uuid:1', '2026-05-01T00:00:00Z');
    await store.revocationListEntries.add(issuer.id, long, '2026-05-01T00:00:00Z');
    await store.revocationListEntries.add(issuer.id, long, '2026-05-02T00:00:00Z');
    expect(await store.revocationListEntries.get(issuer.id, long)).toMatchObject({ credentialId: long, revokedAt: null, createdAt: '2026-05-01T00:00:00.000Z' });
    expect(await store.revocationListEntries.revokedIds(issuer.id)).toEqual([]);

    expect(await store.revocationListEntries.revoke(issuer.id, long, '2026-06-01T00:00:00Z')).toBe(true);
    expect(await store.revocationListEntries.revoke(issuer.id, long, '2026-07-01T00:00:00Z')).toBe(true);
    expect((await store.revocationListEntries.get(issuer.id, long))?.revokedAt).toBe('2026-06-01T00:00:00.000Z');
    expect(await store.revocationListEntries.revokedIds(issuer.id)).toEqual([long]);
    // Another issuer's entry is not this one's, even under the same id.
    expect(await store.revocationListEntries.revoke(other.id, long, '2026-06-01T00:00:00Z')).toBe(false);
    expect(await store.revocationListEntries.revokedIds(other.id)).toEqual([]);
  });
});
