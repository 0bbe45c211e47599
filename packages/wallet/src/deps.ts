import { CLAIM_WORKFLOW, OFFER_LIFETIME, type IssuanceDeps } from '@laurel/issuance';

/** The issuing domain's dependencies, plus the lifetimes of what the wallet flows hand out. */
export type WalletDeps = IssuanceDeps;

/** Lifetimes, in milliseconds. Short where a value only bridges two requests of one wallet. */
export const WALLET_TTL = {
  /** An offer sent by email must survive a weekend. */
  offerDefault: OFFER_LIFETIME.default,
  offerMax: OFFER_LIFETIME.max,
  accessToken: 5 * 60_000,
  nonce: 5 * 60_000,
  challenge: 15 * 60_000,
  /** How old a proof JWT's `iat` may be. */
  proofAgeSeconds: 300,
  clockToleranceSeconds: 60,
} as const;

/** Wrong PINs before the pre-authorized code is dead (a six-digit PIN cannot be guessed in five tries). */
export const MAX_TX_CODE_FAILURES = 5;

/** The one VC-API workflow Laurel runs: claim a credential after DID Authentication. */
export { CLAIM_WORKFLOW };

export const PRE_AUTHORIZED_GRANT = 'urn:ietf:params:oauth:grant-type:pre-authorized_code';

export const CREDENTIAL_CONFIGURATION_ID = 'OpenBadgeCredential_ldp_vc';
