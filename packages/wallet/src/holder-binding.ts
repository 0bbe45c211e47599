import { getIssuer, signingKeyOf } from '@laurel/issuance';
import type { Repositories, WalletProtocol } from '@laurel/store';
import { signCredential } from '@laurel/suites';
import type { WalletDeps } from './deps.js';
import { ExchangeError } from './errors.js';

/**
 * Claims the offer for `holderDid` and returns the credential signed for that
 * holder, inside the caller's transaction. The copy keeps the stored
 * credential's id and `credentialStatus` entries, so revoking the credential
 * revokes every copy. Returns undefined when the offer was already claimed
 * or has expired (the conditional update is the single-use guarantee).
 */
export async function deliverToHolder(
  deps: WalletDeps,
  tx: Repositories,
  offerId: string,
  holderDid: string,
  protocol: WalletProtocol,
): Promise<Record<string, unknown> | undefined> {
  const offer = await tx.walletOffers.get(offerId);
  if (!offer || !(await tx.walletOffers.complete(offerId, protocol, holderDid, deps.now()))) return undefined;
  const credential = await tx.credentials.get(offer.credentialId);
  if (!credential || credential.state !== 'active') {
    throw new ExchangeError('CREDENTIAL_NOT_ACTIVE', 409, `The credential is ${credential?.state ?? 'gone'}; it can no longer be claimed.`);
  }
  const { proof: _proof, ...unsigned } = credential.document as Record<string, unknown>;
  const subject = unsigned.credentialSubject as Record<string, unknown>;
  const issuer = await getIssuer(tx, credential.issuerId);
  const key = await signingKeyOf(deps, tx, issuer);
  const document = await signCredential({ ...unsigned, credentialSubject: { id: holderDid, ...withoutId(subject) } }, { key });
  await tx.walletDeliveries.record({ offerId, credentialId: credential.id, holderDid, protocol, document });
  return document;
}

function withoutId(subject: Record<string, unknown>): Record<string, unknown> {
  const { id: _id, ...rest } = subject;
  return rest;
}
