import { createHash } from 'node:crypto';
import { LaurelError } from '@laurel/models';
import type { Asset, AssetStorage, Store } from '@laurel/store';
import { AssetError } from './errors.js';
import { DEFAULT_ASSET_LIMITS, inspectUpload, type AssetLimits } from './inspect-upload.js';
import type { ObjectStore } from './s3-object-store.js';

export interface AssetServiceDeps {
  store: Pick<Store, 'assets' | 'certificateDesigns' | 'issuers'>;
  /** Where new uploads go (ASSET_STORE). Assets already stored keep their place. */
  storage: AssetStorage;
  /** Required when storage is 's3', and to read or delete assets stored there. */
  objectStore?: ObjectStore;
  limits?: AssetLimits;
}

export interface UploadRequest {
  issuerId: string;
  bytes: Uint8Array;
  contentType: string | undefined;
  /** A label for people (the file name); not part of the id. */
  name?: string | undefined;
}

export interface StoredAsset {
  asset: Asset;
  bytes: Uint8Array;
}

export interface AssetService {
  /** Idempotent: the same bytes again return the same asset with created false. */
  upload(request: UploadRequest): Promise<{ asset: Asset; created: boolean; fontFamily?: string }>;
  list(issuerId: string): Promise<Asset[]>;
  /** The asset and its bytes; undefined when the issuer has no such asset. */
  read(issuerId: string, id: string): Promise<StoredAsset | undefined>;
  /** Removes an asset no design of the issuer places; NOT_FOUND when there is none. */
  remove(issuerId: string, id: string): Promise<Asset>;
}

/** The content address: lower-case hex SHA-256 of the bytes. */
export function assetIdOf(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Object keys: per issuer, so one issuer's delete never touches another's bytes. */
export function objectKey(issuerId: string, id: string): string {
  return `assets/${issuerId}/${id}`;
}

/** The asset ids a stored design document places (its JSON: `"asset": "<id>"` under images and fonts). */
export function assetIdsInDesign(design: string): Set<string> {
  return new Set([...design.matchAll(/"(?:asset|fontAsset)"\s*:\s*"([0-9a-f]{64})"/g)].map((match) => match[1]!));
}

async function requireIssuer(store: AssetServiceDeps['store'], issuerId: string): Promise<void> {
  if (!(await store.issuers.get(issuerId))) throw new LaurelError('NOT_FOUND', `No issuer ${issuerId}.`);
}

/**
 * Uploaded images and fonts. Bytes go to the object store first and the row
 * second, so a row never points at bytes that were not stored; a delete
 * removes the row first, then the object (a failed object delete leaves only
 * unreferenced bytes, which the same upload later overwrites).
 *
 * In S3, a delete and an upload of the same bytes that overlap share one
 * object key, so the delete's object removal could land after the upload
 * stored the bytes and wrote its row: a row without bytes. Each side looks
 * again after its last step. The upload checks that its bytes are still there
 * once its row is written (and stores them again if not); the delete reads
 * the bytes before removing them and, if a row for them has reappeared since,
 * stores them back. Whatever the interleaving, one of the two sees the other
 * (the delete's removal either precedes the upload's check, or follows it and
 * then precedes the delete's own look at the rows, which finds the upload's row).
 */
export function createAssetService(deps: AssetServiceDeps): AssetService {
  const { store } = deps;
  const limits = deps.limits ?? DEFAULT_ASSET_LIMITS;
  const objects = (): ObjectStore => {
    if (!deps.objectStore) throw new AssetError('ASSET_STORE_FAILED', 'This asset is in the object store, which is not configured (S3_* settings).');
    return deps.objectStore;
  };
  return {
    async upload({ issuerId, bytes, contentType, name }) {
      const inspected = inspectUpload(bytes, contentType, limits);
      await requireIssuer(store, issuerId);
      const id = assetIdOf(bytes);
      const existing = await store.assets.find(issuerId, id);
      if (existing) return { asset: existing, created: false, ...(inspected.fontFamily ? { fontFamily: inspected.fontFamily } : {}) };
      if (deps.storage === 's3') await objects().put(objectKey(issuerId, id), bytes, inspected.mediaType);
      const result = await store.assets.add({
        issuerId,
        id,
        kind: inspected.kind,
        mediaType: inspected.mediaType,
        byteLength: bytes.byteLength,
        name: name?.trim() ? name.trim().slice(0, 200) : null,
        storage: deps.storage,
        bytes: deps.storage === 'database' ? bytes : null,
      });
      if (result.asset.storage === 's3' && !(await objects().has(objectKey(issuerId, id)))) {
        await objects().put(objectKey(issuerId, id), bytes, inspected.mediaType);
      }
      return { ...result, ...(inspected.fontFamily ? { fontFamily: inspected.fontFamily } : {}) };
    },
    list: (issuerId) => store.assets.list(issuerId),
    async read(issuerId, id) {
      if (!/^[0-9a-f]{64}$/.test(id)) return undefined;
      const asset = await store.assets.find(issuerId, id);
      if (!asset) return undefined;
      const bytes = asset.storage === 'database' ? await store.assets.readBytes(issuerId, id) : await objects().get(objectKey(issuerId, id));
      if (!bytes) throw new AssetError('ASSET_STORE_FAILED', `The bytes of asset ${id} are missing from the ${asset.storage} store.`);
      return { asset, bytes };
    },
    async remove(issuerId, id) {
      const designs = await store.certificateDesigns.list(issuerId);
      const users = designs.filter((design) => assetIdsInDesign(design.design).has(id)).map((design) => ({ id: design.id, name: design.name }));
      if (users.length > 0) throw new AssetError('ASSET_IN_USE', `Asset ${id} is placed by ${users.length} design(s); change them first.`, { designs: users });
      const removed = await store.assets.remove(issuerId, id);
      if (!removed) throw new LaurelError('NOT_FOUND', `No asset ${id} for issuer ${issuerId}.`);
      if (removed.storage === 's3') {
        const key = objectKey(issuerId, id);
        const bytes = await objects().get(key);
        await objects().delete(key);
        // An upload of the same bytes may have written its row meanwhile: its bytes are these, so put them back.
        const again = await store.assets.find(issuerId, id);
        if (again?.storage === 's3' && bytes) await objects().put(key, bytes, again.mediaType);
      }
      return removed;
    },
  };
}
