import { createHash } from 'node:crypto';
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../../test/support/databases.js';
import { seedAchievement, seedIssuer, useStores } from './testing/fixtures.js';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

describeEachDatabase('assets and certificate designs', (database) => {
  const open = useStores(database);

  it('keep an asset per issuer by content: the same bytes again change nothing, bytes read back exactly', async () => {
    const store = await open();
    const [issuer, other] = [await seedIssuer(store), await seedIssuer(store)];
    // Every byte value, and more than MySQL's 64 KiB BLOB holds.
    const bytes = new Uint8Array(200_000).map((_, index) => (index * 7) % 256);
    const input = { issuerId: issuer.id, id: sha256(bytes), kind: 'image' as const, mediaType: 'image/png', byteLength: bytes.length, name: 'logo.png', storage: 'database' as const, bytes };
    const first = await store.assets.add(input);
    const again = await store.assets.add({ ...input, name: 'renamed.png' });
    expect(first.created).toBe(true);
    expect(again).toEqual({ asset: first.asset, created: false });
    expect(Buffer.from((await store.assets.readBytes(issuer.id, input.id))!).equals(Buffer.from(bytes))).toBe(true);
    expect(await store.assets.find(other.id, input.id)).toBeUndefined();
    expect(await store.assets.readBytes(other.id, input.id)).toBeUndefined();
    const elsewhere = await store.assets.add({ ...input, issuerId: other.id, storage: 's3', bytes: null });
    expect(elsewhere.created).toBe(true);
    expect(await store.assets.readBytes(other.id, input.id)).toBeUndefined();
    expect((await store.assets.list(issuer.id)).map((asset) => asset.id)).toEqual([input.id]);
    expect(await store.assets.remove(issuer.id, input.id)).toEqual(first.asset);
    expect(await store.assets.remove(issuer.id, input.id)).toBeUndefined();
    expect(await store.assets.find(other.id, input.id)).toEqual(elsewhere.asset);
  });

  it('record concurrent uploads of one file once', async () => {
    const store = await open();
    const issuer = await seedIssuer(store);
    const bytes = new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"/>');
    const input = { issuerId: issuer.id, id: sha256(bytes), kind: 'image' as const, mediaType: 'image/svg+xml', byteLength: bytes.length, name: null, storage: 'database' as const, bytes };
    const results = await Promise.all([store.assets.add(input), store.assets.add(input), store.assets.add(input)]);
    expect(results.filter((result) => result.created)).toHaveLength(1);
    expect(await store.assets.list(issuer.id)).toHaveLength(1);
  });

  it('choose a design per achievement over the issuer-wide one, and forget choices of a removed design', async () => {
    const store = await open();
    const issuer = await seedIssuer(store);
    const [course, other] = [await seedAchievement(store, issuer.id), await seedAchievement(store, issuer.id)];
    const wide = await store.certificateDesigns.create({ issuerId: issuer.id, name: 'House style', design: '{"format":"laurel-design/1"}' });
    const special = await store.certificateDesigns.create({ issuerId: issuer.id, name: 'Special', design: '{"format":"laurel-design/1","pages":[]}' });
    expect(await store.certificateDesigns.chosenFor(issuer.id, course.id)).toBeUndefined();
    await store.certificateDesigns.choose(issuer.id, null, wide.id);
    await store.certificateDesigns.choose(issuer.id, course.id, special.id);
    expect((await store.certificateDesigns.chosenFor(issuer.id, course.id))?.id).toBe(special.id);
    expect((await store.certificateDesigns.chosenFor(issuer.id, other.id))?.id).toBe(wide.id);
    expect(await store.certificateDesigns.choiceAt(issuer.id, course.id)).toBe(special.id);
    const renamed = await store.certificateDesigns.update(issuer.id, special.id, { name: 'Renamed', design: special.design });
    expect(renamed?.name).toBe('Renamed');
    expect(await store.certificateDesigns.remove(issuer.id, special.id)).toBe(true);
    expect((await store.certificateDesigns.chosenFor(issuer.id, course.id))?.id).toBe(wide.id);
    await store.certificateDesigns.choose(issuer.id, null, null);
    expect(await store.certificateDesigns.chosenFor(issuer.id, course.id)).toBeUndefined();
    expect((await store.certificateDesigns.list(issuer.id)).map((design) => design.name)).toEqual(['House style']);
  });
});
