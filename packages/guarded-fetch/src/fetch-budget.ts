import { LaurelError } from '@laurel/models';

/** The request has already made as many distinct remote fetches as one request may. */
export class FetchBudgetExceededError extends LaurelError {
  constructor(url: string, limit: number) {
    super('FETCH_BUDGET_EXCEEDED', `Not fetched: this verification already reached its limit of ${limit} remote documents (${url}).`, { url, limit });
  }
}

export interface FetchBudget {
  /** Fetches each URL at most once; past the limit of distinct URLs, throws FetchBudgetExceededError. */
  fetchJson(url: URL): Promise<unknown>;
  /**
   * The same fetch, counted the same way, but the answer is not copied: every
   * caller gets the one document the underlying fetcher returned. For readers
   * that never change it (status lists); pair with a fetcher that hands out
   * frozen documents (`asJsonFetcher({ shared: true })`).
   */
  fetchShared(url: URL): Promise<unknown>;
  /** Distinct URLs fetched (or being fetched) so far. */
  readonly fetched: number;
}

/**
 * The remote fetches of one request (a verification, or a presentation's
 * credentials together): each distinct URL once, however many proofs and
 * status entries name it, and at most `limit` distinct URLs, so a hostile
 * credential cannot make the verifier fetch hundreds of documents. What is not
 * fetched makes its check "could not check", never "valid".
 */
export function createFetchBudget(fetchJson: (url: URL) => Promise<unknown>, limit: number): FetchBudget {
  const pending = new Map<string, Promise<unknown>>();
  const fetchShared = (url: URL): Promise<unknown> => {
    let answer = pending.get(url.href);
    if (!answer) {
      if (pending.size >= limit) return Promise.reject(new FetchBudgetExceededError(url.href, limit));
      answer = fetchJson(url);
      pending.set(url.href, answer);
    }
    return answer;
  };
  return {
    // Each caller gets its own copy: JSON-LD processing must not see another caller's changes.
    fetchJson: async (url) => structuredClone(await fetchShared(url)),
    fetchShared,
    get fetched() {
      return pending.size;
    },
  };
}

/**
 * Each key loaded once per request; a failure is remembered too (one attempt
 * per request). Each caller gets a copy, unless `shared` (read-only callers).
 */
export function memoize<T>(load: (key: string) => Promise<T>, { shared = false }: { shared?: boolean } = {}): (key: string) => Promise<T> {
  const loaded = new Map<string, Promise<T>>();
  return async (key) => {
    let answer = loaded.get(key);
    if (!answer) {
      answer = load(key);
      loaded.set(key, answer);
    }
    return shared ? answer : structuredClone(await answer);
  };
}
