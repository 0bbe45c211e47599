import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { createGuardedFetcher, fetcherOptionsFromEnv } from '@laurel/guarded-fetch';
import { documentFetcher } from './page-input.js';
import { createLogger, createRateLimits, createServiceMetrics, outboundRequestHeaders, serveMetrics } from '@laurel/http-kit';
import { statusListTtlMs } from '@laurel/status-list';
import { openStore, type Store } from '@laurel/store';
import { createVerifierApp } from './app.js';
import { loadVerifierConfig } from './config.js';
import { loadTrustedIssuers } from '@laurel/trust';
import { storeStatusListSources } from './hosted-status-lists.js';
import { loadIssuerRecognizer } from './recognition-config.js';

export interface RunningVerifier {
  url: string;
  /** Where Prometheus metrics are served when METRICS_PORT is set (else at `${url}/metrics`). */
  metricsUrl?: string;
  server: ServerType;
  close(): Promise<void>;
}

/** Starts the verifier: configuration from `env`, status lists from the shared store. */
export async function startVerifier(env: Record<string, string | undefined> = process.env, shared?: { store?: Store }): Promise<RunningVerifier> {
  const config = loadVerifierConfig(env);
  const logger = createLogger({ name: 'laurel-verifier', level: config.LOG_LEVEL });
  const store = shared?.store ?? (await openStore({ databaseUrl: env.DATABASE_URL ?? 'sqlite:data/laurel.db' }));
  const metrics = config.METRICS ? createServiceMetrics('verifier') : undefined;
  const fetcher = createGuardedFetcher({
    ...fetcherOptionsFromEnv(config),
    // Outbound calls carry the id of the request they serve; failures are counted.
    requestHeaders: outboundRequestHeaders,
    ...(metrics ? { onFailure: (error: { code: string }) => metrics.fetchFailed(error.code) } : {}),
    maxBytes: config.FETCH_MAX_BYTES,
    // Remote status lists are cached for the ttl they declare (else their HTTP caching headers);
    // did:web documents for their max-age; an ETagged answer is revalidated rather than refetched.
    cache: { maxEntries: 1000, ttlMs: (response) => statusListTtlMs(response.json) },
  });
  const urls = { issuerBaseUrl: env.ISSUER_PUBLIC_URL ?? 'http://localhost:3000', statusBaseUrl: config.VERIFIER_PUBLIC_URL };
  const fetchJson = async (url: URL) => (await fetcher.fetchJson(url)).json;
  const rateLimits = await createRateLimits(config, { service: 'verifier', warn: (details, message) => logger.warn(details, message) });
  const app = createVerifierApp({
    config,
    logger,
    rateLimits,
    ...(metrics ? { metrics, metricsRoute: config.METRICS_PORT === undefined } : {}),
    fetchJson,
    fetchDocument: documentFetcher(fetcher),
    maxRemoteFetches: config.VERIFIER_MAX_REMOTE_FETCHES,
    ...storeStatusListSources(store, urls, config.STATUS_LIST_MAX_STALENESS_MS),
    trustedIssuers: await loadTrustedIssuers(config.TRUSTED_ISSUERS_FILE),
    issuerRecognizer: await loadIssuerRecognizer(config, fetchJson),
    now: () => new Date(),
  });
  const server = await new Promise<ServerType>((resolve) => {
    const running = serve({ fetch: app.fetch, port: config.VERIFIER_PORT }, () => resolve(running));
  });
  const port = (server.address() as AddressInfo).port;
  const metricsServer = metrics && config.METRICS_PORT !== undefined ? await serveMetrics(metrics, config.METRICS_PORT) : undefined;
  logger.info({ port, ...(metricsServer ? { metricsPort: metricsServer.port } : {}) }, 'verifier listening');
  return {
    url: `http://localhost:${port}`,
    ...(metricsServer ? { metricsUrl: `http://localhost:${metricsServer.port}/metrics` } : {}),
    server,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await metricsServer?.close();
      await fetcher.close();
      await rateLimits.close();
      if (!shared?.store) await store.close();
    },
  };
}
