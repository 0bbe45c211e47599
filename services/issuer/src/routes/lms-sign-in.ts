import { hkdfSync } from 'node:crypto';
import type { OpenAPIHono } from '@hono/zod-openapi';
import { z } from '@hono/zod-openapi';
import { deleteCookie, getSignedCookie, setSignedCookie } from 'hono/cookie';
import type { GuardedFetcher } from '@laurel/guarded-fetch';
import { findIssuerByIdOrSlug, type IssuanceDeps } from '@laurel/issuance';
import { LaurelError } from '@laurel/models';
import type { Learner } from '@laurel/store';
import type { LearnerSessions } from '../learner-session.js';
import { finishLmsSignIn, SIGN_IN_WINDOW_MS, startLmsSignIn, type LmsIdentity, type LmsOAuthSettings, type PendingSignIn } from '../lms-oauth.js';
import { isReturnPath, LMS_SIGN_IN_PATH } from './browser-errors.js';
import { problemSchema } from './common.js';

export interface LmsSignIn {
  settings: LmsOAuthSettings;
  /** The one way out to the LMS. */
  fetcher: GuardedFetcher;
}

const PENDING_COOKIE = 'laurel_lms_sign_in';
const CALLBACK_PATH = `${LMS_SIGN_IN_PATH}/callback`;

function readPending(raw: string | false | undefined): PendingSignIn | undefined {
  if (typeof raw !== 'string') return undefined;
  try {
    const value = JSON.parse(raw) as Partial<PendingSignIn>;
    return typeof value.state === 'string' && typeof value.verifier === 'string' && typeof value.expiresAt === 'number' ? (value as PendingSignIn) : undefined;
  } catch {
    return undefined;
  }
}

/** The learner the LMS named: by LMS user id (as completion records carry it), else by username. */
async function learnerOf(deps: IssuanceDeps, issuer: string, identity: LmsIdentity): Promise<Learner> {
  const found = await findIssuerByIdOrSlug(deps.store, issuer);
  if (!found) throw new LaurelError('INVALID_CONFIG', `LMS_OAUTH_ISSUER_ID names no issuer: ${issuer}.`);
  const learner =
    (identity.userId ? await deps.store.learners.getByLmsUserId(found.id, identity.userId) : undefined) ??
    (identity.username ? await deps.store.learners.getByUsername(found.id, identity.username) : undefined);
  if (!learner) throw new LaurelError('NOT_FOUND', 'There is no record for this learner yet.');
  return learner;
}

/**
 * Learner sign-in through the LMS's OAuth 2.0 provider (Open edX:
 * /oauth2/authorize and /oauth2/access_token), authorization code with PKCE
 * (RFC 7636, S256). The state and code verifier wait in a short-lived signed
 * cookie scoped to these two paths, so no table is needed and another
 * browser's callback finds nothing to match.
 */
export function registerLmsSignInRoutes(app: OpenAPIHono, deps: IssuanceDeps, sessions: LearnerSessions, lms: LmsSignIn): void {
  const cookieKey = Buffer.from(hkdfSync('sha256', deps.keyEncryptionKey, Buffer.alloc(0), 'laurel lms sign-in cookie', 32));
  const secureRequest = (url: string, forwarded: string | undefined) => new URL(url).protocol === 'https:' || forwarded === 'https';

  app.get(LMS_SIGN_IN_PATH, async (c) => {
    const next = c.req.query('next');
    const { url, pending } = startLmsSignIn(lms.settings, deps.now().getTime(), isReturnPath(next) ? next : undefined);
    await setSignedCookie(c, PENDING_COOKIE, JSON.stringify(pending), cookieKey, {
      httpOnly: true, sameSite: 'Lax', path: LMS_SIGN_IN_PATH, maxAge: SIGN_IN_WINDOW_MS / 1000, secure: secureRequest(c.req.url, c.req.header('x-forwarded-proto')),
    });
    return c.redirect(url, 302);
  });

  app.get(CALLBACK_PATH, async (c) => {
    const pending = readPending(await getSignedCookie(c, cookieKey, PENDING_COOKIE));
    // Single use, whatever happens next.
    deleteCookie(c, PENDING_COOKIE, { path: LMS_SIGN_IN_PATH });
    const { code, state, error } = c.req.query();
    const identity = await finishLmsSignIn(lms.settings, lms.fetcher, pending, { ...(code ? { code } : {}), ...(state ? { state } : {}), ...(error ? { error } : {}) }, deps.now().getTime());
    const learner = await learnerOf(deps, lms.settings.issuer, identity);
    await sessions.startSession(c, learner);
    c.header('referrer-policy', 'no-referrer');
    return c.redirect(pending?.next ?? `/records/${learner.id}`, 303);
  });

  const tags = ['Learner records'];
  const problem = (description: string) => ({ description, content: { 'application/problem+json': { schema: problemSchema } } });
  app.openAPIRegistry.registerPath({
    method: 'get', path: LMS_SIGN_IN_PATH, tags, summary: 'Sign in through the LMS (OAuth 2.0 authorization code with PKCE): off to the LMS’s /oauth2/authorize',
    request: { query: z.object({ next: z.string().optional().openapi({ description: 'One of our pages to land on afterwards (else the record).' }) }) },
    responses: { 302: { description: 'To the LMS, with state and an S256 code challenge; a short-lived cookie keeps the verifier' } },
  });
  app.openAPIRegistry.registerPath({
    method: 'get', path: CALLBACK_PATH, tags, summary: 'Where the LMS sends the learner back (LMS_OAUTH_REDIRECT_URI): redeems the code, starts the session',
    request: { query: z.object({ code: z.string().optional(), state: z.string().optional(), error: z.string().optional() }) },
    responses: {
      303: { description: 'Signed in: to `next` or /records/{learnerId}, with a session cookie' },
      401: problem('Not started here, expired, wrong state, or refused by the LMS'),
      404: problem('The LMS user has no record here yet'),
      503: problem('The LMS did not answer (LMS_UNAVAILABLE)'),
    },
  });
}
