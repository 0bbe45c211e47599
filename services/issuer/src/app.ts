import { OpenAPIHono } from '@hono/zod-openapi';
import { limitBody, notFoundHandler, problemErrorHandler, validationProblemHook, type Logger } from '@laurel/http-kit';
import { didConfiguration, issuerDidDocument, type IssuanceDeps } from '@laurel/issuance';
import { authenticate, principalOf, type AuthVariables, type JwtVerification } from './auth.js';
import { registerIssuerRoutes } from './routes/issuers.js';
import { registerCompletionRoutes } from './routes/completions.js';
import { registerCredentialRoutes } from './routes/credentials.js';
import { registerCertificatePages } from './routes/certificate-pages.js';
import { registerRecordRoutes } from './routes/records.js';
import { registerSignInLinkRoutes } from './routes/sign-in-links.js';
import { learnerSessions } from './learner-session.js';
import { registerPublicPaths } from './routes/public.js';
import { registerVcApiRoutes } from './routes/vc-api.js';
import { registerWalletRoutes } from './routes/wallet.js';
import { registerWalletClaimRedirect } from './routes/wallet-claim-redirect.js';
import { registerBadgePlatformRoutes, registerCredlyWebhook, type BadgeRouteDeps } from './routes/badge-platforms.js';

export interface IssuerAppDeps extends IssuanceDeps, BadgeRouteDeps {
  logger: Logger;
  /** Which background workers run in this process, for /ready. */
  workers?: () => { eventBus: boolean; badgeWorker: boolean };
  jwt: JwtVerification;
  maxBodyBytes: number;
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
  app.use('*', limitBody(deps.maxBodyBytes));

  // Public: anyone may fetch a credential or an issuer's DID document.
  registerCertificatePages(app, deps);
  // Learner records: their own sign-in (LMS token or magic link), not the API's.
  const sessions = learnerSessions(deps, deps.jwt);
  registerRecordRoutes(app, deps, sessions);
  registerWalletClaimRedirect(app, deps, sessions);
  app.get('/issuers/:slug/did.json', async (c) => c.json(await issuerDidDocument(deps, c.req.param('slug')), 200, { 'access-control-allow-origin': '*' }));
  // DIF Well Known DID Configuration: proves each did:web issuer here controls this domain.
  app.get('/.well-known/did-configuration.json', async (c) => c.json(await didConfiguration(deps), 200, { 'access-control-allow-origin': '*' }));
  app.get('/health', (c) => c.json({ status: 'ok' }));
  app.get('/ready', async (c) => {
    const database = await deps.store.ping().then(
      () => 'ok' as const,
      () => 'unavailable' as const,
    );
    const workers = deps.workers?.() ?? { eventBus: false, badgeWorker: false };
    // Lists whose published copy is behind a committed change: normally none, or one being published now.
    const owed = database === 'ok' ? await deps.store.statusLists.owedPublications(1_000).catch(() => undefined) : undefined;
    const body = {
      status: database === 'ok' ? 'ready' : 'unavailable',
      database,
      eventBus: workers.eventBus ? 'consuming' : 'off',
      badgeWorker: workers.badgeWorker ? 'on' : 'off',
      ...(owed ? { statusLists: { owingPublication: owed.length, oldestChangeSince: owed[0]?.dirtySince ?? null } } : {}),
    };
    return c.json(body, database === 'ok' ? 200 : 503);
  });
  registerPublicPaths(app);
  // Wallets (public) and offers/exchanges (authenticated inside, per route).
  registerWalletRoutes(app, deps);
  registerCredlyWebhook(app, deps);
  // Public too: registered before the API, whose authentication covers every path after it.
  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer', description: 'An API token (lrl_…) or a JWT from the LMS' });
  app.doc31('/openapi.json', {
    openapi: '3.1.0',
    info: { title: 'Laurel issuer', version: '0.1.0', description: 'Completion records in, signed Open Badges 3.0 credentials out.' },
    servers: [{ url: deps.urls.issuerBaseUrl }],
  });

  const api = new OpenAPIHono<{ Variables: AuthVariables }>({ defaultHook: validationProblemHook });
  api.use('*', authenticate(deps.store, deps.jwt));
  // Every write is recorded: who, what, when. Reads are not.
  api.use('*', async (c, next) => {
    await next();
    if (c.req.method === 'GET' || c.res.status >= 400) return;
    const principal = principalOf(c);
    await deps.store.audit.record({
      actor: principal.actor,
      action: `${c.req.method} ${c.req.routePath}`,
      targetType: 'request',
      targetId: c.req.path,
      issuerId: principal.issuerId,
      details: { status: c.res.status },
    });
  });
  registerIssuerRoutes(api, deps);
  registerCompletionRoutes(api, deps);
  registerCredentialRoutes(api, deps);
  registerVcApiRoutes(api, deps);
  registerSignInLinkRoutes(api, deps);
  registerBadgePlatformRoutes(api, deps);
  api.onError(problemErrorHandler(deps.logger));
  app.route('/', api);

  return app;
}
