import { createGuardedFetcher, type GuardedFetchOptions } from '@laurel/guarded-fetch';
import { findIssuerByIdOrSlug, type IssuanceDeps } from '@laurel/issuance';
import { LaurelError } from '@laurel/models';
import { createOpenEdxClient, type OpenEdxClient, type RetryPolicy } from '@laurel/openedx-client';
import type { EventBusConfig } from './config.js';
import type { LmsInstance, LmsRoute } from './lms-instances.js';

export interface LmsConnection {
  client: OpenEdxClient;
  /** Closes the connections of its fetcher. */
  close(): Promise<void>;
}

/** The Open edX client these settings describe, through its own guarded fetcher; undefined when LMS_BASE_URL is not set. */
export function lmsClientFromConfig(config: EventBusConfig, fetchOptions: GuardedFetchOptions = {}, retry?: Partial<RetryPolicy>): LmsConnection | undefined {
  if (!config.LMS_BASE_URL || !config.LMS_CLIENT_ID || !config.LMS_CLIENT_SECRET) return undefined;
  return lmsClientOf({ baseUrl: config.LMS_BASE_URL, clientId: config.LMS_CLIENT_ID, clientSecret: config.LMS_CLIENT_SECRET, completionSource: config.LMS_COMPLETION_SOURCE }, fetchOptions, retry);
}

/** A client of one LMS, through its own guarded fetcher. */
export function lmsClientOf(instance: Pick<LmsInstance, 'baseUrl' | 'clientId' | 'clientSecret' | 'completionSource'>, fetchOptions: GuardedFetchOptions = {}, retry?: Partial<RetryPolicy>): LmsConnection {
  const fetcher = createGuardedFetcher(fetchOptions);
  const client = createOpenEdxClient({ ...instance, fetcher, ...(retry ? { retry } : {}) });
  return { client, close: () => fetcher.close() };
}

export interface LmsRoutes {
  routes: LmsRoute[];
  /** Each instance's client, by instance id. */
  clients: Map<string, OpenEdxClient>;
  close(): Promise<void>;
}

/**
 * The routes of LMS_INSTANCES_FILE: each instance's issuer (named by id or
 * slug) resolved, and a client of its own. An issuer that does not exist is a
 * configuration error, found at startup rather than at the first event.
 */
export async function lmsRoutesOf(deps: Pick<IssuanceDeps, 'store'>, instances: readonly LmsInstance[], fetchOptions: GuardedFetchOptions = {}, retry?: Partial<RetryPolicy>): Promise<LmsRoutes> {
  const connections: LmsConnection[] = [];
  const close = async () => void (await Promise.all(connections.map((connection) => connection.close())));
  try {
    const routes: LmsRoute[] = [];
    const clients = new Map<string, OpenEdxClient>();
    for (const instance of instances) {
      const issuer = await findIssuerByIdOrSlug(deps.store, instance.issuerId);
      if (!issuer) throw new LaurelError('INVALID_CONFIG', `LMS_INSTANCES_FILE: instance ${instance.id} names no issuer: ${instance.issuerId}. Create the issuer first.`);
      const connection = lmsClientOf(instance, fetchOptions, retry);
      connections.push(connection);
      clients.set(instance.id, connection.client);
      routes.push({ instanceId: instance.id, issuerId: issuer.id, lms: connection.client, topicPrefix: instance.topicPrefix, sourceHosts: instance.sourceHosts });
    }
    return { routes, clients, close };
  } catch (error) {
    await close();
    throw error;
  }
}
