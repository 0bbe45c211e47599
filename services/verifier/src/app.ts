import { OpenAPIHono } from '@hono/zod-openapi';
import { cors } from 'hono/cors';
import { INSTANCE_HEADER, accessLog, limitBody, traceRequests, metricsRoute, notFoundHandler, problemErrorHandler, securityHeaders, validationProblemHook, type Logger, type RateLimits, type ServiceMetrics } from '@laurel/http-kit';
import type { VerifierConfig } from './config.js';
import { documentsFromJson, type PageFetchDocument } from './page-input.js';
import { copiedJson, createVerifier, type VerifierDeps } from './verifier.js';
import { registerVcApiRoutes } from './routes/vc-api.js';
import { registerVerifyPage } from './routes/verify-page.js';
import { registerRevocationListRoutes, registerStatusListRoutes, type HostedRevocationList, type HostedStatusList } from './routes/status-lists.js';
import { registerPublicPaths } from './routes/public-paths.js';
import { verifyRouteCors } from './fast-http.js';

export interface VerifierAppDeps extends VerifierDeps {
  config: Pick<VerifierConfig, 'VERIFIER_MAX_BODY_BYTES' | 'VERIFIER_PUBLIC_URL'> & Partial<Pick<VerifierConfig, 'TRUST_PROXY'>>;
  logger: Logger;
  /**
   * Fetches a credential URL given on the verify page (JSON, a badge, a PDF, a
   * page): the guarded fetcher's fetchBytes. Without it, JSON only, through fetchJson.
   */
  fetchDocument?: PageFetchDocument;
  /** Status lists this installation hosts, by list id (from the store). */
  hostedStatusList?: (id: string) => Promise<HostedStatusList | undefined>;
  /** Each issuer's 1EdTech revocation list, by issuer id (from the store). */
  hostedRevocationList?: (issuerId: string) => Promise<HostedRevocationList | undefined>;
  /** This process's id, sent by /health (laurel-instance header) for the public URL check. */
  instanceId?: string;
  /** Per-client limits (main.ts builds them from RATE_LIMIT_*); none when absent. */
  rateLimits?: RateLimits;
  /** Counts requests; with `metricsRoute`, also served at GET /metrics (else on METRICS_PORT, by main.ts). */
  metrics?: ServiceMetrics;
  metricsRoute?: boolean;
}

/** The verifier service as a Hono app; `main.ts` serves it, tests call `app.request()`. */
export function createVerifierApp(deps: VerifierAppDeps): OpenAPIHono {
  const app = new OpenAPIHono({ defaultHook: validationProblemHook });
  app.onError(problemErrorHandler(deps.logger));
  app.notFound(notFoundHandler);
  const { metrics } = deps;
  const trustedProxies = deps.config.TRUST_PROXY ?? 0;
  app.use('*', traceRequests());
  // The request id goes along explicitly (the verifier's outbound calls all pass through the
  // request's fetch budget): no async context, whose promise hooks cost Node 20 and 22 about a
  // tenth of a verification.
  app.use('*', accessLog(deps.logger, { trustedProxies, asyncContext: false, ...(metrics ? { onResponse: (answered) => metrics.observeRequest(answered) } : {}) }));
  app.use('*', securityHeaders({ publicUrl: deps.config.VERIFIER_PUBLIC_URL, trustedProxies }));
  if (deps.rateLimits) app.use('*', deps.rateLimits.middleware);
  // Anyone may verify: wallets and employer sites call this from browsers. Only the VC-API
  // routes (and status lists) answer other origins; the verify page is for this origin only.
  // Set before the body limit, so a 413 carries it too (see fast-http.ts).
  const vcApiCors = verifyRouteCors(cors({ origin: '*', allowMethods: ['POST'], allowHeaders: ['Content-Type'], maxAge: 86400 }));
  app.use('/credentials/*', vcApiCors);
  app.use('/presentations/*', vcApiCors);
  app.use('*', limitBody(deps.config.VERIFIER_MAX_BODY_BYTES));

  const verifier = createVerifier(deps);
  registerVcApiRoutes(app, verifier);
  registerVerifyPage(app, verifier, deps.fetchDocument ?? documentsFromJson(copiedJson(deps.fetchJson)));
  if (deps.hostedStatusList) registerStatusListRoutes(app, deps.hostedStatusList);
  if (deps.hostedRevocationList) registerRevocationListRoutes(app, deps.hostedRevocationList);

  app.get('/health', (c) => {
    if (deps.instanceId) c.header(INSTANCE_HEADER, deps.instanceId);
    return c.json({ status: 'ok', service: 'laurel-verifier' });
  });
  registerPublicPaths(app, { statusLists: Boolean(deps.hostedStatusList), revocationLists: Boolean(deps.hostedRevocationList) });
  if (metrics && deps.metricsRoute) metricsRoute(app, metrics);
  app.doc31('/openapi.json', {
    openapi: '3.1.0',
    info: { title: 'Laurel verifier', version: '0.1.0', description: 'Verify Open Badges 3.0 / W3C Verifiable Credentials, one result per check.' },
    servers: [{ url: deps.config.VERIFIER_PUBLIC_URL }],
  });
  return app;
}
