import { STATUS_LIST_TTL_MS, revocationList, revocationListIssuerFromUrl, statusListIdFromUrl, type PublicUrls } from '@laurel/issuance';
import type { SignedStatusList, Store } from '@laurel/store';
import type { HostedRevocationList, HostedStatusList } from './routes/status-lists.js';

/**
 * How a hosted list's signed copy stands against the committed bits:
 * - `current`: it shows every committed change;
 * - `pending`: a change committed less than the staleness bound ago is not
 *   in it yet (the issuer publishes right after its commit, and its
 *   publisher heals a missed publication within seconds);
 * - `stale`: a change has waited longer than the bound, or the list was
 *   never published. Serving it would show a revoked credential as fine,
 *   so it is not served: callers answer 503 / "could not check".
 */
export type HostedListState =
  | { state: 'current' | 'pending'; document: unknown; etag: string | null }
  | { state: 'stale'; behindSince: string | null };

export function hostedListState(signed: SignedStatusList | undefined, maxStalenessMs: number, now: Date): HostedListState | undefined {
  if (signed === undefined) return undefined;
  if (signed.signedVersion >= signed.version) return { state: 'current', document: signed.document, etag: signed.etag };
  const since = signed.dirtySince === null ? Number.NaN : Date.parse(signed.dirtySince);
  if (signed.document !== null && Number.isFinite(since) && now.getTime() - since < maxStalenessMs) {
    return { state: 'pending', document: signed.document, etag: signed.etag };
  }
  return { state: 'stale', behindSince: signed.dirtySince };
}

/** Reads a hosted list from the store (the verifier's read-only view of the issuer's database). */
export async function readHostedList(store: Pick<Store, 'statusLists'>, id: string, maxStalenessMs: number, now: Date): Promise<HostedListState | undefined> {
  const signed = await store.statusLists.signedCopy(id);
  if (signed !== undefined) return hostedListState(signed, maxStalenessMs, now);
  // A list that exists but was never published owes its first publication.
  const record = await store.statusLists.get(id);
  return record ? { state: 'stale', behindSince: record.dirtySince } : undefined;
}

export interface StatusListSources {
  /** For checks: the signed list behind one of our status list URLs; undefined when the URL is not ours. */
  localStatusList(url: string): Promise<unknown>;
  /** For GET /status-lists/{id}. */
  hostedStatusList(id: string): Promise<HostedStatusList | undefined>;
  /** For GET /revocation-lists/{issuerId}. */
  hostedRevocationList(issuerId: string): Promise<HostedRevocationList | undefined>;
}

/**
 * The status lists this installation hosts, as the verifier serves and
 * checks them: straight from the store, never older than the bound.
 */
export function storeStatusListSources(
  store: Pick<Store, 'statusLists' | 'issuers' | 'credentials' | 'revocationListEntries'>,
  urls: PublicUrls,
  maxStalenessMs: number,
  now: () => Date = () => new Date(),
): StatusListSources {
  return {
    async localStatusList(url) {
      // A revocation list of ours is read live, like the route serves it.
      const revocationIssuer = revocationListIssuerFromUrl(urls, url);
      if (revocationIssuer) return (await revocationList(store, urls, revocationIssuer))?.document;
      const id = statusListIdFromUrl(urls, url);
      const list = id ? await readHostedList(store, id, maxStalenessMs, now()) : undefined;
      if (list?.state === 'stale') throw new Error('The issuer is republishing this status list after a change; its status cannot be checked right now.');
      return list?.document;
    },
    async hostedStatusList(id) {
      const list = await readHostedList(store, id, maxStalenessMs, now());
      if (!list) return undefined;
      return list.state === 'stale' ? { state: 'stale' } : { ...list, maxAgeSeconds: STATUS_LIST_TTL_MS / 1000 };
    },
    hostedRevocationList: (issuerId) => revocationList(store, urls, issuerId),
  };
}
