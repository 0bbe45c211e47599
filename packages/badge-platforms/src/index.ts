export { BadgePlatformError, type BadgePlatformFailure } from './errors.js';
export {
  createCredlyClient,
  CREDLY_PRODUCTION_URL,
  CREDLY_SANDBOX_URL,
  type CredlyClient,
  type CredlyClientOptions,
  type CredlyBadgeInput,
  type CredlyBadgeTemplate,
  type CredlyEvent,
} from './credly.js';
export { parseCredlyWebhook, verifyCredlyWebhook, type CredlyWebhookNotice, type CredlyWebhookResult } from './credly-webhooks.js';
export {
  createAccredibleClient,
  ACCREDIBLE_PRODUCTION_URL,
  ACCREDIBLE_EU_URL,
  ACCREDIBLE_SANDBOX_URL,
  type AccredibleClient,
  type AccredibleClientOptions,
  type AccredibleCredentialInput,
  type AccredibleGroup,
} from './accredible.js';
export {
  configureBadgePlatform,
  mapAchievementToBadge,
  deliverBadges,
  processBadgeDeliveries,
  startBadgeDeliveryWorker,
  retryDelayMs,
  type BadgeDeliveryDeps,
  type BadgeDeliverySummary,
  type BadgeLogger,
  type BadgePlatformSettings,
} from './deliveries.js';
