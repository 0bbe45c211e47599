import { StatusListError } from './errors.js';
import { isStatusPurpose, type StatusPurpose } from './status-formats.js';

export interface StatusChange {
  purpose: StatusPurpose;
  /** The bit as it is now. */
  current: boolean;
  /** The bit the caller wants. */
  requested: boolean;
}

/**
 * The bit to write for a requested change, or REVOCATION_IS_PERMANENT.
 * Suspension is reversible; revocation is not (the spec defines it so, and
 * verifiers that cached a list showing a revocation would never learn of an
 * "un-revocation" anyway). Call this before setStatusBit.
 */
export function nextStatus(change: StatusChange): boolean {
  const { purpose, current, requested } = change;
  if (!isStatusPurpose(purpose)) {
    throw new StatusListError('INVALID_ARGUMENT', `Unknown status purpose "${String(purpose)}".`, { purpose });
  }
  if (typeof current !== 'boolean' || typeof requested !== 'boolean') {
    throw new StatusListError('INVALID_ARGUMENT', 'current and requested must be booleans.', { current, requested });
  }
  if (purpose === 'revocation' && current && !requested) {
    throw new StatusListError('REVOCATION_IS_PERMANENT', 'A revoked credential cannot be reinstated; issue a new one.', { purpose });
  }
  return requested;
}
