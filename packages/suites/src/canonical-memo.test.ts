import { describe, expect, it } from 'vitest';
import { memoizeCanonize } from './canonical-memo.js';

describe('memoizeCanonize', () => {
  // The memo is per loader, so each test gets loaders of its own.
  const newLoader = () => async () => ({ contextUrl: null, documentUrl: '', document: {} });

  function counting() {
    const calls: string[] = [];
    const canonize = memoizeCanonize(async (input) => {
      calls.push(JSON.stringify(input));
      return `nquads of ${JSON.stringify(input)}`;
    });
    return { calls, canonize };
  }

  it('canonicalizes an identical input once per loader', async () => {
    const { calls, canonize } = counting();
    const loaderA = newLoader();
    const first = await canonize({ a: 1 }, { documentLoader: loaderA, safe: true });
    const second = await canonize({ a: 1 }, { documentLoader: loaderA, safe: true });
    expect(second).toBe(first);
    expect(calls).toHaveLength(1);
  });

  it('does not share results across loaders, inputs or options', async () => {
    const { calls, canonize } = counting();
    const [loaderA, loaderB] = [newLoader(), newLoader()];
    await canonize({ a: 1 }, { documentLoader: loaderA, safe: true });
    await canonize({ a: 1 }, { documentLoader: loaderB, safe: true });
    await canonize({ a: 2 }, { documentLoader: loaderA, safe: true });
    await canonize({ a: 1 }, { documentLoader: loaderA, safe: false });
    expect(calls).toHaveLength(4);
  });

  it('forgets failures, so a later attempt runs again', async () => {
    const loaderA = newLoader();
    let attempts = 0;
    const canonize = memoizeCanonize(async () => {
      attempts += 1;
      if (attempts === 1) throw new Error('transient');
      return 'ok';
    });
    await expect(canonize({}, { documentLoader: loaderA })).rejects.toThrow('transient');
    await expect(canonize({}, { documentLoader: loaderA })).resolves.toBe('ok');
  });

  it('stays bounded', async () => {
    const { calls, canonize } = counting();
    const loaderA = newLoader();
    for (let i = 0; i < 600; i += 1) await canonize({ i }, { documentLoader: loaderA });
    await canonize({ i: 0 }, { documentLoader: loaderA });
    expect(calls).toHaveLength(601); // the oldest entry was evicted and computed again
  });
});
