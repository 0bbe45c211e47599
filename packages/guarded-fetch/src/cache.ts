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

  get(key: string): FetchJsonResult | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    this.entries.delete(key);
    if (entry.expiresAt <= this.now()) return undefined;
    // Re-inserting moves the entry to the back of the Map's order, i.e. most recently used.
    this.entries.set(key, entry);
    return copy(entry.result);
  }

  set(key: string, result: FetchJsonResult, ttlMs: number): void {
    this.entries.delete(key);
    if (!Number.isFinite(ttlMs) || ttlMs <= 0) return;
    this.entries.set(key, { result: copy(result), expiresAt: this.now() + ttlMs });
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (oldest.done) break;
      this.entries.delete(oldest.value);
    }
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
