export {
  MIN_STATUS_LIST_LENGTH,
  MAX_STATUS_LIST_LENGTH,
  createStatusList,
  getStatusBit,
  setStatusBit,
  statusListFromIndexes,
  type StatusList,
} from './status-list.js';
export {
  encodeStatusList,
  decodeStatusList,
  type EncodeStatusListOptions,
  type DecodeStatusListOptions,
} from './encoded-list.js';
export type { StatusPurpose, StatusListFormat } from './status-formats.js';
export {
  createStatusListCredential,
  type StatusListCredentialOptions,
  type StatusListCredential,
  type BitstringStatusListCredential,
  type StatusList2021Credential,
  type StatusListIssuer,
} from './status-list-credential.js';
export {
  createStatusEntry,
  findStatusEntries,
  statusEntryIssues,
  type StatusEntryIssue,
  type StatusEntryOptions,
  type StatusEntry,
  type BitstringStatusListEntry,
  type StatusList2021Entry,
} from './status-entry.js';
export {
  getStatusValue,
  setStatusValue,
  statusMessages,
  LIFECYCLE_STATUS_SIZE,
  LIFECYCLE_STATUS_MESSAGES,
} from './status-message.js';
export type { StatusMessage } from './status-entry.js';
export { createStatusPermutation, statusIndexAt, type StatusPermutation } from './status-permutation.js';
export { nextStatus, type StatusChange } from './status-transition.js';
export { readStatus, type ReadStatusOptions, type StatusReading } from './read-status.js';
export { StatusListError, StatusListFullError, type StatusListErrorCode } from './errors.js';
export { createStatusChecker, type StatusCheckerOptions } from './status-checker.js';
export { statusListTtlMs } from './status-list-ttl.js';
export {
  REVOCATION_LIST_ENTRY_TYPE,
  createRevocationList,
  createRevocationListEntry,
  isRevocationListEntry,
  readRevocationList,
  type RevocationList,
  type RevocationListEntry,
  type RevocationReading,
  type RevokedCredential,
} from './revocation-list.js';
export { VerifiedStatusLists, type VerifiedStatusList, type VerifiedStatusListsOptions } from './verified-status-lists.js';
