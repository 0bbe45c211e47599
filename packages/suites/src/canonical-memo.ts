/**
 * For documents the compiled canonical path (canonical/) refuses, which go
 * through the stock canonicalization: verifiers check the same credentials
 * again and again (a wallet refreshing a badge, an employer reloading a page),
 * and almost all of such a verification is JSON-LD canonicalization. Its output depends only on the input JSON and on
 * the documents the loader returns, so it is remembered per loader and per
 * exact input text. The signature itself is checked every time, against the
 * key as resolved now.
 */
type Canonize = (input: unknown, options: Record<string, unknown>) => Promise<string>;

const MAX_ENTRIES = 512;
const memoByLoader = new WeakMap<object, Map<string, Promise<string>>>();

function memoFor(loader: unknown): Map<string, Promise<string>> | undefined {
  if (typeof loader !== 'function') return undefined;
  let memo = memoByLoader.get(loader);
  if (!memo) {
    memo = new Map();
    memoByLoader.set(loader, memo);
  }
  return memo;
}

export function memoizeCanonize(canonize: Canonize): Canonize {
  return (input, options) => {
    const { documentLoader, ...rest } = options;
    const memo = memoFor(documentLoader);
    if (!memo) return canonize(input, options);
    const key = `${JSON.stringify(rest)}\n${JSON.stringify(input)}`;
    const known = memo.get(key);
    if (known) {
      // Refresh its place: the map's order is the eviction order.
      memo.delete(key);
      memo.set(key, known);
      return known;
    }
    const pending = canonize(input, options);
    memo.set(key, pending);
    pending.catch(() => memo.delete(key));
    if (memo.size > MAX_ENTRIES) memo.delete(memo.keys().next().value!);
    return pending;
  };
}
