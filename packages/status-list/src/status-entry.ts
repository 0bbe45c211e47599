import { StatusListError } from './errors.js';
import { hasValue, isAbsoluteUrl, isRecord } from './json.js';
import {
  FORMAT_TERMS,
  STATUS_LIST_FORMATS,
  isStatusListFormat,
  isStatusPurpose,
  type StatusListFormat,
  type StatusPurpose,
} from './status-formats.js';

export interface StatusEntryOptions<F extends StatusListFormat = StatusListFormat> {
  /** URL of the status list credential (its `id`). */
  statusListCredential: string;
  /** From statusIndexAt: the list's permutation of the credential's slot. */
  statusListIndex: number;
  statusPurpose: StatusPurpose;
  /** Default BitstringStatusList. */
  format?: F;
}

// Type aliases rather than interfaces, so entries stay assignable to Record<string, unknown>.
export type BitstringStatusListEntry = {
  id: string;
  type: 'BitstringStatusListEntry';
  statusPurpose: StatusPurpose;
  /** A base-10 string, as the spec requires (indexes may exceed JSON-safe integers elsewhere). */
  statusListIndex: string;
  statusListCredential: string;
};

export type StatusList2021Entry = Omit<BitstringStatusListEntry, 'type'> & { type: 'StatusList2021Entry' };

export type StatusEntry<F extends StatusListFormat = StatusListFormat> = F extends 'StatusList2021'
  ? StatusList2021Entry
  : F extends 'BitstringStatusList'
    ? BitstringStatusListEntry
    : never;

function invalidEntry(message: string, details: Record<string, unknown> = {}): StatusListError {
  return new StatusListError('INVALID_STATUS_ENTRY', message, details);
}

/** Status list credentials are dereferenced by URL, so a fragment would be meaningless (and collide with the entry id). */
function isStatusListUrl(value: unknown): value is string {
  return isAbsoluteUrl(value) && !value.includes('#');
}

/** The credentialStatus entry that ties a credential to bit `statusListIndex` of a list. */
export function createStatusEntry<F extends StatusListFormat = 'BitstringStatusList'>(
  options: StatusEntryOptions<F>,
): StatusEntry<F>;
export function createStatusEntry(options: StatusEntryOptions): StatusEntry {
  const { statusListCredential, statusListIndex, statusPurpose } = options;
  const format = options.format ?? 'BitstringStatusList';
  if (!isStatusListFormat(format)) throw invalidEntry(`Unknown status list format "${String(format)}".`, { format });
  if (!isStatusListUrl(statusListCredential)) {
    throw invalidEntry('statusListCredential must be an absolute URL without a fragment.', { statusListCredential });
  }
  if (!Number.isSafeInteger(statusListIndex) || statusListIndex < 0) {
    throw invalidEntry(`statusListIndex must be a non-negative integer, not ${statusListIndex}.`, { statusListIndex });
  }
  if (!isStatusPurpose(statusPurpose)) {
    throw invalidEntry(`statusPurpose must be "revocation" or "suspension", not "${String(statusPurpose)}".`, { statusPurpose });
  }
  return {
    // Unique per credential and never equal to the list URL, as the spec requires.
    id: `${statusListCredential}#${statusListIndex}`,
    type: FORMAT_TERMS[format].entryType,
    statusPurpose,
    statusListIndex: String(statusListIndex),
    statusListCredential,
  };
}

function entryFormat(entry: Record<string, unknown>): StatusListFormat | undefined {
  return STATUS_LIST_FORMATS.find((format) => hasValue(entry.type, FORMAT_TERMS[format].entryType));
}

/**
 * The credentialStatus entries (one object or an array) that are Bitstring
 * or StatusList2021 entries, unvalidated: readStatus checks each one. Other
 * status mechanisms are left for whoever understands them.
 */
export function findStatusEntries(credential: unknown): Record<string, unknown>[] {
  if (!isRecord(credential)) return [];
  const { credentialStatus } = credential;
  const candidates = Array.isArray(credentialStatus) ? credentialStatus : [credentialStatus];
  return candidates.filter((entry): entry is Record<string, unknown> => isRecord(entry) && entryFormat(entry) !== undefined);
}

/** An entry after validation: what readStatus needs, in usable types. */
export interface ParsedStatusEntry {
  format: StatusListFormat;
  purpose: StatusPurpose;
  index: number;
  statusListCredential: string;
}

const BASE_10 = /^[0-9]+$/;

/**
 * Validates an entry against its format's data model. Malformed entries are
 * INVALID_STATUS_ENTRY; well-formed ones Laurel cannot evaluate (other
 * purposes, multi-bit statuses) are UNSUPPORTED_STATUS_ENTRY, so a verifier
 * can tell "broken" from "not for us".
 */
export function parseStatusEntry(entry: unknown): ParsedStatusEntry {
  if (!isRecord(entry)) throw invalidEntry('A credentialStatus entry must be an object.');
  const format = entryFormat(entry);
  if (!format) {
    throw invalidEntry('credentialStatus.type must be BitstringStatusListEntry or StatusList2021Entry.', { type: entry.type });
  }
  const { id, statusPurpose, statusListIndex, statusListCredential, statusSize } = entry;

  if (typeof statusPurpose !== 'string' || statusPurpose === '') {
    throw invalidEntry('credentialStatus.statusPurpose must be a string.', { statusPurpose });
  }
  if (format === 'BitstringStatusList' && statusSize !== undefined && statusSize !== 1) {
    if (!(Number.isSafeInteger(statusSize) && (statusSize as number) > 0)) {
      throw invalidEntry('credentialStatus.statusSize must be a positive integer.', { statusSize });
    }
    throw new StatusListError('UNSUPPORTED_STATUS_ENTRY', `Status entries of ${String(statusSize)} bits are not supported.`, {
      statusSize,
    });
  }
  if (!isStatusPurpose(statusPurpose)) {
    throw new StatusListError('UNSUPPORTED_STATUS_ENTRY', `Status purpose "${statusPurpose}" is not supported.`, { statusPurpose });
  }
  // Strict on purpose: parseInt (what the stock library uses) reads "12abc" as 12.
  if (typeof statusListIndex !== 'string' || !BASE_10.test(statusListIndex) || !Number.isSafeInteger(Number(statusListIndex))) {
    throw invalidEntry('credentialStatus.statusListIndex must be a base-10 integer string.', { statusListIndex });
  }
  if (!isStatusListUrl(statusListCredential)) {
    throw invalidEntry('credentialStatus.statusListCredential must be an absolute URL without a fragment.', { statusListCredential });
  }
  // VC 1.1 requires an id on credentialStatus; VC 2.0 made it optional.
  if (id !== undefined || format === 'StatusList2021') {
    if (typeof id !== 'string' || id === '') throw invalidEntry('credentialStatus.id must be a string.', { id });
    if (id === statusListCredential) throw invalidEntry('credentialStatus.id must not be the status list URL.', { id });
  }
  return { format, purpose: statusPurpose, index: Number(statusListIndex), statusListCredential };
}
