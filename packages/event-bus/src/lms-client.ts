import { createGuardedFetcher, type GuardedFetchOptions } from '@laurel/guarded-fetch';
import { createOpenEdxClient, type OpenEdxClient, type RetryPolicy } from '@laurel/openedx-client';
import type { EventBusConfig } from './config.js';

export interface LmsConnection {
  client: OpenEdxClient;
  /** Closes the connections of its fetcher. */
  close(): Promise<void>;
}

/** The Open edX client these settings describe, through its own guarded fetcher; undefined when LMS_BASE_URL is not set. */
export function lmsClientFromConfig(config: EventBusConfig, fetchOptions: GuardedFetchOptions = {}, retry?: Partial<RetryPolicy>): LmsConnection | undefined {
  if (!config.LMS_BASE_URL || !config.LMS_CLIENT_ID || !config.LMS_CLIENT_SECRET) return undefined;
  const fetcher = createGuardedFetcher(fetchOptions);
  const client = createOpenEdxClient({
    baseUrl: config.LMS_BASE_URL,
    clientId: config.LMS_CLIENT_ID,
    clientSecret: config.LMS_CLIENT_SECRET,
    completionSource: config.LMS_COMPLETION_SOURCE,
    fetcher,
    ...(retry ? { retry } : {}),
  });
  return { client, close: () => fetcher.close() };
}
