import { StoreError, notFound } from '../errors.js';
import type { StatusListFormat, StatusListsTable, StatusPurpose } from '../schema.js';
import { fromFlag, fromJson, toFlag, toJson, type Timestamp } from '../values.js';
import { forUpdate, type RepositoryContext } from './context.js';
import { allocateStatus, type AllocateStatusOptions, type StatusAllocation } from './status-allocation.js';

export interface StatusListRecord {
  id: string;
  issuerId: string;
  purpose: StatusPurpose;
  format: StatusListFormat;
  /** 1, 2, ... per (issuer, purpose, format): the list's place in its URL. */
  sequence: number;
  length: number;
  full: boolean;
  /** Bumped by every bit that actually changes. */
  version: number;
  /** The version the stored signed copy shows; below `version` means it needs re-signing. */
  signedVersion: number;
  etag: string | null;
  createdAt: Timestamp;
  updatedAt: Timestamp;
}

export interface SignedStatusList {
  version: number;
  signedVersion: number;
  document: unknown;
  etag: string | null;
}

export interface StatusListRepository {
  allocate(options: AllocateStatusOptions): Promise<StatusAllocation>;
  /** Throws NOT_FOUND for a list or index that was never allocated. */
  setBit(statusListId: string, index: number, value: boolean): Promise<{ changed: boolean; version: number }>;
  /** Ascending. */
  setIndexes(statusListId: string): Promise<number[]>;
  /** The list and index a credential was given, if any. */
  allocationsForCredential(credentialId: string): Promise<StatusAllocation[]>;
  get(id: string): Promise<StatusListRecord | undefined>;
  listForIssuer(issuerId: string): Promise<StatusListRecord[]>;
  /**
   * Stores a signed copy made from `version`, only if that is still the
   * current version (compare-and-set); false means a bit changed meanwhile
   * and the copy is stale.
   */
  saveSigned(statusListId: string, version: number, document: unknown, etag: string): Promise<boolean>;
  /** undefined until a copy was first saved. */
  signedCopy(statusListId: string): Promise<SignedStatusList | undefined>;
}

function toRecord(row: Omit<StatusListsTable, 'signedDocument'>): StatusListRecord {
  return {
    id: row.id,
    issuerId: row.issuerId,
    purpose: row.purpose,
    format: row.format,
    sequence: row.sequence,
    length: row.length,
    full: fromFlag(row.full),
    version: row.version,
    signedVersion: row.signedVersion,
    etag: row.etag,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

export function createStatusListRepository(context: RepositoryContext): StatusListRepository {
  const { db } = context;
  // Signed documents can be megabytes: only signedCopy reads them.
  const recordColumns = [
    'id',
    'issuerId',
    'purpose',
    'format',
    'sequence',
    'length',
    'full',
    'version',
    'signedVersion',
    'etag',
    'createdAt',
    'updatedAt',
  ] as const;

  return {
    allocate: (options) => allocateStatus(context, options),
    async setBit(statusListId, index, value) {
      return context.atomic(async (trx) => {
        // List first, then allocation: one lock order for every writer of a list.
        const list = await forUpdate(context, trx.selectFrom('statusLists').select('version').where('id', '=', statusListId)).executeTakeFirst();
        if (list === undefined) throw notFound('status list', statusListId);
        const allocation = await forUpdate(
          context,
          trx.selectFrom('statusAllocations').select('isSet').where('statusListId', '=', statusListId).where('statusIndex', '=', index),
        ).executeTakeFirst();
        if (allocation === undefined) {
          throw new StoreError('NOT_FOUND', `Index ${index} of status list ${statusListId} was never allocated.`, { statusListId, index });
        }
        if (fromFlag(allocation.isSet) === value) return { changed: false, version: list.version };
        await trx
          .updateTable('statusAllocations')
          .set({ isSet: toFlag(value) })
          .where('statusListId', '=', statusListId)
          .where('statusIndex', '=', index)
          .execute();
        const version = list.version + 1;
        await trx.updateTable('statusLists').set({ version, updatedAt: context.now() }).where('id', '=', statusListId).execute();
        return { changed: true, version };
      });
    },
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
      // One conditional UPDATE is the compare-and-set: no lock is held while the caller signs.
      const result = await db
        .updateTable('statusLists')
        .set({ signedVersion: version, signedDocument: toJson(document), etag, updatedAt: context.now() })
        .where('id', '=', statusListId)
        .where('version', '=', version)
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },
    async signedCopy(statusListId) {
      const row = await db
        .selectFrom('statusLists')
        .select(['version', 'signedVersion', 'signedDocument', 'etag'])
        .where('id', '=', statusListId)
        .executeTakeFirst();
      if (row === undefined || row.signedDocument === null) return undefined;
      return { version: row.version, signedVersion: row.signedVersion, document: fromJson(row.signedDocument), etag: row.etag };
    },
  };
}
