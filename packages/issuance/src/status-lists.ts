import { createHash } from 'node:crypto';
import { LIFECYCLE_STATUS_SIZE, MIN_STATUS_LIST_LENGTH, createStatusListCredential, encodeStatusList, statusListFromIndexes, type StatusList } from '@laurel/status-list';
import type { StatusListRecord } from '@laurel/store';
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
 * current. The version is read before the bits, so a copy never shows less
 * than the version it is labelled with (at worst more, and a later
 * publication relabels it). The store keeps a copy only if it is newer than
 * the one it has, so concurrent publishers never undo each other and none of
 * them has to retry: each one leaves a copy at least as recent as the
 * version it read.
 */
export async function publishStatusList(deps: IssuanceDeps, statusListId: string): Promise<PublishedStatusList> {
  const record = await deps.store.statusLists.get(statusListId);
  if (!record) throw new NotFoundError('status list', statusListId);
  if (record.etag !== null && record.signedVersion >= record.version) {
    const current = await deps.store.statusLists.signedCopy(statusListId);
    if (current?.etag && current.signedVersion >= current.version) return published(current.document, current.etag);
  }
  return signAndSave(deps, record);
}

/** Signs the bits of `record`'s list as of its version and stores the copy unless a newer one is there. */
async function signAndSave(deps: IssuanceDeps, record: StatusListRecord): Promise<PublishedStatusList> {
  const statusListId = record.id;
  const issuer = await getIssuer(deps.store, record.issuerId);
  const bits = await listBits(deps, record);
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
  if (await deps.store.statusLists.saveSigned(statusListId, record.version, document, etag)) return published(document, etag);
  // Another publisher stored a copy at least as recent meanwhile: that one is served.
  const newer = await deps.store.statusLists.signedCopy(statusListId);
  return newer?.etag ? published(newer.document, newer.etag) : published(document, etag);
}

/**
 * The list's bits as of now. A message list holds LIFECYCLE_STATUS_SIZE bits
 * per entry (Bitstring Status List §2.1: its length in entries is its length
 * in bits over statusSize), each value written most significant bit first.
 */
async function listBits(deps: IssuanceDeps, record: StatusListRecord): Promise<StatusList> {
  if (record.purpose !== 'message') return statusListFromIndexes(publishedLength(record.length), await deps.store.statusLists.setIndexes(record.id));
  const size = LIFECYCLE_STATUS_SIZE;
  const setBits: number[] = [];
  for (const { index, value } of await deps.store.statusLists.setValues(record.id)) {
    // One pass over one buffer (statusListFromIndexes), not a copy of the list per value as setStatusValue would make.
    for (let bit = 0; bit < size; bit += 1) if (((value >> (size - 1 - bit)) & 1) === 1) setBits.push(index * size + bit);
  }
  return statusListFromIndexes(publishedLength(record.length) * size, setBits);
}

/**
 * A list may hand out fewer indexes than the specification's minimum length
 * (a small capacity in tests), but what is published always has at least
 * the minimum, so that verifiers accept it and the bits keep herd privacy.
 */
function publishedLength(capacity: number): number {
  return Math.max(capacity, MIN_STATUS_LIST_LENGTH);
}

function published(document: unknown, etag: string): PublishedStatusList {
  return { document: document as Record<string, unknown>, etag, ttlMs: STATUS_LIST_TTL_MS };
}

/**
 * Publishes each list that owes it. Called right after the transaction that
 * changed bits or created lists commits, so a verifier normally sees the
 * change before the caller gets its answer. It never fails the caller: the
 * change is committed and the list itself records that it owes a
 * publication, which the status-list publisher (running in every issuer
 * process) carries out if this attempt fails or the process dies first.
 */
export async function publishStatusLists(deps: IssuanceDeps, statusListIds: Iterable<string>): Promise<{ failed: string[] }> {
  const failed: string[] = [];
  for (const id of new Set(statusListIds)) {
    try {
      const record = await deps.store.statusLists.get(id);
      if (!record) throw new NotFoundError('status list', id);
      if (record.signedVersion < record.version) await signAndSave(deps, record);
    } catch {
      failed.push(id);
    }
  }
  return { failed };
}
