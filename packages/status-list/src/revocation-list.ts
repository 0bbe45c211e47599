import { StatusListError } from './errors.js';
import { isAbsoluteUrl, isRecord } from './json.js';

/**
 * The 1EdTech Revocation List Status Method (vcrl v1.0), the status type Open
 * Badges 3.0 defines for its VC 1.1 form. 1EdTech's draft-04
 * AchievementCredential schema closes `credentialStatus` to one `{id, type}`
 * object, so a Bitstring or StatusList2021 entry cannot pass it; this can.
 * The entry's `id` is the URL of the issuer's list, which names the revoked
 * credentials by id. There is no index and no suspension: a credential is on
 * the list or it is not.
 */
export const REVOCATION_LIST_ENTRY_TYPE = '1EdTechRevocationList';

export type RevocationListEntry = { id: string; type: typeof REVOCATION_LIST_ENTRY_TYPE };

/** A revoked credential as the list names it. */
export type RevokedCredential = { id: string; revocationReason?: string };

/** The document served at the entry's URL. */
export type RevocationList = { id: string; issuer: string; revokedCredentials: RevokedCredential[] };

export function createRevocationListEntry(listUrl: string): RevocationListEntry {
  if (!isAbsoluteUrl(listUrl)) throw new StatusListError('INVALID_ARGUMENT', `A revocation list URL must be absolute, not "${listUrl}".`, { listUrl });
  return { id: listUrl, type: REVOCATION_LIST_ENTRY_TYPE };
}

export function createRevocationList(options: { id: string; issuer: string; revokedCredentialIds: readonly string[] }): RevocationList {
  return { id: options.id, issuer: options.issuer, revokedCredentials: options.revokedCredentialIds.map((id) => ({ id })) };
}

export function isRevocationListEntry(entry: unknown): entry is Record<string, unknown> & { type: unknown } {
  return isRecord(entry) && ([] as unknown[]).concat(entry.type).includes(REVOCATION_LIST_ENTRY_TYPE);
}

export interface RevocationReading {
  listUrl: string;
  revoked: boolean;
  /** The issuer's reason, when the list gives one for this credential. */
  reason?: string;
}

function issuerIdOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  return isRecord(value) && typeof value.id === 'string' ? value.id : undefined;
}

/**
 * Whether `credential` is on the list its 1EdTechRevocationList entry names.
 * The list must be the one the entry points at and come from the credential's
 * issuer; a credential without an id cannot be named by any list, so it
 * cannot be checked. Every failure is a StatusListError.
 */
export function readRevocationList(options: { entry: unknown; list: unknown; credential: Record<string, unknown> }): RevocationReading {
  const { entry, list, credential } = options;
  if (!isRevocationListEntry(entry) || !isAbsoluteUrl(entry.id)) {
    throw new StatusListError('INVALID_STATUS_ENTRY', 'A 1EdTechRevocationList entry must have the list URL as its id.', { id: isRecord(entry) ? entry.id : undefined });
  }
  const listUrl = entry.id;
  if (typeof credential.id !== 'string') {
    throw new StatusListError('UNSUPPORTED_STATUS_ENTRY', 'The credential has no id, so no revocation list can name it.');
  }
  if (!isRecord(list)) throw new StatusListError('INVALID_STATUS_LIST_CREDENTIAL', `The revocation list ${listUrl} is not a JSON object.`, { url: listUrl });
  if (list.id !== listUrl) {
    throw new StatusListError('STATUS_LIST_URL_MISMATCH', `The entry points at ${listUrl}, but the revocation list is ${String(list.id)}.`, { expected: listUrl, actual: list.id });
  }
  const listIssuer = issuerIdOf(list.issuer);
  const credentialIssuer = issuerIdOf(credential.issuer);
  if (listIssuer === undefined || listIssuer !== credentialIssuer) {
    throw new StatusListError('INVALID_STATUS_LIST_CREDENTIAL', `The revocation list ${listUrl} was published by ${String(listIssuer)}, not by the credential's issuer ${String(credentialIssuer)}.`, { url: listUrl });
  }
  const revoked = list.revokedCredentials ?? [];
  if (!Array.isArray(revoked) || !revoked.every((item) => isRecord(item) && typeof item.id === 'string')) {
    throw new StatusListError('INVALID_STATUS_LIST_CREDENTIAL', `The revocation list ${listUrl} must have revokedCredentials, an array of objects with an id.`, { url: listUrl });
  }
  const found = (revoked as Record<string, unknown>[]).find((item) => item.id === credential.id);
  return {
    listUrl,
    revoked: found !== undefined,
    ...(typeof found?.revocationReason === 'string' ? { reason: found.revocationReason } : {}),
  };
}
