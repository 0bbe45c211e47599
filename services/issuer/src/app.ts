import { OpenAPIHono } from '@hono/zod-openapi';
import { INSTANCE_HEADER, accessLog, limitBody, traceRequests, metricsRoute, notFoundHandler, problemErrorHandler, securityHeaders, validationProblemHook, type Logger, type RateLimits, type ServiceMetrics } from '@laurel/http-kit';
import { didConfiguration, issuerDidDocument, type IssuanceDeps } from '@laurel/issuance';
import { LaurelError } from '@laurel/models';
import { authenticate, type AuthVariables, type JwtVerification } from './auth.js';
import { registerIssuerRoutes } from './routes/issuers.js';
import { registerCompletionRoutes } from './routes/completions.js';
import { registerCredentialRoutes } from './routes/credentials.js';
import { registerCredentialEmailRoutes } from './routes/credential-emails.js';
import { registerLmsSignInRoutes, type LmsSignIn } from './routes/lms-sign-in.js';
import { registerCertificatePages } from './routes/certificate-pages.js';
import type { PdfFontsDeps } from '@laurel/render';
import { registerTokenRoutes } from './routes/admin-tokens.js';
import { registerAdminAchievementRoutes } from './routes/admin-achievements.js';
import { registerCatalogRoutes } from './routes/catalog.js';
import { registerAdminLearnerRoutes } from './routes/admin-learners.js';
import { registerAwardRoutes } from './routes/admin-awards.js';
import { registerCertificatePreview } from './routes/certificate-preview.js';
import { registerAchievementPages } from './routes/achievement-pages.js';
import { registerRecordRoutes } from './routes/records.js';
import { registerSignInLinkRoutes } from './routes/sign-in-links.js';
import { learnerSessions } from './learner-session.js';
import { registerPublicPaths } from './routes/public.js';
import { browserErrorPages, LMS_SIGN_IN_PATH } from './routes/browser-errors.js';
import { registerVcApiRoutes } from './routes/vc-api.js';
import { registerLtiRoutes, type LtiSettings } from './routes/lti.js';
import { registerLtiPlatformRoutes } from './routes/lti-platforms.js';
import { registerWalletRoutes } from './routes/wallet.js';
import { registerWalletClaimRedirect } from './routes/wallet-claim-redirect.js';
import { registerBadgePlatformRoutes, registerCredlyWebhook, type BadgeRouteDeps } from './routes/badge-platforms.js';
import type { EventBusConsumer } from '@laurel/event-bus';
import type { ConsoleLmsSignIn } from './console/lms-sign-in.js';
import { createConsole } from './console/console-app.js';
import { createAssetService, createDesignService, type AssetService, type DesignService } from '@laurel/asset-store';
import { ASSET_UPLOAD_PATH, registerAssetRoutes, registerPublicAssetRoute } from './routes/assets.js';
import { registerDesignRoutes } from './routes/designs.js';
import { documentConsole } from './console/console-openapi.js';

export interface IssuerAppDeps extends IssuanceDeps, BadgeRouteDeps, PdfFontsDeps {
  logger: Logger;
  /** Which background workers run in this process, for /ready. */
  workers?: () => { eventBus: boolean; badgeWorker: boolean; mailWorker?: boolean };
  /** The event-bus consumer of this process, when one runs: the console's dashboard counts its dead letters. */
  eventBusConsumer?: () => Pick<EventBusConsumer, 'deadLettered'> | undefined;
  /** Admin console sign-in through the LMS (CONSOLE_LMS_*), when configured. */
  consoleLmsSignIn?: ConsoleLmsSignIn;
  jwt: JwtVerification;
  maxBodyBytes: number;
  /** Uploaded images and fonts (ASSET_STORE); default: kept in the database with the default limits. */
  assets?: AssetService;
  /** Largest asset upload body (the larger of ASSET_MAX_IMAGE_BYTES and ASSET_MAX_FONT_BYTES); default 8 MiB. */
  maxAssetBytes?: number;
  /** This process's id, sent by /health (laurel-instance header) for the public URL check. */
  instanceId?: string;
  /** Per-client and per-token limits (main.ts builds them from RATE_LIMIT_*); none when absent. */
  rateLimits?: RateLimits;
  /** TRUST_PROXY: reverse proxies whose X-Forwarded-* headers are believed (default none). */
  trustProxy?: number;
  /** Counts requests; with `metricsRoute`, also served at GET /metrics (else on METRICS_PORT, by main.ts). */
  metrics?: ServiceMetrics;
  metricsRoute?: boolean;
  /** LEARNER_SIGN_IN_URL: the learning platform's sign-in page, for signed-out learners. */
  learnerSignInPage?: string;
  /** LMS_OAUTH_*: learners sign in through the LMS's OAuth 2.0 provider; then "Sign in" buttons start it. */
  lmsSignIn?: LmsSignIn;
  /** LTI 1.3 launches (/lti/*): how platform keys are fetched; without it only the platform registrations (/v1/lti/platforms) are served. */
  lti?: LtiSettings;
}

/**
 * The issuer service: public documents (credentials, did.json) and the
 * authenticated API. Every route reads straight down: validate → authorize →
 * one domain function → answer.
 */
export function createIssuerApp(deps: IssuerAppDeps): OpenAPIHono {
  const app = new OpenAPIHono({ defaultHook: validationProblemHook });
  app.onError(problemErrorHandler(deps.logger));
  app.notFound(notFoundHandler);
  const metrics = deps.metrics;
  app.use('*', traceRequests());
  app.use('*', accessLog(deps.logger, { trustedProxies: deps.trustProxy ?? 0, ...(metrics ? { onResponse: (answered) => metrics.observeRequest(answered) } : {}) }));
  app.use('*', securityHeaders({ publicUrl: deps.urls.issuerBaseUrl, trustedProxies: deps.trustProxy ?? 0 }));
  if (deps.rateLimits) app.use('*', deps.rateLimits.middleware);
  const bodyLimit = limitBody(deps.maxBodyBytes);
  // An asset upload is the file itself: its own (larger) limit, the kind's limit is checked after.
  const assetBodyLimit = limitBody(Math.max(deps.maxBodyBytes, deps.maxAssetBytes ?? 8 * 1024 * 1024));
  app.use('*', (c, next) => (c.req.method === 'POST' && ASSET_UPLOAD_PATH.test(c.req.path) ? assetBodyLimit(c, next) : bodyLimit(c, next)));
  const assets = deps.assets ?? createAssetService({ store: deps.store, storage: 'database' });
  const designs: DesignService = createDesignService({ store: deps.store, assets });
  const signInPage = deps.lmsSignIn ? LMS_SIGN_IN_PATH : deps.learnerSignInPage;
  app.use('*', browserErrorPages({ issuerBaseUrl: deps.urls.issuerBaseUrl, ...(signInPage ? { signInPage } : {}) }));

  // Public: anyone may fetch a credential or an issuer's DID document.
  registerCertificatePages(app, deps, designs);
  registerPublicAssetRoute(app, assets);
  registerAchievementPages(app, deps);
  // Learner records: their own sign-in (LMS token or magic link), not the API's.
  const sessions = learnerSessions(deps, deps.jwt);
  if (deps.lmsSignIn) registerLmsSignInRoutes(app, deps, sessions, deps.lmsSignIn);
  registerRecordRoutes(app, deps, sessions);
  registerWalletClaimRedirect(app, deps, sessions, signInPage);
  // LTI 1.3 launches: the platform's login and id_token post, checked by the launch itself (no bearer token).
  if (deps.lti) registerLtiRoutes(app, deps, deps.lti);
  app.get('/issuers/:slug/did.json', async (c) => c.json(await issuerDidDocument(deps, c.req.param('slug')), 200, { 'access-control-allow-origin': '*' }));
  // DIF Well Known DID Configuration: proves each did:web issuer here controls this domain.
  app.get('/.well-known/did-configuration.json', async (c) => c.json(await didConfiguration(deps), 200, { 'access-control-allow-origin': '*' }));
  app.get('/health', (c) => {
    if (deps.instanceId) c.header(INSTANCE_HEADER, deps.instanceId);
    return c.json({ status: 'ok', service: 'laurel-issuer' });
  });
  app.get('/ready', async (c) => {
    // The cause is named by its code (DATABASE_UNAVAILABLE when unreachable), never the driver's message: it may name hosts.
    const databaseError = await deps.store.ping().then(
      () => undefined,
      (error: unknown) => (error instanceof LaurelError ? error.code : 'INTERNAL'),
    );
    const database = databaseError === undefined ? 'ok' : 'unavailable';
    const workers = deps.workers?.() ?? { eventBus: false, badgeWorker: false };
    // Lists whose published copy is behind a committed change: normally none, or one being published now.
    const owed = database === 'ok' ? await deps.store.statusLists.owedPublications(1_000).catch(() => undefined) : undefined;
    const body = {
      status: database === 'ok' ? 'ready' : 'unavailable',
      database,
      ...(databaseError ? { databaseError } : {}),
      eventBus: workers.eventBus ? 'consuming' : 'off',
      badgeWorker: workers.badgeWorker ? 'on' : 'off',
      // Named only when on (SMTP_URL set): learner e-mail is opt-in.
      ...(workers.mailWorker ? { mailWorker: 'on' } : {}),
      ...(owed ? { statusLists: { owingPublication: owed.length, oldestChangeSince: owed[0]?.dirtySince ?? null } } : {}),
    };
    return c.json(body, database === 'ok' ? 200 : 503, databaseError ? { 'retry-after': '5' } : {});
  });
  registerPublicPaths(app);
  if (metrics && deps.metricsRoute) metricsRoute(app, metrics);
  // Wallets (public) and offers/exchanges (authenticated inside, per route).
  registerWalletRoutes(app, deps);
  registerCredlyWebhook(app, deps);
  // The admin console: its own sign-in (a session cookie), so registered before the API's bearer authentication.
  app.route('/', createConsole(deps));
  documentConsole(app, deps.consoleLmsSignIn !== undefined);
  // Public too: registered before the API, whose authentication covers every path after it.
  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer', description: 'An API token (lrl_…) or a JWT from the LMS' });
  app.doc31('/openapi.json', {
    openapi: '3.1.0',
    info: { title: 'Laurel issuer', version: '0.1.0', description: 'Completion records in, signed Open Badges 3.0 credentials out.' },
    servers: [{ url: deps.urls.issuerBaseUrl }],
  });

  const api = new OpenAPIHono<{ Variables: AuthVariables }>({ defaultHook: validationProblemHook });
  api.use('*', authenticate(deps, deps.jwt, deps.rateLimits));
  // No audit middleware: each domain write records who did what in its own
  // transaction (`principalOf(c).actor`), so a committed change always has its row.
  registerIssuerRoutes(api, deps);
  registerCompletionRoutes(api, deps);
  registerCredentialRoutes(api, deps);
  registerCredentialEmailRoutes(api, deps);
  registerVcApiRoutes(api, deps);
  registerSignInLinkRoutes(api, deps);
  registerBadgePlatformRoutes(api, deps);
  registerTokenRoutes(api, deps);
  registerAdminAchievementRoutes(api, deps);
  registerCatalogRoutes(api, deps);
  registerAdminLearnerRoutes(api, deps);
  registerAwardRoutes(api, deps);
  registerCertificatePreview(api, deps);
  registerLtiPlatformRoutes(api, deps);
  registerAssetRoutes(api, assets);
  registerDesignRoutes(api, deps, designs);
  api.onError(problemErrorHandler(deps.logger));
  app.route('/', api);

  return app;
}
