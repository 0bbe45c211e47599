import { hkdfSync } from 'node:crypto';
import type { Context } from 'hono';
import { getSignedCookie, setSignedCookie } from 'hono/cookie';
import type { JWTPayload } from 'jose';
import { findIssuerByIdOrSlug, type IssuanceDeps } from '@laurel/issuance';
import { LaurelError } from '@laurel/models';
import type { Learner } from '@laurel/store';
import { createLmsJwtVerifier, isLmsKeysUnavailable, type JwtVerification } from './lms-jwt.js';

export const LEARNER_COOKIE = 'laurel_learner';
const SESSION_SECONDS = 8 * 60 * 60;

export interface LearnerSessions {
  /** The signed-in learner (LMS JWT in Authorization, or the session cookie); 401 otherwise. */
  learnerOf(c: Context): Promise<Learner>;
  /** The learner an LMS JWT names: `issuer_id` (else LMS_JWT_ISSUER_ID's issuer) plus `lms_user_id`, Open edX's `user_id`, or `sub`. */
  learnerFromJwt(token: string): Promise<Learner>;
  /** Starts a browser session for the learner (after a JWT or magic-link sign-in). */
  startSession(c: Context, learner: Learner): Promise<void>;
}

const unauthorized = (message: string) => new LaurelError('UNAUTHORIZED', message);
const claimText = (value: unknown) => (typeof value === 'string' && value !== '' ? value : typeof value === 'number' && Number.isInteger(value) ? String(value) : undefined);

/**
 * Learner sign-in, kept apart from API authentication: a learner token
 * carries no scopes, and names exactly one learner. Browser sessions are a
 * signed cookie (HMAC key derived from the key-encryption key), so no
 * session table is needed; `SameSite=Lax` plus JSON-only writes keep
 * other sites from acting with it.
 */
export function learnerSessions(deps: IssuanceDeps, jwt: JwtVerification): LearnerSessions {
  const cookieKey = Buffer.from(hkdfSync('sha256', deps.keyEncryptionKey, Buffer.alloc(0), 'laurel learner session cookie', 32));
  const lmsJwt = createLmsJwtVerifier(jwt);

  async function verify(token: string): Promise<JWTPayload> {
    if (!lmsJwt.enabled) throw unauthorized('This issuer accepts no LMS tokens (set LMS_JWT_SECRET or LMS_JWKS_URL).');
    try {
      return await lmsJwt.verify(token);
    } catch (error) {
      if (isLmsKeysUnavailable(error)) throw error;
      throw unauthorized('The learner token is not valid (signature, expiry, issuer or audience).');
    }
  }

  async function learnerFromJwt(token: string): Promise<Learner> {
    const claims = (await verify(token)) as JWTPayload & { lms_user_id?: unknown; user_id?: unknown; issuer_id?: unknown };
    // Open edX's own JWTs name the user in `user_id` (a number) and carry no issuer_id: LMS_JWT_ISSUER_ID stands in.
    const lmsUserId = claimText(claims.lms_user_id) ?? claimText(claims.user_id) ?? claims.sub;
    const issuerId = typeof claims.issuer_id === 'string' ? claims.issuer_id : jwt.defaultIssuer ? (await findIssuerByIdOrSlug(deps.store, jwt.defaultIssuer))?.id : undefined;
    if (!issuerId || !lmsUserId) throw unauthorized('A learner token must carry issuer_id (or the issuer be set by LMS_JWT_ISSUER_ID) and lms_user_id, user_id or sub.');
    const learner = await deps.store.learners.getByLmsUserId(issuerId, lmsUserId);
    if (!learner) throw new LaurelError('NOT_FOUND', 'There is no record for this learner yet.');
    return learner;
  }

  return {
    learnerFromJwt,
    async learnerOf(c) {
      const bearer = /^Bearer\s+(\S+)$/i.exec(c.req.header('authorization') ?? '')?.[1];
      if (bearer) return learnerFromJwt(bearer);
      const session = await getSignedCookie(c, cookieKey, LEARNER_COOKIE);
      const [learnerId, expires] = typeof session === 'string' ? session.split('|') : [];
      if (learnerId && Number(expires) > deps.now().getTime()) {
        const learner = await deps.store.learners.get(learnerId);
        if (learner) return learner;
      }
      throw unauthorized('Sign in first: with a token from your learning platform, or a sign-in link.');
    },
    async startSession(c, learner) {
      const expires = deps.now().getTime() + SESSION_SECONDS * 1000;
      // Behind a TLS-terminating proxy the request arrives as http; the header only ever adds the restriction.
      const secure = new URL(c.req.url).protocol === 'https:' || c.req.header('x-forwarded-proto') === 'https';
      await setSignedCookie(c, LEARNER_COOKIE, `${learner.id}|${expires}`, cookieKey, { httpOnly: true, sameSite: 'Lax', path: '/', maxAge: SESSION_SECONDS, secure });
    },
  };
}
