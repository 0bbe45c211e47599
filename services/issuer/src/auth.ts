import type { Context, MiddlewareHandler } from 'hono';
import type { JWTPayload } from 'jose';
import { findIssuerByIdOrSlug, findLiveApiToken, type IssuanceDeps } from '@laurel/issuance';
import { LaurelError } from '@laurel/models';
import type { RateLimits } from '@laurel/http-kit';

export const SCOPES = ['read', 'issue', 'admin'] as const;
export type Scope = (typeof SCOPES)[number];

/** Who is calling: a stored API token or a JWT from the LMS. */
export interface Principal {
  /** For the audit log, e.g. "token:ci-bot" or "lms:jane". Never the secret. */
  actor: string;
  /** null: may act for every issuer (a global admin token). */
  issuerId: string | null;
  scopes: ReadonlySet<Scope>;
}

export type AuthVariables = { principal: Principal };

import { createLmsJwtVerifier, isLmsKeysUnavailable, type JwtVerification } from './lms-jwt.js';

export type { JwtVerification };

// admin implies issue implies read.
const IMPLIED: Record<Scope, Scope[]> = { admin: ['admin', 'issue', 'read'], issue: ['issue', 'read'], read: ['read'] };

function expandScopes(names: readonly string[]): Set<Scope> {
  const scopes = new Set<Scope>();
  for (const name of names) {
    const bare = name.replace(/^laurel:/, '') as Scope;
    if (SCOPES.includes(bare)) for (const implied of IMPLIED[bare]) scopes.add(implied);
  }
  return scopes;
}

export function unauthorized(message = 'Send a valid bearer token (an API token or an LMS JWT).'): LaurelError {
  return new LaurelError('UNAUTHORIZED', message);
}

export function forbidden(message: string): LaurelError {
  return new LaurelError('FORBIDDEN', message);
}

function principalFromJwt(payload: JWTPayload): Principal {
  const claims = payload as JWTPayload & { scope?: unknown; scopes?: unknown; administrator?: unknown; issuer_id?: unknown; preferred_username?: unknown };
  const names = typeof claims.scope === 'string' ? claims.scope.split(/\s+/) : Array.isArray(claims.scopes) ? claims.scopes.filter((s): s is string => typeof s === 'string') : [];
  const scopes = expandScopes(claims.administrator === true ? [...names, 'admin'] : names);
  const who = typeof claims.preferred_username === 'string' ? claims.preferred_username : payload.sub ?? 'unknown';
  return { actor: `lms:${who}`, issuerId: typeof claims.issuer_id === 'string' ? claims.issuer_id : null, scopes };
}

/**
 * Authenticates every request under it: `Authorization: Bearer lrl_…` (an API
 * token, looked up by hash) or a JWT from the LMS (HS256 shared secret or a
 * JWKS). Anything else is 401. An authenticated request is charged to its
 * token's rate limit rather than its client's.
 */
export function authenticate(deps: Pick<IssuanceDeps, 'store' | 'caches'>, jwt: JwtVerification, limits?: RateLimits): MiddlewareHandler<{ Variables: AuthVariables }> {
  const { store } = deps;
  const lmsJwt = createLmsJwtVerifier(jwt);
  return async (c, next) => {
    const header = c.req.header('authorization') ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match?.[1]) throw unauthorized();
    const credential = match[1];
    if (credential.startsWith('lrl_')) {
      const token = await findLiveApiToken(deps, credential);
      if (!token) throw unauthorized('The API token is unknown or revoked.');
      await limits?.chargeToken(c, `token:${token.id}`);
      c.set('principal', { actor: `token:${token.name}`, issuerId: token.issuerId, scopes: expandScopes(token.scopes) });
      return next();
    }
    if (credential.split('.').length === 3 && lmsJwt.enabled) {
      let payload: JWTPayload;
      try {
        payload = await lmsJwt.verify(credential);
      } catch (error) {
        if (isLmsKeysUnavailable(error)) throw error;
        throw unauthorized('The JWT is not valid (signature, expiry, issuer or audience).');
      }
      const principal = principalFromJwt(payload);
      // Only an administrator acts for every issuer; any other JWT belongs to one.
      if (principal.issuerId === null && !principal.scopes.has('admin')) {
        const fallback = jwt.defaultIssuer ? await findIssuerByIdOrSlug(store, jwt.defaultIssuer) : undefined;
        if (!fallback) throw forbidden('This LMS JWT names no issuer_id: only an administrator JWT acts for every issuer (or set LMS_JWT_ISSUER_ID).');
        principal.issuerId = fallback.id;
      }
      await limits?.chargeToken(c, principal.actor);
      c.set('principal', principal);
      return next();
    }
    throw unauthorized();
  };
}

export function principalOf(c: Context): Principal {
  const principal = c.get('principal') as Principal | undefined;
  if (!principal) throw unauthorized();
  return principal;
}

/** Refuses the request unless the caller has `scope` and may act for `issuerId`. */
export function authorize(c: Context, scope: Scope, issuerId?: string | null): Principal {
  const principal = principalOf(c);
  if (!principal.scopes.has(scope)) throw forbidden(`This needs the "${scope}" scope.`);
  if (issuerId !== undefined && principal.issuerId !== null && principal.issuerId !== issuerId) {
    throw forbidden('This token may not act for that issuer.');
  }
  return principal;
}

/** The issuer a request acts for: the one named (in the body at `field`), or the token's own. */
export function tenantOf(c: Context, scope: Scope, named: string | undefined, field = 'issuerId'): { principal: Principal; issuerId: string } {
  const principal = principalOf(c);
  const issuerId = named ?? principal.issuerId;
  if (!issuerId) throw new LaurelError('INVALID_INPUT', `Name the issuer in ${field}: this token may act for several.`, { issues: [{ path: field, message: 'is required' }] });
  return { principal: authorize(c, scope, issuerId), issuerId };
}
