import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { decodeJwt } from 'jose';
import type { GuardedFetcher } from '@laurel/guarded-fetch';
import { LaurelError } from '@laurel/models';

/** LMS_OAUTH_*: Laurel as an OAuth 2.0 client of the LMS (Open edX's provider), for learner sign-in. */
export interface LmsOAuthSettings {
  /** The LMS base URL: /oauth2/authorize, /oauth2/access_token and /api/user/v1/me live under it. */
  lmsUrl: string;
  clientId: string;
  /** A confidential client's secret; unset for a public client (PKCE alone). */
  clientSecret?: string;
  /** Registered with the LMS application: our /records/sign-in/lms/callback. */
  redirectUri: string;
  scope: string;
  /** The issuer (id or slug) whose learners sign in through this LMS. */
  issuer: string;
}

/** What the browser keeps (in a signed cookie) between leaving for the LMS and coming back. */
export interface PendingSignIn {
  state: string;
  /** The PKCE code_verifier (RFC 7636 §4.1): only its S256 hash went to the LMS. */
  verifier: string;
  /** Our own page to return to. */
  next?: string;
  /** Epoch ms after which the callback is refused. */
  expiresAt: number;
}

/** Who the LMS says signed in. */
export interface LmsIdentity {
  /** The LMS user id (Open edX `user_id` claim), as completion records carry it. */
  userId?: string;
  username?: string;
}

/** Long enough to type a password and a second factor; short enough that a stale tab fails. */
export const SIGN_IN_WINDOW_MS = 10 * 60 * 1000;

const unauthorized = (message: string) => new LaurelError('UNAUTHORIZED', message);
const base64url = (bytes: Buffer) => bytes.toString('base64url');
const lmsPath = (settings: LmsOAuthSettings, path: string) => new URL(path, settings.lmsUrl.replace(/\/*$/, '/')).href;

/** RFC 7636 §4.2: code_challenge = BASE64URL(SHA256(code_verifier)). */
export function s256(verifier: string): string {
  return base64url(createHash('sha256').update(verifier, 'ascii').digest());
}

/** The LMS authorization URL to send the browser to, and what to remember until it comes back. */
export function startLmsSignIn(settings: LmsOAuthSettings, now: number, next?: string): { url: string; pending: PendingSignIn } {
  const pending: PendingSignIn = { state: base64url(randomBytes(32)), verifier: base64url(randomBytes(32)), ...(next ? { next } : {}), expiresAt: now + SIGN_IN_WINDOW_MS };
  const url = new URL(lmsPath(settings, 'oauth2/authorize'));
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: settings.clientId,
    redirect_uri: settings.redirectUri,
    scope: settings.scope,
    state: pending.state,
    code_challenge: s256(pending.verifier),
    code_challenge_method: 'S256',
  }).toString();
  return { url: url.href, pending };
}

function sameSecret(a: string, b: string): boolean {
  const [left, right] = [Buffer.from(a), Buffer.from(b)];
  return left.length === right.length && timingSafeEqual(left, right);
}

function text(value: unknown): string | undefined {
  if (typeof value === 'string' && value.trim() !== '') return value.trim();
  return typeof value === 'number' && Number.isFinite(value) ? String(value) : undefined;
}

/**
 * The identity an id_token states. It came straight from the token endpoint
 * over the connection we opened, so (OpenID Connect Core §3.1.3.7, item 6)
 * that connection stands for its signature; audience and expiry are still checked.
 */
function identityFromIdToken(settings: LmsOAuthSettings, idToken: string, now: number): LmsIdentity {
  let claims: Record<string, unknown>;
  try {
    claims = decodeJwt(idToken);
  } catch {
    throw unauthorized('The LMS answered with an id_token that is not a JWT.');
  }
  const audience = ([] as unknown[]).concat(claims.aud ?? []);
  if (!audience.includes(settings.clientId)) throw unauthorized('The LMS id_token is not meant for this client (aud).');
  if (typeof claims.exp !== 'number' || claims.exp * 1000 <= now) throw unauthorized('The LMS id_token has expired.');
  const userId = text(claims.user_id);
  const username = text(claims.preferred_username);
  return { ...(userId ? { userId } : {}), ...(username ? { username } : {}) };
}

async function call<T>(fetcher: GuardedFetcher, what: string, request: Parameters<GuardedFetcher['requestJson']>[0]): Promise<{ status: number; json: T | undefined }> {
  try {
    const response = await fetcher.requestJson(request);
    return { status: response.status, json: response.json as T | undefined };
  } catch (error) {
    throw new LaurelError('LMS_UNAVAILABLE', `The LMS did not answer the ${what}; try signing in again shortly.`, {}, { cause: error });
  }
}

/**
 * The LMS sent the browser back: checks `state` against the one we sent
 * (a mismatch is refused before anything is asked of the LMS), redeems the
 * code with the PKCE verifier (RFC 6749 §4.1.3, RFC 7636 §4.5), and reads
 * who signed in from the id_token when there is one, else /api/user/v1/me.
 */
export async function finishLmsSignIn(
  settings: LmsOAuthSettings,
  fetcher: GuardedFetcher,
  pending: PendingSignIn | undefined,
  query: { code?: string; state?: string; error?: string },
  now: number,
): Promise<LmsIdentity & { accessToken: string }> {
  if (!pending || pending.expiresAt <= now) throw unauthorized('This sign-in was not started here or took too long; start again.');
  if (!query.state || !sameSecret(query.state, pending.state)) throw unauthorized('The sign-in answer does not match the sign-in started here (state); start again.');
  if (query.error) throw unauthorized(`The LMS did not sign you in (${query.error.slice(0, 100)}).`);
  if (!query.code) throw unauthorized('The LMS sent no authorization code.');

  const token = await call<{ access_token?: unknown; id_token?: unknown; error?: unknown }>(fetcher, 'token request', {
    method: 'POST',
    url: lmsPath(settings, 'oauth2/access_token'),
    form: {
      grant_type: 'authorization_code',
      code: query.code,
      redirect_uri: settings.redirectUri,
      client_id: settings.clientId,
      ...(settings.clientSecret ? { client_secret: settings.clientSecret } : {}),
      code_verifier: pending.verifier,
    },
  });
  if (token.status >= 500) throw new LaurelError('LMS_UNAVAILABLE', `The LMS token endpoint failed (HTTP ${token.status}); try signing in again shortly.`);
  const accessToken = text(token.json?.access_token);
  if (token.status !== 200 || !accessToken) throw unauthorized(`The LMS refused the sign-in (${text(token.json?.error) ?? `HTTP ${token.status}`}).`);

  const idToken = text(token.json?.id_token);
  const fromIdToken = idToken ? identityFromIdToken(settings, idToken, now) : {};
  // The access token goes back too: the admin console reads the user's roles with it.
  if (fromIdToken.userId || fromIdToken.username) return { ...fromIdToken, accessToken };
  const me = await call<{ username?: unknown }>(fetcher, 'user info request', { method: 'GET', url: lmsPath(settings, 'api/user/v1/me'), headers: { authorization: `Bearer ${accessToken}` } });
  if (me.status >= 500) throw new LaurelError('LMS_UNAVAILABLE', `The LMS user API failed (HTTP ${me.status}); try signing in again shortly.`);
  const username = text(me.json?.username);
  if (me.status !== 200 || !username) throw unauthorized('The LMS did not say who signed in (/api/user/v1/me).');
  return { username, accessToken };
}
