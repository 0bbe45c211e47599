import { gunzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeList } from '@digitalbazaar/vc-bitstring-status-list';
import { encodeStatusList } from './encoded-list.js';
import { StatusListError } from './errors.js';
import {
  MAX_STATUS_LIST_LENGTH,
  MIN_STATUS_LIST_LENGTH,
  createStatusList,
  getStatusBit,
  setStatusBit,
  statusListFromIndexes,
  type StatusList,
} from './status-list.js';

function codeOf(action: () => unknown): string {
  try {
    action();
  } catch (error) {
    if (error instanceof StatusListError) return error.code;
    throw error;
  }
  return 'NO_ERROR';
}

/** The raw bytes of our encoding, inflated by zlib directly: independent of both our decoder and the stock one. */
async function rawBytes(list: StatusList): Promise<Buffer> {
  const encoded = await encodeStatusList(list);
  expect(encoded.startsWith('u')).toBe(true);
  return gunzipSync(Buffer.from(encoded.slice(1), 'base64url'));
}

/** Bit order per spec, computed by hand: index 0 is the most significant bit of byte 0. */
function expectedBytes(lengthInBits: number, setIndexes: Iterable<number>): Buffer {
  const bytes = Buffer.alloc(lengthInBits / 8);
  for (const index of setIndexes) bytes[index >> 3]! |= 0x80 >> (index & 7);
  return bytes;
}

describe('createStatusList', () => {
  it('defaults to the spec minimum with every bit clear', async () => {
    const list = createStatusList();
    expect(list.length).toBe(MIN_STATUS_LIST_LENGTH);
    expect((await rawBytes(list)).equals(expectedBytes(MIN_STATUS_LIST_LENGTH, []))).toBe(true);
  });

  it('accepts larger whole-byte lengths', async () => {
    const list = setStatusBit(createStatusList(MIN_STATUS_LIST_LENGTH * 2), MIN_STATUS_LIST_LENGTH * 2 - 1, true);
    expect(list.length).toBe(MIN_STATUS_LIST_LENGTH * 2);
    const stock = await decodeList({ encodedList: await encodeStatusList(list) });
    expect(stock.length).toBe(MIN_STATUS_LIST_LENGTH * 2);
    expect(stock.getStatus(MIN_STATUS_LIST_LENGTH * 2 - 1)).toBe(true);
  });

  it('creates a list shorter than the spec minimum, for tests (verifiers refuse it)', () => {
    expect(createStatusList(64).length).toBe(64);
  });

  it.each([0, -8, 100, MIN_STATUS_LIST_LENGTH + 1, MAX_STATUS_LIST_LENGTH + 8, 1.5, Number.NaN])(
    'refuses length %s (not whole bytes, empty, or beyond our cap)',
    (length) => {
      expect(codeOf(() => createStatusList(length))).toBe('INVALID_ARGUMENT');
    },
  );
});

describe('setStatusBit / getStatusBit', () => {
  const last = MIN_STATUS_LIST_LENGTH - 1;

  it.each([0, 7, 8, last])('setting index %i sets that bit and only it (checked by the stock decoder)', async (index) => {
    const list = setStatusBit(createStatusList(), index, true);
    const stock = await decodeList({ encodedList: await encodeStatusList(list) });
    expect(stock.length).toBe(MIN_STATUS_LIST_LENGTH);
    const setByStock: number[] = [];
    for (let i = 0; i < stock.length; i += 1) if (stock.getStatus(i)) setByStock.push(i);
    expect(setByStock).toEqual([index]);
    expect(getStatusBit(list, index)).toBe(true);
  });

  it('puts index 0 in the left-most bit of the first byte', async () => {
    expect((await rawBytes(setStatusBit(createStatusList(), 0, true)))[0]).toBe(0x80);
    expect((await rawBytes(setStatusBit(createStatusList(), 7, true)))[0]).toBe(0x01);
    const eight = await rawBytes(setStatusBit(createStatusList(), 8, true));
    expect([eight[0], eight[1]]).toEqual([0x00, 0x80]);
    const lastByte = await rawBytes(setStatusBit(createStatusList(), last, true));
    expect(lastByte[lastByte.length - 1]).toBe(0x01);
  });

  it('property: setting a random index sets exactly that bit, per the stock decoder and the raw bytes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: last }), async (index) => {
        const list = setStatusBit(createStatusList(), index, true);
        const encoded = await encodeStatusList(list);
        const stock = await decodeList({ encodedList: encoded });
        expect(stock.getStatus(index)).toBe(true);
        if (index > 0) expect(stock.getStatus(index - 1)).toBe(false);
        if (index < last) expect(stock.getStatus(index + 1)).toBe(false);
        const raw = gunzipSync(Buffer.from(encoded.slice(1), 'base64url'));
        expect(raw.equals(expectedBytes(MIN_STATUS_LIST_LENGTH, [index]))).toBe(true);
      }),
      { numRuns: 60 },
    );
  });

  it('property: a sequence of sets and clears leaves exactly the model set', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.integer({ min: 0, max: last }), fc.boolean()), { maxLength: 40 }), async (changes) => {
        let list = createStatusList();
        const model = new Set<number>();
        for (const [index, value] of changes) {
          list = setStatusBit(list, index, value);
          if (value) model.add(index);
          else model.delete(index);
        }
        for (const [index] of changes) expect(getStatusBit(list, index)).toBe(model.has(index));
        expect((await rawBytes(list)).equals(expectedBytes(MIN_STATUS_LIST_LENGTH, model))).toBe(true);
      }),
      { numRuns: 40 },
    );
  });

  it('returns a new list and leaves the original untouched', () => {
    const before = createStatusList();
    const after = setStatusBit(before, 42, true);
    expect(getStatusBit(after, 42)).toBe(true);
    expect(getStatusBit(before, 42)).toBe(false);
    expect(getStatusBit(setStatusBit(after, 42, false), 42)).toBe(false);
    expect(getStatusBit(after, 42)).toBe(true);
  });

  it.each([-1, MIN_STATUS_LIST_LENGTH, MIN_STATUS_LIST_LENGTH + 100, 1.5, Number.NaN, Number.POSITIVE_INFINITY])(
    'index %s is STATUS_INDEX_OUT_OF_RANGE for get and set',
    (index) => {
      const list = createStatusList();
      expect(codeOf(() => getStatusBit(list, index))).toBe('STATUS_INDEX_OUT_OF_RANGE');
      expect(codeOf(() => setStatusBit(list, index, true))).toBe('STATUS_INDEX_OUT_OF_RANGE');
    },
  );

  it('refuses a non-boolean value and a look-alike list object', () => {
    const list = createStatusList();
    expect(codeOf(() => setStatusBit(list, 1, 1 as unknown as boolean))).toBe('INVALID_ARGUMENT');
    const forged = { length: MIN_STATUS_LIST_LENGTH } as unknown as StatusList;
    expect(codeOf(() => getStatusBit(forged, 1))).toBe('INVALID_ARGUMENT');
  });

  it('lists cannot be mutated through their public shape', () => {
    const list = createStatusList();
    expect(Object.isFrozen(list)).toBe(true);
    expect(Object.keys(list)).toEqual(['length']);
  });
});

describe('statusListFromIndexes', () => {
  it('equals the same bits set one by one, and the stock library reads them back', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(fc.nat({ max: MIN_STATUS_LIST_LENGTH - 1 }), { maxLength: 64 }), async (indexes) => {
        let expected = createStatusList();
        for (const index of indexes) expected = setStatusBit(expected, index, true);
        const built = statusListFromIndexes(MIN_STATUS_LIST_LENGTH, indexes);
        expect(await encodeStatusList(built)).toBe(await encodeStatusList(expected));
        const stock = await decodeList({ encodedList: await encodeStatusList(built) });
        for (const index of indexes) expect(stock.getStatus(index)).toBe(true);
      }),
      { numRuns: 30 },
    );
  });

  it('refuses an index outside the list', () => {
    expect(() => statusListFromIndexes(MIN_STATUS_LIST_LENGTH, [MIN_STATUS_LIST_LENGTH])).toThrow(StatusListError);
    expect(() => statusListFromIndexes(MIN_STATUS_LIST_LENGTH, [-1])).toThrow(StatusListError);
  });
});
