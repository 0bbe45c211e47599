import { createHmac } from 'node:crypto';
import type { Credential, Repositories, WalletOffer } from '@laurel/store';
import { claimPageUrl, type IssuanceDeps } from './deps.js';
import { ConflictError } from './errors.js';
import { deepLinkChallenge, deriveSecret } from './offer-secrets.js';

/** The one VC-API workflow Laurel runs: claim a credential after DID Authentication. */
export const CLAIM_WORKFLOW = 'claim';

/** Offer lifetimes, in milliseconds: an offer sent by email must survive a weekend. */
export const OFFER_LIFETIME = { default: 72 * 3600_000, max: 30 * 24 * 3600_000 } as const;

export interface OfferSecrets {
  /** The claim token, in clear; everything else the offer hands out is derived from it. */
  token: string;
  /** A six-digit PIN for the OpenID4VCI code, or null. */
  txCode: string | null;
  /** Capped at OFFER_LIFETIME.max. */
  lifetimeMs: number;
}

/**
 * Writes a claim offer for an active credential in the caller's transaction:
 * the offer row, the challenge its LCW deep link carries, and the audit row.
 */
export async function insertOffer(tx: Repositories, deps: Pick<IssuanceDeps, 'now'>, actor: string, credential: Credential, secrets: OfferSecrets, automatic = false): Promise<WalletOffer> {
  if (credential.state !== 'active') throw new ConflictError(`The credential is ${credential.state}; only an active credential can be offered.`, { state: credential.state });
  const expiresAt = new Date(deps.now().getTime() + Math.min(secrets.lifetimeMs, OFFER_LIFETIME.max));
  const exchangeId = deriveSecret(secrets.token, 'exchange-id');
  const offer = await tx.walletOffers.create({
    issuerId: credential.issuerId,
    credentialId: credential.id,
    workflowId: CLAIM_WORKFLOW,
    token: secrets.token,
    exchangeId,
    preAuthorizedCode: deriveSecret(secrets.token, 'pre-authorized-code'),
    txCode: secrets.txCode,
    expiresAt,
  });
  await tx.walletNonces.add('challenge', deepLinkChallenge(exchangeId), offer.id, expiresAt);
  await tx.audit.record({
    actor,
    action: 'wallet.offer',
    targetType: 'credential',
    targetId: credential.id,
    issuerId: credential.issuerId,
    details: { offerId: offer.id, expiresAt: offer.expiresAt, ...(automatic ? { automatic: true } : {}), ...(secrets.txCode !== null ? { txCode: true } : {}) },
  });
  return offer;
}

/** What a completion answer says about a credential's automatic offer. */
export interface AutomaticOffer {
  claimUrl: string;
  /** open: claimable now; claimed: a wallet took it; expired: ask POST /v1/credentials/{id}/offers for a fresh one. */
  claimState: 'open' | 'claimed' | 'expired';
  claimExpiresAt: string;
}

/**
 * The automatic offer's token is derived from the credential id under a key
 * derived from the key-encryption key, so a retried completion can answer with
 * the same claim link although the store keeps only the token's hash. Whoever
 * holds the key-encryption key could compute it, but they could also unseal
 * every signing key.
 */
function automaticOfferToken(deps: Pick<IssuanceDeps, 'keyEncryptionKey'>, credentialId: string): string {
  const key = createHmac('sha256', deps.keyEncryptionKey).update('laurel-wallet:automatic-offer').digest();
  return createHmac('sha256', key).update(credentialId).digest('base64url');
}

function describe(deps: Pick<IssuanceDeps, 'urls' | 'now'>, token: string, offer: WalletOffer): AutomaticOffer {
  const claimState = offer.state === 'complete' ? 'claimed' : Date.parse(offer.expiresAt) <= deps.now().getTime() ? 'expired' : 'open';
  return { claimUrl: claimPageUrl(deps.urls, token), claimState, claimExpiresAt: offer.expiresAt };
}

/**
 * The credential's automatic offer, created in the caller's transaction when
 * it has none yet (and the credential is active); undefined for a credential
 * that is not active and never had one. One per credential: a retry finds it.
 */
export async function automaticOffer(tx: Repositories, deps: Pick<IssuanceDeps, 'urls' | 'now' | 'keyEncryptionKey'>, actor: string, credential: Credential): Promise<AutomaticOffer | undefined> {
  const token = automaticOfferToken(deps, credential.id);
  const existing = await tx.walletOffers.findByToken(token);
  if (existing) return describe(deps, token, existing);
  if (credential.state !== 'active') return undefined;
  return describe(deps, token, await insertOffer(tx, deps, actor, credential, { token, txCode: null, lifetimeMs: OFFER_LIFETIME.default }, true));
}
