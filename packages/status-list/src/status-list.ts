import { BitstringStatusList } from '@digitalbazaar/vc-bitstring-status-list';
import { StatusListError } from './errors.js';

/**
 * The spec's minimum number of entries (16 KiB of bits): below it, a set bit
 * narrows down whose credential it is, which defeats herd privacy.
 */
export const MIN_STATUS_LIST_LENGTH = 131_072;

/**
 * The largest list Laurel creates or decodes by default: 2^27 bits, i.e.
 * 16 MiB decompressed, 1024 times the minimum. Large enough for any real
 * issuer, small enough that decoding an untrusted list cannot exhaust memory.
 */
export const MAX_STATUS_LIST_LENGTH = 2 ** 27;

declare const statusListBrand: unique symbol;

/**
 * An immutable bitstring of statuses: index 0 is the left-most bit (the most
 * significant bit of the first byte), as both specs require. Obtain one from
 * createStatusList or decodeStatusList; setStatusBit returns a new list.
 */
export interface StatusList {
  /** Number of status bits; always a multiple of 8, since lists travel as whole bytes. */
  readonly length: number;
  /** Only this package makes lists, so a look-alike object is a compile error. */
  readonly [statusListBrand]: true;
}

// The bytes live outside the list object so no caller can reach them and mutate a list.
const listBytes = new WeakMap<StatusList, Uint8Array>();

/**
 * Wraps bytes this package owns and will never touch again. They must fill
 * their ArrayBuffer exactly: the stock Bitstring views `buffer.buffer` as a
 * whole, so a view into a larger buffer (a pooled Node Buffer, a subarray)
 * would silently change the list's length and content.
 */
export function adoptStatusListBytes(bytes: Uint8Array): StatusList {
  if (bytes.length === 0) throw new StatusListError('MALFORMED_STATUS_LIST', 'A status list cannot be empty.');
  if (bytes.byteOffset !== 0 || bytes.byteLength !== bytes.buffer.byteLength) {
    throw new StatusListError('INVALID_ARGUMENT', 'Status list bytes must fill their buffer exactly; copy them first.');
  }
  const list = Object.freeze({ length: bytes.length * 8 }) as StatusList;
  listBytes.set(list, bytes);
  return list;
}

/** The bytes behind a list, for this package's own read-only use. */
export function statusListBytes(list: StatusList): Uint8Array {
  const bytes = listBytes.get(list);
  if (!bytes) {
    throw new StatusListError('INVALID_ARGUMENT', 'Not a status list: use createStatusList or decodeStatusList.');
  }
  return bytes;
}

/** The stock library's view over the same memory (writes through it change the bytes). */
function stockView(bytes: Uint8Array): BitstringStatusList {
  return new BitstringStatusList({ buffer: bytes });
}

function assertLength(length: number): void {
  if (!Number.isSafeInteger(length) || length % 8 !== 0) {
    throw new StatusListError(
      'INVALID_ARGUMENT',
      `A status list length must be a whole number of bytes (a multiple of 8), not ${length}.`,
      { length },
    );
  }
  if (length < 8 || length > MAX_STATUS_LIST_LENGTH) {
    throw new StatusListError(
      'INVALID_ARGUMENT',
      `A status list must have between 8 and ${MAX_STATUS_LIST_LENGTH} entries, not ${length}.`,
      { length, max: MAX_STATUS_LIST_LENGTH },
    );
  }
}

/**
 * A list of `length` cleared bits. The spec's minimum is the default, and
 * what issuers must publish: verifiers (readStatus, by default) refuse
 * shorter lists, which would narrow down whose status a bit is. Shorter
 * lists exist so tests can fill one (an issuer's STATUS_LIST_LENGTH).
 */
export function createStatusList(length: number = MIN_STATUS_LIST_LENGTH): StatusList {
  assertLength(length);
  return adoptStatusListBytes(new Uint8Array(length / 8));
}

function assertIndex(list: StatusList, index: number): void {
  if (!Number.isSafeInteger(index) || index < 0 || index >= list.length) {
    throw new StatusListError(
      'STATUS_INDEX_OUT_OF_RANGE',
      `Status index ${index} is not an index of this list (0 to ${list.length - 1}).`,
      { index, length: list.length },
    );
  }
}

/** The bit at `index`: true means the status (revoked, suspended) is set. */
export function getStatusBit(list: StatusList, index: number): boolean {
  const bytes = statusListBytes(list);
  assertIndex(list, index);
  return stockView(bytes).getStatus(index);
}

/**
 * A new list equal to `list` except for the bit at `index`. `list` itself is
 * untouched, so a caller whose update fails can still publish the old one.
 * Each call copies the list; apply a batch of changes one after another and
 * encode once.
 */
export function setStatusBit(list: StatusList, index: number, value: boolean): StatusList {
  const bytes = statusListBytes(list);
  assertIndex(list, index);
  if (typeof value !== 'boolean') {
    throw new StatusListError('INVALID_ARGUMENT', 'A status bit must be set to true or false.', { index, value });
  }
  const copy = bytes.slice();
  stockView(copy).setStatus(index, value);
  return adoptStatusListBytes(copy);
}

/**
 * A list of `length` bits with exactly `setIndexes` set, built in one pass
 * over one buffer: publishing a list after a change costs O(set bits), not a
 * copy of the list per bit as repeated setStatusBit calls would.
 */
export function statusListFromIndexes(length: number, setIndexes: Iterable<number>): StatusList {
  const list = createStatusList(length);
  const bytes = statusListBytes(list);
  for (const index of setIndexes) {
    assertIndex(list, index);
    // Index 0 is the most significant bit of the first byte.
    bytes[index >>> 3]! |= 0x80 >>> (index & 7);
  }
  return list;
}
