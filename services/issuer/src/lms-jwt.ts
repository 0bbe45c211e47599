import { createLocalJWKSet, errors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { LaurelError } from '@laurel/models';

export interface JwtVerification {
  secret?: string;
  /** Loads the LMS's JWKS (through the guarded fetcher). */
  loadJwks?: () => Promise<unknown>;
  issuer?: string;
  audience?: string;
  /** The issuer (id or slug) a non-administrator JWT without `issuer_id` acts for. */
  defaultIssuer?: string;
}

/** Fetch the JWKS again at most this often when a token names a key we do not have (the LMS rotated). */
const JWKS_REFRESH_MS = 60_000;

export interface LmsJwtVerifier {
  /** True when the issuer accepts LMS JWTs at all. */
  readonly enabled: boolean;
  /**
   * The verified claims; throws on a bad signature, a missing or past `exp`, or a wrong `iss`/`aud`,
   * and LaurelError LMS_KEYS_UNAVAILABLE when the JWKS could not be loaded (no verdict on the token).
   */
  verify(token: string): Promise<JWTPayload>;
}

/** The LMS key set could not be loaded: a 503 for the caller to retry, never a 401 about their token. */
export function isLmsKeysUnavailable(error: unknown): boolean {
  return error instanceof LaurelError && error.code === 'LMS_KEYS_UNAVAILABLE';
}

/**
 * Verifies LMS JWTs for API calls and learner sign-in alike: HS256 with the
 * shared secret, or a key from the LMS's JWKS. A JWT without `exp` is refused
 * (leaked, it would be valid forever).
 */
export function createLmsJwtVerifier(jwt: JwtVerification, now: () => number = Date.now): LmsJwtVerifier {
  const options = { requiredClaims: ['exp'], ...(jwt.issuer ? { issuer: jwt.issuer } : {}), ...(jwt.audience ? { audience: jwt.audience } : {}) };
  let jwks: JWTVerifyGetKey | undefined;
  let loadedAt = 0;
  const loadJwks = async () => {
    try {
      jwks = createLocalJWKSet((await jwt.loadJwks!()) as Parameters<typeof createLocalJWKSet>[0]);
    } catch (error) {
      // Not the caller's fault, and no verdict on the token: we could not check it.
      const cause = (error as { code?: unknown }).code;
      throw new LaurelError('LMS_KEYS_UNAVAILABLE', 'The LMS key set (LMS_JWKS_URL) could not be fetched or read, so the JWT could not be checked; try again shortly.', typeof cause === 'string' ? { cause } : {}, { cause: error });
    }
    loadedAt = now();
    return jwks;
  };
  return {
    enabled: Boolean(jwt.secret || jwt.loadJwks),
    async verify(token) {
      if (jwt.secret) return (await jwtVerify(token, new TextEncoder().encode(jwt.secret), { ...options, algorithms: ['HS256'] })).payload;
      if (!jwt.loadJwks) throw new Error('No LMS JWT verification is configured.');
      try {
        return (await jwtVerify(token, jwks ?? (await loadJwks()), options)).payload;
      } catch (error) {
        if (!(error instanceof errors.JWKSNoMatchingKey) || now() - loadedAt < JWKS_REFRESH_MS) throw error;
        return (await jwtVerify(token, await loadJwks(), options)).payload;
      }
    },
  };
}
