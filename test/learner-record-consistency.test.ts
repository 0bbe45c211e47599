// The learner record never says "earned" next to a line that contradicts it
// without saying when each was true: a held credential shows what it was
// issued under (its rules version, the records known then, its grade) apart
// from current progress, and current progress keeps each requirement's best
// score (keep-first) or latest (the other policies). The example: 83,
// then 97, then a drop to 40 with no Final Exam in the record.
import { beforeAll, afterAll, expect, it } from 'vitest';
import { createShareLink, learnerRecord, type LearnerRecord } from '@laurel/issuance';
import { describeEachDatabase } from './support/databases.js';
import { createTestIssuer, type TestIssuer } from './support/issuer.js';

const COURSE = 'course-v1:Laurel+REC101+2026';

describeEachDatabase('learner record: issued-under state and current progress', (database) => {
  let issuer: TestIssuer;
  let issuerId: string;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    issuer = await createTestIssuer(database.url);
    issuerId = (await issuer.call('POST', '/v1/issuers', { slug: 'record-u', name: 'Record University', didMethod: 'key' })).body.id;
    const rules = { minGradePercent: 80, assignmentTypeMinimums: { 'Final Exam': 80 } };
    for (const [key, policy] of [['first', 'keep-first'], ['reissue', 'reissue-on-grade-change']] as const) {
      const created = await issuer.call('POST', `/v1/issuers/${issuerId}/achievements`, { externalId: COURSE, name: `Records (${key})`, tier: key, rules, reportGrade: true, laterRecords: policy });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      ids[key] = created.body.id;
    }
  });
  afterAll(async () => {
    await issuer?.close();
  });

  const send = async (sourceEventId: string, gradePercent: number, assignmentGrades?: Record<string, number>) => {
    const response = await issuer.call('POST', '/v1/completions', { issuerId, learner: { lmsUserId: 'rec-1', name: 'Grace Hopper' }, courseId: COURSE, gradePercent, passed: gradePercent >= 50, ...(assignmentGrades ? { assignmentGrades } : {}), sourceEventId });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
  };
  const record = async (): Promise<LearnerRecord> => learnerRecord(issuer.deps, (await issuer.store.learners.getByLmsUserId(issuerId, 'rec-1'))!);
  const entry = (current: LearnerRecord, key: string) => current.progress.find((progress) => progress.achievementId === ids[key])!;
  const line = (requirements: LearnerRecord['progress'][number]['requirements'], kind: string) => requirements.find((requirement) => requirement.kind === kind)!;

  it('83 earns both; 97 re-issues only under reissue-on-grade-change; each credential says what it was issued under', async () => {
    await send('rec-1', 83, { 'Final Exam': 85 });
    let current = await record();
    for (const key of ['first', 'reissue']) {
      expect(entry(current, key)).toMatchObject({ earned: true, currentlyMet: true, issuedUnder: { grade: 83, rulesVersion: 1 } });
      expect(line(entry(current, key).issuedUnder!.requirements, 'grade')).toMatchObject({ current: 83, met: true });
    }

    await send('rec-2', 97, { 'Final Exam': 96 });
    current = await record();
    // keep-first: the credential says 83 and so does what it was issued under; current progress has the better 97.
    expect(entry(current, 'first')).toMatchObject({ scores: 'best', currentlyMet: true, issuedUnder: { grade: 83 } });
    expect(line(entry(current, 'first').issuedUnder!.requirements, 'grade').current).toBe(83);
    expect(line(entry(current, 'first').requirements, 'grade').current).toBe(97);
    // reissue-on-grade-change: a new credential, issued under 97.
    expect(entry(current, 'reissue')).toMatchObject({ scores: 'latest', issuedUnder: { grade: 97 } });
    expect(line(entry(current, 'reissue').issuedUnder!.requirements, 'grade').current).toBe(97);
  });

  it('a drop to 40 without a Final Exam: keep-first keeps the best scores (nothing forgotten); reissue shows 40 as current progress, apart from what its credential was issued under', async () => {
    await send('rec-3', 40);
    const current = await record();
    const first = entry(current, 'first');
    expect(first).toMatchObject({ earned: true, currentlyMet: true, issuedUnder: { grade: 83 } });
    expect(line(first.requirements, 'grade')).toMatchObject({ current: 97, met: true });
    expect(line(first.requirements, 'assignmentType')).toMatchObject({ assignmentType: 'Final Exam', current: 96, met: true });

    const reissue = entry(current, 'reissue');
    expect(reissue).toMatchObject({ earned: true, currentlyMet: false, issuedUnder: { grade: 97 } });
    expect(reissue.issuedUnder!.requirements.every((requirement) => requirement.met)).toBe(true);
    expect(line(reissue.requirements, 'grade')).toMatchObject({ current: 40, met: false });
    expect(line(reissue.requirements, 'assignmentType')).toMatchObject({ current: null, met: false });

    // The page: under the earned credential, its own lines (all met), then "Progress now" with the 40.
    const learner = (await issuer.store.learners.getByLmsUserId(issuerId, 'rec-1'))!;
    const { url } = await createShareLink(issuer.deps, 'test', learner, null);
    const html = await (await issuer.app.request(new URL(url).pathname, { headers: { accept: 'text/html' } })).text();
    const item = html.slice(html.indexOf(`data-achievement="${ids.reissue}"`));
    const block = item.slice(0, item.indexOf('</ul></li>') + 10);
    const [asIssued, now] = [block.slice(block.indexOf('data-list="issued-under"'), block.indexOf('data-list="now"')), block.slice(block.indexOf('data-list="now"'))];
    expect(block).toMatch(/Earned[\s\S]*As issued on[\s\S]*Progress now/);
    expect(asIssued).toContain('Overall grade: 97%');
    expect(asIssued).not.toContain('class="unmet"');
    expect(now).toContain('class="unmet"');
    expect(now).toContain('40%');
  });
});
