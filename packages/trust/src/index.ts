// Who signed a credential, as opposed to who it says it is, and the verdict that follows.
// Shared by the verifier service and `laurel verify`, so both answer in the same way.
export { VERDICTS, VERDICT_HEADINGS, verdictOf, combineVerdicts, failureReason, type Verdict } from './verdict.js';
export { loadTrustedIssuers, issuerWarning, type TrustedIssuers, type KnownIssuer } from './trusted-issuers.js';
export { fileIssuerRegistry, urlIssuerRegistry, parseIssuerRegistry, type IssuerRegistry, type RegistryEntry, type UrlRegistryOptions } from './issuer-registry.js';
export { checkDomainLinkage, type DomainLinkage, type DomainLinkageDeps } from './domain-linkage.js';
export {
  createIssuerRecognizer,
  claimedIssuerName,
  issuerIdOf,
  recognizeCredentialIssuer,
  type IssuerRecognition,
  type IssuerRecognizer,
  type IssuerRecognizerOptions,
  type RecognitionContext,
  type RecognitionSource,
} from './issuer-recognition.js';
