import { claimPageUrl as claimPage } from '@laurel/issuance';
import { deepLinkChallenge, deriveSecret } from './secrets.js';
import { CLAIM_WORKFLOW, CREDENTIAL_CONFIGURATION_ID, PRE_AUTHORIZED_GRANT, type WalletDeps } from './deps.js';

function base(deps: Pick<WalletDeps, 'urls'>): string {
  return deps.urls.issuerBaseUrl.replace(/\/+$/, '');
}

/** The OpenID4VCI Credential Issuer Identifier: the installation's base URL. */
export function credentialIssuerId(deps: Pick<WalletDeps, 'urls'>): string {
  return base(deps);
}

/** The `domain` a DID Authentication presentation must be bound to: our origin. */
export function presentationDomain(deps: Pick<WalletDeps, 'urls'>): string {
  return new URL(base(deps)).origin;
}

export function exchangeUrl(deps: Pick<WalletDeps, 'urls'>, exchangeId: string, workflowId = CLAIM_WORKFLOW): string {
  return `${base(deps)}/workflows/${workflowId}/exchanges/${exchangeId}`;
}

export function claimPageUrl(deps: Pick<WalletDeps, 'urls'>, token: string): string {
  return claimPage(deps.urls, token);
}

/** Every way to claim one offer. */
export interface ClaimLinks {
  claimUrl: string;
  /** The VC-API interaction URL: POST {} for a DID Authentication request. */
  exchangeUrl: string;
  /** Opens the Learner Credential Wallet, which sends a DID Authentication straight to the exchange. */
  lcwDeepLink: string;
  /** The OpenID4VCI credential offer, by value. */
  credentialOffer: Record<string, unknown>;
  credentialOfferUri: string;
}

export function claimLinks(deps: Pick<WalletDeps, 'urls'>, token: string, txCodeRequired: boolean): ClaimLinks {
  const exchangeId = deriveSecret(token, 'exchange-id');
  const interaction = exchangeUrl(deps, exchangeId);
  // The form the DCC's exchange services produce: issuer, bearer auth, challenge, request URL.
  const lcw = new URLSearchParams({ issuer: new URL(base(deps)).host, auth_type: 'bearer', challenge: deepLinkChallenge(exchangeId), vc_request_url: interaction });
  const grant: Record<string, unknown> = { 'pre-authorized_code': deriveSecret(token, 'pre-authorized-code') };
  if (txCodeRequired) grant.tx_code = { input_mode: 'numeric', length: 6, description: 'The six-digit code sent to you with this offer' };
  const credentialOffer = {
    credential_issuer: credentialIssuerId(deps),
    credential_configuration_ids: [CREDENTIAL_CONFIGURATION_ID],
    grants: { [PRE_AUTHORIZED_GRANT]: grant },
  };
  return {
    claimUrl: claimPageUrl(deps, token),
    exchangeUrl: interaction,
    lcwDeepLink: `https://lcw.app/request.html?${lcw.toString()}`,
    credentialOffer,
    credentialOfferUri: `openid-credential-offer://?credential_offer=${encodeURIComponent(JSON.stringify(credentialOffer))}`,
  };
}
