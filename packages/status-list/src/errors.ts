import { LaurelError } from '@laurel/models';

/**
 * Every way a status-list operation can fail on purpose. The names are ours;
 * where the Bitstring Status List spec names an error, the closest spec name
 * is given so a service can map ours onto its problem types.
 */
export type StatusListErrorCode =
  /** encodedList is not multibase/base64url GZIP data (spec: MALFORMED_VALUE_ERROR). */
  | 'MALFORMED_STATUS_LIST'
  /** The list decompresses beyond the configured cap (a likely GZIP bomb). */
  | 'STATUS_LIST_TOO_LARGE'
  /** Fewer entries than herd privacy requires (spec: STATUS_LIST_LENGTH_ERROR). */
  | 'STATUS_LIST_TOO_SHORT'
  /** The index does not address a bit of the list (spec: RANGE_ERROR). */
  | 'STATUS_INDEX_OUT_OF_RANGE'
  /** The entry's statusPurpose is not one the list declares (spec: STATUS_VERIFICATION_ERROR). */
  | 'STATUS_PURPOSE_MISMATCH'
  /** The list credential is not the one the entry points at. */
  | 'STATUS_LIST_URL_MISMATCH'
  /** A credentialStatus entry breaks the data model (spec: MALFORMED_VALUE_ERROR). */
  | 'INVALID_STATUS_ENTRY'
  /** A well-formed entry Laurel does not evaluate (e.g. `message` purpose, statusSize > 1). */
  | 'UNSUPPORTED_STATUS_ENTRY'
  /** A status list credential (given or requested) breaks the data model. */
  | 'INVALID_STATUS_LIST_CREDENTIAL'
  /** Revocation is final: a set revocation bit may not be cleared. */
  | 'REVOCATION_IS_PERMANENT'
  /** A caller bug: an argument outside its documented domain. */
  | 'INVALID_ARGUMENT'
  | 'STATUS_LIST_FULL';

export class StatusListError extends LaurelError {
  declare readonly code: StatusListErrorCode;

  constructor(code: StatusListErrorCode, message: string, details: Record<string, unknown> = {}, options?: ErrorOptions) {
    super(code, message, details, options);
  }
}

/**
 * No unused index is left. Thrown as its own class because it is the one
 * status-list failure a caller routinely handles (by starting a new list).
 */
export class StatusListFullError extends StatusListError {
  constructor(length: number) {
    super('STATUS_LIST_FULL', `Every index of the status list (length ${length}) is in use; start a new list.`, { length });
  }
}
