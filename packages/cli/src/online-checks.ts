import { createDocumentLoader, type DocumentLoader } from '@laurel/contexts';
import { createFetchBudget, createGuardedFetcher, type GuardedFetcher } from '@laurel/guarded-fetch';
import { createStatusChecker, statusListTtlMs } from '@laurel/status-list';
import type { StatusChecker } from '@laurel/suites';

export interface OnlineChecks {
  documentLoader: DocumentLoader;
  checkStatus: StatusChecker;
  /** The same once-per-run fetcher, for the issuer's DID configuration (domain linkage). */
  fetchJson: (url: URL) => Promise<unknown>;
  close(): Promise<void>;
}

/**
 * The verifier service's checks from the command line: did:web documents and
 * status lists fetched through the same guarded fetcher (https only, no
 * private addresses, time-outs and size caps).
 */
export function onlineChecks(now: Date, fetcher: GuardedFetcher = fetcherFromEnvironment(process.env)): OnlineChecks {
  // One run is one request: each did:web document and status list fetched once, however many proofs name it.
  const once = createFetchBudget(fetcher.asJsonFetcher(), Number.POSITIVE_INFINITY);
  const documentLoader = createDocumentLoader({ fetchDidWebDocument: (url) => once.fetchJson(url) });
  const checkStatus = createStatusChecker({ now, documentLoader, loadStatusList: (url) => once.fetchJson(new URL(url)) });
  return { documentLoader, checkStatus, fetchJson: (url) => once.fetchJson(url), close: () => fetcher.close() };
}

/** The verifier's FETCH_ALLOW_HTTP / FETCH_ALLOW_LOOPBACK / FETCH_ALLOW_PRIVATE switches apply here too (local demos). */
export function fetcherFromEnvironment(env: Record<string, string | undefined>): GuardedFetcher {
  const on = (name: string) => ['1', 'true', 'yes'].includes(env[name] ?? '');
  return createGuardedFetcher({
    allowHttp: on('FETCH_ALLOW_HTTP'),
    allowLoopback: on('FETCH_ALLOW_LOOPBACK'),
    allowPrivate: on('FETCH_ALLOW_PRIVATE'),
    cache: { maxEntries: 100, ttlMs: (response) => statusListTtlMs(response.json) },
  });
}
