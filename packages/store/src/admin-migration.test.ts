import type { Kysely } from 'kysely';
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../../test/support/databases.js';
import { migrateTo } from './migrations/index.js';
import { connectDatabase } from './open-store.js';
import { seedIssuer, uniqueSuffix, useStores } from './testing/fixtures.js';

describeEachDatabase('migration 010-admin and the admin queries', (database) => {
  const open = useStores(database);

  it('gives achievements made before it rules version 1, and their credentials too', async () => {
    const url = await database.fresh();
    const { db, dialect } = await connectDatabase(url);
    const id = (name: string) => `${name}-${uniqueSuffix()}`;
    const [issuerId, achievementId, learnerId, credentialId] = [id('issuer'), id('achievement'), id('learner'), id('credential')];
    try {
      await migrateTo(db.withoutPlugins() as Kysely<unknown>, dialect, '007-status-publication');
      const now = new Date().toISOString();
      // Rows as the schema of 007 had them.
      const old = db.withoutPlugins() as unknown as Kysely<Record<string, Record<string, unknown>>>;
      await old.insertInto('issuers').values({ id: issuerId, slug: issuerId, name: 'Old', did: `did:web:example.org:${issuerId}`, did_method: 'web', vc_version: '2.0', suite: 'eddsa-rdfc-2022', created_at: now, updated_at: now }).execute();
      await old
        .insertInto('achievements')
        .values({ id: achievementId, issuer_id: issuerId, external_id: 'c-1', kind: 'course', name: 'Old course', signatories: '[]', rules: '{"type":"course","courseId":"c-1","minGradePercent":60}', result_descriptions: '[]', course_ids: '["c-1"]', auto_offer: 0, created_at: now, updated_at: now })
        .execute();
      await old.insertInto('learners').values({ id: learnerId, issuer_id: issuerId, lms_user_id: 'u-1', created_at: now, updated_at: now }).execute();
      await old
        .insertInto('credentials')
        .values({ id: credentialId, issuer_id: issuerId, achievement_id: achievementId, learner_id: learnerId, state: 'active', document: '{}', attributes: '[]', format: 'vc2', issued_at: now, active_key: `${achievementId}:${learnerId}` })
        .execute();
    } finally {
      await db.destroy();
    }

    const store = await open({ databaseUrl: url });
    expect(await store.achievements.get(achievementId)).toMatchObject({ rulesVersion: 1, archivedAt: null });
    expect(await store.achievements.ruleVersions(achievementId)).toEqual([{ version: 1, rules: { type: 'course', courseId: 'c-1', minGradePercent: 60 }, createdAt: expect.any(String), actor: 'migration' }]);
    expect((await store.credentials.get(credentialId))?.rulesVersion).toBe(1);
    expect(await store.learners.get(learnerId)).toMatchObject({ erasedAt: null });
    expect(await store.issuers.get(issuerId)).toMatchObject({ theme: null, defaultTemplate: null, locale: null, archivedAt: null });
  });

  it('search takes LIKE wildcards in q literally, ignores case, and pages by (issuedAt, id) without repeats', async () => {
    const store = await open();
    const issuer = await seedIssuer(store);
    const achievement = await store.achievements.create({ issuerId: issuer.id, externalId: 'c-9', kind: 'course', name: 'Nine', rules: {} });
    const issuedAt = '2026-03-01T00:00:00.000Z';
    const names = ['100% Pass', '100_x', 'Ordinary', 'MIXED case'];
    for (const [index, name] of names.entries()) {
      const { learner } = await store.learners.upsert({ issuerId: issuer.id, lmsUserId: `u-${index}`, name });
      // The same instant for all: ties are broken by id, and pages still neither repeat nor skip.
      await store.credentials.insertIssued({ issuerId: issuer.id, achievementId: achievement.id, learnerId: learner.id, document: {}, format: 'vc2', issuedAt });
    }
    const matching = async (q: string) => (await store.credentials.search({ issuerId: issuer.id, q }, { limit: 10 })).items.map((item) => item.learner.name);
    expect(await matching('0%')).toEqual(['100% Pass']);
    expect(await matching('0_')).toEqual(['100_x']);
    expect(await matching('mixed CASE')).toEqual(['MIXED case']);
    expect(await matching('%')).toEqual(['100% Pass']);

    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await store.credentials.search({ issuerId: issuer.id }, { limit: 1, cursor, order: 'asc' });
      seen.push(...page.items.map((item) => item.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toHaveLength(names.length);
    expect(seen).toEqual([...seen].sort());
  });
});
