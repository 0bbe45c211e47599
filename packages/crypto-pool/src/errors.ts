import { LaurelError } from '@laurel/models';

/** Every worker is busy and the queue is full: try again shortly (503 with Retry-After). */
export class WorkersSaturatedError extends LaurelError {
  constructor(queueLimit: number, retryAfterSeconds: number) {
    super('WORKERS_SATURATED', `Every signing and verification worker is busy and ${queueLimit} requests are already waiting. Try again in ${retryAfterSeconds} s.`, { retryAfterSeconds });
  }
}

/** The worker running a task died (crashed, ran out of memory, was terminated); the pool starts a new one. */
export class CryptoWorkerFailedError extends LaurelError {
  constructor(cause: unknown) {
    super('CRYPTO_WORKER_FAILED', 'The worker thread handling this request stopped before it finished. Nothing was signed; try again.', { retryAfterSeconds: 1 }, { cause });
  }
}

/** An error as it crosses between threads: plain data, rebuilt on the other side. */
export interface SerializedError {
  name: string;
  message: string;
  code?: string;
  details?: unknown;
  cause?: SerializedError;
}

function cloneable(value: unknown): unknown {
  try {
    return structuredClone(value);
  } catch {
    // Details holding functions or class instances that cannot cross: keep what JSON keeps.
    try {
      return JSON.parse(JSON.stringify(value)) as unknown;
    } catch {
      return undefined;
    }
  }
}

export function serializeError(error: unknown, depth = 0): SerializedError {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error) };
  const { code, details } = error as { code?: unknown; details?: unknown };
  return {
    name: error.name,
    message: error.message,
    ...(typeof code === 'string' ? { code } : {}),
    ...(details === undefined ? {} : { details: cloneable(details) }),
    ...(error.cause !== undefined && depth < 8 ? { cause: serializeError(error.cause, depth + 1) } : {}),
  };
}

/**
 * Rebuilds an error thrown on the other thread, so callers see what they would
 * in-process: a LaurelError with its code and details (the problem mapper and
 * findLaurelCause rely on it), or a plain error with the name and details that
 * jsonld's errors carry.
 */
export function deserializeError(serialized: SerializedError): Error {
  const cause = serialized.cause ? { cause: deserializeError(serialized.cause) } : undefined;
  const details = (serialized.details ?? {}) as Record<string, unknown>;
  const error = serialized.code !== undefined
    ? new LaurelError(serialized.code, serialized.message, details, cause)
    : Object.assign(new Error(serialized.message, cause), serialized.code === undefined ? {} : { code: serialized.code }, serialized.details === undefined ? {} : { details });
  error.name = serialized.name;
  return error;
}
