import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../../test/support/databases.js';
import { StoreError } from './errors.js';
import { seedAchievement, seedIssuer, useStores } from './testing/fixtures.js';

describeEachDatabase('achievements', (database) => {
  const open = useStores(database);

  it('round-trips JSON columns and flags', async () => {
    const store = await open();
    const issuer = await seedIssuer(store);
    const achievement = await seedAchievement(store, issuer.id, {
      signatories: [{ name: 'Dr. Ada', title: 'Dean' }],
      theme: { colour: '#123456' },
      rules: { minGrade: 0.7, nested: [1, null, 'x'] },
      resultDescriptions: [{ id: 'urn:grade', name: 'Grade' }],
      template: '<svg/>',
      autoOffer: true,
      translations: { fr: { name: 'Science des données', description: 'Introduction' }, ar: { name: 'علم البيانات' } },
    });
    expect(await store.achievements.get(achievement.id)).toEqual(achievement);
    expect(achievement).toMatchObject({
      signatories: [{ name: 'Dr. Ada', title: 'Dean' }],
      theme: { colour: '#123456' },
      rules: { minGrade: 0.7, nested: [1, null, 'x'] },
      autoOffer: true,
      courseIds: [],
      description: null,
      translations: { fr: { name: 'Science des données', description: 'Introduction' }, ar: { name: 'علم البيانات' } },
    });
    expect(await store.achievements.listForIssuer(issuer.id)).toEqual([achievement]);
    const cleared = await seedAchievement(store, issuer.id, {});
    expect(cleared.translations).toBeNull();
    await store.achievements.update(achievement.id, { translations: null });
    expect((await store.achievements.get(achievement.id))?.translations).toBeNull();
  });

  it('finds the course achievements and programs a course touches, for that issuer only', async () => {
    const store = await open();
    const issuer = await seedIssuer(store);
    const other = await seedIssuer(store);
    const course = 'course-v1:Org+CS101+2026';
    const courseBadge = await seedAchievement(store, issuer.id, { externalId: course });
    const program = await seedAchievement(store, issuer.id, { kind: 'program', externalId: 'program-1', courseIds: [course, 'course-v1:Org+CS102+2026'] });
    await seedAchievement(store, issuer.id, { kind: 'program', externalId: 'program-2', courseIds: ['course-v1:Org+CS102+2026'] });
    await seedAchievement(store, issuer.id, { externalId: 'course-v1:Org+CS102+2026' });
    await seedAchievement(store, other.id, { externalId: course });

    const touched = await store.achievements.touchedByCourse(issuer.id, course);
    expect(touched.map((achievement) => achievement.id)).toEqual([courseBadge.id, program.id]);
    expect(await store.achievements.touchedByCourse(issuer.id, 'course-v1:Org+CS999+2026')).toEqual([]);
  });

  it('updates fields and re-links courses when a program changes', async () => {
    const store = await open();
    const issuer = await seedIssuer(store);
    const program = await seedAchievement(store, issuer.id, { kind: 'program', externalId: 'program-x', courseIds: ['c1', 'c2'] });
    const updated = await store.achievements.update(program.id, { name: 'Renamed', courseIds: ['c2', 'c3'], autoOffer: true, theme: null });
    expect(updated).toMatchObject({ name: 'Renamed', courseIds: ['c2', 'c3'], autoOffer: true, theme: null, kind: 'program' });
    expect(await store.achievements.touchedByCourse(issuer.id, 'c1')).toEqual([]);
    expect((await store.achievements.touchedByCourse(issuer.id, 'c3')).map((each) => each.id)).toEqual([program.id]);
  });

  it('re-links a course achievement whose external id changes', async () => {
    const store = await open();
    const issuer = await seedIssuer(store);
    const badge = await seedAchievement(store, issuer.id, { externalId: 'old-course' });
    await store.achievements.update(badge.id, { externalId: 'new-course' });
    expect(await store.achievements.touchedByCourse(issuer.id, 'old-course')).toEqual([]);
    expect((await store.achievements.touchedByCourse(issuer.id, 'new-course')).map((each) => each.id)).toEqual([badge.id]);
  });

  it('throws NOT_FOUND when updating a missing achievement', async () => {
    const store = await open();
    const error = await store.achievements.update('missing', { name: 'x' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(StoreError);
    expect((error as StoreError).code).toBe('NOT_FOUND');
  });
});
