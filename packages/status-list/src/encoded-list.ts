import { gunzip } from 'node:zlib';
import { promisify } from 'node:util';
import { BitstringStatusList } from '@digitalbazaar/vc-bitstring-status-list';
import { StatusList as StatusList2021 } from '@digitalbazaar/vc-status-list';
import { StatusListError } from './errors.js';
import { isStatusListFormat, type StatusListFormat } from './status-formats.js';
import {
  MAX_STATUS_LIST_LENGTH,
  adoptStatusListBytes,
  statusListBytes,
  type StatusList,
} from './status-list.js';

const gunzipAsync = promisify(gunzip);

/** Multibase prefix for base64url without padding. */
const MULTIBASE_BASE64URL = 'u';
const BASE64URL = /^[A-Za-z0-9_-]+$/;

export interface EncodeStatusListOptions {
  /** Default BitstringStatusList (multibase, `u…`); StatusList2021 lists carry no prefix. */
  format?: StatusListFormat;
}

export interface DecodeStatusListOptions {
  /**
   * Default BitstringStatusList, which requires the multibase `u` prefix.
   * StatusList2021 accepts the legacy unprefixed form and the prefixed one.
   */
  format?: StatusListFormat;
  /** Largest list accepted, in bits (default MAX_STATUS_LIST_LENGTH, i.e. 16 MiB decompressed). */
  maxLength?: number;
}

function formatOf(format: unknown): StatusListFormat {
  const resolved = format ?? 'BitstringStatusList';
  if (!isStatusListFormat(resolved)) {
    throw new StatusListError('INVALID_ARGUMENT', `Unknown status list format "${String(format)}".`, { format });
  }
  return resolved;
}

/**
 * The encoded form of `list`: GZIP, then base64url without padding, plus the
 * multibase `u` prefix for BitstringStatusList. The stock libraries do the
 * encoding so our output is byte-for-byte what other implementations expect.
 */
export async function encodeStatusList(list: StatusList, options: EncodeStatusListOptions = {}): Promise<string> {
  const format = formatOf(options.format);
  const bytes = statusListBytes(list);
  // Both stock classes only read the buffer when encoding.
  return format === 'BitstringStatusList'
    ? new BitstringStatusList({ buffer: bytes }).encode()
    : new StatusList2021({ buffer: bytes }).encode();
}

function malformed(reason: string, cause?: unknown): StatusListError {
  return new StatusListError(
    'MALFORMED_STATUS_LIST',
    `The encoded status list is malformed: ${reason}.`,
    { reason },
    cause === undefined ? undefined : { cause },
  );
}

function tooLarge(maxLength: number, detail: string): StatusListError {
  return new StatusListError(
    'STATUS_LIST_TOO_LARGE',
    `The encoded status list is larger than the ${maxLength}-entry limit (${detail}); it may be a compression bomb.`,
    { maxLength },
  );
}

/**
 * An upper bound on the base64url length of a legitimate list of `maxBytes`:
 * even an encoder that expands incompressible data (fixed Huffman codes cost
 * up to 9 bits a byte) stays under 9/8 of the input plus headers. Longer
 * input is refused before any decoding work.
 */
function maxEncodedChars(maxBytes: number): number {
  const maxCompressedBytes = maxBytes + Math.ceil(maxBytes / 8) + 1024;
  return Math.ceil((maxCompressedBytes * 4) / 3);
}

/**
 * Decodes an encodedList into a StatusList, or throws MALFORMED_STATUS_LIST /
 * STATUS_LIST_TOO_LARGE; it never fails with an untyped error.
 *
 * The stock decoder inflates with pako's one-shot `ungzip`, which cannot stop
 * early: a few kilobytes of crafted input would expand to gigabytes before any
 * length check ran. So the expansion here is Node's zlib with
 * `maxOutputLength`, which aborts as soon as the output passes the cap, and
 * the tests check the result against the stock decoder bit for bit.
 */
export async function decodeStatusList(encodedList: string, options: DecodeStatusListOptions = {}): Promise<StatusList> {
  const format = formatOf(options.format);
  const maxLength = options.maxLength ?? MAX_STATUS_LIST_LENGTH;
  if (!Number.isSafeInteger(maxLength) || maxLength < 8) {
    throw new StatusListError('INVALID_ARGUMENT', `maxLength must be an integer of at least 8 bits, not ${maxLength}.`, { maxLength });
  }
  const maxBytes = Math.floor(maxLength / 8);

  if (typeof encodedList !== 'string') throw malformed('encodedList must be a string');
  let body: string;
  if (encodedList.startsWith(MULTIBASE_BASE64URL)) {
    body = encodedList.slice(MULTIBASE_BASE64URL.length);
  } else if (format === 'StatusList2021') {
    // Unambiguous: GZIP data always starts with 0x1f 0x8b 0x08, which is
    // "H4sI" in base64url, so a leading "u" can only be the multibase prefix.
    body = encodedList;
  } else {
    throw malformed('a BitstringStatusList encodedList must start with the multibase prefix "u" (base64url)');
  }
  if (body.length > maxEncodedChars(maxBytes)) throw tooLarge(maxLength, `${encodedList.length} characters`);
  if (!BASE64URL.test(body) || body.length % 4 === 1) {
    throw malformed('not base64url without padding');
  }

  let inflated: Buffer;
  try {
    inflated = await gunzipAsync(Buffer.from(body, 'base64url'), { maxOutputLength: maxBytes });
  } catch (cause) {
    if ((cause as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE') {
      throw tooLarge(maxLength, `it inflates beyond ${maxBytes} bytes`);
    }
    throw malformed(`not valid GZIP data (${cause instanceof Error ? cause.message : String(cause)})`, cause);
  }
  if (inflated.length === 0) throw malformed('the decompressed list is empty');
  // zlib may hand back a view into a larger (pooled) buffer; copy into an exact one.
  return adoptStatusListBytes(new Uint8Array(inflated));
}
