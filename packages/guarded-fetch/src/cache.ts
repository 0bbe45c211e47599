import { deepFreeze } from '@laurel/models';
import type { FetchJsonResult } from './options.js';

interface Entry {
  readonly result: FetchJsonResult;
  readonly expiresAt: number;
}

function copy(result: FetchJsonResult): FetchJsonResult {
  // Callers may mutate what they get; the cached document must not change with it.
  return { ...result, headers: { ...result.headers }, json: structuredClone(result.json) };
}


/** Least-recently-used response cache with a TTL per entry. */
export class ResponseCache {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly maxEntries: number,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * A fresh copy of the response, or with `asShared` the stored one (deeply
   * frozen: read-only), or undefined when there is none or it has expired.
   */
  get(key: string, asShared = false): FetchJsonResult | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    this.entries.delete(key);
    if (entry.expiresAt <= this.now()) {
      // Expired but revalidatable: kept, so the next fetch can ask "If-None-Match" instead of downloading again.
      if (entry.result.headers.etag) this.entries.set(key, entry);
      return undefined;
    }
    // Re-inserting moves the entry to the back of the Map's order, i.e. most recently used.
    this.entries.set(key, entry);
    // With asShared, the stored entry itself: deeply frozen, read-only.
    return asShared ? entry.result : copy(entry.result);
  }

  /** An expired response that carries an ETag, to revalidate with If-None-Match. */
  stale(key: string): FetchJsonResult | undefined {
    const entry = this.entries.get(key);
    return entry?.result.headers.etag ? copy(entry.result) : undefined;
  }

  /**
   * Stores a response for `ttlMs`. One that may not be reused as is (ttl 0,
   * e.g. Cache-Control: no-cache) is still kept when it has an ETag, already
   * expired, so it is revalidated rather than refetched; no-store is never kept.
   * The cache keeps a deeply frozen copy of its own and returns it.
   */
  set(key: string, result: FetchJsonResult, ttlMs: number): FetchJsonResult | undefined {
    this.entries.delete(key);
    const reusable = Number.isFinite(ttlMs) && ttlMs > 0;
    const revalidatable = Boolean(result.headers.etag) && !/\bno-store\b/i.test(result.headers['cache-control'] ?? '');
    if (!reusable && !revalidatable) return undefined;
    const stored = deepFreeze(copy(result));
    this.entries.set(key, { result: stored, expiresAt: this.now() + (reusable ? ttlMs : 0) });
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (oldest.done) break;
      this.entries.delete(oldest.value);
    }
    return stored;
  }

  get size(): number {
    return this.entries.size;
  }
}

/**
 * Freshness lifetime in milliseconds from Cache-Control max-age less Age, as
 * a private cache would compute it; 0 when the response must not be reused.
 */
export function ttlFromHeaders(headers: Readonly<Record<string, string>>): number {
  const directives = (headers['cache-control'] ?? '')
    .toLowerCase()
    .split(',')
    .map((directive) => directive.trim());
  if (directives.some((directive) => directive === 'no-store' || directive === 'no-cache')) return 0;
  const maxAge = directives.map((directive) => /^max-age\s*=\s*"?(\d+)"?$/.exec(directive)?.[1]).find((value) => value !== undefined);
  if (maxAge === undefined) return 0;
  const age = /^\d+$/.test(headers.age ?? '') ? Number(headers.age) : 0;
  return Math.max(0, Number(maxAge) - age) * 1000;
}
