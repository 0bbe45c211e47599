import { StatusListError } from './errors.js';
import { getStatusBit, setStatusBit, type StatusList } from './status-list.js';
import type { StatusMessage } from './status-entry.js';

/**
 * Multi-bit status values (Bitstring Status List v1.0 §2.1 statusSize, §3.2
 * step 10): entry `index` of a list with `size` bits per entry occupies bits
 * index × size … index × size + size − 1, the first the most significant.
 */
function assertValue(size: number, value: number): void {
  if (!Number.isSafeInteger(size) || size < 1 || size > 16) throw new StatusListError('INVALID_ARGUMENT', `statusSize must be a whole number from 1 to 16, not ${size}.`, { size });
  if (!Number.isSafeInteger(value) || value < 0 || value >= 2 ** size) {
    throw new StatusListError('INVALID_ARGUMENT', `A ${size}-bit status holds 0 to ${2 ** size - 1}, not ${value}.`, { size, value });
  }
}

export function getStatusValue(list: StatusList, index: number, size: number): number {
  assertValue(size, 0);
  let value = 0;
  for (let bit = 0; bit < size; bit += 1) value = value * 2 + (getStatusBit(list, index * size + bit) ? 1 : 0);
  return value;
}

export function setStatusValue(list: StatusList, index: number, size: number, value: number): StatusList {
  assertValue(size, value);
  let updated = list;
  for (let bit = 0; bit < size; bit += 1) updated = setStatusBit(updated, index * size + bit, ((value >> (size - 1 - bit)) & 1) === 1);
  return updated;
}

/** A statusMessage table, one row per value, in value order ("0x0", "0x1", …). */
export function statusMessages(messages: readonly string[]): StatusMessage[] {
  return messages.map((message, value) => ({ status: `0x${value.toString(16)}`, message }));
}

/**
 * A credential's lifecycle as a 2-bit "message" status (Bitstring Status List
 * §2.1). Value 0 is "active": a verifier (ours included, §3.2 step 13) treats
 * only 0 as valid, so every value a credential may be trusted at must be 0
 * and every other value says why it should not be.
 */
export const LIFECYCLE_STATUS_SIZE = 2;
export const LIFECYCLE_STATUS_MESSAGES: readonly StatusMessage[] = statusMessages(['active', 'pending', 'expired', 'suspended']);
