import { CREDENTIAL_ATTACHMENT_NAME } from './pdf.js';
import { readPdfAttachments } from './pdf-attachments.js';
import { isPng } from './png.js';
import { detectBakedImageFormat, unbakeCredential, UnbakeError } from './unbake.js';

/** The forms a person may hold a credential in. */
export type InputFormat = 'json' | 'png' | 'svg' | 'pdf';

/** What was found inside an input: one credential, or a presentation whose credentials are reported one by one. */
export type CredentialInput =
  | { kind: 'credential'; format: InputFormat; credential: Record<string, unknown> }
  | { kind: 'presentation'; format: InputFormat; presentation: Record<string, unknown> };

export type CredentialInputErrorCode =
  | 'EMPTY_INPUT'
  | 'UNKNOWN_FORMAT'
  | 'NOT_JSON'
  | 'NOT_AN_OBJECT'
  | 'NOT_BAKED'
  | 'TAMPERED_IMAGE'
  | 'CORRUPT_PDF'
  | 'NO_ATTACHED_CREDENTIAL'
  | 'UNSUPPORTED_JWT'
  | 'INVALID_URL'
  | 'FETCH_FAILED';

/** The input could not be read as a credential; the message says what was wrong in words a person understands. */
export class CredentialInputError extends Error {
  constructor(
    readonly code: CredentialInputErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** What the sender said the bytes are; only used to word errors; the bytes themselves decide the format. */
export interface InputHint {
  contentType?: string;
  fileName?: string;
}

const COMPACT_JWS = /^[\w-]+\.[\w-]+\.[\w-]*$/;
const JWT_REFUSED = 'This is a VC-JWT (a compact JWS); Laurel verifies credentials with embedded Data Integrity proofs only.';

function isPdf(bytes: Uint8Array): boolean {
  // "%PDF-" may follow a few bytes of junk; readers accept it within the first kilobyte.
  return Buffer.from(bytes.subarray(0, 1024)).includes('%PDF-');
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function typesOf(document: Record<string, unknown>): unknown[] {
  return ([] as unknown[]).concat(document.type ?? []);
}

/**
 * A credential or a presentation. VC-API answers wrap them
 * (`{ "verifiableCredential": … }`, `{ "verifiablePresentation": … }`), as do
 * some wallet exports: an object with no `type` of its own is unwrapped once.
 */
export function classifyDocument(document: Record<string, unknown>, format: InputFormat): CredentialInput {
  if (typesOf(document).includes('VerifiablePresentation')) return { kind: 'presentation', format, presentation: document };
  if (document.type === undefined && document.credentialSubject === undefined) {
    if (isObject(document.verifiablePresentation)) return classifyDocument(document.verifiablePresentation, format);
    if (isObject(document.verifiableCredential)) return { kind: 'credential', format, credential: document.verifiableCredential };
  }
  return { kind: 'credential', format, credential: document };
}

function parseJson(text: string, format: InputFormat, where: string): CredentialInput {
  const trimmed = text.replace(/^\uFEFF/, '').trim();
  if (COMPACT_JWS.test(trimmed)) throw new CredentialInputError('UNSUPPORTED_JWT', JWT_REFUSED);
  let value: unknown;
  try {
    value = JSON.parse(trimmed);
  } catch {
    throw new CredentialInputError('NOT_JSON', format === 'json' ? 'That is not valid JSON.' : `The credential ${where} is not valid JSON.`);
  }
  if (typeof value === 'string' && COMPACT_JWS.test(value)) throw new CredentialInputError('UNSUPPORTED_JWT', JWT_REFUSED);
  if (!isObject(value)) {
    throw new CredentialInputError('NOT_AN_OBJECT', `${format === 'json' ? 'That JSON' : `The credential ${where}`} is not an object: give one credential, or a presentation holding several.`);
  }
  return classifyDocument(value, format);
}

function fromImage(bytes: Uint8Array, format: 'png' | 'svg'): CredentialInput {
  let baked: Record<string, unknown> | string;
  try {
    baked = unbakeCredential(bytes);
  } catch (error) {
    if (!(error instanceof UnbakeError)) throw error;
    const code = error.code === 'NOT_BAKED' ? 'NOT_BAKED' : error.code === 'CORRUPT_IMAGE' ? 'TAMPERED_IMAGE' : 'NOT_JSON';
    // A bad chunk checksum means bytes changed after baking: say so rather than "unreadable".
    const message = code === 'TAMPERED_IMAGE' ? `The ${format.toUpperCase()} badge was altered after it was baked: ${error.message}` : error.message;
    throw new CredentialInputError(code, message);
  }
  if (typeof baked === 'string') throw new CredentialInputError('UNSUPPORTED_JWT', JWT_REFUSED);
  return classifyDocument(baked, format);
}

async function fromPdf(bytes: Uint8Array): Promise<CredentialInput> {
  let attachments;
  try {
    attachments = await readPdfAttachments(bytes);
  } catch (error) {
    throw new CredentialInputError('CORRUPT_PDF', `The PDF could not be read: ${error instanceof Error ? error.message : String(error)}`);
  }
  // Laurel's certificates attach credential.json; another issuer's PDF may name its JSON file differently.
  const attached = attachments.find((file) => file.name === CREDENTIAL_ATTACHMENT_NAME) ?? attachments.find((file) => /\.(json|jsonld)$/i.test(file.name));
  if (!attached) {
    throw new CredentialInputError('NO_ATTACHED_CREDENTIAL', 'The PDF has no credential attached (Laurel certificates attach it as credential.json); a printed certificate alone proves nothing.');
  }
  return parseJson(Buffer.from(attached.bytes).toString('utf8'), 'pdf', `attached to the PDF (${attached.name})`);
}

function looksLikeText(bytes: Uint8Array): boolean {
  return !bytes.subarray(0, 4096).includes(0);
}

/**
 * Finds the credential, or presentation, in what a person holds: JSON, a
 * baked PNG or SVG badge, or a PDF with the credential attached. The bytes
 * decide the format (a file name or content type can lie); a typed error says
 * what could not be read.
 */
export async function readCredentialInput(bytes: Uint8Array, hint: InputHint = {}): Promise<CredentialInput> {
  if (Buffer.from(bytes).toString('utf8').trim() === '') throw new CredentialInputError('EMPTY_INPUT', 'There is nothing to verify: the input is empty.');
  if (isPng(bytes)) return fromImage(bytes, 'png');
  if (isPdf(bytes)) return fromPdf(bytes);
  if (detectBakedImageFormat(bytes) === 'svg') return fromImage(bytes, 'svg');
  const text = Buffer.from(bytes.subarray(0, 256)).toString('utf8').replace(/^\uFEFF/, '').trimStart();
  if (text.startsWith('<')) throw new CredentialInputError('UNKNOWN_FORMAT', 'This is an HTML or XML document, not a credential, a baked SVG badge or a PDF.');
  if (looksLikeText(bytes)) return parseJson(Buffer.from(bytes).toString('utf8'), 'json', '');
  const named = hint.fileName ?? hint.contentType;
  throw new CredentialInputError(
    'UNKNOWN_FORMAT',
    `${named ? `"${named}"` : 'This file'} is not JSON, a PNG or SVG badge, or a PDF: Laurel cannot find a credential in it.`,
  );
}
