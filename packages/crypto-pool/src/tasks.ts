import type { MessagePort } from 'node:worker_threads';
import type { SignOptions, SuiteName, VerifyPresentationOptions } from '@laurel/suites';
import type { CallbackName } from './back-channel.js';
import type { SerializedError } from './errors.js';

/** A key as it crosses to a worker: local keys only (an external signer's function cannot). */
export interface PlainKey {
  id: string;
  controller: string;
  publicKeyMultibase: string;
  secretKeyMultibase: string;
  revoked?: string;
}

export interface SignTask {
  kind: 'signCredential';
  credential: Record<string, unknown>;
  key: PlainKey;
  suite?: SuiteName;
  created?: Date | string;
  skipValidation?: boolean;
}

interface VerifyCommon {
  now: Date;
  maxClockSkewSeconds?: number;
  /** The caller's callbacks, answered over `port`; none (and no port) when the document cannot need them. */
  callbacks: CallbackName[];
  port?: MessagePort;
}

export interface VerifyCredentialTask extends VerifyCommon {
  kind: 'verifyCredential';
  credential: unknown;
}

export interface VerifyPresentationTask extends VerifyCommon, Pick<VerifyPresentationOptions, 'challenge' | 'domain'> {
  kind: 'verifyPresentation';
  presentation: unknown;
}

export type Task = SignTask | VerifyCredentialTask | VerifyPresentationTask;

/** A task's outcome: thrown errors travel as data so the pool can tell them from a dead worker. */
export type Outcome = { ok: true; value: unknown } | { ok: false; error: SerializedError };

export type { SignOptions };
