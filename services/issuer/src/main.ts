import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { createGuardedFetcher, fetcherOptionsFromEnv } from '@laurel/guarded-fetch';
import { createLogger } from '@laurel/http-kit';
import { openIssuanceDeps } from '@laurel/issuance';
import { MIN_STATUS_LIST_LENGTH } from '@laurel/status-list';
import type { Store } from '@laurel/store';
import { createIssuerApp } from './app.js';
import { loadIssuerConfig, type IssuerConfig } from './config.js';
import { bootstrap, type BootstrapReport } from './bootstrap.js';
import { startBackgroundWorkers, type BackgroundWorkers } from './workers.js';

export interface RunningIssuer {
  url: string;
  server: ServerType;
  store: Store;
  config: IssuerConfig;
  bootstrap: BootstrapReport;
  workers: BackgroundWorkers;
  close(): Promise<void>;
}

export interface StartIssuerOptions {
  /** Where log lines go instead of stdout (embedding, tests). */
  logDestination?: { write(line: string): void };
}

/** Starts the issuer service: configuration from `env`, migrations, bootstrap, then listen. */
export async function startIssuer(env: Record<string, string | undefined> = process.env, options: StartIssuerOptions = {}): Promise<RunningIssuer> {
  const config = loadIssuerConfig(env);
  const logger = createLogger({ name: 'laurel-issuer', level: config.LOG_LEVEL, ...(options.logDestination ? { destination: options.logDestination } : {}) });
  const { deps, keySource: source } = await openIssuanceDeps(config);
  const store = deps.store;
  logger.info({ source }, 'key-encryption key loaded');
  if (config.STATUS_LIST_LENGTH < MIN_STATUS_LIST_LENGTH) {
    logger.warn({ length: config.STATUS_LIST_LENGTH, minimum: MIN_STATUS_LIST_LENGTH }, 'STATUS_LIST_LENGTH is below the spec minimum: lists are still published with the minimum number of entries, but fewer credentials share each one (less herd privacy; for tests)');
  }
  // The LMS is often on an internal network: FETCH_ALLOW_PRIVATE (and the other FETCH_* settings) apply.
  const fetcher = config.LMS_JWKS_URL ? createGuardedFetcher({ ...fetcherOptionsFromEnv(config), cache: { maxEntries: 4 } }) : undefined;
  // The one way out to Credly and Accredible.
  const platformFetcher = createGuardedFetcher(fetcherOptionsFromEnv(config));
  const badgeLogger = logger.child({ component: 'badges' });
  const badges = { store, keyEncryptionKey: deps.keyEncryptionKey, fetcher: platformFetcher, now: deps.now, logger: badgeLogger };
  let workers: BackgroundWorkers | undefined;
  const app = createIssuerApp({
    ...deps,
    badges,
    nudgeBadges: () => workers?.nudgeBadges(),
    workers: () => ({ eventBus: workers?.eventBus !== undefined, badgeWorker: workers?.badgeWorker ?? false }),
    allowHttpPlatforms: config.FETCH_ALLOW_HTTP,
    logger,
    maxBodyBytes: config.ISSUER_MAX_BODY_BYTES,
    ...(config.LEARNER_SIGN_IN_URL ? { learnerSignInPage: config.LEARNER_SIGN_IN_URL } : {}),
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
    report = await bootstrap(deps, config);
    workers = await startBackgroundWorkers(deps, badges, config, env, logger);
  } catch (error) {
    await platformFetcher.close();
    await fetcher?.close();
    await store.close();
    throw error;
  }
  const server = await new Promise<ServerType>((resolve) => {
    const running = serve({ fetch: app.fetch, port: config.ISSUER_PORT }, () => resolve(running));
  });
  const port = (server.address() as AddressInfo).port;
  logger.info({ port }, 'issuer listening');
  return {
    url: `http://localhost:${port}`,
    server,
    store,
    config,
    bootstrap: report,
    workers,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await workers?.stop();
      await platformFetcher.close();
      await fetcher?.close();
      await store.close();
    },
  };
}
