import { z } from 'zod';
import { LaurelError } from '@laurel/models';
import { hashApiToken, type ApiToken, type NewApiToken, type Page, type PageRequest, type TokenLimits } from '@laurel/store';
import type { IssuanceDeps } from './deps.js';
import { NotFoundError } from './errors.js';
import { getIssuer } from './issuers.js';

/** admin implies issue implies revoke implies read (the service expands them). */
export const TOKEN_SCOPES = ['read', 'revoke', 'issue', 'admin'] as const;
/** What a course-staff token may hold: it reads and revokes its courses' credentials, nothing more. */
const COURSE_STAFF_SCOPES: readonly string[] = ['read', 'revoke'];

export const newApiTokenSchema = z
  .strictObject({
    name: z.string().trim().min(1).max(100),
    scopes: z.array(z.enum(TOKEN_SCOPES)).min(1).max(4).default(['read']),
    /** The issuer the token acts for; absent: every issuer (only a global admin may create such a token). */
    issuerId: z.string().min(1).max(128).optional(),
    /** Course staff: only credentials of these LMS courses… */
    courseIds: z.array(z.string().trim().min(1).max(255)).max(100).optional(),
    /** …and of these achievements (ids) of the token's issuer. */
    achievementIds: z.array(z.string().min(1).max(128)).max(100).optional(),
  })
  .superRefine((input, context) => {
    const limited = input.courseIds !== undefined || input.achievementIds !== undefined;
    if (!limited) return;
    if (input.issuerId === undefined) context.addIssue({ code: 'custom', path: ['issuerId'], message: 'is required for a token limited to courses or achievements' });
    if ((input.courseIds?.length ?? 0) + (input.achievementIds?.length ?? 0) === 0) {
      context.addIssue({ code: 'custom', path: ['courseIds'], message: 'name at least one course or achievement' });
    }
    const extra = input.scopes.filter((scope) => !COURSE_STAFF_SCOPES.includes(scope));
    if (extra.length > 0) context.addIssue({ code: 'custom', path: ['scopes'], message: `a course-staff token may only read and revoke, not ${extra.join(', ')}` });
  });
export type NewApiTokenInput = z.input<typeof newApiTokenSchema>;

/** The token record as the API shows it: never the secret, nor its hash. */
export type ApiTokenRecord = ApiToken;

/**
 * Creates an API token (the secret is returned this once; only its hash is
 * stored), audited as `token.create` in the same transaction. A token for one
 * issuer needs that issuer to exist; a course-staff token's achievements must
 * be that issuer's.
 */
export async function createApiToken(deps: Pick<IssuanceDeps, 'store'>, actor: string, input: NewApiToken): Promise<{ token: string; record: ApiToken }> {
  if (input.issuerId !== null) await getIssuer(deps.store, input.issuerId);
  for (const achievementId of input.limitedTo?.achievementIds ?? []) {
    const achievement = await deps.store.achievements.get(achievementId);
    if (achievement?.issuerId !== input.issuerId) {
      throw new LaurelError('INVALID_INPUT', `No achievement ${achievementId} at this issuer.`, { issues: [{ path: 'achievementIds', message: `unknown achievement ${achievementId}` }] });
    }
  }
  return deps.store.transaction(async (tx) => {
    const created = await tx.tokens.create(input);
    await tx.audit.record({
      actor,
      action: 'token.create',
      targetType: 'api_token',
      targetId: created.record.id,
      issuerId: created.record.issuerId,
      details: { name: created.record.name, scopes: created.record.scopes, ...(created.record.limitedTo ? { limitedTo: created.record.limitedTo } : {}) },
    });
    return created;
  });
}

/** The API's input, validated, as the store takes it. */
export function apiTokenFromInput(input: NewApiTokenInput): NewApiToken {
  const data = newApiTokenSchema.parse(input);
  const limited = data.courseIds !== undefined || data.achievementIds !== undefined;
  const limitedTo: TokenLimits | null = limited ? { courseIds: data.courseIds ?? [], achievementIds: data.achievementIds ?? [] } : null;
  return { issuerId: data.issuerId ?? null, name: data.name, scopes: data.scopes, limitedTo };
}

/** Tokens, oldest first; `issuerId` null lists every token (a global admin's view). */
export async function listApiTokens(deps: Pick<IssuanceDeps, 'store'>, filter: { issuerId: string | null; includeRevoked?: boolean | undefined }, page: PageRequest): Promise<Page<ApiToken>> {
  return deps.store.tokens.list({ ...(filter.issuerId !== null ? { issuerId: filter.issuerId } : {}), includeRevoked: filter.includeRevoked }, page);
}

export async function getApiToken(deps: Pick<IssuanceDeps, 'store'>, tokenId: string): Promise<ApiToken> {
  const token = await deps.store.tokens.get(tokenId);
  if (!token) throw new NotFoundError('API token', tokenId);
  return token;
}

/**
 * Revokes an API token by id, audited as `token.revoke` in the same
 * transaction. Revoking twice keeps the first time and writes no second row.
 */
export async function revokeApiToken(deps: Pick<IssuanceDeps, 'store' | 'caches'>, actor: string, tokenId: string): Promise<ApiToken> {
  const revoked = await deps.store.transaction(async (tx) => {
    const current = await tx.tokens.get(tokenId);
    if (!current) throw new NotFoundError('API token', tokenId);
    if (current.revokedAt !== null) return current;
    await tx.tokens.revoke(tokenId);
    await tx.audit.record({ actor, action: 'token.revoke', targetType: 'api_token', targetId: tokenId, issuerId: current.issuerId, details: { name: current.name } });
    return (await tx.tokens.get(tokenId)) ?? current;
  });
  // Kept by secret, which the id does not give: drop them all (revocations are rare).
  deps.caches?.tokens.clear();
  return revoked;
}

/** The live (unrevoked) token with this secret, through the in-process cache when there is one (kept by hash, not by secret). */
export async function findLiveApiToken(deps: Pick<IssuanceDeps, 'store' | 'caches'>, secret: string): Promise<ApiToken | undefined> {
  if (!deps.caches) return deps.store.tokens.findByToken(secret);
  return deps.caches.tokens.get(hashApiToken(secret), () => deps.store.tokens.findByToken(secret));
}
