import type { Context, MiddlewareHandler } from 'hono';
import { acceptLanguages, pickLocale, renderErrorPage, type Locale } from '@laurel/render';
import { PAGE_HEADERS, prefersHtml } from './negotiate.js';

/** Paths a learner may be sent back to after signing in: our own pages, never another site, never sign-in itself. */
const RETURN_PATH = /^\/(?:credentials|records|claim)\/[A-Za-z0-9._~/-]*$/;

export function isReturnPath(path: string | undefined): path is string {
  return path !== undefined && RETURN_PATH.test(path) && !path.includes('//') && !path.includes('..') && !path.startsWith('/records/sign-in');
}

/** Our own start of the LMS OAuth sign-in (routes/lms-sign-in.ts); as a sign-in page, it takes `next` directly. */
export const LMS_SIGN_IN_PATH = '/records/sign-in/lms';

/**
 * Where "Sign in" leads: with LMS OAuth sign-in on (`signInPage` is
 * LMS_SIGN_IN_PATH), our own start of it; else the learning platform's sign-in page
 * (LEARNER_SIGN_IN_URL) with `return_to`, our /records/sign-in that the
 * platform sends the learner back to with `&token=<learner JWT>` appended,
 * itself carrying where to go next. Undefined when no sign-in page is set.
 */
export function learnerSignInUrl(signInPage: string | undefined, issuerBaseUrl: string, next: string | undefined): string | undefined {
  if (!signInPage) return undefined;
  if (signInPage === LMS_SIGN_IN_PATH) {
    const start = new URL(LMS_SIGN_IN_PATH, issuerBaseUrl);
    if (isReturnPath(next)) start.searchParams.set('next', next);
    return start.href;
  }
  const back = new URL('/records/sign-in', issuerBaseUrl);
  if (isReturnPath(next)) back.searchParams.set('next', next);
  const url = new URL(signInPage);
  url.searchParams.set('return_to', back.href);
  return url.href;
}

export function pageLocale(c: Context): Locale {
  return pickLocale(c.req.query('lang'), ...acceptLanguages(c.req.header('accept-language')));
}

/**
 * People get pages, machines get problems: a problem answer to a browser's
 * GET of a public page becomes a styled page in the reader's language, saying
 * what happened and what to do next (sign in, ask for a new link, try later).
 * The problem itself is still produced in one place (the error handler); this
 * only changes how it is shown. The API (/v1) always answers problems.
 */
export function browserErrorPages(options: { signInPage?: string; issuerBaseUrl: string }): MiddlewareHandler {
  return async (c, next) => {
    await next();
    if (c.req.method !== 'GET' || c.req.path.startsWith('/v1/') || !prefersHtml(c.req.header('accept'))) return;
    if (!c.res.headers.get('content-type')?.startsWith('application/problem+json')) return;
    const status = c.res.status;
    const problem = (await c.res.clone().json().catch(() => ({}))) as { detail?: unknown };
    const retryAfter = c.res.headers.get('retry-after');
    const signInUrl = status === 401 ? learnerSignInUrl(options.signInPage, options.issuerBaseUrl, c.req.path) : undefined;
    const body = renderErrorPage({ status, ...(typeof problem.detail === 'string' ? { detail: problem.detail } : {}), ...(signInUrl ? { signInUrl } : {}) }, pageLocale(c));
    // Cleared first: Hono would otherwise carry the problem's headers over to the page.
    c.res = undefined;
    c.res = new Response(body, { status, headers: { ...PAGE_HEADERS, 'cache-control': 'no-store', ...(retryAfter ? { 'retry-after': retryAfter } : {}) } });
  };
}
