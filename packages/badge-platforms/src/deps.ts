import type { GuardedFetcher } from '@laurel/guarded-fetch';
import type { Store } from '@laurel/store';

/** Structured log sink; pino's logger fits. Fields never include an API key. */
export interface BadgeLogger {
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
}

export interface BadgeDeliveryDeps {
  store: Store;
  /** The issuer service's key-encryption key: seals platform API keys like signing keys. */
  keyEncryptionKey: Uint8Array;
  /** During a key-encryption-key rotation, the previous key: API keys not yet re-sealed still open. */
  previousKeyEncryptionKey?: Uint8Array;
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

/** What a direct call to a platform needs: the stored account, its sealed key, the way out. */
export type BadgePlatformDeps = Pick<BadgeDeliveryDeps, 'store' | 'keyEncryptionKey' | 'previousKeyEncryptionKey' | 'fetcher'>;
