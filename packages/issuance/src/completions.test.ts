// A batch is one transaction per learner. When one learner fails, the others
// are still processed and reported, the failure is listed, and status lists
// changed by the others (the old credential revoked by a name change) are
// published, not left stale. When every learner fails, the error is thrown.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { verifyCredential } from '@laurel/suites';
import { describeEachDatabase } from '../../../test/support/databases.js';
import { createTestIssuer, type TestIssuer } from '../../../test/support/issuer.js';
import { recordCompletions } from './completions.js';
import type { IssuanceDeps } from './deps.js';

const COURSE = 'course-v1:Org+BATCH+2026';

describeEachDatabase('recordCompletions: a failing learner in a batch', (database) => {
  let issuer: TestIssuer;
  let issuerId: string;
  beforeAll(async () => {
    issuer = await createTestIssuer(database.url);
    issuerId = (await issuer.call('POST', '/v1/issuers', { slug: 'batch-u', name: 'Batch University', didMethod: 'key' })).body.id;
    expect((await issuer.call('POST', `/v1/issuers/${issuerId}/achievements`, { externalId: COURSE, name: 'Batch 101', rules: { requirePassed: true } })).status).toBe(201);
  });
  afterAll(() => issuer.close());

  it('reports the failing learner, keeps the others and publishes the revocation their re-issue made', async () => {
    // Count the random draws one issuance takes, so the next batch can fail right after its first learner.
    let draws = 0;
    const counting: IssuanceDeps = { ...issuer.deps, random: () => (draws++, issuer.deps.random()) };
    const first = await recordCompletions(counting, 'test', issuerId, [{ learner: { lmsUserId: 'a', name: 'Ann Lee' }, courseId: COURSE, passed: true, sourceEventId: 'a-1' }]);
    const original = first.issued[0]!;
    const drawsPerIssue = draws;
    expect(drawsPerIssue).toBeGreaterThan(0);

    let calls = 0;
    const failingSecond: IssuanceDeps = {
      ...issuer.deps,
      random: () => {
        calls += 1;
        if (calls > drawsPerIssue) throw new Error('entropy source failed');
        return issuer.deps.random();
      },
    };
    const outcome = await recordCompletions(failingSecond, 'test', issuerId, [
      { learner: { lmsUserId: 'a', name: 'Ann Lee-Park' }, courseId: COURSE, passed: true, sourceEventId: 'a-2' },
      { learner: { lmsUserId: 'b', name: 'Bo Chan' }, courseId: COURSE, passed: true, sourceEventId: 'b-1' },
      { learner: { lmsUserId: 'b', name: 'Bo Chan' }, courseId: 'course-v1:Org+OTHER+2026', passed: true, sourceEventId: 'b-2' },
    ]);
    // b's failure is reported, without the internal message; a's work stands.
    expect(outcome.failed).toEqual([{ lmsUserId: 'b', sourceEventIds: ['b-1', 'b-2'], code: 'INTERNAL', detail: expect.stringMatching(/again is safe/) }]);
    expect(JSON.stringify(outcome.failed)).not.toContain('entropy');
    expect(outcome.issued.map((issued) => issued.learnerId)).toEqual([original.learnerId]);

    // Learner a: re-issued under the new name, the old credential revoked, and the revocation visible in the signed list.
    expect((await issuer.store.credentials.get(original.credentialId))?.state).toBe('revoked');
    const verified = await verifyCredential((await issuer.store.credentials.get(original.credentialId))!.document as never, { checkStatus: issuer.checkStatus });
    expect(verified.checks.proof.status).toBe('valid');
    expect(verified.checks.status.status).toBe('invalid');
    // Learner b: nothing at all.
    expect(await issuer.store.learners.getByLmsUserId(issuerId, 'b')).toBeUndefined();
  });

  it('throws when no learner of the batch succeeds', async () => {
    const broken: IssuanceDeps = { ...issuer.deps, random: () => { throw new Error('entropy source failed'); } };
    await expect(recordCompletions(broken, 'test', issuerId, [{ learner: { lmsUserId: 'd', name: 'Dee' }, courseId: COURSE, passed: true, sourceEventId: 'd-1' }])).rejects.toThrow('entropy source failed');
    expect(await issuer.store.learners.getByLmsUserId(issuerId, 'd')).toBeUndefined();
  });

  it('refuses a learner DID with whitespace before anything is written', async () => {
    await expect(
      recordCompletions(issuer.deps, 'test', issuerId, [{ learner: { lmsUserId: 'c', did: 'did:key:z6Mk with space' }, courseId: COURSE, passed: true, sourceEventId: 'c-1' }]),
    ).rejects.toThrow(/must be a DID/);
    expect(await issuer.store.learners.getByLmsUserId(issuerId, 'c')).toBeUndefined();
  });
});
