import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../../test/support/databases.js';
import { seedIssuer, seedLearner, uniqueSuffix, useStores } from './testing/fixtures.js';

describeEachDatabase('completion records', (database) => {
  const open = useStores(database);

  it('stores a record and returns it typed', async () => {
    const store = await open();
    const issuer = await seedIssuer(store);
    const learner = await seedLearner(store, issuer.id);
    const { inserted, record } = await store.completions.insert({
      issuerId: issuer.id,
      learnerId: learner.id,
      courseId: 'course-v1:Org+CS101+2026',
      completionPercent: 100,
      gradePercent: 87.5,
      passed: true,
      assignmentGrades: [{ label: 'Final', percent: 91.25 }],
      completedAt: '2026-03-01T10:00:00Z',
      sourceEventId: `evt-${uniqueSuffix()}`,
    });
    expect(inserted).toBe(true);
    expect(record).toMatchObject({ passed: true, gradePercent: 87.5, completedAt: '2026-03-01T10:00:00.000Z' });
    expect(await store.completions.latestPerCourse(issuer.id, learner.id)).toEqual([record]);
  });

  it('is idempotent per source event: a redelivery returns the stored record', async () => {
    const store = await open();
    const issuer = await seedIssuer(store);
    const learner = await seedLearner(store, issuer.id);
    const input = { issuerId: issuer.id, learnerId: learner.id, courseId: 'c1', passed: false, sourceEventId: `evt-${uniqueSuffix()}` };
    const first = await store.completions.insert(input);
    const again = await store.completions.insert({ ...input, passed: true, gradePercent: 99 });
    expect(again).toEqual({ inserted: false, record: first.record });
    const concurrent = await Promise.all(Array.from({ length: 10 }, () => store.completions.insert({ ...input, sourceEventId: `${input.sourceEventId}-c` })));
    expect(concurrent.filter((result) => result.inserted)).toHaveLength(1);
    const rows = await store.db.selectFrom('completionRecords').select('id').where('learnerId', '=', learner.id).execute();
    expect(rows).toHaveLength(2);
  });

  it('lets two issuers use the same event id', async () => {
    const store = await open();
    const [a, b] = [await seedIssuer(store), await seedIssuer(store)];
    const sourceEventId = `evt-${uniqueSuffix()}`;
    const one = await store.completions.insert({ issuerId: a.id, learnerId: (await seedLearner(store, a.id)).id, courseId: 'c', passed: true, sourceEventId });
    const two = await store.completions.insert({ issuerId: b.id, learnerId: (await seedLearner(store, b.id)).id, courseId: 'c', passed: true, sourceEventId });
    expect([one.inserted, two.inserted]).toEqual([true, true]);
  });

  it('returns the latest received record of each course', async () => {
    const store = await open();
    const issuer = await seedIssuer(store);
    const learner = await seedLearner(store, issuer.id);
    const base = { issuerId: issuer.id, learnerId: learner.id };
    await store.completions.insert({ ...base, courseId: 'b', passed: false, gradePercent: 40, sourceEventId: `1-${uniqueSuffix()}` });
    const latestB = await store.completions.insert({ ...base, courseId: 'b', passed: true, gradePercent: 80, sourceEventId: `2-${uniqueSuffix()}` });
    const onlyA = await store.completions.insert({ ...base, courseId: 'a', passed: true, sourceEventId: `3-${uniqueSuffix()}` });
    const otherLearner = await seedLearner(store, issuer.id);
    await store.completions.insert({ ...base, learnerId: otherLearner.id, courseId: 'a', passed: false, sourceEventId: `4-${uniqueSuffix()}` });
    expect(await store.completions.latestPerCourse(issuer.id, learner.id)).toEqual([onlyA.record, latestB.record]);
  });
});
