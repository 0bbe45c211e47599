import type { BadgePlatform, BadgePlatformAccount } from '@laurel/store';
import { badgePlatformSealContext, openSealedSecretKeyWithAny, sealSecretKey } from '@laurel/suites';
import { ACCREDIBLE_PRODUCTION_URL, createAccredibleClient, type AccredibleClient } from './accredible.js';
import { CREDLY_PRODUCTION_URL, createCredlyClient, type CredlyClient } from './credly.js';
import type { BadgeDeliveryDeps, BadgePlatformDeps } from './deps.js';
import { BadgePlatformError } from './errors.js';
import { normalizeBaseUrl } from './http.js';
import { accountView, type BadgePlatformAccountView } from './views.js';

export interface BadgePlatformSettings {
  issuerId: string;
  platform: BadgePlatform;
  apiKey: string;
  /** Defaults to the platform's production API. */
  baseUrl?: string;
  /** Credly's organization id; required for Credly. */
  organizationId?: string;
}

const DEFAULT_URLS: Record<BadgePlatform, string> = { credly: CREDLY_PRODUCTION_URL, accredible: ACCREDIBLE_PRODUCTION_URL };

export const PLATFORM_NAMES: Record<BadgePlatform, string> = { credly: 'Credly', accredible: 'Accredible' };

/** Associated data for the sealed key: it opens only on its own issuer and platform row. */
function sealContext(issuerId: string, platform: BadgePlatform): string {
  return badgePlatformSealContext(issuerId, platform);
}

/**
 * Stores (or replaces) an issuer's platform account, the API key sealed;
 * audited as `badge-platform.connect` (never the key). Returns the account as
 * it may be shown.
 */
export async function configureBadgePlatform(deps: Pick<BadgeDeliveryDeps, 'store' | 'keyEncryptionKey'>, actor: string, settings: BadgePlatformSettings): Promise<BadgePlatformAccountView> {
  if (settings.platform === 'credly' && !settings.organizationId) throw new BadgePlatformError('rejected', 'Credly needs an organization id');
  if (settings.apiKey.length === 0) throw new BadgePlatformError('rejected', 'An API key is required');
  const baseUrl = normalizeBaseUrl(settings.baseUrl ?? DEFAULT_URLS[settings.platform]);
  const account = await deps.store.transaction(async (tx) => {
    const saved = await tx.badgePlatforms.saveAccount({
      issuerId: settings.issuerId,
      platform: settings.platform,
      baseUrl,
      organizationId: settings.organizationId ?? null,
      sealedApiKey: sealSecretKey(settings.apiKey, deps.keyEncryptionKey, sealContext(settings.issuerId, settings.platform)),
    });
    await tx.audit.record({ actor, action: 'badge-platform.connect', targetType: 'badge_platform', targetId: settings.platform, issuerId: settings.issuerId, details: { baseUrl, organizationId: settings.organizationId ?? null } });
    return saved;
  });
  return accountView(account);
}

/**
 * Disconnects the issuer from the platform: the account and its sealed key are
 * deleted. Badges already out stay; deliveries still queued fail visibly
 * ("no account configured") until an account is connected again and they are
 * retried. Audited as `badge-platform.disconnect` when there was an account.
 */
export async function disconnectBadgePlatform(deps: Pick<BadgeDeliveryDeps, 'store'>, actor: string, issuerId: string, platform: BadgePlatform): Promise<boolean> {
  return deps.store.transaction(async (tx) => {
    const deleted = await tx.badgePlatforms.deleteAccount(issuerId, platform);
    if (deleted) await tx.audit.record({ actor, action: 'badge-platform.disconnect', targetType: 'badge_platform', targetId: platform, issuerId, details: {} });
    return deleted;
  });
}

export interface OpenedAccount {
  account: BadgePlatformAccount;
  apiKey: string;
}

/** The issuer's account with its key unsealed; rejected when the issuer has none. */
export async function openAccount(
  deps: Pick<BadgeDeliveryDeps, 'store' | 'keyEncryptionKey' | 'previousKeyEncryptionKey'>,
  issuerId: string,
  platform: BadgePlatform,
): Promise<OpenedAccount> {
  const account = await deps.store.badgePlatforms.getAccount(issuerId, platform);
  if (!account) throw new BadgePlatformError('rejected', `The issuer has no ${PLATFORM_NAMES[platform]} account configured`);
  return { account, apiKey: openSealedSecretKeyWithAny(account.sealedApiKey, [deps.keyEncryptionKey, deps.previousKeyEncryptionKey], sealContext(account.issuerId, account.platform)) };
}

export function credlyClientFor(deps: Pick<BadgePlatformDeps, 'fetcher'>, { account, apiKey }: OpenedAccount): CredlyClient {
  return createCredlyClient({ fetcher: deps.fetcher, baseUrl: account.baseUrl, organizationId: account.organizationId ?? '', apiToken: apiKey });
}

export function accredibleClientFor(deps: Pick<BadgePlatformDeps, 'fetcher'>, { account, apiKey }: OpenedAccount): AccredibleClient {
  return createAccredibleClient({ fetcher: deps.fetcher, baseUrl: account.baseUrl, apiKey });
}
