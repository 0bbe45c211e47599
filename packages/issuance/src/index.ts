export { type IssuanceDeps, type PublicUrls, credentialUrl, achievementUrl, statusListUrl, statusListIdFromUrl } from './deps.js';
export { NotFoundError, ConflictError } from './errors.js';
export { createIssuer, rotateIssuerKey, getIssuer, findIssuerByIdOrSlug, issuerDidDocument, hostedDidWeb, newIssuerSchema, signingKeyOf, type NewIssuerInput } from './issuers.js';
export { didConfiguration, buildDomainLinkageCredential, DOMAIN_LINKAGE_VALIDITY_MS } from './did-configuration.js';
export { createAchievement, getAchievement, newAchievementSchema, type NewAchievementInput } from './achievements.js';
export {
  recordCompletions,
  completionInputSchema,
  learnerInputSchema,
  type CompletionInput,
  type CompletionsOutcome,
  type FailedLearner,
  type IssuedSummary,
  type AchievementProgress,
} from './completions.js';
export { updateLearner, learnerProgress, getLearner, learnerPatchSchema, type LearnerPatch } from './learners.js';
export { changeCredentialState, getCredential, type CredentialAction } from './credential-state.js';
export { publishStatusList, publishStatusLists, STATUS_LIST_TTL_MS, type PublishedStatusList } from './status-lists.js';
export { startStatusListPublisher, type StatusListPublisher, type StatusListPublisherOptions, type SweepResult } from './status-list-publisher.js';
export { signSuppliedCredential, updateCredentialStatus, type VcApiStatus } from './vc-api.js';
export { certificateRecord, liveStatus, localVerification, type CertificateRecord, type LiveStatus } from './certificates.js';
export {
  learnerRecord,
  sharedRecord,
  createShareLink,
  revokeShareLink,
  sharedRecordUrl,
  createSignInLink,
  useSignInLink,
  SIGN_IN_LINK_TTL_MS,
  type LearnerRecord,
  type RecordCredentialEntry,
  type RecordProgressEntry,
} from './records.js';
export { openIssuanceDeps, issuanceEnvSchema, type IssuanceEnv } from './open-issuance-deps.js';
export { loadKeyEncryptionKey } from './key-encryption-key.js';
export { secureRandom } from './secure-random.js';
