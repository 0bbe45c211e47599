import type { OpenAPIHono } from '@hono/zod-openapi';
import { getCredential, type IssuanceDeps } from '@laurel/issuance';
import { LaurelError } from '@laurel/models';
import { isDatabaseUnavailable } from '@laurel/store';
import { createOffer } from '@laurel/wallet';
import type { LearnerSessions } from '../learner-session.js';

/**
 * "Add to wallet" on a certificate page: only the signed-in learner who owns
 * the credential gets a fresh single-use offer (a public page URL must not
 * let anyone bind the credential to their own wallet). Others are asked to
 * sign in to their learner record first.
 */
export function registerWalletClaimRedirect(app: OpenAPIHono, deps: IssuanceDeps, sessions: LearnerSessions): void {
  app.get('/credentials/:credentialId/claim', async (c) => {
    const credential = await getCredential(deps.store, undefined, c.req.param('credentialId'));
    let learnerId: string;
    try {
      learnerId = (await sessions.learnerOf(c)).id;
    } catch (error) {
      if (isDatabaseUnavailable(error)) throw error;
      return c.html(
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sign in to add this credential to your wallet</title></head>' +
          '<body><main><h1>Sign in first</h1><p>To add this credential to your wallet, open your learner record from your learning platform, then use “Add to wallet” there.</p></main></body></html>',
        401,
      );
    }
    if (learnerId !== credential.learnerId) throw new LaurelError('FORBIDDEN', 'This credential belongs to another learner.');
    const offer = await createOffer(deps, `learner:${learnerId}`, credential.issuerId, credential.id);
    return c.redirect(offer.claimUrl, 303);
  });
}
