import type { Context } from 'hono';
import { z, type OpenAPIHono } from '@hono/zod-openapi';
import { deleteCookie, getSignedCookie, setSignedCookie } from 'hono/cookie';
import { pagePolicy, problemFromError, problemResponse } from '@laurel/http-kit';
import type { IssuanceDeps } from '@laurel/issuance';
import {
  decodeLoginState,
  encodeLoginState,
  launchView,
  LOGIN_STATE_SECONDS,
  loginStateKey,
  startLogin,
  stateCookieName,
  toolJwks,
  verifyLaunch,
  recordAgsScores,
  type AgsRequest,
  type PlatformKeys,
} from '@laurel/lti';
import { LaurelError } from '@laurel/models';
import { acceptLanguages, pickLocale, renderErrorPage, renderLtiLaunchPage } from '@laurel/render';
import type { LtiPlatform } from '@laurel/store';
import { recordData } from './records.js';
import { PAGE_HEADERS, prefersHtml } from './negotiate.js';

export interface LtiSettings {
  /** The platforms' JWKS, fetched through the guarded fetcher and cached. */
  platformKeys: PlatformKeys;
  /** LTI_INSECURE_STATE_COOKIE: the state cookie without Secure and SameSite=Lax (plain-http tests only). */
  insecureStateCookie?: boolean;
  /** LTI Assignment and Grade Services calls (the guarded fetcher's requestJson); without it scores are not read. */
  request?: AgsRequest;
  /** Where a failed score reading is reported (the launch page is shown anyway). */
  warn?: (details: Record<string, unknown>, message: string) => void;
}

/** What these routes answer with a page rather than let through to the problem handler. */
const PAGE_CODES = new Set(['LTI_LAUNCH_REFUSED', 'LTI_PLATFORM_KEYS_UNAVAILABLE', 'INVALID_INPUT']);

/**
 * Who may frame the launch page: the platform shows it in its course page,
 * whose origin the registration does not name (Canvas signs as
 * canvas.instructure.com and is framed from each school's host), so any
 * https origin, and the platform's own login origin (also when plain http in
 * tests). The page only reads, and only after a verified launch.
 */
function framedPolicy(platform: LtiPlatform | undefined): string {
  const origins = new Set(['https:']);
  if (platform) origins.add(new URL(platform.authLoginUrl).origin);
  return pagePolicy([], { frameAncestors: [...origins] });
}

async function formOf(c: Context): Promise<Record<string, string>> {
  const type = c.req.header('content-type') ?? '';
  if (!type.startsWith('application/x-www-form-urlencoded') && !type.startsWith('multipart/form-data')) {
    throw new LaurelError('UNSUPPORTED_MEDIA_TYPE', 'The platform posts a form (application/x-www-form-urlencoded).');
  }
  const body = await c.req.parseBody();
  return Object.fromEntries(Object.entries(body).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
}

/**
 * Laurel as an LTI 1.3 tool. /lti/login: the platform's third-party-initiated
 * login, answered with the OIDC authentication request (state in a signed,
 * HttpOnly cookie named after it; the nonce with it). /lti/launch: the
 * platform's form post of the id_token, verified, answered with the learner's
 * progress toward the course's credentials. /lti/jwks.json: the tool's keys.
 * A refusal is a page saying why (for a person) or a problem (for a script).
 */
export function registerLtiRoutes(app: OpenAPIHono, deps: IssuanceDeps, settings: LtiSettings): void {
  const cookieKey = loginStateKey(deps.keyEncryptionKey);
  const launchUrl = new URL('/lti/launch', deps.urls.issuerBaseUrl).href;
  const insecure = settings.insecureStateCookie === true;
  // The launch arrives as a cross-site form post from the platform: only SameSite=None cookies come with it.
  const cookieOptions = { httpOnly: true, path: '/lti', secure: !insecure, sameSite: insecure ? 'Lax' : 'None' } as const;

  function refused(c: Context, error: unknown, platform?: LtiPlatform): Response {
    if (!(error instanceof LaurelError) || !PAGE_CODES.has(error.code)) throw error;
    const problem = problemFromError(error);
    const reason = typeof error.details.reason === 'string' ? error.details.reason : undefined;
    if (!prefersHtml(c.req.header('accept'))) return problemResponse(c, { ...problem, ...(reason ? { reason } : {}) });
    const locale = pickLocale(c.req.query('lang'), ...acceptLanguages(c.req.header('accept-language')));
    const page = renderErrorPage({ status: problem.status, title: 'The course tool could not open', next: problem.detail ?? '' }, locale);
    return c.body(page, problem.status as 401, {
      ...PAGE_HEADERS,
      'cache-control': 'no-store',
      'content-security-policy': framedPolicy(platform),
      ...(problem.status === 503 ? { 'retry-after': '10' } : {}),
    });
  }

  async function login(c: Context, params: Record<string, string>): Promise<Response> {
    try {
      const started = await startLogin({ store: deps.store, now: deps.now, launchUrl }, params);
      await setSignedCookie(c, stateCookieName(started.state)!, encodeLoginState(started.loginState), cookieKey, { ...cookieOptions, maxAge: LOGIN_STATE_SECONDS });
      return c.redirect(started.redirectTo, 302);
    } catch (error) {
      return refused(c, error);
    }
  }

  app.get('/lti/login', (c) => login(c, c.req.query()));
  app.post('/lti/login', async (c) => login(c, await formOf(c)));

  app.post('/lti/launch', async (c) => {
    let platform: LtiPlatform | undefined;
    try {
      const form = await formOf(c);
      const cookieName = stateCookieName(form.state);
      const loginState = cookieName ? decodeLoginState(await getSignedCookie(c, cookieKey, cookieName), deps.now().getTime()) : undefined;
      // Single use: whatever the verdict, this login's cookie is spent.
      if (cookieName) deleteCookie(c, cookieName, cookieOptions);
      const launch = await verifyLaunch({ store: deps.store, now: deps.now, platformKeys: settings.platformKeys }, { idToken: form.id_token, error: form.error, errorDescription: form.error_description, loginState });
      platform = launch.platform;
      // Scores the platform offers (AGS) become a completion record first, so the page shows them; a platform
      // that does not answer costs the learner nothing but fresh scores.
      if (settings.request) {
        const request = settings.request;
        await recordAgsScores({ ...deps, request }, launch.platform, launch.claims).catch((error: unknown) =>
          settings.warn?.({ platformId: launch.platform.id, error: error instanceof Error ? error.message : String(error) }, 'LTI scores could not be read'),
        );
      }
      const view = await launchView(deps, launch.platform, launch.claims);
      const locale = pickLocale(c.req.query('lang'), ...acceptLanguages(c.req.header('accept-language')));
      const page = renderLtiLaunchPage({
        locale,
        issuerName: view.issuerName,
        course: view.course,
        record: view.record ? recordData(view.record, locale) : null,
        missing: view.missing,
        learnerClaim: view.learnerClaim,
      });
      return c.body(page, 200, { ...PAGE_HEADERS, 'cache-control': 'no-store', 'content-security-policy': framedPolicy(launch.platform) });
    } catch (error) {
      return refused(c, error, platform);
    }
  });

  // Public: platforms fetch it to check what the tool signs.
  app.get('/lti/jwks.json', async (c) => c.json(await toolJwks(deps), 200, { 'cache-control': 'public, max-age=300', 'access-control-allow-origin': '*' }));

  documentLtiRoutes(app);
}

/**
 * The launch routes answer forms and pages (a platform's browser redirects and
 * form posts), so they are plain Hono routes; this puts them in /openapi.json
 * beside the rest, as the console does for its pages.
 */
function documentLtiRoutes(app: OpenAPIHono): void {
  const tags = ['LTI 1.3'];
  const page = (description: string) => ({ description, content: { 'text/html': { schema: z.string() } } });
  const refusedPage = page('A page saying why the launch was refused (a problem body when the caller asks for JSON)');
  const loginFields = z.object({
    iss: z.string().openapi({ description: "The platform's issuer identifier" }),
    login_hint: z.string(),
    target_link_uri: z.string().openapi({ description: 'Must point back to /lti/ on this host' }),
    lti_message_hint: z.string().optional(),
    lti_deployment_id: z.string().optional(),
    client_id: z.string().optional(),
  });
  const loginResponses = { 302: { description: "To the platform's OIDC authorization endpoint, with state (in a signed cookie) and nonce" }, 400: refusedPage, 401: refusedPage };
  const summary = 'LTI 1.3 third-party-initiated login';
  app.openAPIRegistry.registerPath({ method: 'get', path: '/lti/login', tags, security: [], summary, request: { query: loginFields }, responses: loginResponses });
  app.openAPIRegistry.registerPath({
    method: 'post', path: '/lti/login', tags, security: [], summary,
    request: { body: { required: true, content: { 'application/x-www-form-urlencoded': { schema: loginFields } } } },
    responses: { ...loginResponses, 415: refusedPage },
  });
  app.openAPIRegistry.registerPath({
    method: 'post', path: '/lti/launch', tags, security: [], summary: "The platform's form post of the id_token: verified, answered with the learner's progress page",
    request: { body: { required: true, content: { 'application/x-www-form-urlencoded': { schema: z.object({ id_token: z.string().optional(), state: z.string(), error: z.string().optional(), error_description: z.string().optional() }) } } } },
    responses: { 200: page("The learner's progress toward the course's credentials, and the credentials they hold"), 400: refusedPage, 401: refusedPage, 415: refusedPage, 503: refusedPage },
  });
  app.openAPIRegistry.registerPath({
    method: 'get', path: '/lti/jwks.json', tags, security: [], summary: "The tool's public keys (platforms check the tool's signed token requests with them)",
    responses: { 200: { description: 'A JSON Web Key Set', content: { 'application/json': { schema: z.object({ keys: z.array(z.record(z.string(), z.unknown())) }) } } } },
  });
}
