import { LaurelError } from '@laurel/models';

export type StoreErrorCode =
  /** The row an operation targets does not exist. */
  | 'NOT_FOUND'
  /** A state change the lifecycle forbids (leaving `revoked`, retiring a revoked key). */
  | 'INVALID_STATE_TRANSITION'
  /** The database URL names no backend this store speaks. */
  | 'UNSUPPORTED_DATABASE_URL'
  /** A unique value (slug, DID, id) is already taken by another row. */
  | 'CONFLICT'
  /** A caller bug: an argument outside its documented domain. */
  | 'INVALID_ARGUMENT'
  /** The schema could not be brought up to date; the store was not opened. */
  | 'MIGRATION_FAILED'
  /** A read-only store (the verifier) found migrations not yet run; it never migrates itself. */
  | 'SCHEMA_OUT_OF_DATE'
  /**
   * The database could not be reached or dropped the connection (refused,
   * reset, timed out, gone away, SQLite locked past every retry). Nothing was
   * committed, except in one case: a COMMIT whose answer was lost may or may
   * not have committed. Calling again once the database answers is safe,
   * because every write Laurel makes is idempotent (keyed by source event,
   * unique keys, state checks).
   */
  | 'DATABASE_UNAVAILABLE';

export class StoreError extends LaurelError {
  declare readonly code: StoreErrorCode;

  constructor(code: StoreErrorCode, message: string, details: Record<string, unknown> = {}, options?: ErrorOptions) {
    super(code, message, details, options);
  }
}

export function notFound(what: string, id: string): StoreError {
  return new StoreError('NOT_FOUND', `No ${what} with id ${id}.`, { what, id });
}

/** The driver's failure as the store reports it; the driver error stays the cause, for logs (it may name hosts, so not the message). */
export function databaseUnavailable(cause: unknown): StoreError {
  const { code, errno } = (typeof cause === 'object' && cause !== null ? cause : {}) as { code?: unknown; errno?: unknown };
  const driverCode = typeof code === 'string' ? code : typeof errno === 'number' ? errno : undefined;
  return new StoreError('DATABASE_UNAVAILABLE', 'The database is not answering; try again in a few seconds.', driverCode === undefined ? {} : { driverCode }, { cause });
}

/** True for DATABASE_UNAVAILABLE, also when another error wraps it (as its cause, at any depth). */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let current = error, depth = 0; current instanceof Error && depth < 8; current = current.cause, depth++) {
    if (current instanceof LaurelError && current.code === 'DATABASE_UNAVAILABLE') return true;
  }
  return false;
}
