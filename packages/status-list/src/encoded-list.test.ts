import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as bitstringStock from '@digitalbazaar/vc-bitstring-status-list';
import * as statusList2021Stock from '@digitalbazaar/vc-status-list';
import { decodeStatusList, encodeStatusList } from './encoded-list.js';
import { StatusListError } from './errors.js';
import { MIN_STATUS_LIST_LENGTH, createStatusList, getStatusBit, setStatusBit } from './status-list.js';

async function codeOf(action: () => Promise<unknown>): Promise<string> {
  try {
    await action();
  } catch (error) {
    if (error instanceof StatusListError) return error.code;
    throw error;
  }
  return 'NO_ERROR';
}

const indexes = fc.uniqueArray(fc.integer({ min: 0, max: MIN_STATUS_LIST_LENGTH - 1 }), { maxLength: 30 });

/** An index that is not in `set`, to check clear bits too. */
function unsetNeighbour(set: number[]): number | undefined {
  const candidates = set.flatMap((index) => [index - 1, index + 1]).filter((i) => i >= 0 && i < MIN_STATUS_LIST_LENGTH);
  return candidates.find((i) => !set.includes(i));
}

describe('decodeStatusList', () => {
  it('property: a BitstringStatusList encoded by the stock library decodes to the same bits', async () => {
    await fc.assert(
      fc.asyncProperty(indexes, async (set) => {
        const stock = await bitstringStock.createList({ length: MIN_STATUS_LIST_LENGTH });
        for (const index of set) stock.setStatus(index, true);
        const encoded = await stock.encode();
        const ours = await decodeStatusList(encoded);
        expect(ours.length).toBe(MIN_STATUS_LIST_LENGTH);
        for (const index of set) expect(getStatusBit(ours, index)).toBe(true);
        const clear = unsetNeighbour(set);
        if (clear !== undefined) expect(getStatusBit(ours, clear)).toBe(false);
        // Same GZIP encoder on both sides, so identical bits re-encode to the identical string.
        expect(await encodeStatusList(ours)).toBe(encoded);
      }),
      { numRuns: 30 },
    );
  });

  it('property: a StatusList2021 list encoded by the stock library decodes, with or without the "u" prefix', async () => {
    await fc.assert(
      fc.asyncProperty(indexes, async (set) => {
        const stock = await statusList2021Stock.createList({ length: MIN_STATUS_LIST_LENGTH });
        for (const index of set) stock.setStatus(index, true);
        const legacy = await stock.encode();
        expect(legacy.startsWith('H4sI')).toBe(true);
        for (const encoded of [legacy, `u${legacy}`]) {
          const ours = await decodeStatusList(encoded, { format: 'StatusList2021' });
          for (const index of set) expect(getStatusBit(ours, index)).toBe(true);
          expect(await encodeStatusList(ours, { format: 'StatusList2021' })).toBe(legacy);
        }
      }),
      { numRuns: 20 },
    );
  });

  it('decodes the example list from the Bitstring Status List Recommendation (131,072 clear bits)', async () => {
    const list = await decodeStatusList('uH4sIAAAAAAAAA-3BMQEAAADCoPVPbQwfoAAAAAAAAAAAAAAAAAAAAIC3AYbSVKsAQAAA');
    expect(list.length).toBe(MIN_STATUS_LIST_LENGTH);
    const stock = await bitstringStock.createList({ length: MIN_STATUS_LIST_LENGTH });
    expect(await encodeStatusList(list)).toBe(await stock.encode());
  });

  it('keeps the exact length of a small list (zlib output may sit in a larger pooled buffer)', async () => {
    const bytes = Buffer.from([0x80, 0, 0, 0x01]);
    const list = await decodeStatusList(`u${gzipSync(bytes).toString('base64url')}`);
    expect(list.length).toBe(32);
    expect([getStatusBit(list, 0), getStatusBit(list, 1), getStatusBit(list, 31)]).toEqual([true, false, true]);
  });

  it('requires the multibase prefix for BitstringStatusList', async () => {
    const legacy = await encodeStatusList(createStatusList(), { format: 'StatusList2021' });
    expect(await codeOf(() => decodeStatusList(legacy))).toBe('MALFORMED_STATUS_LIST');
    expect(await codeOf(() => decodeStatusList(legacy, { format: 'StatusList2021' }))).toBe('NO_ERROR');
  });

  const notGzip = `u${Buffer.from('definitely not gzip data').toString('base64url')}`;
  const validBody = gzipSync(Buffer.alloc(16)).toString('base64url');
  // Valid GZIP whose standard-base64 form uses "+" or "/": Node's decoder would
  // accept it, so only our alphabet check can refuse it.
  const standardBase64 = Array.from({ length: 256 }, (_, fill) => gzipSync(Buffer.alloc(16, fill)).toString('base64')).find((text) =>
    /[+/]/.test(text.replace(/=+$/, '')),
  );
  // Correctly padded and otherwise base64url, so only the alphabet check can refuse it.
  const padded = gzipSync(Buffer.alloc(16)).toString('base64');
  it('has fixtures that only the alphabet check catches', () => {
    expect(standardBase64).toBeDefined();
    expect(padded).toMatch(/^[A-Za-z0-9_-]+=+$/);
    expect(padded.length % 4).toBe(0);
  });
  it.each([
    ['empty', ''],
    ['prefix only', 'u'],
    ['not base64url', 'uH4sI!!!!'],
    ['standard base64 alphabet', `u${standardBase64?.replace(/=+$/, '')}`],
    ['padding', `u${padded}`],
    ['impossible base64 length', `u${validBody.slice(0, 13)}`], // 13 characters cannot come from whole bytes
    ['not gzip', notGzip],
    ['truncated gzip', `u${validBody.slice(0, -8)}`],
    ['empty gzip payload', `u${gzipSync(Buffer.alloc(0)).toString('base64url')}`],
    ['whitespace', ` u${validBody}`],
  ])('refuses %s with MALFORMED_STATUS_LIST', async (_name, encoded) => {
    expect(await codeOf(() => decodeStatusList(encoded))).toBe('MALFORMED_STATUS_LIST');
  });

  it('refuses non-string input with a typed error', async () => {
    for (const value of [undefined, null, 42, { encodedList: 'u' }]) {
      expect(await codeOf(() => decodeStatusList(value as unknown as string))).toBe('MALFORMED_STATUS_LIST');
    }
  });

  it('property: arbitrary input never fails with an untyped error', async () => {
    const candidates = fc.oneof(
      fc.string(),
      fc.string({ unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'.split('')) }).map((s) => `u${s}`),
      fc.uint8Array({ maxLength: 64 }).map((bytes) => `uH4sI${Buffer.from(bytes).toString('base64url')}`),
      // Valid GZIP with corrupted bytes: exercises the inflater's own error paths.
      fc.tuple(fc.uint8Array({ minLength: 1, maxLength: 64 }), fc.nat(), fc.integer({ min: 1, max: 255 })).map(([bytes, at, xor]) => {
        const gz = gzipSync(bytes);
        gz[at % gz.length]! ^= xor;
        return `u${gz.toString('base64url')}`;
      }),
    );
    await fc.assert(
      fc.asyncProperty(candidates, async (encoded) => {
        try {
          const list = await decodeStatusList(encoded);
          expect(list.length % 8).toBe(0);
        } catch (error) {
          expect(error).toBeInstanceOf(StatusListError);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('refuses a GZIP bomb with STATUS_LIST_TOO_LARGE, without inflating it', async () => {
    // 16 GZIP members of 64 MiB of zeros each: ~1 MB of input that would inflate to 1 GiB.
    const member = gzipSync(Buffer.alloc(64 * 1024 * 1024), { level: 9 });
    const bomb = `u${Buffer.concat(Array.from({ length: 16 }, () => member)).toString('base64url')}`;
    expect(bomb.length).toBeLessThan(2 * 1024 * 1024);
    // Not a time (machines differ): the peak memory of this process. Inflating the bomb needs 1 GiB;
    // stopping at the cap needs a few MiB. maxRSS is in KiB and only ever grows.
    const peakBefore = process.resourceUsage().maxRSS;
    const error = await decodeStatusList(bomb).catch((caught: unknown) => caught);
    const peakGrowthMiB = (process.resourceUsage().maxRSS - peakBefore) / 1024;
    expect(error).toBeInstanceOf(StatusListError);
    expect((error as StatusListError).code).toBe('STATUS_LIST_TOO_LARGE');
    expect(peakGrowthMiB).toBeLessThan(256);
  });

  it('honours a configured maxLength, in bits', async () => {
    const encoded = await encodeStatusList(createStatusList(MIN_STATUS_LIST_LENGTH * 2));
    expect(await codeOf(() => decodeStatusList(encoded, { maxLength: MIN_STATUS_LIST_LENGTH }))).toBe('STATUS_LIST_TOO_LARGE');
    expect((await decodeStatusList(encoded, { maxLength: MIN_STATUS_LIST_LENGTH * 2 })).length).toBe(MIN_STATUS_LIST_LENGTH * 2);
  });

  it('refuses an over-long encoding before decoding it', async () => {
    const huge = `u${'A'.repeat(10_000)}`;
    expect(await codeOf(() => decodeStatusList(huge, { maxLength: 8 * 1024 }))).toBe('STATUS_LIST_TOO_LARGE');
  });

  it('refuses a nonsensical maxLength or format as a caller error', async () => {
    const encoded = await encodeStatusList(createStatusList());
    expect(await codeOf(() => decodeStatusList(encoded, { maxLength: 0 }))).toBe('INVALID_ARGUMENT');
    expect(await codeOf(() => decodeStatusList(encoded, { format: 'RevocationList2020' as never }))).toBe('INVALID_ARGUMENT');
  });
});

describe('encodeStatusList', () => {
  it('writes a StatusList2021 list the stock StatusList2021 decoder reads', async () => {
    const list = setStatusBit(setStatusBit(createStatusList(), 3, true), 99_999, true);
    const encoded = await encodeStatusList(list, { format: 'StatusList2021' });
    expect(encoded.startsWith('u')).toBe(false);
    const stock = await statusList2021Stock.decodeList({ encodedList: encoded });
    expect([stock.getStatus(3), stock.getStatus(4), stock.getStatus(99_999)]).toEqual([true, false, true]);
  });

  it('writes a BitstringStatusList list with the multibase prefix', async () => {
    const encoded = await encodeStatusList(setStatusBit(createStatusList(), 12_345, true));
    expect(encoded.startsWith('uH4sI')).toBe(true);
    expect((await bitstringStock.decodeList({ encodedList: encoded })).getStatus(12_345)).toBe(true);
  });
});
