import { randomBytes } from 'node:crypto';
import { createGuardedFetcher } from '@laurel/guarded-fetch';
import { createLogger, type RateLimits } from '@laurel/http-kit';
import { revocationList, type IssuanceDeps } from '@laurel/issuance';
import { createIssuerApp, type IssuerAppDeps } from '@laurel/issuer-service';
import { openStore, type Store } from '@laurel/store';
import { createStatusChecker } from '@laurel/status-list';
import type { StatusChecker } from '@laurel/suites';

export const TEST_URLS = { issuerBaseUrl: 'https://issuer.test', statusBaseUrl: 'https://status.test' };

export interface TestIssuer {
  store: Store;
  deps: IssuanceDeps;
  app: ReturnType<typeof createIssuerApp>;
  adminToken: string;
  /** JSON request helper over app.request(). */
  call(method: string, path: string, body?: unknown, token?: string): Promise<{ status: number; body: any }>;
  /** Status checks against the lists in the store (the verifier reads them the same way). */
  checkStatus: StatusChecker;
  close(): Promise<void>;
}

/**
 * `jwtDefaultIssuer`: LMS_JWT_ISSUER_ID, the issuer JWTs without issuer_id act for.
 * `keyEncryptionKey`: share another test issuer's, to serve the same database.
 * `statusListLength`: STATUS_LIST_LENGTH, the length of new status lists.
 * `rateLimits`: what main.ts builds from RATE_LIMIT_* (none by default).
 * `emailLearners`: what SMTP_URL turns on: changes owe the learner a mail (email_deliveries).
 * `lmsSignIn`: what LMS_OAUTH_* turn on: learner sign-in through the LMS's OAuth provider.
 * `assets`: the uploaded-asset service (main.ts: ASSET_STORE); default in the database.
 * `sign`: how credentials are signed (main.ts: the crypto worker pool when CRYPTO_WORKERS > 0).
 * `lti`: LTI 1.3 launches (/lti/*), with how platform keys are fetched; `allowHttpPlatforms`: FETCH_ALLOW_HTTP (http platform URLs).
 */
export async function createTestIssuer(
  databaseUrl: string,
  logLines?: string[],
  options: { jwtDefaultIssuer?: string; keyEncryptionKey?: Uint8Array; statusListLength?: number; rateLimits?: RateLimits; learnerSignInPage?: string; sign?: IssuanceDeps['sign']; emailLearners?: boolean; lmsSignIn?: IssuerAppDeps['lmsSignIn']; eventBusConsumer?: IssuerAppDeps['eventBusConsumer']; consoleLmsSignIn?: IssuerAppDeps['consoleLmsSignIn']; issuerBaseUrl?: string; lti?: IssuerAppDeps['lti']; allowHttpPlatforms?: boolean; pdfFontsModule?: string; assets?: (store: Store) => NonNullable<IssuerAppDeps['assets']> } = {},
): Promise<TestIssuer> {
  const store = await openStore({ databaseUrl });
  const deps: IssuanceDeps = {
    store,
    keyEncryptionKey: options.keyEncryptionKey ?? randomBytes(32),
    urls: options.issuerBaseUrl ? { ...TEST_URLS, issuerBaseUrl: options.issuerBaseUrl } : TEST_URLS,
    now: () => new Date(),
    ...(options.statusListLength !== undefined ? { statusListLength: options.statusListLength } : {}),
    ...(options.emailLearners ? { emailLearners: true } : {}),
    ...(options.sign ? { sign: options.sign } : {}),
  };
  const destination = { write: (line: string) => void logLines?.push(line) };
  const logger = createLogger({ name: 'test-issuer', level: 'info', destination });
  // Badge platforms reachable only as in production: https, public addresses.
  const fetcher = createGuardedFetcher();
  const badges = { store, keyEncryptionKey: deps.keyEncryptionKey, fetcher, now: deps.now };
  const app = createIssuerApp({
    ...deps,
    badges,
    logger,
    maxBodyBytes: 256 * 1024,
    ...(options.rateLimits ? { rateLimits: options.rateLimits } : {}),
    ...(options.learnerSignInPage ? { learnerSignInPage: options.learnerSignInPage } : {}),
    ...(options.eventBusConsumer ? { eventBusConsumer: options.eventBusConsumer } : {}),
    ...(options.lmsSignIn ? { lmsSignIn: options.lmsSignIn } : {}),
    ...(options.pdfFontsModule ? { pdfFontsModule: options.pdfFontsModule } : {}),
    ...(options.consoleLmsSignIn ? { consoleLmsSignIn: options.consoleLmsSignIn } : {}),
    ...(options.lti ? { lti: options.lti } : {}),
    ...(options.allowHttpPlatforms ? { allowHttpPlatforms: true } : {}),
    ...(options.assets ? { assets: options.assets(store) } : {}),
    jwt: { secret: 'test-lms-shared-secret-of-enough-length', ...(options.jwtDefaultIssuer ? { defaultIssuer: options.jwtDefaultIssuer } : {}) },
  });
  const { token: adminToken } = await store.tokens.create({ issuerId: null, name: 'test admin', scopes: ['admin'] });
  const call = async (method: string, path: string, body?: unknown, token: string = adminToken) => {
    const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await app.request(path, { method, headers, ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}) });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // not JSON: keep the text
    }
    return { status: response.status, body: parsed as any };
  };
  const checkStatus = createStatusChecker({ loadStatusList: (url) => loadHostedList(store, url) });
  const close = async () => {
    await options.rateLimits?.close();
    await fetcher.close();
    await store.close();
  };
  return { store, deps, app, adminToken, call, checkStatus, close };
}

/**
 * What the verifier would serve at a status URL, read from the store: a signed
 * status list (`/status-lists/{id}`) or an issuer's 1EdTech revocation list
 * (`/revocation-lists/{issuerId}`, VC 1.1 credentials).
 */
export async function loadHostedList(store: Store, url: string): Promise<unknown> {
  const revocationPrefix = `${TEST_URLS.statusBaseUrl}/revocation-lists/`;
  if (url.startsWith(revocationPrefix)) {
    const served = await revocationList(store, TEST_URLS, url.slice(revocationPrefix.length));
    if (!served) throw new Error(`no revocation list at ${url}`);
    return served.document;
  }
  const signed = await store.statusLists.signedCopy(url.slice(`${TEST_URLS.statusBaseUrl}/status-lists/`.length));
  if (!signed?.document) throw new Error(`no signed copy of ${url}`);
  return signed.document;
}
