export { type IssuanceDeps, type PublicUrls, credentialUrl, achievementUrl, claimPageUrl, statusListUrl, statusListIdFromUrl } from './deps.js';
export { NotFoundError, ConflictError } from './errors.js';
export { createIssuer, rotateIssuerKey, getIssuer, listIssuers, findIssuerByIdOrSlug, issuerDidDocument, hostedDidWeb, newIssuerSchema, signingKeyOf, type NewIssuerInput } from './issuers.js';
export { didConfiguration, buildDomainLinkageCredential, DOMAIN_LINKAGE_VALIDITY_MS } from './did-configuration.js';
export { createAchievement, getAchievement, listAchievements, newAchievementSchema, type NewAchievementInput } from './achievements.js';
export {
  recordCompletions,
  completionInputSchema,
  learnerInputSchema,
  type CompletionInput,
  type CompletionsOutcome,
  type ExistingCredential,
  type FailedLearner,
  type IssuedSummary,
  type AchievementProgress,
} from './completions.js';
export { updateLearner, learnerProgress, getLearner, learnerPatchSchema, type LearnerPatch } from './learners.js';
export { changeCredentialState, getCredential, type CredentialAction } from './credential-state.js';
export { publishStatusList, publishStatusLists, STATUS_LIST_TTL_MS, type PublishedStatusList } from './status-lists.js';
export { startStatusListPublisher, type StatusListPublisher, type StatusListPublisherOptions, type SweepResult } from './status-list-publisher.js';
export { signSuppliedCredential, updateCredentialStatus, type VcApiStatus } from './vc-api.js';
export { publicAchievement, type PublicAchievement } from './public-achievement.js';
export { certificateRecord, publicCredential, liveStatus, localVerification, type CertificateRecord, type LiveStatus, type RevokedCredential } from './certificates.js';
export {
  learnerRecord,
  sharedRecord,
  createShareLink,
  listShareLinks,
  revokeShareLink,
  sharedRecordUrl,
  createSignInLink,
  useSignInLink,
  SIGN_IN_LINK_TTL_MS,
  type LearnerRecord,
  type RecordCredentialEntry,
  type RecordProgressEntry,
} from './records.js';
export { createApiToken, revokeApiToken } from './api-tokens.js';
export { insertOffer, automaticOffer, CLAIM_WORKFLOW, OFFER_LIFETIME, type AutomaticOffer, type OfferSecrets } from './wallet-offers.js';
export { deepLinkChallenge, deriveSecret, newTxCode, randomSecret } from './offer-secrets.js';
export { openIssuanceDeps, issuanceEnvSchema, type IssuanceEnv } from './open-issuance-deps.js';
export { loadKeyEncryptionKey } from './key-encryption-key.js';
