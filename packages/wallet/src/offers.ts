import { NotFoundError, getCredential, insertOffer } from '@laurel/issuance';
import type { Credential, WalletOffer } from '@laurel/store';
import { WALLET_TTL, type WalletDeps } from './deps.js';
import { qrDataUrls } from './qr.js';
import { newTxCode, randomSecret } from './secrets.js';
import { claimLinks, type ClaimLinks } from './urls.js';

export interface OfferOptions {
  /** Seconds until the offer expires (default 72 hours, at most 30 days). */
  expiresInSeconds?: number;
  /** Protect the OpenID4VCI code with a six-digit PIN, returned once for the caller to send. */
  txCode?: boolean;
}

export interface CreatedOffer extends ClaimLinks {
  id: string;
  credentialId: string;
  expiresAt: string;
  /** The PIN, in clear, this once; only its hash is kept. */
  txCode?: string;
  qr: { lcw: { svg: string; png: string }; oid4vci: { svg: string; png: string } };
}

/**
 * A single-use, expiring claim offer for an issued credential, with every
 * way to claim it. `issuerId` is the tenant the caller may act for; `actor`
 * who asks (the `wallet.offer` audit row commits with the offer).
 */
export async function createOffer(deps: WalletDeps, actor: string, issuerId: string, credentialId: string, options: OfferOptions = {}): Promise<CreatedOffer> {
  const [offer] = await createOffers(deps, actor, [{ issuerId, credentialId }], options);
  return offer!;
}

/**
 * Offers for several credentials (each named with the tenant it belongs to),
 * in one transaction: all of them, with their audit rows, or none.
 */
export async function createOffers(deps: WalletDeps, actor: string, credentials: { issuerId: string; credentialId: string }[], options: OfferOptions = {}): Promise<CreatedOffer[]> {
  const lifetimeMs = (options.expiresInSeconds ?? WALLET_TTL.offerDefault / 1000) * 1000;
  const secrets = credentials.map(() => ({ token: randomSecret(), txCode: options.txCode ? newTxCode() : null, lifetimeMs }));
  const offers = await deps.store.transaction(async (tx) => {
    const created: WalletOffer[] = [];
    for (const [index, { issuerId, credentialId }] of credentials.entries()) {
      created.push(await insertOffer(tx, deps, actor, await getCredential(tx, issuerId, credentialId), secrets[index]!));
    }
    return created;
  });
  const answers: CreatedOffer[] = [];
  for (const [index, offer] of offers.entries()) {
    const { token, txCode } = secrets[index]!;
    const links = claimLinks(deps, token, txCode !== null);
    answers.push({ id: offer.id, credentialId: offer.credentialId, expiresAt: offer.expiresAt, ...links, ...(txCode !== null ? { txCode } : {}), qr: await offerQrCodes(links) });
  }
  return answers;
}

export async function offerQrCodes(links: ClaimLinks): Promise<CreatedOffer['qr']> {
  return { lcw: await qrDataUrls(links.lcwDeepLink), oid4vci: await qrDataUrls(links.credentialOfferUri) };
}

/** What the claim page shows: the offer, its credential, its links; NotFound for an unknown token. */
export async function claimPageData(deps: WalletDeps, token: string): Promise<{ offer: WalletOffer; credential: Credential; links: ClaimLinks; expired: boolean }> {
  const offer = await deps.store.walletOffers.findByToken(token);
  if (!offer) throw new NotFoundError('claim offer', 'given');
  const credential = await getCredential(deps.store, offer.issuerId, offer.credentialId);
  return { offer, credential, links: claimLinks(deps, token, offer.txCodeRequired), expired: isExpired(offer, deps.now()) };
}

export function isExpired(offer: WalletOffer, now: Date): boolean {
  return offer.state !== 'complete' && Date.parse(offer.expiresAt) <= now.getTime();
}
