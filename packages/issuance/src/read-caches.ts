import type { Achievement, ApiToken, Issuer, Repositories } from '@laurel/store';
import type { IssuerKey } from '@laurel/suites';
import { LRUCache } from 'lru-cache';

export interface ReadCachesOptions {
  /** How long an entry is trusted (ms): the bound on how late this process sees another process's change. */
  ttlMs: number;
  /** Entries per kind; the least recently used goes first. */
  maxEntries: number;
}

/** One kind of row kept in memory; `undefined` (not found) is never kept. */
export class ReadCache<V extends object> {
  private readonly entries: LRUCache<string, V>;

  constructor(options: ReadCachesOptions) {
    this.entries = new LRUCache<string, V>({ max: options.maxEntries, ttl: options.ttlMs });
  }

  async get(key: string, load: () => Promise<V | undefined>): Promise<V | undefined> {
    const kept = this.entries.get(key);
    if (kept !== undefined) return kept;
    const loaded = await load();
    if (loaded !== undefined) this.entries.set(key, loaded);
    return loaded;
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }
}

/**
 * What every completion reads and almost never changes, kept in this process
 * for a few seconds: API tokens by secret, issuers, each issuer's signing key
 * (unsealed once, not per signature) and the achievements a course touches.
 * Changes made through this process drop the entries they affect at once;
 * a change made through another process is seen here within `ttlMs` (a
 * revoked token keeps working, a rotated key keeps signing — it stays in the
 * DID document — and a new achievement is not yet evaluated, for at most that
 * long).
 */
export class ReadCaches {
  readonly tokens: ReadCache<ApiToken>;
  readonly issuers: ReadCache<Issuer>;
  readonly signingKeys: ReadCache<IssuerKey>;
  readonly achievementsByCourse: ReadCache<Achievement[]>;

  constructor(options: ReadCachesOptions) {
    this.tokens = new ReadCache(options);
    this.issuers = new ReadCache(options);
    this.signingKeys = new ReadCache(options);
    this.achievementsByCourse = new ReadCache(options);
  }

  /** The achievements `courseId` counts toward, from the cache or `repositories`. */
  async touchedByCourse(repositories: Pick<Repositories, 'achievements'>, issuerId: string, courseId: string): Promise<Achievement[]> {
    return (await this.achievementsByCourse.get(`${issuerId}\u0000${courseId}`, () => repositories.achievements.touchedByCourse(issuerId, courseId))) ?? [];
  }
}
