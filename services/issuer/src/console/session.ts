import { createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Context } from 'hono';
import { deleteCookie, getSignedCookie, setSignedCookie } from 'hono/cookie';
import { getApiToken, type IssuanceDeps } from '@laurel/issuance';
import type { ApiToken } from '@laurel/store';
import { SIGN_IN_WINDOW_MS, type PendingSignIn } from '../lms-oauth.js';

export const CONSOLE_COOKIE = 'laurel_admin';
export const CONSOLE_PATH = '/admin';
const SESSION_SECONDS = 8 * 60 * 60;

/** A signed-in console user: the API token they signed in with, and the issuer they manage. */
export interface ConsoleSession {
  token: ApiToken;
  issuerId: string;
  /** The synchronizer token every form of this session carries. */
  csrf: string;
}

export interface ConsoleSessions {
  /** The session of this request, or undefined (none, expired, tampered with, or its token revoked). */
  sessionOf(c: Context): Promise<ConsoleSession | undefined>;
  start(c: Context, token: ApiToken, issuerId: string): Promise<void>;
  end(c: Context): void;
  /** Whether `sent` is this session's CSRF token (compared in constant time). */
  csrfMatches(session: ConsoleSession, sent: unknown): boolean;
  /** Keeps an LMS sign-in's state, PKCE verifier and deadline in a signed cookie until the LMS sends the browser back. */
  rememberSignIn(c: Context, pending: PendingSignIn): Promise<void>;
  /** The sign-in this browser started, if any (the cookie is removed either way); finishLmsSignIn checks state and deadline. */
  takeSignIn(c: Context): Promise<PendingSignIn | undefined>;
}

const SIGN_IN_COOKIE = 'laurel_admin_lms';
const SIGN_IN_PATH = '/admin/sign-in/lms';
const SIGN_IN_SECONDS = SIGN_IN_WINDOW_MS / 1000;

/** Whether `sent` is `expected`, compared in constant time. */
function sameSecret(expected: string, sent: unknown): boolean {
  if (typeof sent !== 'string') return false;
  const [a, b] = [Buffer.from(expected), Buffer.from(sent)];
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Console sessions are a signed cookie naming the token id (never its
 * secret), the issuer and an expiry, with a random nonce; no session table.
 * The HMAC keys are derived from the key-encryption key (as the learner
 * session's is, under another label), so rotating it signs everyone out.
 * The token is read again on every request: revoking it ends its sessions.
 * The CSRF token is an HMAC of the cookie's value under a second key, so it
 * changes with each sign-in and cannot be computed from the cookie alone.
 */
export function consoleSessions(deps: IssuanceDeps): ConsoleSessions {
  const derive = (label: string) => Buffer.from(hkdfSync('sha256', deps.keyEncryptionKey, Buffer.alloc(0), label, 32));
  const cookieKey = derive('laurel admin console session cookie');
  const csrfKey = derive('laurel admin console csrf token');
  const signInKey = derive('laurel admin console lms sign-in');
  const secureOf = (c: Context) => new URL(c.req.url).protocol === 'https:' || c.req.header('x-forwarded-proto') === 'https';
  const csrfOf = (value: string) => createHmac('sha256', csrfKey).update(value).digest('base64url');

  return {
    async sessionOf(c) {
      const value = await getSignedCookie(c, cookieKey, CONSOLE_COOKIE);
      if (typeof value !== 'string') return undefined;
      const [tokenId, issuerId, expires] = value.split('|').map(decodeURIComponent);
      if (!tokenId || !issuerId || !(Number(expires) > deps.now().getTime())) return undefined;
      const token = await getApiToken(deps, tokenId).catch(() => undefined);
      if (!token || token.revokedAt !== null) return undefined;
      return { token, issuerId, csrf: csrfOf(value) };
    },
    async start(c, token, issuerId) {
      const expires = deps.now().getTime() + SESSION_SECONDS * 1000;
      const value = [token.id, issuerId, String(expires), randomBytes(16).toString('base64url')].map(encodeURIComponent).join('|');
      // Behind a TLS-terminating proxy the request arrives as http; the header only ever adds the restriction.
      await setSignedCookie(c, CONSOLE_COOKIE, value, cookieKey, { httpOnly: true, sameSite: 'Strict', path: CONSOLE_PATH, maxAge: SESSION_SECONDS, secure: secureOf(c) });
    },
    end(c) {
      deleteCookie(c, CONSOLE_COOKIE, { path: CONSOLE_PATH });
    },
    csrfMatches(session, sent) {
      return sameSecret(session.csrf, sent);
    },
    async rememberSignIn(c, pending) {
      const value = [pending.state, pending.verifier, String(pending.expiresAt)].join('|');
      // Lax, not Strict: the browser comes back from the LMS on a cross-site top-level GET.
      await setSignedCookie(c, SIGN_IN_COOKIE, value, signInKey, { httpOnly: true, sameSite: 'Lax', path: SIGN_IN_PATH, maxAge: SIGN_IN_SECONDS, secure: secureOf(c) });
    },
    async takeSignIn(c) {
      const value = await getSignedCookie(c, signInKey, SIGN_IN_COOKIE);
      deleteCookie(c, SIGN_IN_COOKIE, { path: SIGN_IN_PATH });
      if (typeof value !== 'string') return undefined;
      const [state, verifier, expires] = value.split('|');
      return state && verifier ? { state, verifier, expiresAt: Number(expires) } : undefined;
    },
  };
}
