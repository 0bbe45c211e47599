import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { createGuardedFetcher, fetcherOptionsFromEnv } from '@laurel/guarded-fetch';
import { documentFetcher } from './page-input.js';
import { PUBLIC_URL_CHECK_FETCH, createLogger, createRateLimits, createServiceMetrics, listeningUrl, newInstanceId, serveMetrics, startPublicUrlCheck, type PublicUrlCheck } from '@laurel/http-kit';
import { openStore, type Store } from '@laurel/store';
import { createVerifierApp } from './app.js';
import { fetchCacheOptions, verifiedStatusListCache } from './fetch-cache.js';
import { loadVerifierConfig } from './config.js';
import { loadTrustedIssuers } from '@laurel/trust';
import { storeStatusListSources } from './hosted-status-lists.js';
import { loadIssuerRecognizer } from './recognition-config.js';

export interface RunningVerifier {
  url: string;
  /** Where Prometheus metrics are served when METRICS_PORT is set (else at `${url}/metrics`). */
  metricsUrl?: string;
  server: ServerType;
  /** The start-up check of VERIFIER_PUBLIC_URL (logged; a warning when it does not answer as this verifier); undefined when turned off. */
  publicUrlCheck: Promise<PublicUrlCheck> | undefined;
  close(): Promise<void>;
}

/** Starts the verifier: configuration from `env`, status lists from the shared store. */
export async function startVerifier(env: Record<string, string | undefined> = process.env, shared?: { store?: Store }): Promise<RunningVerifier> {
  const config = loadVerifierConfig(env);
  const logger = createLogger({ name: 'laurel-verifier', level: config.LOG_LEVEL });
  // Least privilege: the verifier reads; the issuer migrates and writes.
  const store =
    shared?.store ??
    (await openStore({
      databaseUrl: config.DATABASE_URL,
      readOnly: true,
      waitForDatabaseMs: config.DATABASE_WAIT_MS,
      onDatabaseWait: (error, retryInMs) => logger.warn({ err: error, retryInMs }, 'the database is not answering yet; waiting for it (DATABASE_WAIT_MS)'),
    }));
  const metrics = config.METRICS ? createServiceMetrics('verifier') : undefined;
  const fetcher = createGuardedFetcher({
    ...fetcherOptionsFromEnv(config),
    // Failures are counted. Outbound calls carry the id of the request they serve, passed by the
    // routes (the verifier runs requests without an async context: see app.ts).
    ...(metrics ? { onFailure: (error: { code: string }) => metrics.fetchFailed(error.code) } : {}),
    maxBytes: config.FETCH_MAX_BYTES,
    // Remote status lists are cached for the ttl they declare (else their HTTP caching headers);
    // did:web documents for their max-age; an ETagged answer is revalidated rather than refetched.
    cache: fetchCacheOptions(config),
  });
  const urls = { issuerBaseUrl: config.ISSUER_PUBLIC_URL, statusBaseUrl: config.VERIFIER_PUBLIC_URL };
  const instanceId = newInstanceId();
  const fetchJson = async (url: URL) => (await fetcher.fetchJson(url)).json;
  // The verifier reads cached documents in place (frozen, shared) and copies what it may change.
  const verifierFetchJson = fetcher.asJsonFetcher({ shared: true });
  // Loaded only when asked for: piscina and the worker threads cost nothing otherwise.
  const cryptoPool = config.CRYPTO_WORKERS > 0 ? (await import('@laurel/crypto-pool')).createCryptoPool({ workers: config.CRYPTO_WORKERS, queueLimit: config.CRYPTO_QUEUE_LIMIT }) : undefined;
  const rateLimits = await createRateLimits(config, { service: 'verifier', warn: (details, message) => logger.warn(details, message) });
  const app = createVerifierApp({
    config,
    logger,
    rateLimits,
    ...(metrics ? { metrics, metricsRoute: config.METRICS_PORT === undefined } : {}),
    fetchJson: verifierFetchJson,
    fetchDocument: documentFetcher(fetcher),
    maxRemoteFetches: config.VERIFIER_MAX_REMOTE_FETCHES,
    verifiedStatusLists: verifiedStatusListCache(config),
    ...(cryptoPool ? { cryptoPool } : {}),
    ...storeStatusListSources(store, urls, config.STATUS_LIST_MAX_STALENESS_MS),
    trustedIssuers: await loadTrustedIssuers(config.TRUSTED_ISSUERS_FILE),
    issuerRecognizer: await loadIssuerRecognizer(config, fetchJson),
    now: () => new Date(),
    instanceId,
  });
  const server = await new Promise<ServerType>((resolve) => {
    const running = serve({ fetch: app.fetch, port: config.VERIFIER_PORT, ...(config.VERIFIER_HOST ? { hostname: config.VERIFIER_HOST } : {}) }, () => resolve(running));
  });
  const { port, address } = server.address() as AddressInfo;
  const metricsServer = metrics && config.METRICS_PORT !== undefined ? await serveMetrics(metrics, config.METRICS_PORT, config.VERIFIER_HOST) : undefined;
  logger.info({ port, address, cryptoWorkers: config.CRYPTO_WORKERS, ...(metricsServer ? { metricsPort: metricsServer.port } : {}) }, 'verifier listening');
  const publicUrlCheck = config.VERIFIER_PUBLIC_URL_CHECK
    ? startPublicUrlCheck({ service: 'laurel-verifier', instanceId, publicUrl: config.VERIFIER_PUBLIC_URL, setting: 'VERIFIER_PUBLIC_URL', logger, fetcher: createGuardedFetcher(PUBLIC_URL_CHECK_FETCH) })
    : undefined;
  return {
    url: listeningUrl(config.VERIFIER_HOST, port),
    ...(metricsServer ? { metricsUrl: `${listeningUrl(config.VERIFIER_HOST, metricsServer.port)}/metrics` } : {}),
    server,
    publicUrlCheck,
    close: async () => {
      await publicUrlCheck;
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await metricsServer?.close();
      await fetcher.close();
      await rateLimits.close();
      await cryptoPool?.close();
      if (!shared?.store) await store.close();
    },
  };
}
