import { decodeStatusList } from './encoded-list.js';
import { StatusListError } from './errors.js';
import { hasValue, isRecord } from './json.js';
import { FORMAT_TERMS, type StatusListFormat, type StatusPurpose } from './status-formats.js';
import { parseStatusEntry } from './status-entry.js';
import { MIN_STATUS_LIST_LENGTH, getStatusBit } from './status-list.js';

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
}

export interface StatusReading {
  format: StatusListFormat;
  purpose: StatusPurpose;
  index: number;
  statusListCredential: string;
  /** The bit itself: true means revoked or suspended, according to `purpose`. */
  set: boolean;
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

  const list = await decodeStatusList(subject.encodedList, {
    format: entry.format,
    ...(maxLength !== undefined && { maxLength }),
  });
  if (list.length < minLength) {
    throw new StatusListError(
      'STATUS_LIST_TOO_SHORT',
      `The status list has ${list.length} entries; at least ${minLength} are required for herd privacy.`,
      { length: list.length, minLength },
    );
  }
  if (entry.index >= list.length) {
    throw new StatusListError(
      'STATUS_INDEX_OUT_OF_RANGE',
      `Status index ${entry.index} is outside the list (0 to ${list.length - 1}).`,
      { index: entry.index, length: list.length },
    );
  }
  return {
    format: entry.format,
    purpose: entry.purpose,
    index: entry.index,
    statusListCredential: entry.statusListCredential,
    set: getStatusBit(list, entry.index),
  };
}
