// Per-achievement policy for records that arrive after a credential was
// issued (laterRecords), through the issuer API: set at creation, changed by
// PATCH as a new rules version, and applied by POST /v1/completions.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../test/support/databases.js';
import { createTestIssuer, type TestIssuer } from '../../../test/support/issuer.js';
import { recordCompletions } from './completions.js';

const COURSE = 'course-v1:Org+POLICY+2026';

describeEachDatabase('laterRecords: what later records do to an issued credential', (database) => {
  let issuer: TestIssuer;
  let issuerId: string;
  beforeAll(async () => {
    issuer = await createTestIssuer(database.url);
    issuerId = (await issuer.call('POST', '/v1/issuers', { slug: 'policy-u', name: 'Policy University', didMethod: 'key' })).body.id;
  });
  afterAll(() => issuer.close());

  const achievement = async (body: Record<string, unknown>) => {
    const created = await issuer.call('POST', `/v1/issuers/${issuerId}/achievements`, { externalId: COURSE, name: 'Policy 101', rules: { minGradePercent: 70 }, ...body });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    return created.body as { id: string; rules: Record<string, unknown>; rulesVersion: number };
  };
  const report = (lmsUserId: string, gradePercent: number, sourceEventId: string) =>
    issuer.call('POST', '/v1/completions', { issuerId, learner: { lmsUserId, name: `Learner ${lmsUserId}` }, courseId: COURSE, gradePercent, passed: gradePercent >= 70, sourceEventId });

  it('refuses an unknown policy, naming the field, and writes nothing', async () => {
    const refused = await issuer.call('POST', `/v1/issuers/${issuerId}/achievements`, { externalId: COURSE, name: 'Bad', laterRecords: 'sometimes' });
    expect(refused.status).toBe(400);
    expect(JSON.stringify(refused.body)).toContain('laterRecords');
    expect((await issuer.store.achievements.listForIssuer(issuerId)).some((row) => row.name === 'Bad')).toBe(false);
  });

  it('keep-first by default; PATCH switches to revoke-when-unmet as a new rules version, and a regression then revokes with the reason', async () => {
    const created = await achievement({ name: 'Policy 101 keep' });
    expect(created.rules.laterRecords).toBeUndefined();
    const first = await report('k1', 90, 'k1-1');
    const credentialId = first.body.issued.find((issued: { achievementId: string }) => issued.achievementId === created.id).credentialId;
    // keep-first: a fall below the rules changes nothing.
    const fell = await report('k1', 40, 'k1-2');
    expect(fell.body.revoked).toEqual([]);
    expect((await issuer.store.credentials.get(credentialId))?.state).toBe('active');

    const patched = await issuer.call('PATCH', `/v1/issuers/${issuerId}/achievements/${created.id}`, { laterRecords: 'revoke-when-unmet' });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    expect(patched.body).toMatchObject({ rulesVersion: created.rulesVersion + 1, rules: { laterRecords: 'revoke-when-unmet', minGradePercent: 70 } });
    const again = await report('k1', 40, 'k1-3');
    expect(again.body.revoked).toEqual([{ credentialId, achievementId: created.id, learnerId: expect.any(String), reason: expect.stringMatching(/^rules no longer met: .*40%.*70%/) }]);
    expect((await issuer.store.credentials.get(credentialId))?.state).toBe('revoked');
  });

  it('reissue-on-grade-change re-issues only when the credential reports a grade', async () => {
    const silent = await achievement({ name: 'Policy 101 silent', laterRecords: 'reissue-on-grade-change' });
    const reported = await achievement({ name: 'Policy 101 graded', laterRecords: 'reissue-on-grade-change', reportGrade: true });
    const first = await report('r1', 80, 'r1-1');
    const held = (id: string) => first.body.issued.find((issued: { achievementId: string }) => issued.achievementId === id).credentialId as string;
    const second = await report('r1', 95, 'r1-2');
    // The grade-less credential has nothing to correct; the graded one is superseded.
    expect(second.body.issued).toEqual([expect.objectContaining({ achievementId: reported.id, reissueOf: held(reported.id) })]);
    expect((await issuer.store.credentials.get(held(silent.id)))?.state).toBe('active');
    expect(await issuer.store.credentials.get(held(reported.id))).toMatchObject({ state: 'revoked', stateReason: 'superseded: the reported grade changed' });
    // The same grade again: nothing new.
    const third = await report('r1', 95, 'r1-3');
    expect(third.body.issued).toEqual([]);
  });

  it('revoke-when-unmet with revokeGraceDays: the credential survives the grace period and is revoked by the first evaluation after it', async () => {
    const graced = await achievement({ name: 'Policy 101 graced', laterRecords: 'revoke-when-unmet', revokeGraceDays: 3 });
    expect(graced.rules).toMatchObject({ laterRecords: 'revoke-when-unmet', revokeGraceDays: 3 });
    const first = await report('g1', 90, 'g1-1');
    const credentialId = first.body.issued.find((issued: { achievementId: string }) => issued.achievementId === graced.id).credentialId as string;
    const fell = await report('g1', 40, 'g1-2');
    expect(fell.body.revoked.filter((revoked: { achievementId: string }) => revoked.achievementId === graced.id)).toEqual([]);
    expect((await issuer.store.credentials.get(credentialId))?.state).toBe('active');

    // Four days on, the same record again (as a reconcile run would send): the grace period is over.
    const later = { ...issuer.deps, now: () => new Date(Date.now() + 4 * 24 * 60 * 60 * 1000) };
    const outcome = await recordCompletions(later, 'test', issuerId, [{ learner: { lmsUserId: 'g1', name: 'Learner g1' }, courseId: COURSE, gradePercent: 40, passed: false, sourceEventId: 'g1-2' }]);
    expect(outcome.duplicates).toEqual(['g1-2']);
    expect(outcome.revoked.map((revoked) => revoked.credentialId)).toContain(credentialId);
    expect((await issuer.store.credentials.get(credentialId))?.state).toBe('revoked');
  });
});
