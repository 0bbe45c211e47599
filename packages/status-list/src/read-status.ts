import { decodeStatusList, type DecodeStatusListOptions } from './encoded-list.js';
import { StatusListError } from './errors.js';
import { hasValue, isRecord } from './json.js';
import { FORMAT_TERMS, type StatusListFormat } from './status-formats.js';
import { parseStatusEntry, type ReadablePurpose } from './status-entry.js';
import { MIN_STATUS_LIST_LENGTH, getStatusBit, type StatusList } from './status-list.js';

export interface ReadStatusOptions {
  /** A credentialStatus entry, e.g. from findStatusEntries. */
  entry: unknown;
  /**
   * The status list credential the entry points at, already fetched and
   * verified (proof, issuer trust, validity period): reading trusts its content.
   */
  listCredential: unknown;
  /** Fewest entries accepted (default the spec's 131,072; an ecosystem may set another bound). */
  minLength?: number;
  /** Largest list decoded, in bits (default MAX_STATUS_LIST_LENGTH). */
  maxLength?: number;
  /** Decodes the encodedList; default decodeStatusList (a verifier passes a memo of it). */
  decode?: (encodedList: string, options: DecodeStatusListOptions) => Promise<StatusList>;
}

export interface StatusReading {
  format: StatusListFormat;
  purpose: ReadablePurpose;
  index: number;
  statusListCredential: string;
  /** Bits per entry (statusSize). */
  size: number;
  /** The entry's value: its `size` bits, the first the most significant (Bitstring Status List §3.2 step 10). */
  status: number;
  /** §3.2 step 13: true only when the value is 0. */
  valid: boolean;
  /** True when the value is not 0: for revocation and suspension, revoked or suspended. */
  set: boolean;
  /** §3.2 step 14: for the message purpose, the issuer's message for the value (if its table has one). */
  message?: string;
  /** The entry's statusReference, where the issuer explains its statuses. */
  references?: string[];
}

function invalidList(message: string, details: Record<string, unknown> = {}): StatusListError {
  return new StatusListError('INVALID_STATUS_LIST_CREDENTIAL', message, details);
}

/**
 * Reads the status bit an entry points at, following the spec's validate
 * algorithm after retrieval: the entry and list must agree on URL, format and
 * purpose, the list must be long enough for herd privacy, and the index must
 * fall inside it. Every failure is a StatusListError.
 *
 * Unlike the stock checkStatus (whose `verified: true` only means "the check
 * ran"), this returns the bit, so a verifier can say "revoked".
 */
export async function readStatus(options: ReadStatusOptions): Promise<StatusReading> {
  const { listCredential, minLength = MIN_STATUS_LIST_LENGTH, maxLength } = options;
  if (!Number.isSafeInteger(minLength) || minLength < 1) {
    throw new StatusListError('INVALID_ARGUMENT', `minLength must be a positive integer, not ${minLength}.`, { minLength });
  }
  const entry = parseStatusEntry(options.entry);
  const terms = FORMAT_TERMS[entry.format];

  if (!isRecord(listCredential)) throw invalidList('The status list credential must be an object.');
  // A list fetched from elsewhere (a redirect, a holder's stapled copy) must be the list the entry names.
  if (listCredential.id !== entry.statusListCredential) {
    throw new StatusListError(
      'STATUS_LIST_URL_MISMATCH',
      `The entry points at ${entry.statusListCredential}, but the status list credential is ${String(listCredential.id)}.`,
      { expected: entry.statusListCredential, actual: listCredential.id },
    );
  }
  if (!hasValue(listCredential.type, terms.credentialType)) {
    throw invalidList(`A ${terms.entryType} needs a status list credential of type ${terms.credentialType}.`, {
      type: listCredential.type,
    });
  }
  const subject = listCredential.credentialSubject;
  if (!isRecord(subject) || !hasValue(subject.type, terms.listType)) {
    throw invalidList(`The status list credential's subject must be a single ${terms.listType}.`);
  }
  // The list may declare several purposes (one string or an array); the entry's must be among them.
  const purposes = Array.isArray(subject.statusPurpose) ? subject.statusPurpose : [subject.statusPurpose];
  if (!purposes.includes(entry.purpose)) {
    throw new StatusListError(
      'STATUS_PURPOSE_MISMATCH',
      `The entry's status purpose "${entry.purpose}" is not a purpose of the status list (${purposes.map(String).join(', ')}).`,
      { entryPurpose: entry.purpose, listPurpose: subject.statusPurpose },
    );
  }
  if (typeof subject.encodedList !== 'string') throw invalidList('The status list has no encodedList string.');

  const list = await (options.decode ?? decodeStatusList)(subject.encodedList, {
    format: entry.format,
    ...(maxLength !== undefined && { maxLength }),
  });
  // §3.2 step 9: the list's length in entries is its length in bits divided by statusSize.
  const entries = Math.floor(list.length / entry.size);
  if (entries < minLength) {
    throw new StatusListError(
      'STATUS_LIST_TOO_SHORT',
      `The status list has ${entries} entries of ${entry.size} bit(s); at least ${minLength} are required for herd privacy.`,
      { length: entries, minLength, size: entry.size },
    );
  }
  // §3.2 step 10: the value starts at index × size; a RANGE_ERROR when it does not fit.
  const first = entry.index * entry.size;
  if (!Number.isSafeInteger(first) || first + entry.size > list.length) {
    throw new StatusListError(
      'STATUS_INDEX_OUT_OF_RANGE',
      `Status index ${entry.index} is outside the list (0 to ${entries - 1}).`,
      { index: entry.index, length: entries },
    );
  }
  let status = 0;
  for (let bit = 0; bit < entry.size; bit += 1) status = status * 2 + (getStatusBit(list, first + bit) ? 1 : 0);
  const message = entry.purpose === 'message' ? messageFor(entry.messages, status) : undefined;
  return {
    format: entry.format,
    purpose: entry.purpose,
    index: entry.index,
    statusListCredential: entry.statusListCredential,
    size: entry.size,
    status,
    valid: status === 0,
    set: status !== 0,
    ...(message !== undefined && { message }),
    ...(entry.references && { references: entry.references }),
  };
}

/** The statusMessage row whose "0x…" status is `value` (compared as numbers: "0x01" and "0x1" agree). */
function messageFor(messages: readonly { status: string; message: string }[] | undefined, value: number): string | undefined {
  return messages?.find((row) => Number.parseInt(row.status.slice(2), 16) === value)?.message;
}
