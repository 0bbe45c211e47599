import { StatusListError } from './errors.js';
import { isAbsoluteUrl, isRecord } from './json.js';
import {
  FORMAT_TERMS,
  isStatusListFormat,
  isStatusPurpose,
  type StatusListFormat,
  type StatusPurpose,
} from './status-formats.js';

/** An issuer as VC allows it: a URL, or an object whose `id` is that URL. */
export type StatusListIssuer = string | ({ id: string } & Record<string, unknown>);

export interface StatusListCredentialOptions<F extends StatusListFormat = StatusListFormat> {
  /** The URL the list credential is published at; entries point here. */
  id: string;
  issuer: StatusListIssuer;
  /** `message` for BitstringStatusList only: its entries carry statusSize and statusMessage. */
  statusPurpose: StatusPurpose | 'message';
  /** From encodeStatusList with the same format. */
  encodedList: string;
  /** Default BitstringStatusList. */
  format?: F;
  /** Required for StatusList2021, whose VC 1.1 model requires issuanceDate. */
  validFrom?: Date | string;
  validUntil?: Date | string;
  /** Milliseconds a verifier may cache the list; BitstringStatusList only. */
  ttl?: number;
}

// Type aliases rather than interfaces, so the results stay assignable to the
// Record<string, unknown> that signing functions take.
export type BitstringStatusListCredential = {
  '@context': string[];
  id: string;
  type: ['VerifiableCredential', 'BitstringStatusListCredential'];
  issuer: StatusListIssuer;
  validFrom?: string;
  validUntil?: string;
  credentialSubject: {
    id: string;
    type: 'BitstringStatusList';
    statusPurpose: StatusPurpose | 'message';
    encodedList: string;
    ttl?: number;
  };
};

export type StatusList2021Credential = {
  '@context': string[];
  id: string;
  type: ['VerifiableCredential', 'StatusList2021Credential'];
  issuer: StatusListIssuer;
  issuanceDate: string;
  expirationDate?: string;
  credentialSubject: {
    id: string;
    type: 'StatusList2021';
    statusPurpose: StatusPurpose;
    encodedList: string;
  };
};

export type StatusListCredential<F extends StatusListFormat = StatusListFormat> = F extends 'StatusList2021'
  ? StatusList2021Credential
  : F extends 'BitstringStatusList'
    ? BitstringStatusListCredential
    : never;

function invalid(message: string, details: Record<string, unknown> = {}): StatusListError {
  return new StatusListError('INVALID_STATUS_LIST_CREDENTIAL', message, details);
}

const XSD_DATE_TIME_STAMP = /^\d{4,}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** Dates are passed in (no clock here); strings must already be dateTimeStamps, with a time zone. */
function dateTimeStamp(name: string, value: Date | string): { text: string; time: number } {
  if (value instanceof Date) {
    const time = value.getTime();
    if (Number.isNaN(time)) throw invalid(`${name} is an invalid Date.`);
    return { text: value.toISOString().replace(/\.000Z$/, 'Z'), time };
  }
  const time = typeof value === 'string' && XSD_DATE_TIME_STAMP.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(time)) throw invalid(`${name} must be a Date or an XML Schema dateTimeStamp string.`, { [name]: value });
  return { text: value, time };
}

function issuerOf(issuer: unknown): StatusListIssuer {
  if (isAbsoluteUrl(issuer)) return issuer;
  if (isRecord(issuer) && isAbsoluteUrl(issuer.id)) return { ...issuer, id: issuer.id };
  throw invalid('issuer must be a URL or an object with a URL id.', { issuer });
}

/**
 * The FORM of an encodedList, without decoding it: base64url of GZIP data
 * always starts with "H4sI". Catches a list encoded for the other format,
 * which the other format's verifiers could not read.
 */
function assertEncodedListForm(encodedList: unknown, format: StatusListFormat): asserts encodedList is string {
  const prefix = format === 'BitstringStatusList' ? 'uH4sI' : 'H4sI';
  if (typeof encodedList !== 'string' || !encodedList.startsWith(prefix) || !/^[A-Za-z0-9_-]+$/.test(encodedList.slice(1))) {
    throw new StatusListError(
      'MALFORMED_STATUS_LIST',
      `encodedList is not a ${format} list (base64url GZIP${format === 'BitstringStatusList' ? ' with the multibase "u" prefix' : ' without a prefix'}); ` +
        `encode it with encodeStatusList(list, { format: '${format}' }).`,
      { format },
    );
  }
}

/**
 * An unsigned status list credential, ready for signing: a VC 2.0
 * BitstringStatusListCredential, or a VC 1.1 StatusList2021Credential whose
 * issuanceDate/expirationDate come from validFrom/validUntil. Field names
 * match the stock libraries' createCredential, plus issuer and validity.
 */
export function createStatusListCredential<F extends StatusListFormat = 'BitstringStatusList'>(
  options: StatusListCredentialOptions<F>,
): StatusListCredential<F>;
export function createStatusListCredential(options: StatusListCredentialOptions): StatusListCredential {
  const { id, statusPurpose, encodedList, validFrom, validUntil, ttl } = options;
  const format = options.format ?? 'BitstringStatusList';
  if (!isStatusListFormat(format)) throw invalid(`Unknown status list format "${String(format)}".`, { format });
  // The subject id is `${id}#list`, so the credential id itself cannot carry a fragment.
  if (!isAbsoluteUrl(id) || id.includes('#')) throw invalid('id must be an absolute URL without a fragment.', { id });
  const issuer = issuerOf(options.issuer);
  if (!isStatusPurpose(statusPurpose) && !(statusPurpose === 'message' && format === 'BitstringStatusList')) {
    throw invalid(`statusPurpose must be "revocation", "suspension" or (BitstringStatusList) "message", not "${String(statusPurpose)}".`, { statusPurpose });
  }
  assertEncodedListForm(encodedList, format);
  const from = validFrom === undefined ? undefined : dateTimeStamp('validFrom', validFrom);
  const until = validUntil === undefined ? undefined : dateTimeStamp('validUntil', validUntil);
  if (from && until && until.time < from.time) throw invalid('validUntil is before validFrom.', { validFrom, validUntil });
  if (ttl !== undefined && !(Number.isSafeInteger(ttl) && ttl >= 0)) {
    throw invalid('ttl must be a non-negative whole number of milliseconds.', { ttl });
  }

  const terms = FORMAT_TERMS[format];
  if (format === 'BitstringStatusList') {
    const credential: BitstringStatusListCredential = {
      '@context': [...terms.context],
      id,
      type: ['VerifiableCredential', 'BitstringStatusListCredential'],
      issuer,
      ...(from && { validFrom: from.text }),
      ...(until && { validUntil: until.text }),
      credentialSubject: {
        id: `${id}#list`,
        type: 'BitstringStatusList',
        statusPurpose,
        encodedList,
        ...(ttl !== undefined && { ttl }),
      },
    };
    return credential;
  }

  // The StatusList2021 context defines no `ttl`: JSON-LD signing would reject the term.
  if (ttl !== undefined) throw invalid('ttl is only defined for BitstringStatusList credentials.', { ttl });
  if (!from) throw invalid('StatusList2021 credentials are VC 1.1, which requires validFrom (issuanceDate).');
  const credential: StatusList2021Credential = {
    '@context': [...terms.context],
    id,
    type: ['VerifiableCredential', 'StatusList2021Credential'],
    issuer,
    issuanceDate: from.text,
    ...(until && { expirationDate: until.text }),
    credentialSubject: {
      id: `${id}#list`,
      type: 'StatusList2021',
      // Checked above: "message" is refused for this format.
      statusPurpose: statusPurpose as StatusPurpose,
      encodedList,
    },
  };
  return credential;
}
