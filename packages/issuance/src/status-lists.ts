import { createHash } from 'node:crypto';
import { createStatusList, createStatusListCredential, encodeStatusList, setStatusBit } from '@laurel/status-list';
import { signCredential } from '@laurel/suites';
import { statusListUrl, timestamp, type IssuanceDeps } from './deps.js';
import { NotFoundError } from './errors.js';
import { getIssuer, signingKeyOf } from './issuers.js';

/** How long verifiers may cache a Bitstring status list (ms); also the served Cache-Control max-age. */
export const STATUS_LIST_TTL_MS = 300_000;

export interface PublishedStatusList {
  document: Record<string, unknown>;
  etag: string;
  ttlMs: number;
}

/**
 * Signs the list's current bits unless the stored signed copy is already
 * current. Lists are re-signed only when a bit changed; a concurrent change
 * during signing makes the store refuse the stale copy and we sign again.
 */
export async function publishStatusList(deps: IssuanceDeps, statusListId: string): Promise<PublishedStatusList> {
  for (let attempt = 0; attempt < 5; attempt += 1) {
    const record = await deps.store.statusLists.get(statusListId);
    if (!record) throw new NotFoundError('status list', statusListId);
    const signed = await deps.store.statusLists.signedCopy(statusListId);
    if (signed?.document && signed.etag && signed.signedVersion >= record.version) {
      return { document: signed.document as Record<string, unknown>, etag: signed.etag, ttlMs: STATUS_LIST_TTL_MS };
    }
    const issuer = await getIssuer(deps.store, record.issuerId);
    let bits = createStatusList(record.length);
    for (const index of await deps.store.statusLists.setIndexes(statusListId)) bits = setStatusBit(bits, index, true);
    const unsigned = createStatusListCredential({
      id: statusListUrl(deps.urls, statusListId),
      issuer: issuer.did,
      statusPurpose: record.purpose,
      encodedList: await encodeStatusList(bits, { format: record.format }),
      format: record.format,
      validFrom: timestamp(deps.now()),
      ...(record.format === 'BitstringStatusList' ? { ttl: STATUS_LIST_TTL_MS } : {}),
    });
    const document = await signCredential(unsigned as Record<string, unknown>, { key: await signingKeyOf(deps, deps.store, issuer) });
    const etag = `"${createHash('sha256').update(JSON.stringify(document)).digest('base64url')}"`;
    if (await deps.store.statusLists.saveSigned(statusListId, record.version, document, etag)) return { document, etag, ttlMs: STATUS_LIST_TTL_MS };
  }
  throw new Error(`Status list ${statusListId} kept changing while it was being signed.`);
}

/**
 * Makes sure each list has a current signed copy. Called after every issuance
 * for the lists it allocated in, which also heals a list whose creator died
 * before publishing it; a current list costs one small read (no document).
 */
export async function publishStatusLists(deps: IssuanceDeps, statusListIds: Iterable<string>): Promise<void> {
  for (const id of new Set(statusListIds)) {
    const record = await deps.store.statusLists.get(id);
    if (record && record.signedVersion >= record.version && record.etag !== null) continue;
    await publishStatusList(deps, id);
  }
}
