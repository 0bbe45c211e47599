import type { WalletOffer } from '@laurel/store';
import { verifyPresentation } from '@laurel/suites';
import { CLAIM_WORKFLOW, WALLET_TTL, type WalletDeps } from './deps.js';
import { ExchangeError } from './errors.js';
import { deliverToHolder } from './holder-binding.js';
import { isExpired } from './offers.js';
import { deepLinkChallenge, randomSecret } from './secrets.js';
import { exchangeUrl, presentationDomain } from './urls.js';

export type ExchangeState = 'pending' | 'active' | 'complete' | 'expired';

async function findExchange(deps: WalletDeps, workflowId: string, exchangeId: string): Promise<WalletOffer> {
  const offer = workflowId === CLAIM_WORKFLOW ? await deps.store.walletOffers.findByExchangeId(exchangeId) : undefined;
  if (!offer || offer.workflowId !== workflowId) throw new ExchangeError('NOT_FOUND', 404, 'No such exchange.');
  return offer;
}

function stateOf(offer: WalletOffer, now: Date): ExchangeState {
  return isExpired(offer, now) ? 'expired' : offer.state;
}

/** VC-API `GET /workflows/{w}/exchanges/{id}`: the exchange's state, never its secrets. */
export async function exchangeState(deps: WalletDeps, workflowId: string, exchangeId: string): Promise<{ id: string; workflowId: string; state: ExchangeState; expires: string }> {
  const offer = await findExchange(deps, workflowId, exchangeId);
  return { id: exchangeUrl(deps, exchangeId, workflowId), workflowId, state: stateOf(offer, deps.now()), expires: offer.expiresAt };
}

function assertOpen(offer: WalletOffer, now: Date): void {
  const state = stateOf(offer, now);
  if (state === 'expired') throw new ExchangeError('EXCHANGE_EXPIRED', 410, 'This exchange has expired; ask for a new claim link.');
  if (state === 'complete') throw new ExchangeError('EXCHANGE_COMPLETE', 409, 'This exchange is complete: the credential was already claimed.');
}

/** The presentation a wallet sent: `{verifiablePresentation}` per VC-API, or the bare presentation as the LCW sends it. */
function presentationIn(body: Record<string, unknown>): Record<string, unknown> | undefined {
  const wrapped = body.verifiablePresentation;
  if (wrapped && typeof wrapped === 'object' && !Array.isArray(wrapped)) return wrapped as Record<string, unknown>;
  const types = ([] as unknown[]).concat(body.type ?? []);
  return types.includes('VerifiablePresentation') ? body : undefined;
}

function proofField(presentation: Record<string, unknown>, field: 'challenge' | 'domain'): string | undefined {
  const proof = ([] as unknown[]).concat(presentation.proof ?? [])[0] as Record<string, unknown> | undefined;
  const value = proof?.[field];
  return typeof value === 'string' ? value : undefined;
}

/**
 * VC-API `POST /workflows/{w}/exchanges/{id}`. An empty body starts (or
 * restarts) the exchange: a DID Authentication request with a fresh,
 * single-use challenge. A presentation answers it: verified (proof,
 * challenge, domain, holder = signer), then the credential is signed for the
 * holder and returned in a presentation. Each step refuses a used challenge,
 * a claimed offer and an expired one.
 */
export async function participate(deps: WalletDeps, workflowId: string, exchangeId: string, body: Record<string, unknown>): Promise<Record<string, unknown>> {
  const offer = await findExchange(deps, workflowId, exchangeId);
  const now = deps.now();
  assertOpen(offer, now);
  if (Object.keys(body).length === 0) return requestDidAuthentication(deps, offer, exchangeId);

  const presentation = presentationIn(body);
  if (!presentation) throw new ExchangeError('INVALID_PRESENTATION', 400, 'Send {"verifiablePresentation": …} signed for the challenge, or an empty body to get one.');
  const challenge = proofField(presentation, 'challenge');
  if (!challenge) throw new ExchangeError('INVALID_PRESENTATION', 400, 'The presentation proof carries no challenge.');
  // The LCW's deep link hands the wallet a challenge without a domain; every other challenge came with ours.
  const domainRequired = challenge !== deepLinkChallenge(exchangeId);
  const domain = presentationDomain(deps);
  if (!domainRequired && proofField(presentation, 'domain') === undefined) {
    await verifyOrRefuse(presentation, { challenge, now });
  } else {
    await verifyOrRefuse(presentation, { challenge, domain, now });
  }
  const holder = presentation.holder as string;

  const credential = await deps.store.transaction(async (tx) => {
    if (!(await tx.walletNonces.consume('challenge', challenge, offer.id, now))) {
      throw new ExchangeError('INVALID_CHALLENGE', 400, 'The challenge is unknown, expired or already used; POST an empty body for a new one.');
    }
    const delivered = await deliverToHolder(deps, tx, offer.id, holder, 'vc-api');
    if (!delivered) throw new ExchangeError('EXCHANGE_COMPLETE', 409, 'This exchange is complete or expired.');
    return delivered;
  });
  return {
    verifiablePresentation: {
      '@context': ['https://www.w3.org/ns/credentials/v2'],
      type: ['VerifiablePresentation'],
      verifiableCredential: [credential],
    },
  };
}

async function requestDidAuthentication(deps: WalletDeps, offer: WalletOffer, exchangeId: string): Promise<Record<string, unknown>> {
  const now = deps.now();
  const challenge = randomSecret();
  const expiresAt = new Date(Math.min(now.getTime() + WALLET_TTL.challenge, Date.parse(offer.expiresAt)));
  await deps.store.walletNonces.add('challenge', challenge, offer.id, expiresAt);
  await deps.store.walletOffers.activate(offer.id, now);
  const serviceEndpoint = exchangeUrl(deps, exchangeId, offer.workflowId);
  return {
    verifiablePresentationRequest: {
      query: [{ type: 'DIDAuthentication', acceptedMethods: [{ method: 'key' }], acceptedCryptosuites: [{ cryptosuite: 'eddsa-rdfc-2022' }, { cryptosuite: 'Ed25519Signature2020' }] }],
      challenge,
      domain: presentationDomain(deps),
      interact: { service: [{ type: 'VerifiableCredentialApiExchangeService', serviceEndpoint }] },
    },
  };
}

/**
 * The verifier accepts a presentation without a holder (VC Data Model 2.0
 * §4.13 makes it optional); DID Authentication exists to learn the holder's
 * DID, so this exchange requires one, and it must be the signer.
 */
async function verifyOrRefuse(presentation: Record<string, unknown>, options: { challenge: string; domain?: string; now: Date }): Promise<void> {
  const result = await verifyPresentation(presentation, options);
  if (result.verified && typeof presentation.holder === 'string') return;
  const failed = Object.entries(result.checks).filter(([, check]) => check.status !== 'valid').map(([name, check]) => ({ path: name, message: check.reason }));
  throw new ExchangeError('INVALID_PRESENTATION', 400, `The DID Authentication failed: ${failed.map((issue) => issue.message).join(' ') || 'the holder must be a DID string.'}`, { issues: failed });
}
