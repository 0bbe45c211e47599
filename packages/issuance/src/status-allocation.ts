import { LIFECYCLE_STATUS_MESSAGES, LIFECYCLE_STATUS_SIZE, MIN_STATUS_LIST_LENGTH, createStatusEntry, statusIndexAt, type StatusListFormat } from '@laurel/status-list';
import type { NewStatusAllocation, Repositories } from '@laurel/store';
import { statusListUrl, type IssuanceDeps } from './deps.js';

/**
 * Revocation, suspension, then the lifecycle message list, in every
 * transaction: each slot holds its list's row lock until commit, and one
 * order means no lock cycles.
 */
const PURPOSES = ['revocation', 'suspension', 'message'] as const;

export interface StatusEntries {
  /** credentialStatus entries, revocation first. */
  entries: Record<string, unknown>[];
  /**
   * The lists allocated in whose signed copy is behind (a new list needs its first): to publish
   * after commit. An allocation changes no bit, so a list already published needs nothing, and
   * reading it back after every issuance would cost a round trip per list.
   */
  statusListIds: string[];
  /**
   * The write of the allocation rows, already sent: await it before the transaction's next write
   * (and before it commits). The caller builds and signs meanwhile, so on a networked database the
   * round trip overlaps that work instead of adding to it. A failure is never left unobserved.
   */
  written: Promise<void>;
}

/**
 * Gives a credential one revocation and one suspension index, in the
 * caller's transaction. The store hands out the next slot (counter) of the
 * current list; the list's secret permutation turns it into the index, so
 * every index is used once, in an order outsiders cannot predict, and
 * allocation costs the same at the last index as at the first. A rollback
 * returns the slots and leaves no allocation behind (with STATUS_SLOT_BLOCK,
 * a slot from a reserved block is not returned but never reused either).
 */
export async function allocateStatusEntries(
  tx: Repositories,
  deps: IssuanceDeps,
  request: {
    issuerId: string;
    format: StatusListFormat;
    credentialId: string;
    /** Also a lifecycle "message" entry (BitstringStatusList only), explained at `reference` if given. */
    lifecycle?: { reference: string | null };
  },
): Promise<StatusEntries> {
  const entries: Record<string, unknown>[] = [];
  const statusListIds: string[] = [];
  const allocations: NewStatusAllocation[] = [];
  for (const purpose of PURPOSES) {
    if (purpose === 'message' && (request.lifecycle === undefined || request.format !== 'BitstringStatusList')) continue;
    const options = { issuerId: request.issuerId, purpose, format: request.format, length: deps.statusListLength ?? MIN_STATUS_LIST_LENGTH };
    // A slot this process reserved ahead touches no list row; otherwise the next one, under the list's lock.
    const slot = deps.statusSlotBlocks?.take(options) ?? (await tx.statusLists.takeSlot(options));
    const index = statusIndexAt(slot.permutationKey, slot.length, slot.counter);
    allocations.push({ statusListId: slot.statusListId, index, credentialId: request.credentialId });
    if (slot.owesPublication) statusListIds.push(slot.statusListId);
    const lifecycle =
      purpose === 'message'
        ? { statusSize: LIFECYCLE_STATUS_SIZE, statusMessage: LIFECYCLE_STATUS_MESSAGES, ...(request.lifecycle?.reference ? { statusReference: request.lifecycle.reference } : {}) }
        : {};
    entries.push(
      createStatusEntry({ statusListCredential: statusListUrl(deps.urls, slot.statusListId), statusListIndex: index, statusPurpose: purpose, format: request.format, ...lifecycle }) as Record<string, unknown>,
    );
  }
  // Both rows in one statement, after both slots are taken (the slots' row locks are what orders allocators).
  const written = tx.statusLists.insertAllocations(allocations);
  written.catch(() => undefined); // the caller awaits it; this only keeps a failure met before then from going unhandled
  return { entries, statusListIds, written };
}

/**
 * Runs `work` while `write` (a statement of this transaction, already sent) is in flight, and settles
 * only once the write has: if `work` fails, the transaction must not roll back under a statement still
 * on its way (with SQLite it would then run outside the transaction). A failed write fails the whole.
 */
export async function whileWriting<T>(write: Promise<void>, work: () => Promise<T>): Promise<T> {
  const outcome = await work().then((value) => ({ ok: true as const, value }), (error: unknown) => ({ ok: false as const, error }));
  await write;
  if (!outcome.ok) throw outcome.error;
  return outcome.value;
}
