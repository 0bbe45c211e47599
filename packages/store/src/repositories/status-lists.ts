import { sql } from 'kysely';
import { StoreError, notFound } from '../errors.js';
import type { StatusListFormat, StatusListsTable, StatusPurpose } from '../schema.js';
import { fromFlag, fromJson, toFlag, toJson, type Timestamp } from '../values.js';
import { forUpdate, type RepositoryContext } from './context.js';
import {
  insertAllocations,
  takeStatusSlot,
  type NewStatusAllocation,
  type StatusAllocation,
  type StatusSlot,
  type TakeStatusSlotOptions,
} from './status-allocation.js';

export interface StatusListRecord {
  id: string;
  issuerId: string;
  purpose: StatusPurpose;
  format: StatusListFormat;
  /** 1, 2, ... per (issuer, purpose, format): the list's place in its URL. */
  sequence: number;
  length: number;
  /** Every slot handed out (or closed by migration 006): new credentials go to the next list. */
  full: boolean;
  /** How many slots (indexes) were handed out. */
  allocatedCount: number;
  /** Bumped by every bit that actually changes. */
  version: number;
  /** The version the stored signed copy shows; below `version` means it needs re-signing. */
  signedVersion: number;
  /** When the oldest change not yet in the signed copy was committed; null while the copy is current. */
  dirtySince: Timestamp | null;
  etag: string | null;
  createdAt: Timestamp;
  updatedAt: Timestamp;
}

export interface SignedStatusList {
  version: number;
  signedVersion: number;
  dirtySince: Timestamp | null;
  document: unknown;
  etag: string | null;
}

export interface StatusListRepository {
  /**
   * The next slot of the current list for (issuer, purpose, format), creating
   * the next list when the current one is exhausted. Call it in the
   * transaction that stores the allocation, revocation before suspension:
   * it holds the list's row lock until commit, and a rollback returns the slot.
   */
  takeSlot(options: TakeStatusSlotOptions): Promise<StatusSlot>;
  /** Records the index the caller computed from its slot; CONFLICT if that index is taken. */
  insertAllocation(allocation: NewStatusAllocation): Promise<void>;
  /** Several allocations in one statement; a unique violation is a CONFLICT naming them. */
  insertAllocations(allocations: readonly NewStatusAllocation[]): Promise<void>;
  /** Removes a credential's allocations (its transaction lost the race to store it); how many there were. */
  deleteAllocations(credentialId: string): Promise<number>;
  /** Throws NOT_FOUND for a list or index that was never allocated. */
  setBit(statusListId: string, index: number, value: boolean): Promise<{ changed: boolean; version: number }>;
  /**
   * Sets a multi-bit entry's value (a message list's): NOT_FOUND as setBit.
   * The entry counts as set while its value is not 0.
   */
  setValue(statusListId: string, index: number, value: number): Promise<{ changed: boolean; version: number }>;
  /** Ascending. */
  setIndexes(statusListId: string): Promise<number[]>;
  /** The entries whose value is not 0, ascending: a one-bit list's values are 1. */
  setValues(statusListId: string): Promise<Array<{ index: number; value: number }>>;
  /** The value of one allocated entry, undefined if never allocated. */
  valueAt(statusListId: string, index: number): Promise<number | undefined>;
  /** The list and index a credential was given, if any. */
  allocationsForCredential(credentialId: string): Promise<StatusAllocation[]>;
  get(id: string): Promise<StatusListRecord | undefined>;
  listForIssuer(issuerId: string): Promise<StatusListRecord[]>;
  /**
   * Stores a signed copy made from `version` (bits read after that version
   * was), unless the stored copy is already that recent: signed copies only
   * ever move forward. False means a copy at least as recent was there.
   */
  saveSigned(statusListId: string, version: number, document: unknown, etag: string): Promise<boolean>;
  /** Lists whose signed copy is behind their bits, oldest change first. */
  owedPublications(limit: number): Promise<Array<{ id: string; version: number; dirtySince: Timestamp | null }>>;
  /**
   * Takes the publication lease of a list that owes one, unless another
   * owner holds an unexpired lease. True when `owner` holds it now.
   */
  claimPublication(statusListId: string, owner: string, leaseMs: number): Promise<boolean>;
  releasePublication(statusListId: string, owner: string): Promise<void>;
  /** undefined until a copy was first saved. */
  signedCopy(statusListId: string): Promise<SignedStatusList | undefined>;
}

function toRecord(row: Omit<StatusListsTable, 'signedDocument' | 'permutationKey' | 'publishLeaseOwner' | 'publishLeaseUntil'>): StatusListRecord {
  return {
    id: row.id,
    issuerId: row.issuerId,
    purpose: row.purpose,
    format: row.format,
    sequence: row.sequence,
    length: row.length,
    full: fromFlag(row.full),
    allocatedCount: row.allocatedCount,
    version: row.version,
    signedVersion: row.signedVersion,
    dirtySince: row.dirtySince,
    etag: row.etag,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

export function createStatusListRepository(context: RepositoryContext): StatusListRepository {
  const { db } = context;
  // Signed documents can be megabytes: only signedCopy reads them. The permutation key is a secret: only takeSlot reads it.
  const recordColumns = [
    'id',
    'issuerId',
    'purpose',
    'format',
    'sequence',
    'length',
    'full',
    'allocatedCount',
    'version',
    'signedVersion',
    'dirtySince',
    'etag',
    'createdAt',
    'updatedAt',
  ] as const;

  /** One writer for bits and multi-bit values: `multiBit` also keeps the value itself. */
  const writeValue = (statusListId: string, index: number, value: number, multiBit: boolean) =>
    context.atomic(async (trx) => {
      // List first, then allocation: one lock order for every writer of a list.
      const list = await forUpdate(context, trx.selectFrom('statusLists').select(['version', 'dirtySince']).where('id', '=', statusListId)).executeTakeFirst();
      if (list === undefined) throw notFound('status list', statusListId);
      const allocation = await forUpdate(
        context,
        trx.selectFrom('statusAllocations').select(['isSet', 'statusValue']).where('statusListId', '=', statusListId).where('statusIndex', '=', index),
      ).executeTakeFirst();
      if (allocation === undefined) {
        throw new StoreError('NOT_FOUND', `Index ${index} of status list ${statusListId} was never allocated.`, { statusListId, index });
      }
      const current = allocation.statusValue ?? (fromFlag(allocation.isSet) ? 1 : 0);
      if (current === value) return { changed: false, version: list.version };
      await trx
        .updateTable('statusAllocations')
        .set({ isSet: toFlag(value !== 0), ...(multiBit && { statusValue: value }) })
        .where('statusListId', '=', statusListId)
        .where('statusIndex', '=', index)
        .execute();
      const version = list.version + 1;
      // Committed with the bit: the list now owes a publication (the outbox row is the list itself).
      const now = context.now();
      await trx.updateTable('statusLists').set({ version, updatedAt: now, dirtySince: list.dirtySince ?? now }).where('id', '=', statusListId).execute();
      return { changed: true, version };
    });

  return {
    takeSlot: (options) => takeStatusSlot(context, options),
    insertAllocation: (allocation) => insertAllocations(context, [allocation]),
    insertAllocations: (allocations) => insertAllocations(context, allocations),
    async deleteAllocations(credentialId) {
      const result = await db.deleteFrom('statusAllocations').where('credentialId', '=', credentialId).executeTakeFirst();
      return Number(result.numDeletedRows);
    },
    setBit: (statusListId, index, value) => writeValue(statusListId, index, value ? 1 : 0, false),
    setValue: (statusListId, index, value) => writeValue(statusListId, index, value, true),
    async setIndexes(statusListId) {
      const rows = await db
        .selectFrom('statusAllocations')
        .select('statusIndex')
        .where('statusListId', '=', statusListId)
        .where('isSet', '=', 1)
        .orderBy('statusIndex')
        .execute();
      return rows.map((row) => row.statusIndex);
    },
    async setValues(statusListId) {
      const rows = await db
        .selectFrom('statusAllocations')
        .select(['statusIndex', 'statusValue'])
        .where('statusListId', '=', statusListId)
        .where('isSet', '=', 1)
        .orderBy('statusIndex')
        .execute();
      return rows.map((row) => ({ index: row.statusIndex, value: row.statusValue ?? 1 }));
    },
    async valueAt(statusListId, index) {
      const row = await db.selectFrom('statusAllocations').select(['isSet', 'statusValue']).where('statusListId', '=', statusListId).where('statusIndex', '=', index).executeTakeFirst();
      return row && (row.statusValue ?? (fromFlag(row.isSet) ? 1 : 0));
    },
    async allocationsForCredential(credentialId) {
      const rows = await db
        .selectFrom('statusAllocations')
        .select(['statusListId', 'statusIndex'])
        .where('credentialId', '=', credentialId)
        .orderBy('statusListId')
        .execute();
      return rows.map((row) => ({ statusListId: row.statusListId, index: row.statusIndex }));
    },
    async get(id) {
      const row = await db.selectFrom('statusLists').select(recordColumns).where('id', '=', id).executeTakeFirst();
      return row && toRecord(row);
    },
    async listForIssuer(issuerId) {
      const rows = await db
        .selectFrom('statusLists')
        .select(recordColumns)
        .where('issuerId', '=', issuerId)
        .orderBy('purpose')
        .orderBy('format')
        .orderBy('sequence')
        .execute();
      return rows.map(toRecord);
    },
    async saveSigned(statusListId, version, document, etag) {
      // One conditional UPDATE: no lock is held while the caller signs, and an
      // older copy never replaces a newer one. The list stays owed (dirtySince
      // kept) when bits changed after `version`: their committer, or a
      // publisher, stores a later copy.
      const result = await db
        .updateTable('statusLists')
        .set({
          signedVersion: version,
          signedDocument: toJson(document),
          etag,
          updatedAt: context.now(),
          dirtySince: sql<string | null>`case when ${sql.ref('version')} <= ${version} then null else ${sql.ref('dirtySince')} end`,
        })
        .where('id', '=', statusListId)
        .where('signedVersion', '<', version)
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },
    async owedPublications(limit) {
      return db
        .selectFrom('statusLists')
        .select(['id', 'version', 'dirtySince'])
        .whereRef('signedVersion', '<', 'version')
        .orderBy('dirtySince')
        .limit(limit)
        .execute();
    },
    async claimPublication(statusListId, owner, leaseMs) {
      const now = context.now();
      const until = new Date(Date.parse(now) + leaseMs).toISOString();
      const result = await db
        .updateTable('statusLists')
        .set({ publishLeaseOwner: owner, publishLeaseUntil: until })
        .where('id', '=', statusListId)
        .where((eb) => eb.or([eb('publishLeaseUntil', 'is', null), eb('publishLeaseUntil', '<', now), eb('publishLeaseOwner', '=', owner)]))
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },
    async releasePublication(statusListId, owner) {
      await db
        .updateTable('statusLists')
        .set({ publishLeaseOwner: null, publishLeaseUntil: null })
        .where('id', '=', statusListId)
        .where('publishLeaseOwner', '=', owner)
        .execute();
    },
    async signedCopy(statusListId) {
      const row = await db
        .selectFrom('statusLists')
        .select(['version', 'signedVersion', 'dirtySince', 'signedDocument', 'etag'])
        .where('id', '=', statusListId)
        .executeTakeFirst();
      if (row === undefined || row.signedDocument === null) return undefined;
      return { version: row.version, signedVersion: row.signedVersion, dirtySince: row.dirtySince, document: fromJson(row.signedDocument), etag: row.etag };
    },
  };
}
