import { LRUCache } from 'lru-cache';
import { isDeeplyFrozen } from '@laurel/models';
import { decodeStatusList, type DecodeStatusListOptions } from './encoded-list.js';
import type { StatusList } from './status-list.js';

export interface VerifiedStatusListsOptions {
  /** Lists remembered; the least recently used goes first. */
  maxEntries: number;
  /**
   * Longest a verification is reused for unchanged content (ms). Bounds how
   * long a list signed with a key its issuer has since withdrawn keeps passing.
   */
  maxAgeMs: number;
}

/** A status list credential whose proof, validity and issuer checks passed, with its bitstrings decoded once. */
export interface VerifiedStatusList {
  /** decodeStatusList for this list's encodedList, memoised per format and length bound. */
  decode(encodedList: string, options: DecodeStatusListOptions): Promise<StatusList>;
}

interface Entry extends VerifiedStatusList {
  /** The list as fetched, serialised: the same bytes parse to the same text. */
  readonly text: string;
  /** The list object itself when it was deeply frozen (a shared cached document): that object cannot have changed. */
  readonly frozen?: object;
  /** Until when it may be reused: the list's own validUntil / expirationDate, or maxAgeMs after it was verified. */
  readonly notAfter: number;
  /** The list's validFrom / issuanceDate: a verification time before it (a clock set back) verifies afresh. */
  readonly notBefore: number;
}

function timeOf(value: unknown, otherwise: number): number {
  const at = typeof value === 'string' ? Date.parse(value) : Number.NaN;
  return Number.isNaN(at) ? otherwise : at;
}

/**
 * Status list verifications remembered per URL, so a list fetched again
 * unchanged (from the fetcher's cache within its TTL, or a 304 after its
 * ETag was revalidated) is neither verified nor decoded again. An entry is
 * used only for the very content it verified, before the list's own
 * validUntil and for at most `maxAgeMs` (both measured by the verification
 * time the caller passes); anything else is verified afresh.
 */
export class VerifiedStatusLists {
  private readonly entries: LRUCache<string, Entry>;
  private readonly maxAgeMs: number;

  constructor(options: VerifiedStatusListsOptions) {
    this.entries = new LRUCache<string, Entry>({ max: options.maxEntries });
    this.maxAgeMs = options.maxAgeMs;
  }

  /** The remembered verification of exactly this list at `url`, if it still holds at `now`. */
  lookup(url: string, list: unknown, now: Date): VerifiedStatusList | undefined {
    const entry = this.entries.get(url);
    if (!entry || now.getTime() >= entry.notAfter || now.getTime() < entry.notBefore) return undefined;
    if (entry.frozen !== undefined && entry.frozen === list) return entry;
    return entry.text === JSON.stringify(list) ? entry : undefined;
  }

  /** Remembers `list` at `url` as verified at `now` (call only after its proof, validity and issuer checks passed). */
  remember(url: string, list: Record<string, unknown>, now: Date): VerifiedStatusList {
    const decoded = new Map<string, Promise<StatusList>>();
    const entry: Entry = {
      text: JSON.stringify(list),
      ...(isDeeplyFrozen(list) ? { frozen: list } : {}),
      notAfter: Math.min(timeOf(list.validUntil ?? list.expirationDate, Number.POSITIVE_INFINITY), now.getTime() + this.maxAgeMs),
      notBefore: timeOf(list.validFrom ?? list.issuanceDate, Number.NEGATIVE_INFINITY),
      decode(encodedList, options) {
        const key = `${options.format ?? ''}\u0000${options.maxLength ?? ''}\u0000${encodedList}`;
        let result = decoded.get(key);
        if (!result) {
          result = decodeStatusList(encodedList, options);
          // A failed decode is not remembered: the next reading reports it afresh.
          result.catch(() => decoded.delete(key));
          decoded.set(key, result);
        }
        return result;
      },
    };
    this.entries.set(url, entry);
    return entry;
  }

  get size(): number {
    return this.entries.size;
  }
}
