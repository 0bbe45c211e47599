export { type IssuanceDeps, type PublicUrls, credentialUrl, achievementUrl, claimPageUrl, statusListUrl, statusListIdFromUrl, revocationListUrl, revocationListIssuerFromUrl } from './deps.js';
export { revocationList, type ServedRevocationList } from './revocation-lists.js';
export { StatusSlotBlocks } from './status-slot-blocks.js';
export { NotFoundError, ConflictError } from './errors.js';
export { createIssuer, rotateIssuerKey, getIssuer, listIssuers, findIssuerByIdOrSlug, issuerDidDocument, hostedDidWeb, newIssuerSchema, signingKeyOf, cachedIssuer, cachedSigningKey, type NewIssuerInput } from './issuers.js';
export { didConfiguration, buildDomainLinkageCredential, DOMAIN_LINKAGE_VALIDITY_MS } from './did-configuration.js';
export { createAchievement, getAchievement, listAchievements, newAchievementSchema, LATER_RECORDS_POLICIES, type LaterRecordsPolicy, type NewAchievementInput } from './achievements.js';
export {
  addCatalogCourse,
  getCatalogDefaults,
  putCatalogDefaults,
  catalogDefaultsSchema,
  BUILT_IN_CATALOG_DEFAULTS,
  COURSE_NAME_PLACEHOLDER,
  type CatalogCourse,
  type CatalogCourseOutcome,
  type CatalogDefaults,
  type CatalogDefaultsInput,
  type StoredCatalogDefaults,
} from './catalog.js';
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
export { setLifecycleStatus, LIFECYCLE_STATES, type LifecycleState, type LifecycleChange } from './lifecycle-status.js';
export { publishStatusList, publishStatusLists, STATUS_LIST_TTL_MS, type PublishedStatusList } from './status-lists.js';
export { startExpiryPurge, purgeExpiredSingleUse, type ExpiryPurge, type ExpiryPurgeOptions, type PurgeResult } from './expiry-purge.js';
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
export { createApiToken, revokeApiToken, findLiveApiToken, listApiTokens, getApiToken, apiTokenFromInput, newApiTokenSchema, TOKEN_SCOPES, type NewApiTokenInput, type ApiTokenRecord } from './api-tokens.js';
export { ReadCaches, ReadCache, type ReadCachesOptions } from './read-caches.js';
export { updateIssuerProfile, archiveIssuer, issuerProfileSchema, type IssuerProfilePatch } from './issuer-profile.js';
export {
  updateAchievement,
  archiveAchievement,
  achievementRuleVersions,
  searchAchievements,
  dryRunRules,
  achievementPatchSchema,
  type AchievementPatchInput,
  type DryRunResult,
} from './achievement-admin.js';
export { searchCredentials, credentialHistory, type HistoryEvent } from './credential-history.js';
export { searchLearners, learnerOverview, type LearnerOverview } from './learner-admin.js';
export { eraseLearner, redactedCredential } from './learner-erasure.js';
export { queryAuditLog } from './audit-query.js';
export { certificatePreview, type CertificatePreview, type PreviewSample } from './certificate-preview.js';
export { awardAchievement, importAwardsCsv, importAwardsCsvFile, importAwardsCsvText, type ImportSummary, manualAwardSchema, IMPORT_COLUMNS, MAX_IMPORT_ROWS, type ManualAward, type AwardOutcome, type ImportReport, type ImportRowReport } from './awards.js';
export { insertOffer, automaticOffer, CLAIM_WORKFLOW, OFFER_LIFETIME, type AutomaticOffer, type OfferSecrets } from './wallet-offers.js';
export { deepLinkChallenge, deriveSecret, newTxCode, randomSecret } from './offer-secrets.js';
export { openIssuanceDeps, issuanceEnvSchema, type IssuanceEnv } from './open-issuance-deps.js';
export { withPublicUrlDefaults } from './public-urls.js';
export { rotateKeyEncryptionKey, type KeyEncryptionKeyRotation, type KeyEncryptionKeyRotationReport, type SealedCounts } from './rotate-key-encryption-key.js';
export { decodeKeyEncryptionKey } from './key-encryption-key.js';
export { loadKeyEncryptionKey } from './key-encryption-key.js';
export { oweLearnerMail, mailClaimLink, credentialEmails, retryCredentialEmails, type MailClaimLink } from './learner-mail.js';
export { vaultTransitKeys, type ExternalKeys } from './external-keys.js';
export { evaluateStored, enrollmentModeRequirement } from './evaluate-stored.js';
