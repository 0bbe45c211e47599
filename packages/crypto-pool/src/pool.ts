import { availableParallelism } from 'node:os';
import { MessageChannel, type MessagePort, type Worker } from 'node:worker_threads';
import { Piscina } from 'piscina';
import {
  settleCredentialStatus,
  settlePresentationStatus,
  signCredential as signInProcess,
  type CredentialVerification,
  type PresentationVerification,
  type SignOptions,
  type StatusChecker,
} from '@laurel/suites';
import { serveCallbacks, type CallbackName, type Callbacks } from './back-channel.js';
import { CryptoWorkerFailedError, WorkersSaturatedError, deserializeError } from './errors.js';
import type { Outcome, Task } from './tasks.js';

export interface CryptoPoolOptions {
  /** Worker threads; default: the machine's cores (os.availableParallelism()). */
  workers?: number;
  /** Tasks allowed to wait for a worker (at least 1); one more is refused with WORKERS_SATURATED. */
  queueLimit: number;
  /** Tasks one worker interleaves (a verification waiting on a status list frees its core); default 4. */
  tasksPerWorker?: number;
  /** Seconds a refused client is told to wait (Retry-After); default 1. */
  retryAfterSeconds?: number;
}

export interface PooledVerifyOptions {
  now: Date;
  maxClockSkewSeconds?: number;
  /** did:web documents: called on the caller's thread (its fetch budget, its cache). */
  fetchDidWebDocument?: (url: URL) => Promise<unknown>;
  /** Status checks: made on the caller's thread (its store, its cache of verified lists) once the worker is done. */
  checkStatus?: StatusChecker;
}

export interface CryptoPool {
  /** signCredential from @laurel/suites on a worker; keys with an external signer sign in-process. */
  signCredential(credential: Record<string, unknown>, options: Omit<SignOptions, 'documentLoader'>): Promise<Record<string, unknown>>;
  verifyCredential(credential: unknown, options: PooledVerifyOptions): Promise<CredentialVerification>;
  verifyPresentation(presentation: unknown, options: PooledVerifyOptions & { challenge: string; domain?: string }): Promise<PresentationVerification>;
  readonly workers: number;
  /** The live worker threads (diagnostics; a test stops one to play a crash). */
  threads(): readonly Worker[];
  close(): Promise<void>;
}

/**
 * The worker is the compiled file: from src/ (tests, typecheck) and from dist/
 * alike, the package root is one level up. Build first (npm run build).
 */
/** piscina's refusals (it gives them no code): the queue is full, or there is none and every worker is busy. */
const SATURATED = new Set(['Task queue is at limit', 'No task queue available and all Workers are busy']);

export const WORKER_FILE = new URL('../dist/worker.js', import.meta.url);

/**
 * A pool of worker threads that sign and verify, so a service uses every core.
 * Bounded: when every worker is busy and `queueLimit` tasks wait, the next call
 * is refused at once (WorkersSaturatedError) rather than queued without end.
 */
export function createCryptoPool(options: CryptoPoolOptions): CryptoPool {
  const workers = options.workers ?? availableParallelism();
  const retryAfterSeconds = options.retryAfterSeconds ?? 1;
  const piscina = new Piscina<Task, Outcome>({
    filename: WORKER_FILE.href,
    minThreads: workers,
    maxThreads: workers,
    // Verification waits on the caller for status lists and DID documents: a few tasks per
    // thread keep its core busy meanwhile. Signing never waits.
    concurrentTasksPerWorker: options.tasksPerWorker ?? 4,
    // At least 1: piscina 5 without a queue (maxQueue 0) can answer a task it already refused.
    maxQueue: Math.max(1, options.queueLimit),
    idleTimeout: Number.POSITIVE_INFINITY,
  });

  async function run(task: Task, transferList?: MessagePort[]): Promise<unknown> {
    let outcome: Outcome;
    try {
      outcome = await piscina.run(task, transferList ? { transferList } : {});
    } catch (error) {
      // piscina refuses at once when no worker (running or starting) has room and the queue is full.
      if (error instanceof Error && SATURATED.has(error.message)) throw new WorkersSaturatedError(options.queueLimit, retryAfterSeconds);
      throw new CryptoWorkerFailedError(error);
    }
    if (!outcome.ok) throw deserializeError(outcome.error);
    return outcome.value;
  }

  /**
   * A verification on a worker, all but its status checks. A channel back to this thread is
   * opened only for a document that names a did:web DID somewhere: every other key resolves
   * on the worker, and each message across threads costs both of them a wake-up.
   */
  async function verifyTask(task: (port: MessagePort | undefined, callbacks: CallbackName[]) => Task, options: PooledVerifyOptions, document: unknown): Promise<unknown> {
    const callbacks: Callbacks = options.fetchDidWebDocument && namesDidWeb(document) ? { fetchDidWebDocument: options.fetchDidWebDocument } : {};
    if (!callbacks.fetchDidWebDocument) return run(task(undefined, []));
    const channel = new MessageChannel();
    serveCallbacks(channel.port1, callbacks);
    try {
      return await run(task(channel.port2, Object.keys(callbacks) as CallbackName[]), [channel.port2]);
    } finally {
      channel.port1.close();
    }
  }

  return {
    workers,
    async signCredential(credential, signOptions) {
      const { key, suite, created, skipValidation } = signOptions;
      if (key.signer || !key.secretKeyMultibase) return signInProcess(credential, signOptions);
      const plainKey = { id: key.id, controller: key.controller, publicKeyMultibase: key.publicKeyMultibase, secretKeyMultibase: key.secretKeyMultibase, ...(key.revoked ? { revoked: key.revoked } : {}) };
      return (await run({ kind: 'signCredential', credential, key: plainKey, ...(suite ? { suite } : {}), ...(created === undefined ? {} : { created }), ...(skipValidation ? { skipValidation } : {}) })) as Record<string, unknown>;
    },
    async verifyCredential(credential, verifyOptions) {
      const { now, maxClockSkewSeconds } = verifyOptions;
      const result = (await verifyTask(
        (port, callbacks) => ({ kind: 'verifyCredential', credential, now, ...(maxClockSkewSeconds === undefined ? {} : { maxClockSkewSeconds }), ...(port ? { port } : {}), callbacks }),
        verifyOptions,
        credential,
      )) as CredentialVerification;
      return settleCredentialStatus(result, credential, verifyOptions.checkStatus);
    },
    async verifyPresentation(presentation, verifyOptions) {
      const { now, maxClockSkewSeconds, challenge, domain } = verifyOptions;
      const result = (await verifyTask(
        (port, callbacks) => ({ kind: 'verifyPresentation', presentation, now, challenge, ...(domain === undefined ? {} : { domain }), ...(maxClockSkewSeconds === undefined ? {} : { maxClockSkewSeconds }), ...(port ? { port } : {}), callbacks }),
        verifyOptions,
        presentation,
      )) as PresentationVerification;
      return settlePresentationStatus(result, presentation, verifyOptions.checkStatus);
    },
    threads: () => piscina.threads,
    close: () => piscina.destroy(),
  };
}

/**
 * Whether any string in the document is a did:web DID (or DID URL): the only
 * kind of key a worker must ask this thread for. Erring towards yes costs a
 * channel; a miss would leave that key unresolved, so every string is looked at.
 */
export function namesDidWeb(document: unknown, depth = 0): boolean {
  if (typeof document === 'string') return document.startsWith('did:web:');
  if (typeof document !== 'object' || document === null) return false;
  // Deeper than any credential goes: not looked through, so assumed to need the channel.
  if (depth > 64) return true;
  for (const value of Array.isArray(document) ? document : Object.values(document)) if (namesDidWeb(value, depth + 1)) return true;
  return false;
}
