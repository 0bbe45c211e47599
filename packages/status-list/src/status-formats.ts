import { CONTEXT_URLS } from '@laurel/contexts';

/** The status purposes Laurel issues and evaluates; `refresh` and `message` are out of scope. */
export type StatusPurpose = 'revocation' | 'suspension';

/**
 * BitstringStatusList is the W3C Recommendation (VC 2.0); StatusList2021 is its
 * VC 1.1 predecessor, still read by deployed wallets and verifiers.
 */
export type StatusListFormat = 'BitstringStatusList' | 'StatusList2021';

export const STATUS_PURPOSES: readonly StatusPurpose[] = ['revocation', 'suspension'];
export const STATUS_LIST_FORMATS: readonly StatusListFormat[] = ['BitstringStatusList', 'StatusList2021'];

/** The vocabulary each format uses, in one place so entries, lists and readers agree. */
export const FORMAT_TERMS = {
  BitstringStatusList: {
    entryType: 'BitstringStatusListEntry',
    listType: 'BitstringStatusList',
    credentialType: 'BitstringStatusListCredential',
    // The VC 2.0 context already defines the status terms (and `ttl`).
    context: [CONTEXT_URLS.VC_V2],
  },
  StatusList2021: {
    entryType: 'StatusList2021Entry',
    listType: 'StatusList2021',
    credentialType: 'StatusList2021Credential',
    context: [CONTEXT_URLS.VC_V1, CONTEXT_URLS.STATUS_LIST_2021_V1],
  },
} as const;

export function isStatusPurpose(value: unknown): value is StatusPurpose {
  return STATUS_PURPOSES.includes(value as StatusPurpose);
}

export function isStatusListFormat(value: unknown): value is StatusListFormat {
  return STATUS_LIST_FORMATS.includes(value as StatusListFormat);
}
