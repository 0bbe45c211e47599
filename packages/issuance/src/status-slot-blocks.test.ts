// Status slots reserved a block at a time (STATUS_SLOT_BLOCK): two processes
// issuing at once still never share an index, and the slots reserved but not
// used stay within the blocks the processes hold.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openStore, type Store } from '@laurel/store';
import { describeEachDatabase } from '../../../test/support/databases.js';
import { createTestIssuer, type TestIssuer } from '../../../test/support/issuer.js';
import { orphanAllocations } from '../../../test/support/status-allocations.js';
import { recordCompletions } from './completions.js';
import type { IssuanceDeps } from './deps.js';
import { StatusSlotBlocks } from './status-slot-blocks.js';

const COURSE = 'course-v1:Org+BLOCK+2026';
const BLOCK = 16;
const LEARNERS = 40;

describeEachDatabase('status slots reserved in blocks', (database) => {
  let issuer: TestIssuer;
  let second: Store;
  let issuerId: string;
  beforeAll(async () => {
    issuer = await createTestIssuer(database.url);
    second = await openStore({ databaseUrl: database.url });
    issuerId = (await issuer.call('POST', '/v1/issuers', { slug: 'block-u', name: 'Block University', didMethod: 'key' })).body.id;
    expect((await issuer.call('POST', `/v1/issuers/${issuerId}/achievements`, { externalId: COURSE, name: 'Block 101', rules: { requirePassed: true } })).status).toBe(201);
  });
  afterAll(async () => {
    await second?.close();
    await issuer?.close();
  });

  it('gives two processes distinct indexes, and wastes no more than the blocks they hold', async () => {
    const processes: IssuanceDeps[] = [
      { ...issuer.deps, statusSlotBlocks: new StatusSlotBlocks(issuer.deps.store, BLOCK) },
      { ...issuer.deps, store: second, statusSlotBlocks: new StatusSlotBlocks(second, BLOCK) },
    ];
    await Promise.all(Array.from({ length: LEARNERS }, (_, i) =>
      recordCompletions(processes[i % 2]!, 'test', issuerId, [{ learner: { lmsUserId: `l${i}`, name: `Learner ${i}` }, courseId: COURSE, passed: true, sourceEventId: `e${i}` }]),
    ));
    await Promise.all(processes.map((deps) => deps.statusSlotBlocks!.settled()));

    const store = issuer.store;
    const allocations = await store.db.selectFrom('statusAllocations').select(['statusListId', 'statusIndex']).execute();
    expect(allocations).toHaveLength(LEARNERS * 2); // revocation and suspension
    expect(new Set(allocations.map((a) => `${a.statusListId}/${a.statusIndex}`)).size).toBe(LEARNERS * 2);
    expect(await orphanAllocations(store)).toEqual([]);
    for (const list of await store.statusLists.listForIssuer(issuerId)) {
      const used = allocations.filter((a) => a.statusListId === list.id).length;
      // Reserved ahead: at least what was used. Unused: what each process holds (under half a block, then a new
      // block), plus slots of transactions that were retried after a deadlock; far below one slot per credential.
      expect(list.allocatedCount).toBeGreaterThanOrEqual(used);
      expect(list.allocatedCount - used).toBeLessThan(4 * BLOCK);
    }
  });

  it('refuses a block of fewer than 2 slots', () => {
    expect(() => new StatusSlotBlocks(issuer.deps.store, 1)).toThrow(RangeError);
  });
});
