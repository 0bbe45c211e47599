import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { isUniqueViolation } from '../driver-errors.js';
import { StoreError } from '../errors.js';
import type { Database, StatusListFormat, StatusListsTable, StatusPurpose } from '../schema.js';
import { fromFlag, toFlag } from '../values.js';
import { forUpdate, type RepositoryContext } from './context.js';
import { insertRows } from './insert-rows.js';

export interface TakeStatusSlotOptions {
  issuerId: string;
  purpose: StatusPurpose;
  format: StatusListFormat;
  /** Length of a list this call creates (a positive multiple of 8); existing lists keep theirs. */
  length: number;
  /**
   * Consecutive slots to take at once (default 1): a process that reserves a
   * block ahead touches the list's row once per block instead of once per
   * credential. Fewer are taken when the list has fewer left.
   */
  count?: number;
}

/** One slot of a list: the caller turns `counter` into an index with the list's permutation. */
export interface StatusSlot {
  statusListId: string;
  sequence: number;
  /** 0 for the list's first slot, length − 1 for its last; each is handed out once. */
  counter: number;
  /** How many slots were taken: counter … counter + count − 1 (1 unless options.count asked for more). */
  count: number;
  length: number;
  /** The list's secret permutation key (32 bytes). */
  permutationKey: Uint8Array;
  /** The list's signed copy is behind its state (a new list, or a change not yet published), as read under its lock. */
  owesPublication: boolean;
}

export interface StatusAllocation {
  statusListId: string;
  index: number;
}

export interface NewStatusAllocation extends StatusAllocation {
  credentialId: string;
}

/** A guard against a bug looping forever; a real caller passes at most a stale list or two. */
const MAX_LISTS_PER_CALL = 1_000;

const PERMUTATION_KEY_BYTES = 32;

function validLength(length: number): number {
  // Lists travel as whole bytes, so a length that is not a multiple of 8 could not be published.
  if (!Number.isSafeInteger(length) || length <= 0 || length % 8 !== 0) {
    throw new StoreError('INVALID_ARGUMENT', `Status list length must be a positive multiple of 8, not ${length}.`, { length });
  }
  return length;
}

function hasRoom(list: StatusListsTable): boolean {
  return !fromFlag(list.full) && list.permutationKey !== null && list.allocatedCount < list.length;
}

/**
 * Takes the next slot of the current list for (issuer, purpose, format),
 * creating the next list when the current one is exhausted. The counter is
 * incremented under the list's row lock in the caller's transaction, so a
 * transaction that rolls back gives its slot back, and on MySQL concurrent
 * issuers queue on that lock instead of racing (and deadlocking) on indexes.
 * Callers that take several slots must take them in one order everywhere
 * (revocation before suspension).
 *
 * Locks are only ever taken on one list row by its unique key, in ascending
 * sequence: no range or gap locks, so no lock cycles between allocators.
 */
export async function takeStatusSlot(context: RepositoryContext, options: TakeStatusSlotOptions): Promise<StatusSlot> {
  const newListLength = validLength(options.length);
  const wanted = options.count ?? 1;
  if (!Number.isSafeInteger(wanted) || wanted < 1) throw new StoreError('INVALID_ARGUMENT', `A slot count must be a positive integer, not ${wanted}.`, { count: wanted });
  const hintKey = `${options.issuerId}\u0000${options.purpose}\u0000${options.format}`;
  return context.atomic(async (db) => {
    // A plain read is only a hint (on MySQL it may come from an older
    // snapshot): lists are never deleted, so what it shows still exists, and
    // anything newer is found by walking up from it under locks.
    const readHint = async () =>
      (
        await db
          .selectFrom('statusLists')
          .select('sequence')
          .where('issuerId', '=', options.issuerId)
          .where('purpose', '=', options.purpose)
          .where('format', '=', options.format)
          .orderBy('sequence', 'desc')
          .limit(1)
          .executeTakeFirst()
      )?.sequence ?? 0;
    // The sequence this store last allocated in saves that read. It may be behind (another
    // process moved on: walked up as above) or name a list whose creating transaction rolled
    // back (not found: the hint is read from the database instead).
    let remembered = context.statusListHints?.get(hintKey);
    let known = remembered ?? (await readHint());
    let sequence = Math.max(known, 1);
    for (let lists = 0; lists < MAX_LISTS_PER_CALL; lists += 1) {
      if (sequence > known) await createListIfAbsent(context, db, options, sequence, newListLength);
      const list = await forUpdate(
        context,
        db
          .selectFrom('statusLists')
          .selectAll()
          .where('issuerId', '=', options.issuerId)
          .where('purpose', '=', options.purpose)
          .where('format', '=', options.format)
          .where('sequence', '=', sequence),
      ).executeTakeFirst();
      if (list === undefined && remembered !== undefined) {
        context.statusListHints?.delete(hintKey);
        remembered = undefined;
        known = await readHint();
        sequence = Math.max(known, 1);
        continue;
      }
      if (list === undefined) throw new StoreError('CONFLICT', `Status list ${sequence} vanished while allocating.`, { issuerId: options.issuerId, sequence });
      if (!hasRoom(list)) {
        sequence += 1;
        continue;
      }
      const counter = list.allocatedCount;
      const count = Math.min(wanted, list.length - counter);
      context.statusListHints?.set(hintKey, list.sequence);
      await db
        .updateTable('statusLists')
        .set((eb) => ({ allocatedCount: eb('allocatedCount', '+', count), full: toFlag(counter + count >= list.length) }))
        .where('id', '=', list.id)
        .execute();
      return {
        statusListId: list.id,
        sequence: list.sequence,
        counter,
        count,
        length: list.length,
        permutationKey: Uint8Array.from(Buffer.from(list.permutationKey!, 'hex')),
        owesPublication: list.signedVersion < list.version,
      };
    }
    throw new StoreError('CONFLICT', 'Could not find a status list with room.', { issuerId: options.issuerId });
  });
}

/**
 * Inserts list `sequence` unless it exists. Two processes may try at once
 * (only the very first list has no predecessor whose lock serializes them);
 * the unique key on (issuer, purpose, format, sequence) lets one win. On
 * MySQL the loser's duplicate is resolved with ON DUPLICATE KEY UPDATE,
 * which leaves it an exclusive lock on the winner's row, not the shared lock
 * a failed INSERT leaves: several losers each holding a shared lock and then
 * asking for the exclusive one is a deadlock.
 */
async function createListIfAbsent(
  context: RepositoryContext,
  db: Kysely<Database>,
  options: TakeStatusSlotOptions,
  sequence: number,
  length: number,
): Promise<void> {
  const now = context.now();
  const row: StatusListsTable = {
    id: context.newId(),
    issuerId: options.issuerId,
    purpose: options.purpose,
    format: options.format,
    sequence,
    length,
    full: toFlag(false),
    allocatedCount: 0,
    permutationKey: randomBytes(PERMUTATION_KEY_BYTES).toString('hex'),
    version: 1,
    signedVersion: 0,
    signedDocument: null,
    etag: null,
    createdAt: now,
    updatedAt: now,
    // A new list owes its first publication.
    dirtySince: now,
    publishLeaseOwner: null,
    publishLeaseUntil: null,
  };
  const insert = db.insertInto('statusLists').values(row);
  if (context.dialect === 'mysql') {
    await insert.onDuplicateKeyUpdate((eb) => ({ sequence: eb.ref('sequence') })).execute();
  } else {
    await insert.onConflict((conflict) => conflict.columns(['issuerId', 'purpose', 'format', 'sequence']).doNothing()).execute();
  }
}

/** Records that each `credentialId` holds index `index` of its list: one statement (a credential's revocation and suspension indexes together). */
export async function insertAllocations(context: RepositoryContext, allocations: readonly NewStatusAllocation[]): Promise<void> {
  if (allocations.length === 0) return;
  try {
    await insertRows(
      context.db,
      'statusAllocations',
      allocations.map((allocation) => ({ statusListId: allocation.statusListId, statusIndex: allocation.index, credentialId: allocation.credentialId, isSet: 0, statusValue: null })),
    );
  } catch (error) {
    // Slots are unique per list, so this means an index computed twice from different slots: a bug, never a race to retry.
    if (!isUniqueViolation(error)) throw error;
    const named = allocations.map((allocation) => `Index ${allocation.index} of status list ${allocation.statusListId}`).join(' or ');
    const details = allocations.length === 1 ? { ...allocations[0]! } : { allocations: [...allocations] };
    throw new StoreError('CONFLICT', `${named} is already allocated.`, details, { cause: error });
  }
}
