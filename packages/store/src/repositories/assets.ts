import { isUniqueViolation } from '../driver-errors.js';
import type { AssetKind, AssetStorage, AssetsTable } from '../schema.js';
import type { Timestamp } from '../values.js';
import { latest, type RepositoryContext } from './context.js';

export interface Asset {
  issuerId: string;
  /** Hex SHA-256 of the bytes. */
  id: string;
  kind: AssetKind;
  mediaType: string;
  byteLength: number;
  name: string | null;
  storage: AssetStorage;
  createdAt: Timestamp;
}

export interface NewAsset {
  issuerId: string;
  id: string;
  kind: AssetKind;
  mediaType: string;
  byteLength: number;
  name: string | null;
  storage: AssetStorage;
  /** Given exactly when storage is 'database'. */
  bytes: Uint8Array | null;
}

export interface AssetRepository {
  /**
   * Records an asset; the same id for the same issuer again changes nothing
   * (content addressing makes uploads idempotent). `created` says which.
   */
  add(input: NewAsset): Promise<{ asset: Asset; created: boolean }>;
  find(issuerId: string, id: string): Promise<Asset | undefined>;
  /** The bytes kept in the database; undefined when unknown or stored elsewhere. */
  readBytes(issuerId: string, id: string): Promise<Uint8Array | undefined>;
  /** Oldest first. */
  list(issuerId: string): Promise<Asset[]>;
  /** The removed asset, or undefined when there was none. */
  remove(issuerId: string, id: string): Promise<Asset | undefined>;
}

const METADATA = ['issuerId', 'id', 'kind', 'mediaType', 'byteLength', 'name', 'storage', 'createdAt'] as const;

function toAsset(row: Omit<AssetsTable, 'bytes'>): Asset {
  return { issuerId: row.issuerId, id: row.id, kind: row.kind, mediaType: row.mediaType, byteLength: Number(row.byteLength), name: row.name, storage: row.storage, createdAt: row.createdAt };
}

export function createAssetRepository(context: RepositoryContext): AssetRepository {
  const { db } = context;
  const find = async (issuerId: string, id: string) => {
    const row = await latest(context, db.selectFrom('assets').select(METADATA).where('issuerId', '=', issuerId).where('id', '=', id)).executeTakeFirst();
    return row && toAsset(row);
  };
  return {
    async add(input) {
      const existing = await find(input.issuerId, input.id);
      if (existing) return { asset: existing, created: false };
      const row: AssetsTable = { ...input, bytes: input.bytes === null ? null : Buffer.from(input.bytes.buffer, input.bytes.byteOffset, input.bytes.byteLength), createdAt: context.now() };
      try {
        await db.insertInto('assets').values(row).execute();
      } catch (error) {
        // A concurrent upload of the same file won the race: same bytes, same outcome.
        if (!isUniqueViolation(error)) throw error;
        const winner = await find(input.issuerId, input.id);
        if (!winner) throw error;
        return { asset: winner, created: false };
      }
      return { asset: toAsset(row), created: true };
    },
    find,
    async readBytes(issuerId, id) {
      const row = await db.selectFrom('assets').select('bytes').where('issuerId', '=', issuerId).where('id', '=', id).executeTakeFirst();
      return row?.bytes ? new Uint8Array(row.bytes) : undefined;
    },
    async list(issuerId) {
      const rows = await db.selectFrom('assets').select(METADATA).where('issuerId', '=', issuerId).orderBy('createdAt').orderBy('id').execute();
      return rows.map(toAsset);
    },
    async remove(issuerId, id) {
      return context.atomic(async (trx) => {
        const row = await trx.selectFrom('assets').select(METADATA).where('issuerId', '=', issuerId).where('id', '=', id).executeTakeFirst();
        if (!row) return undefined;
        const result = await trx.deleteFrom('assets').where('issuerId', '=', issuerId).where('id', '=', id).executeTakeFirst();
        return result.numDeletedRows > 0n ? toAsset(row) : undefined;
      });
    },
  };
}
