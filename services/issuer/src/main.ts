import type { AddressInfo } from 'node:net';
import { randomInt } from 'node:crypto';
import { serve, type ServerType } from '@hono/node-server';
import { createGuardedFetcher } from '@laurel/guarded-fetch';
import { createLogger } from '@laurel/http-kit';
import type { IssuanceDeps } from '@laurel/issuance';
import { openStore, type Store } from '@laurel/store';
import { createIssuerApp } from './app.js';
import { loadIssuerConfig, type IssuerConfig } from './config.js';
import { loadKeyEncryptionKey } from './key-encryption-key.js';
import { bootstrap, type BootstrapReport } from './bootstrap.js';

export interface RunningIssuer {
  url: string;
  server: ServerType;
  store: Store;
  config: IssuerConfig;
  bootstrap: BootstrapReport;
  close(): Promise<void>;
}

/** A uniform double in [0, 1) from the CSPRNG: status indexes must not be guessable. */
export function secureRandom(): number {
  return randomInt(0, 2 ** 47) / 2 ** 47;
}

/** Starts the issuer service: configuration from `env`, migrations, bootstrap, then listen. */
export async function startIssuer(env: Record<string, string | undefined> = process.env): Promise<RunningIssuer> {
  const config = loadIssuerConfig(env);
  const logger = createLogger({ name: 'laurel-issuer', level: config.LOG_LEVEL });
  const store = await openStore({ databaseUrl: config.DATABASE_URL });
  const { key: keyEncryptionKey, source } = await loadKeyEncryptionKey(config.LAUREL_KEY_ENCRYPTION_KEY, config.LAUREL_KEYS_DIR);
  logger.info({ source }, 'key-encryption key loaded');
  const deps: IssuanceDeps = {
    store,
    keyEncryptionKey,
    urls: { issuerBaseUrl: config.ISSUER_PUBLIC_URL, statusBaseUrl: config.STATUS_PUBLIC_URL },
    now: () => new Date(),
    random: secureRandom,
  };
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
