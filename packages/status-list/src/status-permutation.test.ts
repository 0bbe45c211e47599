import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { StatusListError, StatusListFullError } from './errors.js';
import { MIN_STATUS_LIST_LENGTH } from './status-list.js';
import { createStatusPermutation, statusIndexAt, statusIndexAtUncached } from './status-permutation.js';

const keyArbitrary = fc.uint8Array({ minLength: 16, maxLength: 64 });
/** Every list length Laurel can publish up to 4096: whole bytes. */
const smallLength = fc.integer({ min: 1, max: 512 }).map((bytes) => bytes * 8);

/** Walks every counter; true when each index in [0, length) came out exactly once. */
function isBijection(key: Uint8Array, length: number): boolean {
  const permutation = createStatusPermutation(key, length);
  const seen = new Uint8Array(length);
  for (let counter = 0; counter < length; counter += 1) {
    const index = permutation.indexAt(counter);
    if (!Number.isInteger(index) || index < 0 || index >= length || seen[index] === 1) return false;
    seen[index] = 1;
    if (permutation.counterAt(index) !== counter) return false;
  }
  return true;
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

describe('status permutation', () => {
  it('is a bijection of [0, length) for every publishable length up to 4096', () => {
    const key = randomBytes(32);
    const broken = [];
    for (let length = 8; length <= 4096; length += 8) if (!isBijection(key, length)) broken.push(length);
    expect(broken).toEqual([]);
  });

  it('property: a bijection for any key, also for lengths that are not whole bytes', () => {
    fc.assert(
      fc.property(keyArbitrary, fc.oneof(smallLength, fc.integer({ min: 1, max: 300 })), (key, length) => isBijection(key, length)),
      { numRuns: 300 },
    );
  });

  it('property: a one-off query agrees with the remembering permutation', () => {
    fc.assert(
      fc.property(keyArbitrary, fc.integer({ min: 1, max: MIN_STATUS_LIST_LENGTH * 8 }), fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }), (key, length, at) => {
        const counter = Math.floor(at * length);
        expect(statusIndexAtUncached(key, length, counter)).toBe(createStatusPermutation(key, length).indexAt(counter));
      }),
      { numRuns: 200 },
    );
  });

  it('property: statusIndexAt, which keeps recent permutations, answers as a one-off query over many lists and counters', () => {
    // More lists than it keeps (16), revisited in random order: evictions and hits both happen.
    const lists = Array.from({ length: 24 }, (_, i) => ({ key: randomBytes(16 + (i % 3) * 8), length: (i % 4 === 0 ? MIN_STATUS_LIST_LENGTH : 64 + i * 8) }));
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat({ max: lists.length - 1 }), fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true })), { minLength: 50, maxLength: 200 }), (queries) => {
        for (const [which, at] of queries) {
          const { key, length } = lists[which]!;
          const counter = Math.floor(at * length);
          expect(statusIndexAt(key, length, counter)).toBe(statusIndexAtUncached(key, length, counter));
        }
      }),
      { numRuns: 30 },
    );
  });

  it('keeps the indexes it has always given: the order of a list never changes with the code (known answers)', () => {
    // Stored allocations hold indexes, the list rows counters: the mapping between them must stay fixed.
    const key = Buffer.from('000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f', 'hex');
    expect([0, 1, 2, 3, 1000, 131071].map((counter) => statusIndexAt(key, 131072, counter))).toEqual([12712, 110837, 64626, 112527, 76042, 16536]);
    expect([0, 1, 2, 7].map((counter) => statusIndexAt(key, 8, counter))).toEqual([4, 3, 5, 6]);
    // The same key viewed through a Uint8Array at an offset is the same key.
    const padded = new Uint8Array(40);
    padded.set(key, 8);
    expect(statusIndexAt(padded.subarray(8), 131072, 1000)).toBe(76042);
  });

  it('property: distinct keys give distinct orders, and neither is the identity', () => {
    fc.assert(
      fc.property(keyArbitrary, keyArbitrary, smallLength.filter((length) => length >= 64), (a, b, length) => {
        fc.pre(Buffer.compare(Buffer.from(a), Buffer.from(b)) !== 0);
        const first = createStatusPermutation(a, length);
        const second = createStatusPermutation(b, length);
        const order = (permutation: typeof first) => Array.from({ length: 32 }, (_, counter) => permutation.indexAt(counter));
        expect(order(first)).not.toEqual(order(second));
        expect(order(first)).not.toEqual(Array.from({ length: 32 }, (_, counter) => counter));
      }),
      { numRuns: 200 },
    );
  });

  it('gives one key unrelated orders for lists of different lengths', () => {
    const key = randomBytes(32);
    const order = (length: number) => Array.from({ length: 32 }, (_, counter) => statusIndexAt(key, length, counter));
    // Both lengths share the Feistel domain 2^18: without the length in the round function they would walk alike.
    expect(order(MIN_STATUS_LIST_LENGTH)).not.toEqual(order(MIN_STATUS_LIST_LENGTH + 8));
  });

  it('scatters consecutive counters over a spec-minimum list', () => {
    const permutation = createStatusPermutation(randomBytes(32), MIN_STATUS_LIST_LENGTH);
    let near = 0;
    for (let counter = 1; counter < 4096; counter += 1) {
      if (Math.abs(permutation.indexAt(counter) - permutation.indexAt(counter - 1)) <= 64) near += 1;
    }
    // A random order puts about 4 in 4095 steps this close (129 of 131072 indexes); sequential allocation would put all.
    expect(near).toBeLessThan(41);
  });

  it.each([MIN_STATUS_LIST_LENGTH, 1_048_576])('hands out every index of a %i-entry list exactly once', (length) => {
    expect(isBijection(randomBytes(32), length)).toBe(true);
  });

  it('refuses counters past the end as STATUS_LIST_FULL, and bad arguments as caller mistakes', () => {
    const key = randomBytes(32);
    const permutation = createStatusPermutation(key, 64);
    expect(() => permutation.indexAt(64)).toThrow(StatusListFullError);
    expect(codeOf(() => permutation.indexAt(-1))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => permutation.indexAt(1.5))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => permutation.counterAt(64))).toBe('STATUS_INDEX_OUT_OF_RANGE');
    expect(codeOf(() => statusIndexAt(key, 0, 0))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => statusIndexAt(key, 2 ** 27 + 8, 0))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => statusIndexAt(randomBytes(15), 64, 0))).toBe('INVALID_ARGUMENT');
  });
});
