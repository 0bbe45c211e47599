import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocateStatusIndex } from './allocate-status-index.js';
import { StatusListError, StatusListFullError } from './errors.js';

/** xorshift32: a tiny seeded generator, so every run (and every failure) is reproducible. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0 || 0x9e3779b9;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state / 2 ** 32;
  };
}

function codeOf(action: () => unknown): string {
  try {
    action();
  } catch (error) {
    if (error instanceof StatusListError) return error.code;
    throw error;
  }
  return 'NO_ERROR';
}

/** Allocates until the list is full, recording each index as used, like a store would. */
function allocateAll(length: number, random: () => number, withCount: boolean): { order: number[]; final: unknown } {
  const used = new Uint8Array(length);
  const order: number[] = [];
  for (;;) {
    try {
      const index = allocateStatusIndex({
        length,
        isUsed: (i) => used[i] === 1,
        random,
        ...(withCount && { usedCount: order.length }),
      });
      if (used[index] === 1 || index < 0 || index >= length) return { order, final: new Error(`bad index ${index}`) };
      used[index] = 1;
      order.push(index);
      if (order.length > length) return { order, final: new Error('allocated more indexes than exist') };
    } catch (error) {
      return { order, final: error };
    }
  }
}

describe('allocateStatusIndex', () => {
  it('property: hands out every index of a small list exactly once, then STATUS_LIST_FULL', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 200 }), fc.integer(), fc.boolean(), (length, seed, withCount) => {
        const { order, final } = allocateAll(length, seededRandom(seed), withCount);
        expect(final).toBeInstanceOf(StatusListFullError);
        expect((final as StatusListFullError).code).toBe('STATUS_LIST_FULL');
        expect(order).toHaveLength(length);
        expect(new Set(order).size).toBe(length);
      }),
      { numRuns: 150 },
    );
  });

  it('property: never returns a used index, whatever is already used', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 2000 }).chain((length) =>
          fc.tuple(fc.constant(length), fc.uniqueArray(fc.nat({ max: length - 1 }), { maxLength: length - 1 }), fc.integer()),
        ),
        ([length, usedList, seed]) => {
          const used = new Set(usedList);
          const random = seededRandom(seed);
          for (let round = 0; round < 5; round += 1) {
            const index = allocateStatusIndex({ length, isUsed: (i) => used.has(i), random });
            expect(Number.isInteger(index) && index >= 0 && index < length).toBe(true);
            expect(used.has(index)).toBe(false);
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('finds the last free indexes of a large, nearly full list quickly and with bounded work', () => {
    const length = 2 ** 22;
    const free = [17, 2_000_003, length - 1];
    const used = new Uint8Array(length).fill(1);
    for (const index of free) used[index] = 0;
    for (const usedCount of [undefined, length - free.length]) {
      let calls = 0;
      const index = allocateStatusIndex({
        length,
        isUsed: (i) => {
          calls += 1;
          return used[i] === 1;
        },
        random: seededRandom(7),
        ...(usedCount !== undefined && { usedCount }),
      });
      expect(free).toContain(index);
      // At most the random probes, one counting pass and one selecting pass.
      expect(calls).toBeLessThanOrEqual(16 + 2 * length);
    }
  });

  it('refuses a full list without scanning it when usedCount says so', () => {
    let calls = 0;
    const error = (() => {
      try {
        return allocateStatusIndex({ length: 1000, usedCount: 1000, isUsed: () => (calls += 1) > 0, random: Math.random });
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(StatusListFullError);
    expect(calls).toBe(0);
  });

  it('survives a stale usedCount in either direction', () => {
    const length = 64;
    const used = new Set(Array.from({ length: 60 }, (_, i) => i));
    const random = seededRandom(99);
    for (const usedCount of [0, 10, 63]) {
      for (let round = 0; round < 50; round += 1) {
        const index = allocateStatusIndex({ length, isUsed: (i) => used.has(i), usedCount, random });
        expect(used.has(index)).toBe(false);
      }
    }
    const allUsed = () => true;
    expect(codeOf(() => allocateStatusIndex({ length, isUsed: allUsed, usedCount: 3, random }))).toBe('STATUS_LIST_FULL');
  });

  it('spreads allocations over the whole list instead of handing them out in order', () => {
    const length = 131_072;
    const used = new Set<number>();
    const random = seededRandom(20_240_515);
    const order: number[] = [];
    for (let n = 0; n < 2000; n += 1) {
      const index = allocateStatusIndex({ length, isUsed: (i) => used.has(i), random });
      used.add(index);
      order.push(index);
    }
    let adjacent = 0;
    let ascending = 0;
    for (let n = 1; n < order.length; n += 1) {
      if (Math.abs(order[n]! - order[n - 1]!) === 1) adjacent += 1;
      if (order[n]! > order[n - 1]!) ascending += 1;
    }
    expect(adjacent).toBeLessThan(5);
    // Random order ascends about half the time; sequential allocation always would.
    expect(ascending / (order.length - 1)).toBeGreaterThan(0.4);
    expect(ascending / (order.length - 1)).toBeLessThan(0.6);
    // Chi-square over 16 equal buckets (15 degrees of freedom; 37.7 is the 0.1% critical value).
    const buckets = new Array<number>(16).fill(0);
    for (const index of order) buckets[Math.floor((index * 16) / length)]! += 1;
    const expected = order.length / 16;
    const chiSquare = buckets.reduce((sum, count) => sum + (count - expected) ** 2 / expected, 0);
    expect(chiSquare).toBeLessThan(37.7);
  });

  it('stays uniform among the free indexes when it falls back to scanning', () => {
    const length = 64;
    const free = [3, 4, 5, 40];
    const used = (i: number) => !free.includes(i);
    const random = seededRandom(4242);
    const counts = new Map<number, number>(free.map((i) => [i, 0]));
    const draws = 4000;
    for (let n = 0; n < draws; n += 1) {
      // usedCount above 90% of the list sends every call down the scanning path.
      const index = allocateStatusIndex({ length, isUsed: used, usedCount: length - free.length, random });
      counts.set(index, (counts.get(index) ?? 0) + 1);
    }
    expect([...counts.keys()].sort((a, b) => a - b)).toEqual(free);
    // Scanning forward from a random start would pick 4 and 5 only once in 64 draws each.
    for (const count of counts.values()) expect(Math.abs(count - draws / free.length)).toBeLessThan(150);
  });

  it.each<[string, Record<string, unknown>]>([
    ['a zero length', { length: 0 }],
    ['a fractional length', { length: 10.5 }],
    ['a negative usedCount', { usedCount: -1 }],
    ['random() returning 1', { random: () => 1 }],
    ['random() returning NaN', { random: () => Number.NaN }],
  ])('refuses %s as INVALID_ARGUMENT', (_name, override) => {
    const options = { length: 10, isUsed: () => false, random: seededRandom(1), ...override };
    expect(codeOf(() => allocateStatusIndex(options as never))).toBe('INVALID_ARGUMENT');
  });
});
