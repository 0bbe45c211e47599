import { createDocumentLoader, type DocumentLoader } from '@laurel/contexts';
import { createGuardedFetcher, type GuardedFetcher } from '@laurel/guarded-fetch';
import { createStatusChecker, statusListTtlMs } from '@laurel/status-list';
import type { StatusChecker } from '@laurel/suites';

export interface OnlineChecks {
  documentLoader: DocumentLoader;
  checkStatus: StatusChecker;
  close(): Promise<void>;
}

/**
 * The verifier service's checks from the command line: did:web documents and
 * status lists fetched through the same guarded fetcher (https only, no
 * private addresses, time-outs and size caps).
 */
export function onlineChecks(now: Date, fetcher: GuardedFetcher = fetcherFromEnvironment(process.env)): OnlineChecks {
  const documentLoader = createDocumentLoader({ fetchDidWebDocument: fetcher.asJsonFetcher() });
  const checkStatus = createStatusChecker({ now, documentLoader, loadStatusList: async (url) => (await fetcher.fetchJson(url)).json });
  return { documentLoader, checkStatus, close: () => fetcher.close() };
}

/** The verifier's FETCH_ALLOW_HTTP / FETCH_ALLOW_LOOPBACK / FETCH_ALLOW_PRIVATE switches apply here too (local demos). */
function fetcherFromEnvironment(env: Record<string, string | undefined>): GuardedFetcher {
  const on = (name: string) => ['1', 'true', 'yes'].includes(env[name] ?? '');
  return createGuardedFetcher({
    allowHttp: on('FETCH_ALLOW_HTTP'),
    allowLoopback: on('FETCH_ALLOW_LOOPBACK'),
    allowPrivate: on('FETCH_ALLOW_PRIVATE'),
    cache: { maxEntries: 100, ttlMs: (response) => statusListTtlMs(response.json) },
  });
}
