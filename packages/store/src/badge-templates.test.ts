import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../../test/support/databases.js';
import { seedIssuer, useStores } from './testing/fixtures.js';

describeEachDatabase('badge templates', (database) => {
  const open = useStores(database);

  it('upsert inserts, then replaces name and state; get and list are per issuer and platform', async () => {
    const store = await open();
    const [issuer, other] = [await seedIssuer(store), await seedIssuer(store)];
    const repo = store.badgePlatforms;
    const first = await repo.upsertTemplate({ issuerId: issuer.id, platform: 'credly', remoteId: 't-1', name: 'Zeta', state: 'active' });
    await repo.upsertTemplate({ issuerId: issuer.id, platform: 'credly', remoteId: 't-2', name: 'Alpha', state: 'draft' });
    // The same remote id elsewhere is another template.
    await repo.upsertTemplate({ issuerId: issuer.id, platform: 'accredible', remoteId: 't-1', name: 'Group', state: 'active' });
    await repo.upsertTemplate({ issuerId: other.id, platform: 'credly', remoteId: 't-1', name: 'Theirs', state: 'active' });

    const changed = await repo.upsertTemplate({ issuerId: issuer.id, platform: 'credly', remoteId: 't-1', name: 'Zeta 2', state: 'archived' });
    expect(changed.updatedAt > first.updatedAt).toBe(true);
    expect(await repo.getTemplate(issuer.id, 'credly', 't-1')).toEqual(changed);
    expect(await repo.getTemplate(issuer.id, 'credly', 'nope')).toBeUndefined();
    const listed = await repo.listTemplates(issuer.id, 'credly');
    expect(listed.map((template) => [template.remoteId, template.name, template.state])).toEqual([
      ['t-2', 'Alpha', 'draft'],
      ['t-1', 'Zeta 2', 'archived'],
    ]);
    expect((await repo.listTemplates(other.id, 'credly')).map((template) => template.name)).toEqual(['Theirs']);
    expect((await repo.listTemplates(issuer.id, 'accredible')).map((template) => template.name)).toEqual(['Group']);
  });

  it('upserting the same values at the same instant keeps one row (MySQL reports no changed rows then)', async () => {
    const frozen = new Date('2026-04-01T00:00:00.000Z');
    const store = await open({ now: () => frozen });
    const issuer = await seedIssuer(store);
    const input = { issuerId: issuer.id, platform: 'credly' as const, remoteId: 'same', name: 'Same', state: 'active' as const };
    await store.badgePlatforms.upsertTemplate(input);
    await store.badgePlatforms.upsertTemplate(input);
    expect(await store.badgePlatforms.listTemplates(issuer.id, 'credly')).toEqual([{ ...input, updatedAt: frozen.toISOString() }]);
  });

  it('concurrent upserts of a new template (a sync racing a webhook) both succeed with one row left', async () => {
    const [a, b] = [await open(), await open()];
    const issuer = await seedIssuer(a);
    const base = { issuerId: issuer.id, platform: 'credly' as const, remoteId: 'raced' };
    await Promise.all([
      a.badgePlatforms.upsertTemplate({ ...base, name: 'From sync', state: 'active' }),
      b.badgePlatforms.upsertTemplate({ ...base, name: 'From webhook', state: 'archived' }),
    ]);
    const rows = await a.badgePlatforms.listTemplates(issuer.id, 'credly');
    expect(rows).toHaveLength(1);
    expect(['From sync', 'From webhook']).toContain(rows[0]?.name);
  });

  it('refuses a template of an unknown issuer', async () => {
    const store = await open();
    await expect(
      store.badgePlatforms.upsertTemplate({ issuerId: 'no-such-issuer', platform: 'credly', remoteId: 't', name: 'T', state: 'active' }),
    ).rejects.toThrow();
  });
});
