import { hkdfSync, randomBytes } from 'node:crypto';

/**
 * The login step's memory, kept in the browser: a cookie named after the
 * state (so two launches in one browser do not overwrite each other), signed
 * by the service, holding the nonce sent to the platform and the platform
 * the login named. The launch must come back with that state, in that
 * browser, with an id_token carrying that nonce.
 */
export interface LoginState {
  nonce: string;
  platformId: string;
  /** Epoch milliseconds after which the launch is refused. */
  expiresAt: number;
}

/** How long a learner may take between the login redirect and the launch post. */
export const LOGIN_STATE_SECONDS = 10 * 60;
const COOKIE_PREFIX = 'laurel_lti_';
const STATE_PATTERN = /^[A-Za-z0-9_-]{32,64}$/;

export function newStateAndNonce(): { state: string; nonce: string } {
  return { state: randomBytes(24).toString('base64url'), nonce: randomBytes(24).toString('base64url') };
}

/** The cookie for a state; undefined for a state this tool could not have made (never used as a cookie name). */
export function stateCookieName(state: string | undefined): string | undefined {
  return state !== undefined && STATE_PATTERN.test(state) ? `${COOKIE_PREFIX}${state}` : undefined;
}

export function encodeLoginState(value: LoginState): string {
  return `${value.nonce}|${value.platformId}|${value.expiresAt}`;
}

/** The state read back from a verified cookie; undefined when malformed or expired. */
export function decodeLoginState(value: string | false | undefined, now: number): LoginState | undefined {
  if (typeof value !== 'string') return undefined;
  const [nonce, platformId, expires] = value.split('|');
  const expiresAt = Number(expires);
  if (!nonce || !platformId || !Number.isFinite(expiresAt) || expiresAt <= now) return undefined;
  return { nonce, platformId, expiresAt };
}

/** The HMAC key of the state cookie, derived from the key-encryption key (no setting to add, the same in every process). */
export function loginStateKey(keyEncryptionKey: Uint8Array): Buffer {
  return Buffer.from(hkdfSync('sha256', keyEncryptionKey, Buffer.alloc(0), 'laurel lti login state cookie', 32));
}
