import { describe, expect, it } from 'vitest';
import { ResponseCache, ttlFromHeaders } from './cache.js';
import type { FetchJsonResult } from './options.js';

const result = (id: string): FetchJsonResult => ({ url: `https://example.com/${id}`, status: 200, headers: {}, json: { id }, bytes: 10 });

describe('ResponseCache', () => {
  it('expires entries at their own TTL', () => {
    let now = 1000;
    const cache = new ResponseCache(10, () => now);
    cache.set('short', result('short'), 100);
    cache.set('long', result('long'), 1000);
    now += 99;
    expect(cache.get('short')?.json).toEqual({ id: 'short' });
    now += 1;
    expect(cache.get('short')).toBeUndefined();
    expect(cache.get('long')?.json).toEqual({ id: 'long' });
  });

  it('evicts the least recently used entry beyond maxEntries', () => {
    const cache = new ResponseCache(2, () => 0);
    cache.set('a', result('a'), 1000);
    cache.set('b', result('b'), 1000);
    cache.get('a');
    cache.set('c', result('c'), 1000);
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBeDefined();
    expect(cache.get('c')).toBeDefined();
    expect(cache.size).toBe(2);
  });

  it('hands out copies, or with asShared the one frozen stored document, which no copy can change', () => {
    const cache = new ResponseCache(2, () => 0);
    const original = result('a');
    const stored = cache.set('a', original, 1000);
    (original.json as { id: string }).id = 'changed after storing';
    const copy = cache.get('a')!;
    (copy.json as { id: string }).id = 'changed by a reader';
    const shared = cache.get('a', true)!;
    expect(shared).toBe(stored);
    expect(cache.get('a', true)).toBe(shared);
    expect(shared.json).toEqual({ id: 'a' });
    expect(Object.isFrozen(shared.json) && Object.isFrozen(shared.headers)).toBe(true);
    expect(() => {
      (shared.json as { id: string }).id = 'x';
    }).toThrow(TypeError);
  });

  it.each([0, -5, Number.NaN, Number.POSITIVE_INFINITY])('does not store with a TTL of %s', (ttl) => {
    const cache = new ResponseCache(2, () => 0);
    cache.set('a', result('a'), ttl);
    expect(cache.size).toBe(0);
  });
});

describe('ttlFromHeaders', () => {
  it.each<[Record<string, string>, number]>([
    [{}, 0],
    [{ 'cache-control': 'max-age=300' }, 300_000],
    [{ 'cache-control': 'public, Max-Age=60, must-revalidate' }, 60_000],
    [{ 'cache-control': 'max-age="30"' }, 30_000],
    [{ 'cache-control': 'max-age=300', age: '100' }, 200_000],
    [{ 'cache-control': 'max-age=300', age: '400' }, 0],
    [{ 'cache-control': 'no-store, max-age=300' }, 0],
    [{ 'cache-control': 'max-age=300, no-cache' }, 0],
    [{ 'cache-control': 'max-age=-1' }, 0],
    [{ 'cache-control': 's-maxage=300' }, 0],
  ])('%j gives %i ms', (headers, ttl) => {
    expect(ttlFromHeaders(headers)).toBe(ttl);
  });
});
