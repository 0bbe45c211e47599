export { openStore, type OpenStoreOptions, type Store } from './open-store.js';
export type { Repositories } from './repositories/index.js';
export { StoreError, isDatabaseUnavailable, type StoreErrorCode } from './errors.js';
export { retryWhileDatabaseUnavailable, type WaitForDatabaseOptions } from './wait-for-database.js';
export { isUniqueViolation, isRetryableTransactionError, isDatabaseUnreachable } from './driver-errors.js';
export { parseDatabaseUrl, type DatabaseTarget } from './database-url.js';
export type { Timestamp } from './values.js';
export type {
  Database,
  StoreDialect,
  DidMethod,
  VcVersion,
  KeyState,
  AchievementKind,
  CredentialState,
  CredentialFormat,
  StatusPurpose,
  StatusListFormat,
} from './schema.js';
export { isPageCursor, MAX_PAGE_SIZE, type Page, type PageRequest } from './repositories/pages.js';
export type { ErasedTraces, ErasureRepository } from './repositories/erasure.js';
export type { ImportRow, ImportRowRepository } from './repositories/import-rows.js';
export type { Issuer, NewIssuer, IssuerPatch, IssuerRepository } from './repositories/issuers.js';
export type { IssuerKey, NewIssuerKey, IssuerKeyRepository } from './repositories/issuer-keys.js';
export type { Achievement, NewAchievement, AchievementPatch, AchievementRepository, AchievementSearch, RuleVersion } from './repositories/achievements.js';
export type { Learner, LearnerProfile, LearnerUpsert, LearnerUpsertResult, LearnerRepository, LearnerSearch } from './repositories/learners.js';
export type { CompletionRecord, NewCompletionRecord, CompletionRepository } from './repositories/completions.js';
export type { Credential, CredentialAttribute, NewCredential, CredentialRepository, CredentialSearch, CredentialSummary } from './repositories/credentials.js';
export type { StatusListRecord, SignedStatusList, StatusListRepository } from './repositories/status-lists.js';
export type { RevocationListEntry, RevocationListEntryRepository } from './repositories/revocation-list-entries.js';
export type { TakeStatusSlotOptions, StatusSlot, StatusAllocation, NewStatusAllocation } from './repositories/status-allocation.js';
export { API_TOKEN_PREFIX, hashApiToken, type ApiToken, type NewApiToken, type TokenLimits, type TokenListFilter, type ApiTokenRepository } from './repositories/api-tokens.js';
export type { AuditEntry, NewAuditEntry, AuditLogRepository, AuditQuery } from './repositories/audit-log.js';
export type { ShareLink, NewShareLink, ShareLinkRepository } from './repositories/share-links.js';
export type { SignInLinkRepository } from './repositories/sign-in-links.js';
export type { WalletOffer, NewWalletOffer, CodeRedemption, WalletOfferRepository } from './repositories/wallet-offers.js';
export type { WalletNonceKind, WalletNonceRepository } from './repositories/wallet-nonces.js';
export type { GaugeRepository, GaugeSnapshot } from './repositories/gauges.js';
export type { WalletDelivery, NewWalletDelivery, WalletDeliveryRepository } from './repositories/wallet-deliveries.js';
export type { WalletOfferState, WalletProtocol } from './schema.js';
export type {
  BadgePlatformAccount,
  BadgePlatformAccountInput,
  BadgePlatformMapping,
  BadgeDelivery,
  BadgeDeliveryPatch,
  UndeliveredCredential,
  BadgePlatformRepository,
  BadgeTemplate,
  BadgeTemplateInput,
} from './repositories/badge-platforms.js';
export type { BadgePlatform, BadgeOperation, BadgeDeliveryState, BadgeTemplateState } from './schema.js';
export type { EmailDelivery, EmailDeliveryPatch, EmailDeliveryRepository } from './repositories/email-deliveries.js';
export type { EmailKind, EmailDeliveryState } from './schema.js';
export type { LmsCourse, CatalogDefaultsRow, CatalogRepository } from './repositories/catalog.js';
export type { LtiPlatform, NewLtiPlatform, LtiPlatformRepository } from './repositories/lti-platforms.js';
export type { LtiNonceRepository } from './repositories/lti-nonces.js';
export type { LtiToolKey, LtiToolKeyRepository } from './repositories/lti-tool-keys.js';
export type { LtiLearnerClaim } from './schema.js';
export type { Asset, NewAsset, AssetRepository } from './repositories/assets.js';
export type { CertificateDesign, CertificateDesignRepository } from './repositories/certificate-designs.js';
export type { AssetKind, AssetStorage } from './schema.js';
