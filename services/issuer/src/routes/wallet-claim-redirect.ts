import type { OpenAPIHono } from '@hono/zod-openapi';
import { getCredential, type IssuanceDeps } from '@laurel/issuance';
import { LaurelError } from '@laurel/models';
import { isDatabaseUnavailable } from '@laurel/store';
import { createOffer } from '@laurel/wallet';
import { messages, renderErrorPage } from '@laurel/render';
import type { LearnerSessions } from '../learner-session.js';
import { learnerSignInUrl, pageLocale } from './browser-errors.js';
import { PAGE_HEADERS, prefersHtml } from './negotiate.js';

/**
 * "Add to wallet" on a certificate page: only the signed-in learner who owns
 * the credential gets a fresh single-use offer (a public page URL must not
 * let anyone bind the credential to their own wallet). A signed-out browser
 * gets a page leading to the learning platform's sign-in, which returns here.
 */
export function registerWalletClaimRedirect(app: OpenAPIHono, deps: IssuanceDeps, sessions: LearnerSessions, signInPage?: string): void {
  app.get('/credentials/:credentialId/claim', async (c) => {
    const credential = await getCredential(deps.store, undefined, c.req.param('credentialId'));
    let learnerId: string;
    try {
      learnerId = (await sessions.learnerOf(c)).id;
    } catch (error) {
      if (isDatabaseUnavailable(error)) throw error;
      if (!prefersHtml(c.req.header('accept'))) throw new LaurelError('UNAUTHORIZED', 'Sign in first: the learner who owns this credential may add it to a wallet.');
      // The sign-in page brings the learner back here, where the offer is made.
      const signInUrl = learnerSignInUrl(signInPage, deps.urls.issuerBaseUrl, c.req.path);
      const locale = pageLocale(c);
      const page = renderErrorPage({ status: 401, title: messages(locale).walletSignInTitle, ...(signInUrl ? { signInUrl } : {}) }, locale);
      return c.body(page, 401, { ...PAGE_HEADERS, 'cache-control': 'no-store' });
    }
    if (learnerId !== credential.learnerId) throw new LaurelError('FORBIDDEN', 'This credential belongs to another learner.');
    const offer = await createOffer(deps, `learner:${learnerId}`, credential.issuerId, credential.id);
    return c.redirect(offer.claimUrl, 303);
  });
}
