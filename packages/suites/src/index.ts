export { externalIssuerKey, generateIssuerKey, importIssuerKey, publicIssuerKey, verificationMethodOf, type ExternalSigner, type IssuerKey, type PublicIssuerKey } from './keys.js';
export { vaultTransitIssuerKey, vaultTransitSigner, type VaultRequest, type VaultTransitOptions } from './vault-transit.js';
export { sealSecretKey, openSealedSecretKey, openSealedSecretKeyWithAny, badgePlatformSealContext, ltiToolKeySealContext } from './key-encryption.js';
export { buildDidWebDocument } from './did-web-document.js';
export { SUITES, type SuiteName } from './suite-names.js';
export { signCredential, signPresentation, defaultSuiteFor, type SignOptions, type SignPresentationOptions } from './sign.js';
export {
  verifyCredential,
  verifyCredentialExceptStatus,
  settleCredentialStatus,
  verifyPresentation,
  verifyPresentationExceptStatus,
  settlePresentationStatus,
  type VerifyOptions,
  type VerifyPresentationOptions,
  type StatusChecker,
} from './verify.js';
export { checkValidity } from './validity.js';
export {
  CREDENTIAL_CHECKS,
  valid,
  invalid,
  unknown,
  type CheckStatus,
  type CheckResult,
  type CredentialCheckName,
  type CredentialVerification,
  type PresentationVerification,
  type ProofResult,
} from './verification-result.js';
export { InvalidKeyError, KeyDecryptionError, SigningError, findLaurelCause } from './errors.js';
export { canonicalPathCounts, lastRefusalReason } from './canonical/index.js';
