import { createLocalJWKSet, errors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';

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
  /** The verified claims; throws on a bad signature, a missing or past `exp`, or a wrong `iss`/`aud`. */
  verify(token: string): Promise<JWTPayload>;
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
    jwks = createLocalJWKSet((await jwt.loadJwks!()) as Parameters<typeof createLocalJWKSet>[0]);
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
