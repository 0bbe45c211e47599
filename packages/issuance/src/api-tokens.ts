import { hashApiToken, type ApiToken, type NewApiToken } from '@laurel/store';
import type { IssuanceDeps } from './deps.js';
import { getIssuer } from './issuers.js';

/**
 * Creates an API token (the secret is returned this once; only its hash is
 * stored), audited as `token.create` in the same transaction. A token for one
 * issuer needs that issuer to exist.
 */
export async function createApiToken(deps: Pick<IssuanceDeps, 'store'>, actor: string, input: NewApiToken): Promise<{ token: string; record: ApiToken }> {
  if (input.issuerId !== null) await getIssuer(deps.store, input.issuerId);
  return deps.store.transaction(async (tx) => {
    const created = await tx.tokens.create(input);
    await tx.audit.record({ actor, action: 'token.create', targetType: 'api_token', targetId: created.record.id, issuerId: created.record.issuerId, details: { name: created.record.name, scopes: created.record.scopes } });
    return created;
  });
}

/** Revokes an API token by id, audited as `token.revoke` in the same transaction. */
export async function revokeApiToken(deps: Pick<IssuanceDeps, 'store' | 'caches'>, actor: string, tokenId: string): Promise<void> {
  await deps.store.transaction(async (tx) => {
    await tx.tokens.revoke(tokenId);
    await tx.audit.record({ actor, action: 'token.revoke', targetType: 'api_token', targetId: tokenId, issuerId: null, details: {} });
  });
  // Kept by secret, which the id does not give: drop them all (revocations are rare).
  deps.caches?.tokens.clear();
}

/** The live (unrevoked) token with this secret, through the in-process cache when there is one (kept by hash, not by secret). */
export async function findLiveApiToken(deps: Pick<IssuanceDeps, 'store' | 'caches'>, secret: string): Promise<ApiToken | undefined> {
  if (!deps.caches) return deps.store.tokens.findByToken(secret);
  return deps.caches.tokens.get(hashApiToken(secret), () => deps.store.tokens.findByToken(secret));
}
