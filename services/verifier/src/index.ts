// Recognition and verdicts live in @laurel/trust (shared with the CLI); re-exported so existing importers keep working.
export {
  loadTrustedIssuers,
  createIssuerRecognizer,
  fileIssuerRegistry,
  urlIssuerRegistry,
  parseIssuerRegistry,
  checkDomainLinkage,
  VERDICTS,
  type TrustedIssuers,
  type KnownIssuer,
  type IssuerRecognition,
  type IssuerRecognizer,
  type RecognitionContext,
  type RecognitionSource,
  type IssuerRegistry,
  type RegistryEntry,
  type DomainLinkage,
  type Verdict,
} from '@laurel/trust';
export { createVerifierApp, type VerifierAppDeps } from './app.js';
export { loadVerifierConfig, verifierConfigSchema, type VerifierConfig } from './config.js';
export { createVerifier, type Verifier, type VerifierDeps, type VerificationReport } from './verifier.js';
export { startVerifier, type RunningVerifier } from './main.js';
export { storeStatusListSources, hostedListState, type HostedListState, type StatusListSources } from './hosted-status-lists.js';
export { loadIssuerRecognizer } from './recognition-config.js';
export { fetchCacheOptions, verifiedStatusListCache } from './fetch-cache.js';
export { documentFetcher, documentsFromJson, verifySubmission, type PageFetchDocument, type PageOutcome, type PageSubmission } from './page-input.js';
export { VERIFY_PAGE_CATALOG, pageLocale, type PageLocale, type VerifyPageMessages, type VerifyPageMessageKey } from './page-locale.js';
export { serveVerifier } from './serve.js';
