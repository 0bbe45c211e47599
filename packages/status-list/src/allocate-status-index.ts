import { StatusListError, StatusListFullError } from './errors.js';

export interface AllocateStatusIndexOptions {
  /** Number of indexes in the list. */
  length: number;
  /** Whether an index is already taken (by an issued credential or a reservation). */
  isUsed: (index: number) => boolean;
  /** How many indexes are taken, if the store knows; lets a nearly full list skip straight to the scan. */
  usedCount?: number;
  /** Uniform in [0, 1): injected so tests can seed it; use a CSPRNG in production. */
  random: () => number;
}

/**
 * Random probes before scanning. At half full, all of them miss with
 * probability 2^-16, so the O(length) scan runs only for lists that are
 * nearly full, where each probe is likely to be wasted anyway.
 */
const RANDOM_PROBES = 16;

/** Above this fill ratio (when usedCount is known) probes are skipped: fewer than ~1 in 10 would hit. */
const SCAN_FILL_RATIO = 0.9;

function randomBelow(random: () => number, bound: number): number {
  const value = random();
  if (!(typeof value === 'number' && value >= 0 && value < 1)) {
    throw new StatusListError('INVALID_ARGUMENT', `random() must return a number in [0, 1), not ${String(value)}.`, { value });
  }
  return Math.floor(value * bound);
}

/** The `rank`-th unused index (0-based) in index order, or undefined if there are fewer. */
function nthUnused(length: number, isUsed: (index: number) => boolean, rank: number): number | undefined {
  let seen = 0;
  for (let index = 0; index < length; index += 1) {
    if (!isUsed(index)) {
      if (seen === rank) return index;
      seen += 1;
    }
  }
  return undefined;
}

function countUnused(length: number, isUsed: (index: number) => boolean): number {
  let free = 0;
  for (let index = 0; index < length; index += 1) if (!isUsed(index)) free += 1;
  return free;
}

/**
 * Picks an unused index uniformly at random, as the spec advises (so an
 * index reveals nothing about issuance order or list size), or throws
 * StatusListFullError.
 *
 * Random probes (rejection sampling) are uniform and fast while the list has
 * room. When they keep missing, it falls back to choosing a random rank among
 * the free indexes and scanning for it: still uniform, unlike scanning
 * forward from a random start (which favours indexes just after a run of used
 * ones), and bounded by O(length) calls to isUsed.
 *
 * This function only reads: two concurrent callers can pick the same index.
 * The store must claim the index atomically (a unique constraint on
 * (list, index), or a lock around allocate-and-record) and, on conflict,
 * call again.
 */
export function allocateStatusIndex(options: AllocateStatusIndexOptions): number {
  const { length, isUsed, usedCount, random } = options;
  if (!Number.isSafeInteger(length) || length <= 0) {
    throw new StatusListError('INVALID_ARGUMENT', `length must be a positive integer, not ${length}.`, { length });
  }
  if (usedCount !== undefined && !(Number.isSafeInteger(usedCount) && usedCount >= 0)) {
    throw new StatusListError('INVALID_ARGUMENT', `usedCount must be a non-negative integer, not ${usedCount}.`, { usedCount });
  }
  if (usedCount !== undefined && usedCount >= length) throw new StatusListFullError(length);

  const probes = usedCount !== undefined && usedCount / length > SCAN_FILL_RATIO ? 0 : RANDOM_PROBES;
  for (let probe = 0; probe < probes; probe += 1) {
    const index = randomBelow(random, length);
    if (!isUsed(index)) return index;
  }

  // usedCount saves a counting pass; if it was stale and overstated the free
  // indexes, the rank falls off the end and an exact count is taken instead.
  if (usedCount !== undefined) {
    const index = nthUnused(length, isUsed, randomBelow(random, length - usedCount));
    if (index !== undefined) return index;
  }
  const free = countUnused(length, isUsed);
  if (free === 0) throw new StatusListFullError(length);
  const index = nthUnused(length, isUsed, randomBelow(random, free));
  // Only reachable if isUsed changed its answers between the two passes.
  if (index === undefined) throw new StatusListFullError(length);
  return index;
}
