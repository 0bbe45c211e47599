import type { Context, MiddlewareHandler } from 'hono';
import type { JWTPayload } from 'jose';
import { findIssuerByIdOrSlug, findLiveApiToken, type IssuanceDeps } from '@laurel/issuance';
import { LaurelError } from '@laurel/models';
import type { RateLimits } from '@laurel/http-kit';
import type { Achievement, ApiToken, TokenLimits } from '@laurel/store';

export const SCOPES = ['read', 'revoke', 'issue', 'admin'] as const;
export type Scope = (typeof SCOPES)[number];

/** Who is calling: a stored API token or a JWT from the LMS. */
export interface Principal {
  /** For the audit log, e.g. "token:ci-bot" or "lms:jane". Never the secret. */
  actor: string;
  /** null: may act for every issuer (a global admin token). */
  issuerId: string | null;
  scopes: ReadonlySet<Scope>;
  /** A course-staff token: it reaches only these courses' and achievements' credentials. null: not limited. */
  limitedTo: TokenLimits | null;
}

export type AuthVariables = { principal: Principal };

import { createLmsJwtVerifier, isLmsKeysUnavailable, type JwtVerification } from './lms-jwt.js';

export type { JwtVerification };

// admin implies issue implies revoke implies read.
const IMPLIED: Record<Scope, Scope[]> = { admin: ['admin', 'issue', 'revoke', 'read'], issue: ['issue', 'revoke', 'read'], revoke: ['revoke', 'read'], read: ['read'] };

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

const strings = (value: unknown): string[] | undefined => (Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : undefined);

/** Course staff from the LMS: `course_ids` / `achievement_ids` claims limit the JWT to those, reading and revoking only. */
function limitsFromJwt(claims: { course_ids?: unknown; achievement_ids?: unknown }): TokenLimits | null {
  const courseIds = strings(claims.course_ids);
  const achievementIds = strings(claims.achievement_ids);
  return courseIds === undefined && achievementIds === undefined ? null : { courseIds: courseIds ?? [], achievementIds: achievementIds ?? [] };
}

function principalFromJwt(payload: JWTPayload): Principal {
  const claims = payload as JWTPayload & { scope?: unknown; scopes?: unknown; administrator?: unknown; issuer_id?: unknown; preferred_username?: unknown; course_ids?: unknown; achievement_ids?: unknown };
  const names = typeof claims.scope === 'string' ? claims.scope.split(/\s+/) : strings(claims.scopes) ?? [];
  const limitedTo = limitsFromJwt(claims);
  const granted = expandScopes(claims.administrator === true && limitedTo === null ? [...names, 'admin'] : names);
  const scopes = limitedTo === null ? granted : new Set([...granted].filter((scope) => scope === 'read' || scope === 'revoke'));
  const who = typeof claims.preferred_username === 'string' ? claims.preferred_username : payload.sub ?? 'unknown';
  return { actor: `lms:${who}`, issuerId: typeof claims.issuer_id === 'string' ? claims.issuer_id : null, scopes, limitedTo };
}

/** What a stored API token may do, as a principal: the API and the admin console both build it here. */
export function principalOfToken(token: ApiToken): Principal {
  return { actor: `token:${token.name}`, issuerId: token.issuerId, scopes: expandScopes(token.scopes), limitedTo: token.limitedTo };
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
      c.set('principal', principalOfToken(token));
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

function authorizeIssuer(c: Context, scope: Scope, issuerId?: string | null): Principal {
  const principal = principalOf(c);
  if (!principal.scopes.has(scope)) throw forbidden(`This needs the "${scope}" scope.`);
  if (issuerId !== undefined && principal.issuerId !== null && principal.issuerId !== issuerId) {
    throw forbidden('This token may not act for that issuer.');
  }
  return principal;
}

/**
 * Refuses the request unless the caller has `scope` and may act for
 * `issuerId`. A course-staff token is refused here: routes it may use
 * authorize per achievement (authorizeAchievement) or narrow their lists
 * (reachOf) instead.
 */
export function authorize(c: Context, scope: Scope, issuerId?: string | null): Principal {
  const principal = authorizeIssuer(c, scope, issuerId);
  if (principal.limitedTo !== null) throw forbidden('This course-staff token reaches only the credentials of its courses and achievements.');
  return principal;
}

/** Whether a course-staff limit covers the achievement: named itself, or one of its courses named. */
export function limitCovers(limits: TokenLimits, achievement: Pick<Achievement, 'id' | 'externalId' | 'kind' | 'courseIds'>): boolean {
  if (limits.achievementIds.includes(achievement.id)) return true;
  const courses = achievement.kind === 'course' ? [achievement.externalId, ...achievement.courseIds] : achievement.courseIds;
  return courses.some((courseId) => limits.courseIds.includes(courseId));
}

/** authorize() for what belongs to one achievement: a course-staff token passes when its limit covers it. */
export function authorizeAchievement(c: Context, scope: Scope, achievement: Achievement): Principal {
  const principal = authorizeIssuer(c, scope, achievement.issuerId);
  if (principal.limitedTo !== null && !limitCovers(principal.limitedTo, achievement)) {
    throw forbidden('This course-staff token does not reach that course or achievement.');
  }
  return principal;
}

/**
 * For lists: `undefined` when the caller sees the whole issuer, else the ids
 * of the issuer's achievements its course-staff limit covers.
 */
export function reachOf(c: Context, scope: Scope, issuerId: string, achievements: () => Promise<Achievement[]>): Promise<string[] | undefined> {
  const principal = authorizeIssuer(c, scope, issuerId);
  const limits = principal.limitedTo;
  if (limits === null) return Promise.resolve(undefined);
  return achievements().then((all) => all.filter((achievement) => limitCovers(limits, achievement)).map((achievement) => achievement.id));
}

/** The issuer a request acts for: the one named (in the body at `field`), or the token's own. */
export function tenantOf(c: Context, scope: Scope, named: string | undefined, field = 'issuerId'): { principal: Principal; issuerId: string } {
  const principal = principalOf(c);
  const issuerId = named ?? principal.issuerId;
  if (!issuerId) throw new LaurelError('INVALID_INPUT', `Name the issuer in ${field}: this token may act for several.`, { issues: [{ path: field, message: 'is required' }] });
  return { principal: authorize(c, scope, issuerId), issuerId };
}
