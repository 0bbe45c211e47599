import type { PdfFontsDeps } from '@laurel/render';
import { Hono, type Context } from 'hono';
import { csrf } from 'hono/csrf';
import { HTTPException } from 'hono/http-exception';
import { html } from 'hono/html';
import { z } from 'zod';
import { findIssuerByIdOrSlug, findLiveApiToken, type IssuanceDeps } from '@laurel/issuance';
import { issuesFromZod, problem, problemFromError, type Logger } from '@laurel/http-kit';
import type { EventBusConsumer } from '@laurel/event-bus';
import { LaurelError } from '@laurel/models';
import { principalOfToken, type AuthVariables } from '../auth.js';
import { page, problemPage } from './layout.js';
import { consoleSessions, type ConsoleSession } from './session.js';
import { registerCredentialScreens } from './credential-screens.js';
import { registerLearnerScreens } from './learner-screens.js';
import { registerAchievementScreens } from './achievement-screens.js';
import { registerImportScreens } from './import-screens.js';
import { registerTokenScreens } from './token-screens.js';
import { registerOverviewScreens } from './overview-screens.js';
import { registerIssuerScreens } from './issuer-screens.js';
import { LMS_SIGN_IN_PATH, registerLmsSignIn, type ConsoleLmsSignIn } from './lms-sign-in.js';

export type ConsoleVariables = AuthVariables & { session: ConsoleSession };
export type ConsoleApp = Hono<{ Variables: ConsoleVariables }>;
export type ConsoleDeps = IssuanceDeps & PdfFontsDeps & { logger: Logger; nudgeBadges?: () => void; eventBusConsumer?: () => Pick<EventBusConsumer, 'deadLettered'> | undefined; consoleLmsSignIn?: ConsoleLmsSignIn };

const PAGE = { 'cache-control': 'no-store', 'referrer-policy': 'same-origin' } as const;

/** `value` checked by `schema`; a mistake is a 400 naming the field, before anything is written. */
export function validated<T extends z.ZodType>(schema: T, value: unknown): z.infer<T> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const errors = issuesFromZod(parsed.error);
    throw new LaurelError('INVALID_INPUT', `The form is not valid: ${errors.map((issue) => `${issue.path}: ${issue.message}`).join('; ')}`, { issues: errors });
  }
  return parsed.data;
}

/** The form's fields checked by `schema`. */
export async function formOf<T extends z.ZodType>(c: Context, schema: T): Promise<z.infer<T>> {
  return validated(schema, await c.req.parseBody({ all: true }));
}

export function sessionOf(c: Context<{ Variables: ConsoleVariables }>): ConsoleSession {
  return c.get('session');
}

/** Renders a console page with the no-store, same-origin headers every console page has. */
export function render(c: Context, markup: ReturnType<typeof page>, status = 200): Response | Promise<Response> {
  return c.html(markup, status as 200, PAGE);
}

const signInForm = z.object({ token: z.string().trim().min(1, 'is required').max(200), issuer: z.string().trim().max(128).optional() });

/**
 * The admin console at /admin: server-rendered pages over the same domain
 * functions and the same authorization as the admin API. Sign-in exchanges
 * an API token for a session cookie; every POST must come from this origin
 * (hono's csrf: Origin / Sec-Fetch-Site) and carry the session's
 * synchronizer token. Plain forms only: no script runs on these pages.
 */
export function createConsole(deps: ConsoleDeps): ConsoleApp {
  const sessions = consoleSessions(deps);
  const app: ConsoleApp = new Hono<{ Variables: ConsoleVariables }>();
  const publicOrigin = new URL(deps.urls.issuerBaseUrl).origin;

  app.onError(async (error, c) => {
    const body = error instanceof HTTPException ? problem(error.status, error.status === 403 ? 'FORBIDDEN' : 'BAD_REQUEST', error.status === 403 ? 'This form did not come from this console.' : error.message) : problemFromError(error);
    if (body.status >= 500) deps.logger.error({ err: error, path: c.req.path }, 'console request failed');
    return render(c, problemPage(body, c.get('session')), body.status);
  });

  // Origin check first: a cross-site form post is refused before any body is read.
  app.use('/admin/*', csrf({ origin: (origin, c) => origin === publicOrigin || origin === new URL(c.req.url).origin }));

  const withLms = deps.consoleLmsSignIn !== undefined;
  app.get('/admin/sign-in', (c) => render(c, signInPage(withLms)));
  app.post('/admin/sign-in', async (c) => {
    const form = await formOf(c, signInForm);
    const token = form.token.startsWith('lrl_') ? await findLiveApiToken(deps, form.token) : undefined;
    if (!token) return render(c, signInPage(withLms, 'That token is unknown or revoked.'), 401);
    const named = token.issuerId ?? form.issuer;
    if (!named) return render(c, signInPage(withLms, 'This token acts for every issuer: name the issuer to manage.'), 400);
    const issuer = await findIssuerByIdOrSlug(deps.store, named);
    if (!issuer || (token.issuerId !== null && issuer.id !== token.issuerId)) return render(c, signInPage(withLms, 'There is no such issuer for this token.'), 400);
    await sessions.start(c, token, issuer.id);
    return c.redirect('/admin', 303);
  });
  if (deps.consoleLmsSignIn) registerLmsSignIn(app, deps, sessions, deps.consoleLmsSignIn);

  // Everything else needs a session, and every POST its synchronizer token.
  app.use('/admin/*', async (c, next) => {
    if (c.req.path === '/admin/sign-in' || (withLms && c.req.path.startsWith(LMS_SIGN_IN_PATH))) return next();
    const session = await sessions.sessionOf(c);
    if (!session) {
      if (c.req.method === 'GET') return c.redirect('/admin/sign-in', 303);
      throw new LaurelError('UNAUTHORIZED', 'Your session has ended: sign in again.');
    }
    c.set('session', session);
    c.set('principal', principalOfToken(session.token));
    if (c.req.method === 'POST' && !sessions.csrfMatches(session, (await c.req.parseBody({ all: true }))._csrf)) {
      throw new LaurelError('FORBIDDEN', 'This form is stale or did not come from this console: open the page again and resubmit.');
    }
    return next();
  });

  app.post('/admin/sign-out', (c) => {
    sessions.end(c);
    return c.redirect('/admin/sign-in', 303);
  });

  registerOverviewScreens(app, deps);
  registerCredentialScreens(app, deps);
  registerLearnerScreens(app, deps);
  registerAchievementScreens(app, deps);
  registerImportScreens(app, deps);
  registerTokenScreens(app, deps);
  registerIssuerScreens(app, deps);
  app.all('/admin/*', (c) => render(c, problemPage(problem(404, 'NOT_FOUND', `Nothing at ${c.req.path}.`), c.get('session')), 404));
  return app;
}

function signInPage(withLms: boolean, error?: string) {
  return page(
    'Sign in',
    undefined,
    html`${error ? html`<p class="notice error" role="alert">${error}</p>` : ''}
<form class="stack" method="post" action="/admin/sign-in">
<label>API token <input name="token" type="password" autocomplete="off" required></label>
<label>Issuer (id or slug; only for a token of every issuer) <input name="issuer" autocomplete="off"></label>
<button type="submit">Sign in</button>
</form>
<p>Use an admin token, or a course-staff token to manage your courses' credentials.</p>
${withLms ? html`<p><a class="button" href="${LMS_SIGN_IN_PATH}">Sign in with the LMS</a> (LMS staff manage the issuer; course staff their courses)</p>` : ''}`,
  );
}
