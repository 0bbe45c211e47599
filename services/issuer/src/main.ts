import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { createGuardedFetcher } from '@laurel/guarded-fetch';
import { createLogger } from '@laurel/http-kit';
import { openIssuanceDeps } from '@laurel/issuance';
import type { Store } from '@laurel/store';
import { createIssuerApp } from './app.js';
import { loadIssuerConfig, type IssuerConfig } from './config.js';
import { bootstrap, type BootstrapReport } from './bootstrap.js';

export interface RunningIssuer {
  url: string;
  server: ServerType;
  store: Store;
  config: IssuerConfig;
  bootstrap: BootstrapReport;
  close(): Promise<void>;
}

/** Starts the issuer service: configuration from `env`, migrations, bootstrap, then listen. */
export async function startIssuer(env: Record<string, string | undefined> = process.env): Promise<RunningIssuer> {
  const config = loadIssuerConfig(env);
  const logger = createLogger({ name: 'laurel-issuer', level: config.LOG_LEVEL });
  const { deps, keySource: source } = await openIssuanceDeps(config);
  const store = deps.store;
  logger.info({ source }, 'key-encryption key loaded');
  const fetcher = config.LMS_JWKS_URL ? createGuardedFetcher({ cache: { maxEntries: 4 } }) : undefined;
  const app = createIssuerApp({
    ...deps,
    logger,
    maxBodyBytes: config.ISSUER_MAX_BODY_BYTES,
    jwt: {
      ...(config.LMS_JWT_SECRET ? { secret: config.LMS_JWT_SECRET } : {}),
      ...(fetcher && config.LMS_JWKS_URL ? { loadJwks: async () => (await fetcher.fetchJson(config.LMS_JWKS_URL!)).json } : {}),
      ...(config.LMS_JWT_ISSUER ? { issuer: config.LMS_JWT_ISSUER } : {}),
      ...(config.LMS_JWT_AUDIENCE ? { audience: config.LMS_JWT_AUDIENCE } : {}),
    },
  });
  const report = await bootstrap(deps, config);
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
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await fetcher?.close();
      await store.close();
    },
  };
}
