import { StatusListError } from './errors.js';
import { hasValue, isAbsoluteUrl, isRecord } from './json.js';
import {
  FORMAT_TERMS,
  STATUS_LIST_FORMATS,
  STATUS_PURPOSES,
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
  /** `message` (BitstringStatusList only) needs statusMessage, and statusSize when it is more than 1. */
  statusPurpose: StatusPurpose | 'message';
  /** Default BitstringStatusList. */
  format?: F;
  /** Bits per entry (Bitstring Status List §2.1); 1 when absent. */
  statusSize?: number;
  /** One message per value the entry can hold, value 0 first. */
  statusMessage?: readonly StatusMessage[];
  /** Where the issuer explains its status values. */
  statusReference?: string | readonly string[];
}

// Type aliases rather than interfaces, so entries stay assignable to Record<string, unknown>.
export type BitstringStatusListEntry = {
  id: string;
  type: 'BitstringStatusListEntry';
  statusPurpose: StatusPurpose | 'message';
  /** A base-10 string, as the spec requires (indexes may exceed JSON-safe integers elsewhere). */
  statusListIndex: string;
  statusListCredential: string;
  statusSize?: number;
  statusMessage?: StatusMessage[];
  statusReference?: string | string[];
};

export type StatusList2021Entry = Omit<BitstringStatusListEntry, 'type' | 'statusPurpose' | 'statusSize' | 'statusMessage' | 'statusReference'> & {
  type: 'StatusList2021Entry';
  statusPurpose: StatusPurpose;
};

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
  const message = statusPurpose === 'message' && format === 'BitstringStatusList';
  if (!isStatusPurpose(statusPurpose) && !message) {
    throw invalidEntry(`statusPurpose must be "revocation", "suspension" or (BitstringStatusList) "message", not "${String(statusPurpose)}".`, { statusPurpose });
  }
  const extras = {
    ...(options.statusSize !== undefined && { statusSize: options.statusSize }),
    ...(options.statusMessage !== undefined && { statusMessage: options.statusMessage.map((row) => ({ ...row })) }),
    ...(options.statusReference !== undefined && { statusReference: typeof options.statusReference === 'string' ? options.statusReference : [...options.statusReference] }),
  };
  if (Object.keys(extras).length > 0 && format !== 'BitstringStatusList') {
    throw invalidEntry('statusSize, statusMessage and statusReference are BitstringStatusList features.', { format });
  }
  if (message && extras.statusMessage === undefined) throw invalidEntry('A message entry needs a statusMessage for every value it can hold.');
  const entry = {
    // Unique per credential and never equal to the list URL, as the spec requires.
    id: `${statusListCredential}#${statusListIndex}`,
    type: FORMAT_TERMS[format].entryType,
    statusPurpose,
    statusListIndex: String(statusListIndex),
    statusListCredential,
    ...extras,
  };
  // The same §2.1 rules a verifier applies: every value has its message, the size is sane, references are URLs.
  const issue = Object.keys(extras).length > 0 ? statusEntryIssues(entry)[0] : undefined;
  if (issue) throw invalidEntry(`credentialStatus.${issue.path} ${issue.message}.`);
  return entry as StatusEntry;
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

/** A purpose readStatus evaluates: Laurel's own two, and the Bitstring spec's refresh and message. */
export type ReadablePurpose = StatusPurpose | 'refresh' | 'message';

/** One row of an entry's statusMessage table (Bitstring Status List §2.1). */
export interface StatusMessage {
  /** The value, as the entry writes it: "0x" and hexadecimal. */
  status: string;
  message: string;
}

/** An entry after validation: what readStatus needs, in usable types. */
export interface ParsedStatusEntry {
  format: StatusListFormat;
  purpose: ReadablePurpose;
  index: number;
  statusListCredential: string;
  /** Bits per entry (statusSize; 1 when absent, as the spec requires). */
  size: number;
  /** The issuer's message table, when the entry has one. */
  messages?: StatusMessage[];
  /** statusReference: where the issuer explains its statuses. */
  references?: string[];
}

const BASE_10 = /^[0-9]+$/;

/**
 * Validates an entry against its format's data model. Malformed entries are
 * INVALID_STATUS_ENTRY; well-formed ones Laurel cannot evaluate (a purpose the
 * spec does not define, a StatusList2021 purpose other than revocation or
 * suspension) are UNSUPPORTED_STATUS_ENTRY, so a verifier can tell "broken"
 * from "not for us".
 */
export function parseStatusEntry(entry: unknown): ParsedStatusEntry {
  if (!isRecord(entry)) throw invalidEntry('A credentialStatus entry must be an object.');
  const format = entryFormat(entry);
  if (!format) {
    throw invalidEntry('credentialStatus.type must be BitstringStatusListEntry or StatusList2021Entry.', { type: entry.type });
  }
  const { id, statusPurpose, statusListIndex, statusListCredential, statusSize, statusReference } = entry;

  if (typeof statusPurpose !== 'string' || statusPurpose === '') {
    throw invalidEntry('credentialStatus.statusPurpose must be a string.', { statusPurpose });
  }
  if (format === 'StatusList2021' && statusSize !== undefined && statusSize !== 1) {
    throw invalidEntry('credentialStatus.statusSize is not part of a StatusList2021Entry.', { statusSize });
  }
  // Bitstring Status List §2.1: statusSize an integer > 0, and a message for every value when it is > 1.
  const sizeIssue = format === 'BitstringStatusList' ? statusMessageIssues(entry)[0] : undefined;
  if (sizeIssue) throw invalidEntry(`credentialStatus.${sizeIssue.path} ${sizeIssue.message}.`, { [sizeIssue.path]: entry[sizeIssue.path] });
  const readable: readonly string[] = format === 'BitstringStatusList' ? BITSTRING_PURPOSES : STATUS_PURPOSES;
  if (!readable.includes(statusPurpose)) {
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
  const references = statusReference === undefined ? undefined : ([] as unknown[]).concat(statusReference);
  if (references !== undefined && (references.length === 0 || !references.every(isAbsoluteUrl))) {
    throw invalidEntry('credentialStatus.statusReference must be a URL or an array of URLs.', { statusReference });
  }
  return {
    format,
    purpose: statusPurpose as ReadablePurpose,
    index: Number(statusListIndex),
    statusListCredential,
    size: (statusSize as number | undefined) ?? 1,
    ...(Array.isArray(entry.statusMessage) && { messages: entry.statusMessage as StatusMessage[] }),
    ...(references !== undefined && { references: references as string[] }),
  };
}

/** One way a credentialStatus entry breaks its data model, with the property it concerns. */
export interface StatusEntryIssue {
  /** The property inside the entry ('' for the entry itself). */
  path: string;
  message: string;
}

/** The purposes the Bitstring Status List spec (§2.1) names; each MUST be used for its intended purpose. */
const BITSTRING_PURPOSES = ['refresh', 'revocation', 'suspension', 'message'];

function isHttpUrl(value: unknown): value is string {
  if (typeof value !== 'string' || value.includes('#')) return false;
  try {
    const { protocol } = new URL(value);
    return protocol === 'https:' || protocol === 'http:';
  } catch {
    return false;
  }
}

/** Bitstring Status List §2.1, statusSize/statusMessage: the message table must cover every value the entry can hold. */
function statusMessageIssues(entry: Record<string, unknown>): StatusEntryIssue[] {
  const { statusSize, statusMessage } = entry;
  if (statusSize !== undefined && !(Number.isSafeInteger(statusSize) && (statusSize as number) > 0)) {
    return [{ path: 'statusSize', message: 'must be an integer greater than zero' }];
  }
  const size = (statusSize as number | undefined) ?? 1;
  if (statusMessage === undefined) {
    return size > 1 ? [{ path: 'statusMessage', message: 'must be present when statusSize is greater than 1' }] : [];
  }
  // 2^size values; a size beyond 16 bits would need a table of more than 65,536 messages.
  if (size > 16) return [{ path: 'statusSize', message: 'is too large to carry a statusMessage for every value' }];
  if (!Array.isArray(statusMessage) || statusMessage.length !== 2 ** size) {
    return [{ path: 'statusMessage', message: `must be an array of ${2 ** size} messages, one per value of a ${size}-bit status` }];
  }
  return statusMessage.flatMap((message, index) =>
    isRecord(message) && typeof message.status === 'string' && /^0x[0-9a-f]+$/i.test(message.status) && typeof message.message === 'string'
      ? []
      : [{ path: `statusMessage[${index}]`, message: 'must have a status ("0x" and a hexadecimal value) and a message string' }],
  );
}

/**
 * Every way `entry` breaks the data model of its type (Bitstring Status List
 * v1.0 §2.1, or the StatusList2021 entry it replaced), for entries someone else
 * wrote: an issuer's own entries sent to be signed, say. Only the two types
 * Laurel can read are accepted; anything else is named, not guessed at. List
 * URLs must be http(s): a verifier has to fetch them. Empty when the entry is
 * well-formed.
 */
export function statusEntryIssues(entry: unknown): StatusEntryIssue[] {
  if (!isRecord(entry)) return [{ path: '', message: 'must be an object' }];
  const format = entryFormat(entry);
  if (!format) return [{ path: 'type', message: 'must be BitstringStatusListEntry or StatusList2021Entry (the status types Laurel can check)' }];
  const issues: StatusEntryIssue[] = [];
  const { id, statusPurpose, statusListIndex, statusListCredential, statusReference } = entry;
  if (typeof statusPurpose !== 'string' || statusPurpose === '') {
    issues.push({ path: 'statusPurpose', message: 'must be a string' });
  } else if (format === 'BitstringStatusList' ? !BITSTRING_PURPOSES.includes(statusPurpose) : !isStatusPurpose(statusPurpose)) {
    const allowed = format === 'BitstringStatusList' ? BITSTRING_PURPOSES : STATUS_PURPOSES;
    issues.push({ path: 'statusPurpose', message: `must be one of ${allowed.join(', ')}` });
  }
  if (typeof statusListIndex !== 'string' || !BASE_10.test(statusListIndex)) {
    issues.push({ path: 'statusListIndex', message: 'must be a non-negative integer written in base 10, as a string' });
  }
  if (!isHttpUrl(statusListCredential)) {
    issues.push({ path: 'statusListCredential', message: 'must be an absolute https or http URL without a fragment' });
  }
  if (id !== undefined || format === 'StatusList2021') {
    if (!isAbsoluteUrl(id)) issues.push({ path: 'id', message: 'must be a URL' });
    else if (id === statusListCredential) issues.push({ path: 'id', message: 'must not be the status list URL' });
  }
  if (format === 'BitstringStatusList') {
    issues.push(...statusMessageIssues(entry));
    if (statusReference !== undefined && !(Array.isArray(statusReference) ? statusReference.length > 0 && statusReference.every(isAbsoluteUrl) : isAbsoluteUrl(statusReference))) {
      issues.push({ path: 'statusReference', message: 'must be a URL or an array of URLs' });
    }
  } else if (entry.statusSize !== undefined || entry.statusMessage !== undefined) {
    issues.push({ path: 'statusSize', message: 'is not part of a StatusList2021Entry' });
  }
  return issues;
}
