import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { createGuardedFetcher, fetcherOptionsFromEnv } from '@laurel/guarded-fetch';
import { createAssetService, createS3ObjectStore } from '@laurel/asset-store';
import { PUBLIC_URL_CHECK_FETCH, createLogger, createRateLimits, listeningUrl, newInstanceId, outboundRequestHeaders, serveMetrics, startPublicUrlCheck, type PublicUrlCheck } from '@laurel/http-kit';
import { openIssuanceDeps, vaultTransitKeys } from '@laurel/issuance';
import { createPlatformKeys } from '@laurel/lti';
import { MIN_STATUS_LIST_LENGTH } from '@laurel/status-list';
import { retryWhileDatabaseUnavailable, type OpenStoreOptions, type Store } from '@laurel/store';
import { createIssuerApp } from './app.js';
import { lmsOAuthSettings, loadIssuerConfig, type IssuerConfig } from './config.js';
import { bootstrap, type BootstrapReport } from './bootstrap.js';
import { startBackgroundWorkers, type BackgroundWorkers } from './workers.js';
import { createIssuerMetrics } from './metrics.js';

export interface RunningIssuer {
  url: string;
  /** Where Prometheus metrics are served when METRICS_PORT is set (else at `${url}/metrics`). */
  metricsUrl?: string;
  server: ServerType;
  store: Store;
  config: IssuerConfig;
  bootstrap: BootstrapReport;
  workers: BackgroundWorkers;
  /** The start-up check of ISSUER_PUBLIC_URL (logged; a warning when it does not answer as this issuer); undefined when turned off. */
  publicUrlCheck: Promise<PublicUrlCheck> | undefined;
  close(): Promise<void>;
}

export interface StartIssuerOptions {
  /** Where log lines go instead of stdout (embedding, tests). */
  logDestination?: { write(line: string): void };
  /** Sees every database query (benches count round trips). */
  storeLog?: OpenStoreOptions['log'];
}

/** Starts the issuer service: configuration from `env`, migrations, bootstrap, then listen. */
export async function startIssuer(env: Record<string, string | undefined> = process.env, options: StartIssuerOptions = {}): Promise<RunningIssuer> {
  const config = loadIssuerConfig(env);
  const lmsOAuth = lmsOAuthSettings(config);
  const logger = createLogger({ name: 'laurel-issuer', level: config.LOG_LEVEL, ...(options.logDestination ? { destination: options.logDestination } : {}) });
  const onDatabaseWait = (error: unknown, retryInMs: number) => logger.warn({ err: error, retryInMs }, 'the database is not answering yet; waiting for it (DATABASE_WAIT_MS)');
  const { deps, keySource: source } = await openIssuanceDeps(config, { onDatabaseWait, ...(options.storeLog ? { storeLog: options.storeLog } : {}) });
  const store = deps.store;
  // Loaded only when asked for: piscina and the worker threads cost nothing otherwise.
  const cryptoPool = config.CRYPTO_WORKERS > 0 ? (await import('@laurel/crypto-pool')).createCryptoPool({ workers: config.CRYPTO_WORKERS, queueLimit: config.CRYPTO_QUEUE_LIMIT }) : undefined;
  if (cryptoPool) deps.sign = (credential, signOptions) => cryptoPool.signCredential(credential, signOptions);
  logger.info({ source }, 'key-encryption key loaded');
  if (config.STATUS_LIST_LENGTH < MIN_STATUS_LIST_LENGTH) {
    logger.warn({ length: config.STATUS_LIST_LENGTH, minimum: MIN_STATUS_LIST_LENGTH }, 'STATUS_LIST_LENGTH is below the spec minimum: lists are still published with the minimum number of entries, but fewer credentials share each one (less herd privacy; for tests)');
  }
  let workers: BackgroundWorkers | undefined;
  const metrics = config.METRICS ? createIssuerMetrics(store, async () => workers?.eventBus?.pending()) : undefined;
  // Outbound calls carry the request id of the request (or event) they serve; failures are counted.
  const fetchOptions = { ...fetcherOptionsFromEnv(config), requestHeaders: outboundRequestHeaders, ...(metrics ? { onFailure: (error: { code: string }) => metrics.fetchFailed(error.code) } : {}) };
  // The LMS is often on an internal network: FETCH_ALLOW_PRIVATE (and the other FETCH_* settings) apply.
  const fetcher = config.LMS_JWKS_URL ? createGuardedFetcher({ ...fetchOptions, cache: { maxEntries: 4 } }) : undefined;
  // Learner sign-in through the LMS's OAuth provider: its own way out, like the JWKS's.
  const lmsSignInFetcher = lmsOAuth ? createGuardedFetcher(fetchOptions) : undefined;
  // The one way out to Credly and Accredible.
  const platformFetcher = createGuardedFetcher(fetchOptions);
  // LTI 1.3 platforms' JWKS (cached per URL by createPlatformKeys); FETCH_ALLOW_* apply, as for the LMS.
  const ltiFetcher = createGuardedFetcher(fetchOptions);
  const ltiPlatformKeys = createPlatformKeys({ loadJson: async (url) => (await ltiFetcher.fetchJson(url)).json });
  if (config.VAULT_ADDR && config.VAULT_TOKEN) {
    deps.externalKeys = vaultTransitKeys({ address: config.VAULT_ADDR, token: config.VAULT_TOKEN, mount: config.VAULT_TRANSIT_MOUNT, ...(config.VAULT_NAMESPACE ? { namespace: config.VAULT_NAMESPACE } : {}), request: (call) => platformFetcher.requestJson(call) });
  }
  // Uploaded assets: in the database, or an S3-compatible store reached through its own guarded fetcher (bodies up to the font limit).
  const assetLimits = { maxImageBytes: config.ASSET_MAX_IMAGE_BYTES, maxFontBytes: config.ASSET_MAX_FONT_BYTES };
  const maxAssetBytes = Math.max(assetLimits.maxImageBytes, assetLimits.maxFontBytes);
  const assetFetcher = config.S3_ENDPOINT ? createGuardedFetcher({ ...fetchOptions, maxBytes: maxAssetBytes + 64 * 1024 }) : undefined;
  const objectStore = assetFetcher && config.S3_ENDPOINT && config.S3_BUCKET && config.S3_ACCESS_KEY_ID && config.S3_SECRET_ACCESS_KEY
    ? createS3ObjectStore({ endpoint: config.S3_ENDPOINT, bucket: config.S3_BUCKET, region: config.S3_REGION, accessKeyId: config.S3_ACCESS_KEY_ID, secretAccessKey: config.S3_SECRET_ACCESS_KEY }, assetFetcher)
    : undefined;
  const assets = createAssetService({ store, storage: config.ASSET_STORE, limits: assetLimits, ...(objectStore ? { objectStore } : {}) });
  const badgeLogger = logger.child({ component: 'badges' });
  const badges = { store, keyEncryptionKey: deps.keyEncryptionKey, ...(deps.previousKeyEncryptionKey ? { previousKeyEncryptionKey: deps.previousKeyEncryptionKey } : {}), fetcher: platformFetcher, now: deps.now, logger: badgeLogger };
  const instanceId = newInstanceId();
  const rateLimits = await createRateLimits(config, { service: 'issuer', warn: (details, message) => logger.warn(details, message) });
  const app = createIssuerApp({
    ...deps,
    badges,
    // Called after a credential changed here: it may owe a badge, and a learner mail (sent now rather than at the next interval).
    nudgeBadges: (issued) => {
      workers?.nudgeBadges(issued);
      workers?.nudgeMail();
    },
    workers: () => ({ eventBus: workers?.eventBus !== undefined, badgeWorker: workers?.badgeWorker ?? false, mailWorker: workers?.mailWorker ?? false }),
    eventBusConsumer: () => workers?.eventBus,
    pdfFontsModule: config.PDF_FONTS_MODULE,
    ...(config.CONSOLE_LMS_CLIENT_ID && config.CONSOLE_LMS_CLIENT_SECRET && config.LMS_BASE_URL && config.CONSOLE_LMS_ISSUER_ID
      ? { consoleLmsSignIn: { fetcher: platformFetcher, settings: { lmsUrl: config.LMS_BASE_URL, clientId: config.CONSOLE_LMS_CLIENT_ID, clientSecret: config.CONSOLE_LMS_CLIENT_SECRET, issuer: config.CONSOLE_LMS_ISSUER_ID, scope: 'profile email', redirectUri: new URL('/admin/sign-in/lms/callback', config.ISSUER_PUBLIC_URL).href } } }
      : {}),
    allowHttpPlatforms: config.FETCH_ALLOW_HTTP,
    lti: {
      platformKeys: ltiPlatformKeys,
      insecureStateCookie: config.LTI_INSECURE_STATE_COOKIE,
      request: (call) => ltiFetcher.requestJson(call),
      warn: (details, message) => logger.warn(details, message),
    },
    logger,
    rateLimits,
    trustProxy: config.TRUST_PROXY,
    ...(metrics ? { metrics, metricsRoute: config.METRICS_PORT === undefined } : {}),
    maxBodyBytes: config.ISSUER_MAX_BODY_BYTES,
    assets,
    maxAssetBytes,
    instanceId,
    ...(config.LEARNER_SIGN_IN_URL ? { learnerSignInPage: config.LEARNER_SIGN_IN_URL } : {}),
    ...(lmsOAuth && lmsSignInFetcher ? { lmsSignIn: { settings: lmsOAuth, fetcher: lmsSignInFetcher } } : {}),
    jwt: {
      ...(config.LMS_JWT_SECRET ? { secret: config.LMS_JWT_SECRET } : {}),
      ...(fetcher && config.LMS_JWKS_URL ? { loadJwks: async () => (await fetcher.fetchJson(config.LMS_JWKS_URL!)).json } : {}),
      ...(config.LMS_JWT_ISSUER ? { issuer: config.LMS_JWT_ISSUER } : {}),
      ...(config.LMS_JWT_AUDIENCE ? { audience: config.LMS_JWT_AUDIENCE } : {}),
      ...(config.LMS_JWT_ISSUER_ID ? { defaultIssuer: config.LMS_JWT_ISSUER_ID } : {}),
    },
  });
  let report: BootstrapReport;
  try {
    // Bootstrap is idempotent: after a lost connection it runs again once the database answers.
    report = await retryWhileDatabaseUnavailable(() => bootstrap(deps, config), { waitMs: config.DATABASE_WAIT_MS, onRetry: onDatabaseWait });
    workers = await startBackgroundWorkers(deps, badges, config, env, logger);
  } catch (error) {
    await rateLimits.close();
    await platformFetcher.close();
    await ltiFetcher.close();
    await assetFetcher?.close();
    await fetcher?.close();
    await lmsSignInFetcher?.close();
    await cryptoPool?.close();
    await store.close();
    throw error;
  }
  const server = await new Promise<ServerType>((resolve) => {
    const running = serve({ fetch: app.fetch, port: config.ISSUER_PORT, ...(config.ISSUER_HOST ? { hostname: config.ISSUER_HOST } : {}) }, () => resolve(running));
  });
  const { port, address } = server.address() as AddressInfo;
  const metricsServer = metrics && config.METRICS_PORT !== undefined ? await serveMetrics(metrics, config.METRICS_PORT, config.ISSUER_HOST) : undefined;
  logger.info({ port, address, cryptoWorkers: config.CRYPTO_WORKERS, ...(metricsServer ? { metricsPort: metricsServer.port } : {}) }, 'issuer listening');
  const publicUrlCheck = config.ISSUER_PUBLIC_URL_CHECK
    ? startPublicUrlCheck({ service: 'laurel-issuer', instanceId, publicUrl: config.ISSUER_PUBLIC_URL, setting: 'ISSUER_PUBLIC_URL', logger, fetcher: createGuardedFetcher(PUBLIC_URL_CHECK_FETCH) })
    : undefined;
  return {
    url: listeningUrl(config.ISSUER_HOST, port),
    ...(metricsServer ? { metricsUrl: `${listeningUrl(config.ISSUER_HOST, metricsServer.port)}/metrics` } : {}),
    publicUrlCheck,
    server,
    store,
    config,
    bootstrap: report,
    workers,
    close: async () => {
      await publicUrlCheck;
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await metricsServer?.close();
      await workers?.stop();
      await rateLimits.close();
      await platformFetcher.close();
      await ltiFetcher.close();
      await assetFetcher?.close();
      await fetcher?.close();
      await lmsSignInFetcher?.close();
      await cryptoPool?.close();
      await store.close();
    },
  };
}
