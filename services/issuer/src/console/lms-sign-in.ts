import { html } from 'hono/html';
import { z } from 'zod';
import { createApiToken, findIssuerByIdOrSlug, listApiTokens, revokeApiToken, type IssuanceDeps } from '@laurel/issuance';
import { LaurelError } from '@laurel/models';
import type { GuardedFetcher } from '@laurel/guarded-fetch';
import { LmsRequestError, lmsStaffStanding, type LmsStaffStanding } from '@laurel/openedx-client';
import { finishLmsSignIn, startLmsSignIn, type LmsOAuthSettings } from '../lms-oauth.js';
import type { ApiToken, NewApiToken } from '@laurel/store';
import { page } from './layout.js';
import { render, validated, type ConsoleApp, type ConsoleDeps } from './console-app.js';
import type { ConsoleSessions } from './session.js';

/** Sign-in through the LMS: its OAuth application (authorization code grant; redirect URI the console's callback) and the issuer (`settings.issuer`) the console manages. */
export interface ConsoleLmsSignIn {
  settings: LmsOAuthSettings;
  fetcher: GuardedFetcher;
}

export const LMS_SIGN_IN_PATH = '/admin/sign-in/lms';
const callbackQuery = z.object({ code: z.string().max(2048).optional(), state: z.string().max(256).optional(), error: z.string().max(200).optional() });

/** LMS staff (is_staff) manage the whole issuer; course staff read and revoke their courses' credentials; anyone else gets nothing. */
function tokenFor(standing: LmsStaffStanding, issuerId: string): NewApiToken | undefined {
  const name = `lms:${standing.username}`;
  if (standing.isStaff) return { issuerId, name, scopes: ['admin'], limitedTo: null };
  if (standing.staffCourseIds.length > 0) return { issuerId, name, scopes: ['read', 'revoke'], limitedTo: { courseIds: standing.staffCourseIds, achievementIds: [] } };
  return undefined;
}

/** Earlier sign-ins of the same LMS user: their roles may have changed since, so their tokens go. */
async function revokeEarlierSignIns(deps: IssuanceDeps, issuerId: string, name: string): Promise<void> {
  const earlier: ApiToken[] = [];
  let cursor: string | undefined;
  do {
    const found = await listApiTokens(deps, { issuerId }, { limit: 100, ...(cursor ? { cursor } : {}) });
    earlier.push(...found.items.filter((token) => token.name === name));
    cursor = found.nextCursor ?? undefined;
  } while (cursor);
  for (const token of earlier) await revokeApiToken(deps, name, token.id);
}

/**
 * OAuth 2.0 authorization code with PKCE against Open edX's provider: the
 * console's sign-in link sends the browser to the LMS; the LMS sends it back
 * with a code, which is exchanged (with the verifier) for an access token that
 * reads the user and their roles. Each sign-in makes a token for that user
 * (named `lms:<username>`, its secret never kept) with the roles of the
 * moment, revoking the user's earlier ones; the console session names it.
 */
export function registerLmsSignIn(app: ConsoleApp, deps: ConsoleDeps, sessions: ConsoleSessions, lms: ConsoleLmsSignIn): void {
  app.get(LMS_SIGN_IN_PATH, async (c) => {
    const { url, pending } = startLmsSignIn(lms.settings, deps.now().getTime());
    await sessions.rememberSignIn(c, pending);
    return c.redirect(url, 302);
  });

  app.get(`${LMS_SIGN_IN_PATH}/callback`, async (c) => {
    const refused = (message: string, status: 400 | 403 | 502) => render(c, page('Sign in', undefined, html`<p class="notice error" role="alert">${message}</p><p><a href="/admin/sign-in">Back to sign-in</a></p>`), status);
    const query = validated(callbackQuery, c.req.query());
    // State, deadline, a refused code or verifier: UNAUTHORIZED (a 401 page) before or at the exchange.
    const identity = await finishLmsSignIn(lms.settings, lms.fetcher, await sessions.takeSignIn(c), query, deps.now().getTime());
    let standing: LmsStaffStanding;
    try {
      standing = await lmsStaffStanding({ baseUrl: lms.settings.lmsUrl, fetcher: lms.fetcher }, identity.accessToken);
    } catch (error) {
      if (error instanceof LmsRequestError && error.failure === 'auth') return refused('The LMS did not accept this sign-in (it may have expired): start again.', 400);
      deps.logger.warn({ err: error }, 'console sign-in through the LMS failed');
      return refused('The LMS did not answer as expected: try again later, or sign in with a token.', 502);
    }
    const issuer = await findIssuerByIdOrSlug(deps.store, lms.settings.issuer);
    if (!issuer) throw new LaurelError('INVALID_CONFIG', `CONSOLE_LMS_ISSUER_ID names no issuer: ${lms.settings.issuer}.`);
    const wanted = tokenFor(standing, issuer.id);
    if (!wanted) return refused(`${standing.username} is neither LMS staff nor course staff (instructor or staff) of any course: there is nothing to manage here.`, 403);
    await revokeEarlierSignIns(deps, issuer.id, wanted.name);
    const { record } = await createApiToken(deps, wanted.name, wanted);
    await sessions.start(c, record, issuer.id);
    // A same-origin page, not a redirect: the SameSite=Strict session cookie is not sent on a navigation that began at the LMS.
    return render(c, page('Signed in', undefined, html`<meta http-equiv="refresh" content="0;url=/admin"><p>Signed in as ${standing.username}. <a href="/admin">Open the console</a>.</p>`));
  });
}
