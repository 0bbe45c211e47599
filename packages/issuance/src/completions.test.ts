// A batch is one transaction per learner, a few learners at once. When one learner fails, the others
// are still processed and reported (in the order they came), the failure is listed, and status lists
// changed by the others (the old credential revoked by a name change) are
// published, not left stale. When every learner fails, the error is thrown.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Store } from '@laurel/store';
import { verifyCredential } from '@laurel/suites';
import { describeEachDatabase } from '../../../test/support/databases.js';
import { createTestIssuer, type TestIssuer } from '../../../test/support/issuer.js';
import { orphanAllocations } from '../../../test/support/status-allocations.js';
import { waitFor } from '../../../test/support/wait.js';
import { recordCompletions } from './completions.js';
import type { IssuanceDeps } from './deps.js';

const COURSE = 'course-v1:Org+BATCH+2026';

/** Deps whose transactions throw when storing a credential for a learner that `fails` picks. */
function failingIssuance(deps: IssuanceDeps, fails: (learnerId: string) => boolean): IssuanceDeps {
  const store: Store = {
    ...deps.store,
    transaction: (fn) =>
      deps.store.transaction((tx) =>
        fn({
          ...tx,
          credentials: {
            ...tx.credentials,
            insertIssued: (input) => (fails(input.learnerId) ? Promise.reject(new Error('credential storage failed')) : tx.credentials.insertIssued(input)),
          },
        }),
      ),
  };
  return { ...deps, store };
}

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
    const first = await recordCompletions(issuer.deps, 'test', issuerId, [{ learner: { lmsUserId: 'a', name: 'Ann Lee' }, courseId: COURSE, passed: true, sourceEventId: 'a-1' }]);
    const original = first.issued[0]!;

    // Storing any credential but learner a's fails, midway through b's transaction.
    const failingSecond = failingIssuance(issuer.deps, (learnerId) => learnerId !== original.learnerId);
    const outcome = await recordCompletions(failingSecond, 'test', issuerId, [
      { learner: { lmsUserId: 'a', name: 'Ann Lee-Park' }, courseId: COURSE, passed: true, sourceEventId: 'a-2' },
      { learner: { lmsUserId: 'b', name: 'Bo Chan' }, courseId: COURSE, passed: true, sourceEventId: 'b-1' },
      { learner: { lmsUserId: 'b', name: 'Bo Chan' }, courseId: 'course-v1:Org+OTHER+2026', passed: true, sourceEventId: 'b-2' },
    ]);
    // b's failure is reported, without the internal message; a's work stands.
    expect(outcome.failed).toEqual([{ lmsUserId: 'b', sourceEventIds: ['b-1', 'b-2'], code: 'INTERNAL', detail: expect.stringMatching(/again is safe/) }]);
    expect(JSON.stringify(outcome.failed)).not.toContain('storage failed');
    expect(outcome.issued.map((issued) => issued.learnerId)).toEqual([original.learnerId]);

    // Learner a: re-issued under the new name, the old credential revoked, and the revocation visible in the signed list.
    expect((await issuer.store.credentials.get(original.credentialId))?.state).toBe('revoked');
    const verified = await verifyCredential((await issuer.store.credentials.get(original.credentialId))!.document as never, { checkStatus: issuer.checkStatus });
    expect(verified.checks.proof.status).toBe('valid');
    expect(verified.checks.status.status).toBe('invalid');
    // Learner b: nothing at all, not even the status indexes its credential was given.
    expect(await issuer.store.learners.getByLmsUserId(issuerId, 'b')).toBeUndefined();
    expect(await orphanAllocations(issuer.store)).toEqual([]);
  });

  it('throws when no learner of the batch succeeds', async () => {
    const broken = failingIssuance(issuer.deps, () => true);
    await expect(recordCompletions(broken, 'test', issuerId, [{ learner: { lmsUserId: 'd', name: 'Dee' }, courseId: COURSE, passed: true, sourceEventId: 'd-1' }])).rejects.toThrow('credential storage failed');
    expect(await issuer.store.learners.getByLmsUserId(issuerId, 'd')).toBeUndefined();
  });

  it('runs a batch\'s learners a few at once and reports them in the order they came', async () => {
    const learners = ['q0', 'q1', 'q2', 'q3', 'q4', 'q5'];
    const stored: string[] = [];
    const ids = new Map<string, string>();
    // On MySQL the first learner's transaction waits, before it has read or locked anything, until the
    // fourth has stored its credential, which only happens if they run at once; SQLite serializes
    // transactions, so there it does not wait.
    const store: Store = {
      ...issuer.deps.store,
      transaction: (fn) =>
        issuer.deps.store.transaction((tx) =>
          fn({
            ...tx,
            learners: {
              ...tx.learners,
              upsert: async (input) => {
                if (input.lmsUserId === 'q0' && database.dialect === 'mysql') {
                  await waitFor('q3 to store its credential (the learners running at once)', () => (stored.includes('q3') ? true : undefined), 20_000);
                }
                const result = await tx.learners.upsert(input);
                ids.set(result.learner.id, input.lmsUserId);
                return result;
              },
            },
            credentials: {
              ...tx.credentials,
              insertIssued: async (input) => {
                const result = await tx.credentials.insertIssued(input);
                const who = ids.get(input.learnerId)!;
                stored.push(who);
                return result;
              },
            },
          }),
        ),
    };
    const outcome = await recordCompletions({ ...issuer.deps, store }, 'test', issuerId, learners.map((id) => ({ learner: { lmsUserId: id, name: `Learner ${id}` }, courseId: COURSE, passed: true, sourceEventId: `${id}-1` })));
    expect(outcome.failed).toEqual([]);
    expect(outcome.issued.map((issued) => ids.get(issued.learnerId))).toEqual(learners);
    expect(outcome.progress.map((entry) => entry.lmsUserId)).toEqual(learners);
    if (database.dialect === 'mysql') expect(stored.indexOf('q3')).toBeLessThan(stored.indexOf('q0'));
    else expect(stored).toEqual(learners);
  });

  it('refuses a learner DID with whitespace before anything is written', async () => {
    await expect(
      recordCompletions(issuer.deps, 'test', issuerId, [{ learner: { lmsUserId: 'c', did: 'did:key:z6Mk with space' }, courseId: COURSE, passed: true, sourceEventId: 'c-1' }]),
    ).rejects.toThrow(/must be a DID/);
    expect(await issuer.store.learners.getByLmsUserId(issuerId, 'c')).toBeUndefined();
  });
});
