import type { GuardedFetchCacheOptions } from '@laurel/guarded-fetch';
import { statusListTtlMs, VerifiedStatusLists } from '@laurel/status-list';
import type { VerifierConfig } from './config.js';

type CacheSettings = Pick<VerifierConfig, 'VERIFIER_CACHE_ENTRIES' | 'VERIFIER_CACHE_DEFAULT_TTL_MS' | 'VERIFIER_VERIFIED_LIST_MAX_AGE_MS'>;

/**
 * How long the verifier's fetcher keeps what it fetched (status lists,
 * did:web documents): a status list's own `ttl` first, else the answer's
 * Cache-Control (no-cache: revalidated by ETag each time; max-age), else,
 * when the answer says nothing about caching, VERIFIER_CACHE_DEFAULT_TTL_MS;
 * a 404 or 410 is remembered for VERIFIER_CACHE_DEFAULT_TTL_MS too.
 */
export function fetchCacheOptions(settings: CacheSettings): GuardedFetchCacheOptions {
  return {
    maxEntries: settings.VERIFIER_CACHE_ENTRIES,
    ttlMs: (response) => statusListTtlMs(response.json) ?? (response.headers['cache-control'] === undefined ? settings.VERIFIER_CACHE_DEFAULT_TTL_MS : undefined),
    // A did:web domain without a DID configuration answers 404: asked once per TTL, not per verification.
    notFoundTtlMs: settings.VERIFIER_CACHE_DEFAULT_TTL_MS,
  };
}

/** Status list verifications reused while a list is unchanged (see VerifiedStatusLists). */
export function verifiedStatusListCache(settings: CacheSettings): VerifiedStatusLists {
  return new VerifiedStatusLists({ maxEntries: settings.VERIFIER_CACHE_ENTRIES, maxAgeMs: settings.VERIFIER_VERIFIED_LIST_MAX_AGE_MS });
}
