export { createVerifierApp, type VerifierAppDeps } from './app.js';
export { loadVerifierConfig, verifierConfigSchema, type VerifierConfig } from './config.js';
export { createVerifier, type Verifier, type VerifierDeps, type VerificationReport } from './verifier.js';
export { loadTrustedIssuers, type TrustedIssuers, type KnownIssuer } from './trusted-issuers.js';
export { startVerifier, type RunningVerifier } from './main.js';
export { storeStatusListSources, hostedListState, type HostedListState, type StatusListSources } from './hosted-status-lists.js';
export { documentFetcher, documentsFromJson, verifySubmission, type PageOutcome, type PageSubmission } from './page-input.js';
