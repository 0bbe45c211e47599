import type { GuardedFetcher } from '@laurel/guarded-fetch';
import type { BadgeDelivery, BadgePlatform, Credential, Store } from '@laurel/store';
import { openSealedSecretKey, sealSecretKey } from '@laurel/suites';
import { ACCREDIBLE_PRODUCTION_URL, createAccredibleClient } from './accredible.js';
import { CREDLY_PRODUCTION_URL, createCredlyClient } from './credly.js';
import { BadgePlatformError } from './errors.js';
import { normalizeBaseUrl } from './http.js';

/** Structured log sink; pino's logger fits. Fields never include an API key. */
export interface BadgeLogger {
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
}

export interface BadgeDeliveryDeps {
  store: Store;
  /** The issuer service's key-encryption key: seals platform API keys like signing keys. */
  keyEncryptionKey: Uint8Array;
  /** The one way out to the network. */
  fetcher: GuardedFetcher;
  now: () => Date;
  logger?: BadgeLogger;
  /** Attempts before a delivery is left failed. Default 6. */
  maxAttempts?: number;
  /** First retry delay; doubled each attempt. Default 30 s. */
  baseDelayMs?: number;
  /** Longest retry delay. Default 6 h. */
  maxDelayMs?: number;
  /** How long a claimed attempt keeps others off the row (a crashed worker's row comes back after it). Default 5 min. */
  leaseMs?: number;
}

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

/** Associated data for the sealed key: it opens only on its own issuer and platform row. */
function sealContext(issuerId: string, platform: BadgePlatform): string {
  return `badge-platform:${issuerId}:${platform}`;
}

/** Stores (or replaces) an issuer's platform account, the API key sealed. */
export async function configureBadgePlatform(deps: Pick<BadgeDeliveryDeps, 'store' | 'keyEncryptionKey'>, settings: BadgePlatformSettings): Promise<void> {
  if (settings.platform === 'credly' && !settings.organizationId) throw new BadgePlatformError('rejected', 'Credly needs an organization id');
  if (settings.apiKey.length === 0) throw new BadgePlatformError('rejected', 'An API key is required');
  await deps.store.badgePlatforms.saveAccount({
    issuerId: settings.issuerId,
    platform: settings.platform,
    baseUrl: normalizeBaseUrl(settings.baseUrl ?? DEFAULT_URLS[settings.platform]),
    organizationId: settings.organizationId ?? null,
    sealedApiKey: sealSecretKey(settings.apiKey, deps.keyEncryptionKey, sealContext(settings.issuerId, settings.platform)),
  });
}

/** Awards the achievement as a Credly badge template or Accredible group; null stops it. */
export async function mapAchievementToBadge(
  deps: Pick<BadgeDeliveryDeps, 'store'>,
  achievementId: string,
  platform: BadgePlatform,
  remoteId: string | null,
): Promise<void> {
  await deps.store.badgePlatforms.setMapping(achievementId, platform, remoteId);
}

export interface BadgeDeliverySummary {
  /** Delivery rows created for newly issued credentials. */
  queued: number;
  /** Delivered rows switched to revocation. */
  revocationsQueued: number;
  attempted: number;
  delivered: number;
  retrying: number;
  failed: number;
}

function emptySummary(): BadgeDeliverySummary {
  return { queued: 0, revocationsQueued: 0, attempted: 0, delivered: 0, retrying: 0, failed: 0 };
}

function dateOnly(timestamp: string): string {
  return new Date(timestamp).toISOString().slice(0, 10);
}

function splitName(name: string): { firstName: string; lastName: string } {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  const firstName = parts[0] ?? '';
  return { firstName, lastName: parts.length > 1 ? parts.slice(1).join(' ') : firstName };
}

function validUntil(document: unknown): string | undefined {
  if (typeof document !== 'object' || document === null) return undefined;
  const record = document as Record<string, unknown>;
  const value = record.validUntil ?? record.expirationDate;
  return typeof value === 'string' ? value : undefined;
}

function redact(text: string, secret: string | undefined): string {
  return secret && secret.length >= 4 ? text.split(secret).join('[redacted]') : text;
}

/** Exponential backoff: base, 2×base, 4×base… capped. `attempt` counts from 1. */
export function retryDelayMs(attempt: number, baseDelayMs = 30_000, maxDelayMs = 6 * 60 * 60 * 1000): number {
  return Math.min(maxDelayMs, baseDelayMs * 2 ** Math.max(0, attempt - 1));
}

/** Makes sure the credential has a delivery row per mapped platform, and switches delivered ones to revocation once it is revoked. */
async function reconcile(deps: BadgeDeliveryDeps, credential: Credential, summary: BadgeDeliverySummary): Promise<void> {
  const repo = deps.store.badgePlatforms;
  if (credential.state !== 'revoked') {
    for (const mapping of await repo.listMappings(credential.achievementId)) {
      const before = await repo.listForCredential(credential.id);
      if (!before.some((row) => row.platform === mapping.platform)) {
        await repo.ensureDelivery(credential.id, mapping.platform, deps.now());
        summary.queued++;
      }
    }
    return;
  }
  for (const row of await repo.listForCredential(credential.id)) {
    if (row.operation === 'issue') await queueRevocation(deps, row, summary);
  }
}

async function queueRevocation(deps: BadgeDeliveryDeps, row: BadgeDelivery, summary: BadgeDeliverySummary): Promise<void> {
  const nowTs = deps.now().toISOString();
  const nothingThere = row.remoteId === null;
  const changed = await deps.store.badgePlatforms.updateDelivery(
    row.id,
    { attempts: row.attempts, operation: 'issue' },
    nothingThere
      ? { operation: 'revoke', state: 'delivered', attempts: 0, nextAttemptAt: null, reason: 'revoked before the badge was issued on the platform' }
      : { operation: 'revoke', state: 'pending', attempts: 0, nextAttemptAt: nowTs, reason: null },
  );
  if (changed) summary.revocationsQueued++;
}

/** One attempt at one due delivery. */
async function attempt(deps: BadgeDeliveryDeps, row: BadgeDelivery, summary: BadgeDeliverySummary): Promise<void> {
  const repo = deps.store.badgePlatforms;
  const now = deps.now();
  const attemptNumber = row.attempts + 1;
  const claimed = await repo.updateDelivery(
    row.id,
    { attempts: row.attempts, operation: row.operation },
    { attempts: attemptNumber, nextAttemptAt: new Date(now.getTime() + (deps.leaseMs ?? 5 * 60 * 1000)).toISOString() },
  );
  if (!claimed) return;
  summary.attempted++;
  const fields = { deliveryId: row.id, credentialId: row.credentialId, platform: row.platform, operation: row.operation, attempt: attemptNumber };
  let apiKey: string | undefined;
  try {
    const credential = await deps.store.credentials.get(row.credentialId);
    if (!credential) throw new BadgePlatformError('rejected', 'The credential no longer exists');
    const account = await repo.getAccount(credential.issuerId, row.platform);
    if (!account) throw new BadgePlatformError('rejected', `The issuer has no ${row.platform} account configured`);
    apiKey = openSealedSecretKey(account.sealedApiKey, deps.keyEncryptionKey, sealContext(account.issuerId, account.platform));
    const remoteId = await perform(deps, row, credential, account.baseUrl, account.organizationId, apiKey);
    await repo.updateDelivery(row.id, { attempts: attemptNumber, operation: row.operation }, { state: 'delivered', nextAttemptAt: null, reason: null, remoteId });
    summary.delivered++;
    deps.logger?.info(fields, `badge ${row.operation} delivered to ${row.platform}`);
  } catch (error) {
    const retryable = error instanceof BadgePlatformError ? error.retryable : false;
    const message = redact(error instanceof Error ? error.message : String(error), apiKey);
    const maxAttempts = deps.maxAttempts ?? 6;
    if (retryable && attemptNumber < maxAttempts) {
      const nextAttemptAt = new Date(now.getTime() + retryDelayMs(attemptNumber, deps.baseDelayMs, deps.maxDelayMs)).toISOString();
      await repo.updateDelivery(row.id, { attempts: attemptNumber, operation: row.operation }, { state: 'pending', nextAttemptAt, reason: message });
      summary.retrying++;
      deps.logger?.warn({ ...fields, nextAttemptAt, reason: message }, `badge ${row.operation} to ${row.platform} failed; will retry`);
    } else {
      await repo.updateDelivery(row.id, { attempts: attemptNumber, operation: row.operation }, { state: 'failed', nextAttemptAt: null, reason: message });
      summary.failed++;
      deps.logger?.warn({ ...fields, reason: message }, `badge ${row.operation} to ${row.platform} failed for good`);
    }
  }
}

/** The platform call itself; returns the remote id to keep. */
async function perform(
  deps: BadgeDeliveryDeps,
  row: BadgeDelivery,
  credential: Credential,
  baseUrl: string,
  organizationId: string | null,
  apiKey: string,
): Promise<string | null> {
  if (row.operation === 'issue') {
    const mapping = (await deps.store.badgePlatforms.listMappings(credential.achievementId)).find((entry) => entry.platform === row.platform);
    if (!mapping) throw new BadgePlatformError('rejected', `The achievement is no longer mapped to ${row.platform}`);
    const learner = await deps.store.learners.get(credential.learnerId);
    if (!learner?.email) throw new BadgePlatformError('rejected', 'The learner has no email address');
    const name = learner.name?.trim() || learner.username || learner.email.split('@')[0] || 'Learner';
    const expiresAt = validUntil(credential.document);
    if (row.platform === 'credly') {
      const client = createCredlyClient({ fetcher: deps.fetcher, baseUrl, organizationId: organizationId ?? '', apiToken: apiKey });
      const badge = await client.issueBadge({
        recipientEmail: learner.email,
        ...splitName(name),
        badgeTemplateId: mapping.remoteId,
        issuedAt: credential.issuedAt,
        ...(expiresAt !== undefined ? { expiresAt } : {}),
      });
      return badge.id;
    }
    const client = createAccredibleClient({ fetcher: deps.fetcher, baseUrl, apiKey });
    const created = await client.createCredential({
      name,
      email: learner.email,
      groupId: mapping.remoteId,
      issuedOn: dateOnly(credential.issuedAt),
      ...(expiresAt !== undefined ? { expiredOn: dateOnly(expiresAt) } : {}),
    });
    return created.id;
  }
  if (row.remoteId === null) return null;
  if (row.platform === 'credly') {
    const client = createCredlyClient({ fetcher: deps.fetcher, baseUrl, organizationId: organizationId ?? '', apiToken: apiKey });
    await client.revokeBadge(row.remoteId, credential.stateReason ?? 'Revoked by the issuer');
  } else {
    const client = createAccredibleClient({ fetcher: deps.fetcher, baseUrl, apiKey });
    await client.expireCredential(row.remoteId, dateOnly(credential.revokedAt ?? deps.now().toISOString()));
  }
  return row.remoteId;
}

/**
 * The hook for one credential: call it after the credential is issued or
 * revoked. Queues what the credential needs and attempts whatever of it is
 * due; failures stay queued for processBadgeDeliveries.
 */
export async function deliverBadges(deps: BadgeDeliveryDeps, credentialId: string): Promise<BadgeDelivery[]> {
  const summary = emptySummary();
  const credential = await deps.store.credentials.get(credentialId);
  if (!credential) return [];
  await reconcile(deps, credential, summary);
  const nowTs = deps.now().toISOString();
  for (const row of await deps.store.badgePlatforms.listForCredential(credentialId)) {
    if (row.state === 'pending' && row.nextAttemptAt !== null && row.nextAttemptAt <= nowTs) await attempt(deps, row, summary);
  }
  return deps.store.badgePlatforms.listForCredential(credentialId);
}

/**
 * The worker's tick: finds issued credentials of mapped achievements with no
 * delivery yet, revoked credentials whose badge is still out, and every
 * delivery whose retry is due, and attempts them.
 */
export async function processBadgeDeliveries(deps: BadgeDeliveryDeps, options: { limit?: number } = {}): Promise<BadgeDeliverySummary> {
  const limit = options.limit ?? 100;
  const repo = deps.store.badgePlatforms;
  const summary = emptySummary();
  for (const missing of await repo.listUndelivered(limit)) {
    await repo.ensureDelivery(missing.credentialId, missing.platform, deps.now());
    summary.queued++;
  }
  for (const row of await repo.listRevokedSinceIssue(limit)) await queueRevocation(deps, row, summary);
  for (const row of await repo.listDue(deps.now(), limit)) await attempt(deps, row, summary);
  return summary;
}

/** Runs processBadgeDeliveries every `intervalMs` until stopped; errors are logged and the next tick tries again. */
export function startBadgeDeliveryWorker(deps: BadgeDeliveryDeps, intervalMs = 30_000): { stop(): Promise<void> } {
  let running: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    running = running.then(() =>
      processBadgeDeliveries(deps).catch((error: unknown) => {
        deps.logger?.warn({ error: error instanceof Error ? error.message : String(error) }, 'badge delivery tick failed');
      }),
    );
  }, intervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
