import type { ExternalKeys } from './external-keys.js';
import type { Store } from '@laurel/store';
import type { SignOptions } from '@laurel/suites';
import type { ReadCaches } from './read-caches.js';
import type { StatusSlotBlocks } from './status-slot-blocks.js';

/** Where Laurel's public documents live; credential ids and status list URLs are built from these. */
export interface PublicUrls {
  /** e.g. https://credentials.example.edu — credential, achievement and issuer URLs. */
  issuerBaseUrl: string;
  /** e.g. https://verify.example.edu — status list URLs. */
  statusBaseUrl: string;
}

/** Everything the issuing domain needs from outside: storage, secrets, time and chance. */
export interface IssuanceDeps {
  store: Store;
  /** 32 bytes that seal issuer secret keys at rest (AES-256-GCM). */
  keyEncryptionKey: Uint8Array;
  /**
   * During a key-encryption-key rotation (LAUREL_PREVIOUS_KEY_ENCRYPTION_KEY), the previous key:
   * keys not yet re-sealed still open with it. New values are always sealed with keyEncryptionKey.
   */
  previousKeyEncryptionKey?: Uint8Array;
  urls: PublicUrls;
  now: () => Date;
  /**
   * Entries of each status list created from now on (STATUS_LIST_LENGTH); the
   * spec minimum, 131,072, when unset. Existing lists keep their length.
   */
  statusListLength?: number;
  /** In-process caches of what completions read and rarely changes (ISSUANCE_CACHE_TTL_MS); none: read every time. */
  caches?: ReadCaches;
  /** Status list slots reserved ahead a block at a time (STATUS_SLOT_BLOCK > 1); unset, each credential takes its slot in its own transaction. */
  statusSlotBlocks?: StatusSlotBlocks;
  /**
   * Signs a credential already built (the issuer's CRYPTO_WORKERS: on the worker pool, which may
   * refuse with WORKERS_SATURATED); default: signCredential from @laurel/suites on this thread.
   */
  sign?: (credential: Record<string, unknown>, options: Pick<SignOptions, 'key' | 'suite' | 'skipValidation'>) => Promise<Record<string, unknown>>;
  /**
   * Learner e-mail is on (SMTP_URL set): issues, re-issues and revocations owe the learner a
   * mail, queued in the same transaction (email_deliveries); unset, nothing is queued.
   */
  emailLearners?: boolean;
  /** Where keys held outside Laurel are reached (VAULT_ADDR/VAULT_TOKEN); none: issuers sign only with sealed local keys. */
  externalKeys?: ExternalKeys;
}

function trimSlash(url: string): string {
  return url.replace(/\/+$/, '');
}

export function credentialUrl(urls: PublicUrls, credentialId: string): string {
  return `${trimSlash(urls.issuerBaseUrl)}/credentials/${credentialId}`;
}

/** A wallet claim offer's page; the token is the offer's one secret. */
export function claimPageUrl(urls: PublicUrls, token: string): string {
  return `${trimSlash(urls.issuerBaseUrl)}/claim/${token}`;
}

export function achievementUrl(urls: PublicUrls, achievementId: string): string {
  return `${trimSlash(urls.issuerBaseUrl)}/achievements/${achievementId}`;
}

export function statusListUrl(urls: PublicUrls, statusListId: string): string {
  return `${trimSlash(urls.statusBaseUrl)}/status-lists/${statusListId}`;
}

/** The status list id at the end of one of our status list URLs, or undefined when the URL is not ours. */
export function statusListIdFromUrl(urls: PublicUrls, url: string): string | undefined {
  const prefix = `${trimSlash(urls.statusBaseUrl)}/status-lists/`;
  if (!url.startsWith(prefix)) return undefined;
  const id = url.slice(prefix.length);
  return /^[A-Za-z0-9-]+$/.test(id) ? id : undefined;
}

/** An issuer's 1EdTech revocation list, served by the verifier (its VC 1.1 credentials point at it). */
export function revocationListUrl(urls: PublicUrls, issuerId: string): string {
  return `${trimSlash(urls.statusBaseUrl)}/revocation-lists/${issuerId}`;
}

/** The issuer id at the end of one of our revocation list URLs, or undefined when the URL is not ours. */
export function revocationListIssuerFromUrl(urls: PublicUrls, url: string): string | undefined {
  const prefix = `${trimSlash(urls.statusBaseUrl)}/revocation-lists/`;
  if (!url.startsWith(prefix)) return undefined;
  const id = url.slice(prefix.length);
  return /^[A-Za-z0-9-]{1,100}$/.test(id) ? id : undefined;
}

/** XML Schema dateTimeStamp to the second, as credentials carry it. */
export function timestamp(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
