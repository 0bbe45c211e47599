import { MIN_STATUS_LIST_LENGTH, StatusListFullError, allocateStatusIndex } from '@laurel/status-list';
import { isUniqueViolation } from '../driver-errors.js';
import { StoreError } from '../errors.js';
import type { StatusListFormat, StatusListsTable, StatusPurpose } from '../schema.js';
import { fromFlag, toFlag } from '../values.js';
import { latest, type RepositoryContext } from './context.js';

export interface AllocateStatusOptions {
  issuerId: string;
  purpose: StatusPurpose;
  format: StatusListFormat;
  credentialId: string;
  /** Uniform in [0, 1); a CSPRNG in production, seeded in tests. */
  random: () => number;
  /** Length of a list created by this call; defaults to the spec minimum. Existing lists keep theirs. */
  length?: number;
}

export interface StatusAllocation {
  statusListId: string;
  index: number;
}

/** Random tries before reading the list's used indexes: at most half full, all miss with probability 1/16. */
const BLIND_TRIES = 4;

/** A guard against a bug looping forever; a real caller never rolls over this many lists in one call. */
const MAX_LISTS_PER_CALL = 1_000;

function validLength(length: number): number {
  // Lists travel as whole bytes, so a length that is not a multiple of 8 could not be published.
  if (!Number.isSafeInteger(length) || length <= 0 || length % 8 !== 0) {
    throw new StoreError('INVALID_ARGUMENT', `Status list length must be a positive multiple of 8, not ${length}.`, { length });
  }
  return length;
}

/**
 * Hands out an unused index uniformly at random, never the same one twice,
 * also across processes. It needs no transaction or lock of its own: the
 * primary key on (list, index) arbitrates, and a loser tries another index
 * (inside a caller's transaction it joins that one). Each miss
 * teaches the caller one more used index, so a list ends in success or in
 * "full" after at most `length` misses.
 */
export async function allocateStatus(context: RepositoryContext, options: AllocateStatusOptions): Promise<StatusAllocation> {
  const newListLength = validLength(options.length ?? MIN_STATUS_LIST_LENGTH);
  for (let lists = 0; lists < MAX_LISTS_PER_CALL; lists += 1) {
    const list = await currentList(context, options, newListLength);
    const index = await claimIndex(context, list, options);
    if (index !== undefined) return { statusListId: list.id, index };
    await context.db.updateTable('statusLists').set({ full: 1, updatedAt: context.now() }).where('id', '=', list.id).execute();
  }
  throw new StoreError('CONFLICT', 'Could not allocate a status index.', { issuerId: options.issuerId });
}

/**
 * The list with the highest sequence, or a new one after it when it is full.
 * Lists are only ever created past a full one, so the highest is the only
 * one that can have room. Deciding on one read matters: judging "no open
 * list" and "the highest sequence" in two reads would let a list created in
 * between be skipped, leaving it half used while a new one starts.
 */
async function currentList(context: RepositoryContext, options: AllocateStatusOptions, length: number): Promise<StatusListsTable> {
  const { db } = context;
  for (;;) {
    const highest = await latest(
      context,
      db
        .selectFrom('statusLists')
        .selectAll()
        .where('issuerId', '=', options.issuerId)
        .where('purpose', '=', options.purpose)
        .where('format', '=', options.format)
        .orderBy('sequence', 'desc')
        .limit(1),
    ).executeTakeFirst();
    if (highest !== undefined && !fromFlag(highest.full)) return highest;

    const now = context.now();
    const row: StatusListsTable = {
      id: context.newId(),
      issuerId: options.issuerId,
      purpose: options.purpose,
      format: options.format,
      sequence: (highest?.sequence ?? 0) + 1,
      length,
      full: toFlag(false),
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
    try {
      await db.insertInto('statusLists').values(row).execute();
      return row;
    } catch (error) {
      // Another process created this sequence first: go round and use theirs.
      if (!isUniqueViolation(error)) throw error;
    }
  }
}

/** An index claimed in `list`, or undefined when the list turned out to be full. */
async function claimIndex(context: RepositoryContext, list: StatusListsTable, options: AllocateStatusOptions): Promise<number | undefined> {
  const known = new Set<number>();
  let misses = 0;
  let loaded = false;
  for (;;) {
    if (!loaded && misses >= BLIND_TRIES) {
      for (const index of await usedIndexes(context, list.id)) known.add(index);
      loaded = true;
    }
    let index: number;
    try {
      index = allocateStatusIndex({
        length: list.length,
        isUsed: (candidate) => known.has(candidate),
        usedCount: loaded ? known.size : undefined,
        random: options.random,
      });
    } catch (error) {
      if (error instanceof StatusListFullError) return undefined;
      throw error;
    }
    try {
      await context.db
        .insertInto('statusAllocations')
        .values({ statusListId: list.id, statusIndex: index, credentialId: options.credentialId, isSet: 0 })
        .execute();
      return index;
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      known.add(index);
      misses += 1;
    }
  }
}

async function usedIndexes(context: RepositoryContext, statusListId: string): Promise<number[]> {
  const rows = await latest(
    context,
    context.db.selectFrom('statusAllocations').select('statusIndex').where('statusListId', '=', statusListId),
  ).execute();
  return rows.map((row) => row.statusIndex);
}
