import type { IssuanceDeps } from '@laurel/issuance';
import type { MailTransport } from './transport.js';

/** Structured log sink; pino's logger fits. Fields never include an address. */
export interface MailLogger {
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
}

export interface LearnerMailDeps {
  /** What the claim link needs: the store, public URLs, clock and the key-encryption key. */
  issuance: Pick<IssuanceDeps, 'store' | 'urls' | 'now' | 'keyEncryptionKey'>;
  transport: MailTransport;
  /** MAIL_FROM: the envelope sender always, and the From address of issuers without an e-mail. */
  defaultFrom: { name?: string; address: string };
  logger?: MailLogger;
  /** Attempts before a mail is left failed. Default 8. */
  maxAttempts?: number;
  /** First retry delay; doubled each attempt. Default 30 s. */
  baseDelayMs?: number;
  /** Longest retry delay. Default 1 h. */
  maxDelayMs?: number;
  /** How long a claimed attempt keeps other workers off the row (a crashed worker's row comes back after it). Default 2 min. */
  leaseMs?: number;
}
