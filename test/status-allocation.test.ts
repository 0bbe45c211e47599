// Status indexes through the issuer service, with STATUS_LIST_LENGTH=64 so a
// list can be filled in a test: every index of a list is handed out exactly
// once and the next credential starts the next list; concurrent issuers take
// slots without a deadlock (no transaction runs twice); and a completion
// delivered twice at once leaves no index allocated to a credential that was
// never stored.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { recordCompletions, type IssuanceDeps } from '@laurel/issuance';
import { startIssuer, type RunningIssuer } from '@laurel/issuer-service';
import type { Store } from '@laurel/store';
import { describeEachDatabase } from './support/databases.js';
import { TEST_URLS } from './support/issuer.js';
import { orphanAllocations } from './support/status-allocations.js';

const LENGTH = 64;
const COURSE = 'course-v1:Alloc+A+1';

interface StatusEntry {
  statusPurpose: string;
  statusListCredential: string;
  statusListIndex: string;
}

function completion(learner: string, eventId = `event-${learner}`, passed = true) {
  return { learner: { lmsUserId: learner, name: `Learner ${learner}` }, courseId: COURSE, passed, sourceEventId: eventId };
}

/** The revocation and suspension entries of every credential `issuerId` holds, by purpose. */
async function entriesOf(store: Store, issuerId: string): Promise<{ revocation: StatusEntry[]; suspension: StatusEntry[] }> {
  const rows = await store.db.selectFrom('credentials').select('document').where('issuerId', '=', issuerId).execute();
  const entries = rows.flatMap((row) => (JSON.parse(row.document) as { credentialStatus: StatusEntry[] }).credentialStatus);
  return { revocation: entries.filter((entry) => entry.statusPurpose === 'revocation'), suspension: entries.filter((entry) => entry.statusPurpose === 'suspension') };
}

function indexes(entries: StatusEntry[]): number[] {
  return entries.map((entry) => Number(entry.statusListIndex)).sort((x, y) => x - y);
}

const every = Array.from({ length: LENGTH }, (_, i) => i);

describeEachDatabase('status allocation through the issuer service (STATUS_LIST_LENGTH=64)', (database) => {
  let running: RunningIssuer;
  const token = `lrl_${randomBytes(32).toString('base64url')}`;
  const keyEncryptionKey = randomBytes(32);

  const post = async (path: string, body: unknown) => {
    const response = await fetch(`${running.url}${path}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  /** A new issuer with one achievement that any passed completion earns. */
  const newIssuer = async (slug: string) => {
    const created = await post('/v1/issuers', { slug: `${slug}-${randomBytes(3).toString('hex')}`, name: slug, didMethod: 'key' });
    expect(created.status).toBe(201);
    const issuerId = created.body.id as string;
    expect((await post(`/v1/issuers/${issuerId}/achievements`, { externalId: COURSE, name: 'Allocation', rules: { requirePassed: true } })).status).toBe(201);
    return issuerId;
  };

  beforeAll(async () => {
    running = await startIssuer({
      DATABASE_URL: database.url,
      ISSUER_PORT: '0',
      LAUREL_BOOTSTRAP_TOKEN: token,
      LAUREL_KEY_ENCRYPTION_KEY: keyEncryptionKey.toString('base64'),
      ISSUER_PUBLIC_URL: TEST_URLS.issuerBaseUrl,
      STATUS_PUBLIC_URL: TEST_URLS.statusBaseUrl,
      STATUS_LIST_LENGTH: String(LENGTH),
      // Each slot taken under its list's lock inside the issuance, so a list fills exactly and a
      // rollback returns its slot; the default reserves blocks ahead (status-slot-blocks.test.ts).
      STATUS_SLOT_BLOCK: '1',
      BADGE_DELIVERY_WORKER: 'false',
      LOG_LEVEL: 'silent',
    });
  });
  afterAll(() => running?.close());

  it('hands out every index of a list exactly once, then starts the next list', async () => {
    const issuerId = await newIssuer('fill');
    // 64 learners, 8 requests of 8 at once.
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, request) => post('/v1/completions', { issuerId, records: Array.from({ length: 8 }, (_, i) => completion(`l-${request * 8 + i}`)) })),
    );
    expect(results.map((result) => [result.status, (result.body.issued as unknown[]).length])).toEqual(Array.from({ length: 8 }, () => [200, 8]));

    const full = await entriesOf(running.store, issuerId);
    for (const entries of [full.revocation, full.suspension]) {
      expect(entries).toHaveLength(LENGTH);
      expect(new Set(entries.map((entry) => entry.statusListCredential)).size).toBe(1);
      expect(indexes(entries)).toEqual(every);
    }
    const firstLists = await running.store.statusLists.listForIssuer(issuerId);
    expect(firstLists.map((list) => [list.purpose, list.sequence, list.length, list.allocatedCount, list.full])).toEqual([
      ['revocation', 1, LENGTH, LENGTH, true],
      ['suspension', 1, LENGTH, LENGTH, true],
    ]);

    // The 65th credential: both entries on new lists, sequence 2.
    const next = await post('/v1/completions', { issuerId, ...completion('l-64') });
    expect(next.status).toBe(200);
    const credentialId = (next.body.issued as { credentialId: string }[])[0]!.credentialId;
    const document = (await running.store.credentials.get(credentialId))!.document as { credentialStatus: StatusEntry[] };
    const lists = await running.store.statusLists.listForIssuer(issuerId);
    for (const entry of document.credentialStatus) {
      const list = lists.find((candidate) => entry.statusListCredential.endsWith(`/status-lists/${candidate.id}`));
      expect(list).toMatchObject({ purpose: entry.statusPurpose, sequence: 2, length: LENGTH, allocatedCount: 1, full: false });
      expect(Number(entry.statusListIndex)).toBeLessThan(LENGTH);
    }
    // Published, so a verifier can fetch them (a first signed copy exists).
    for (const list of lists) expect(await running.store.statusLists.signedCopy(list.id)).toBeDefined();
  });

  it('lets 8 concurrent transactions fill a list without a deadlock, every index once', async () => {
    const issuerId = await newIssuer('concurrent');
    // The domain under the service, with each transaction attempt counted: a
    // deadlock or lock time-out would surface as a second attempt.
    let attempts = 0;
    const store: Store = { ...running.store, transaction: (fn) => running.store.transaction((tx) => ((attempts += 1), fn(tx))) };
    const deps: IssuanceDeps = { store, keyEncryptionKey, urls: TEST_URLS, now: () => new Date(), statusListLength: LENGTH };
    await Promise.all(
      Array.from({ length: 8 }, async (_, worker) => {
        for (let round = 0; round < 8; round += 1) {
          const outcome = await recordCompletions(deps, 'test', issuerId, [completion(`w${worker}-${round}`)]);
          expect(outcome.issued).toHaveLength(1);
        }
      }),
    );
    expect(attempts).toBe(LENGTH);
    const entries = await entriesOf(running.store, issuerId);
    expect(indexes(entries.revocation)).toEqual(every);
    expect(indexes(entries.suspension)).toEqual(every);
    expect((await running.store.statusLists.listForIssuer(issuerId)).map((list) => list.full)).toEqual([true, true]);
  });

  it('leaves no allocation behind when the same completions arrive twice at once', async () => {
    // Today the second delivery waits on the first's learner and record rows and then sees its
    // credential before allocating; the next test forces the case where it does not.
    const issuerId = await newIssuer('twice');
    const learners = Array.from({ length: 16 }, (_, i) => `d-${i}`);
    const results = await Promise.all(learners.flatMap((learner) => [post('/v1/completions', { issuerId, ...completion(learner) }), post('/v1/completions', { issuerId, ...completion(learner) })]));
    expect(results.filter((result) => result.status !== 200)).toEqual([]);
    expect(results.reduce((sum, result) => sum + (result.body.issued as unknown[]).length, 0)).toBe(learners.length);

    const credentials = await running.store.db.selectFrom('credentials').select('learnerId').where('issuerId', '=', issuerId).execute();
    expect(credentials).toHaveLength(learners.length);
    expect(await orphanAllocations(running.store)).toEqual([]);
    const entries = await entriesOf(running.store, issuerId);
    expect(new Set(entries.revocation.map((entry) => `${entry.statusListCredential}#${entry.statusListIndex}`)).size).toBe(learners.length);
  });

  it('deletes the allocations of a credential that lost the race to be stored', async () => {
    const issuerId = await newIssuer('lost-race');
    const deps: IssuanceDeps = { store: running.store, keyEncryptionKey, urls: TEST_URLS, now: () => new Date(), statusListLength: LENGTH };
    const first = await recordCompletions(deps, 'test', issuerId, [completion('racer', 'race-1')]);
    expect(first.issued).toHaveLength(1);
    // A second delivery whose snapshot predates the first's commit: it does not see the
    // credential, allocates, signs, and only the store's unique key stops its credential.
    const blind: Store = {
      ...running.store,
      transaction: (fn) => running.store.transaction((tx) => fn({ ...tx, credentials: { ...tx.credentials, findActive: async () => undefined } })),
    };
    const second = await recordCompletions({ ...deps, store: blind }, 'test', issuerId, [completion('racer', 'race-2')]);
    expect(second.issued).toEqual([]);
    expect(second.progress[0]!.achievements[0]!.credentialId).toBe(first.issued[0]!.credentialId);
    expect(await orphanAllocations(running.store)).toEqual([]);
    const lists = await running.store.statusLists.listForIssuer(issuerId);
    // Its slots stay spent (two bits unused), never handed to anyone else.
    expect(lists.map((list) => list.allocatedCount)).toEqual([2, 2]);
  });
});
