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
  | 'MIGRATION_FAILED';

export class StoreError extends LaurelError {
  declare readonly code: StoreErrorCode;

  constructor(code: StoreErrorCode, message: string, details: Record<string, unknown> = {}, options?: ErrorOptions) {
    super(code, message, details, options);
  }
}

export function notFound(what: string, id: string): StoreError {
  return new StoreError('NOT_FOUND', `No ${what} with id ${id}.`, { what, id });
}
