import { afterEach, expect } from 'vitest';
import { FetchRefusedError, type FetchErrorCode } from '../errors.js';
import { createGuardedFetcher, type GuardedFetcher } from '../fetcher.js';
import type { GuardedFetchOptions } from '../options.js';
import { startServer, type LocalServer } from './local-server.js';

/** Fetchers and local servers made in a test, closed after it (newest first). */
export function useFetchHarness(): { fetcherWith(options?: GuardedFetchOptions): GuardedFetcher; server(handler: Parameters<typeof startServer>[0]): Promise<LocalServer> } {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    while (cleanups.length > 0) await cleanups.pop()?.();
  });
  return {
    fetcherWith(options = {}) {
      const fetcher = createGuardedFetcher(options);
      cleanups.push(() => fetcher.close());
      return fetcher;
    },
    async server(handler) {
      const started = await startServer(handler);
      cleanups.push(() => started.close());
      return started;
    },
  };
}

/** Expects the promise to be refused with `code`; returns the error for further checks. */
export async function refusal(promise: Promise<unknown>, code: FetchErrorCode): Promise<FetchRefusedError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(FetchRefusedError);
  const refused = error as FetchRefusedError;
  expect(refused.code, refused.message).toBe(code);
  return refused;
}
