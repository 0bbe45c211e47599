import { FetchRefusedError, type GuardedFetcher, type JsonFetcher } from '@laurel/guarded-fetch';
import { CredentialInputError, readCredentialInput, readCredentialUrl, type CredentialInput, type FetchDocument, type FetchedDocument } from '@laurel/render';
import { checkPresentation, type ValidationIssue } from '@laurel/models';
import type { ForRequest, VerificationReport, Verifier } from './verifier.js';

/** The page's FetchDocument, told which request it fetches for (its X-Request-Id goes along). */
export type PageFetchDocument = (url: URL, accept: string, forRequest?: ForRequest) => Promise<FetchedDocument>;

/** What the verify page was given: pasted text, an uploaded file, or a URL. */
export interface PageSubmission {
  text?: string;
  file?: { bytes: Uint8Array; name: string; type: string };
  url?: string;
}

export interface CheckedCredential {
  report: VerificationReport;
  credential: unknown;
}

export type PageOutcome =
  | { kind: 'empty' }
  /** `code`: the reader's CredentialInputError code, or EMPTY_PRESENTATION; `message`: what it found, in English. */
  | { kind: 'error'; code: string; message: string }
  | { kind: 'revoked'; url: string }
  | ({ kind: 'credential' } & CheckedCredential)
  /** `modelIssues`: where the presentation itself breaks its data model (its credentials are reported one by one). */
  | { kind: 'presentation'; credentials: CheckedCredential[]; modelIssues: ValidationIssue[] };

/** The guarded fetcher as the verify page's FetchDocument. */
export function documentFetcher(fetcher: Pick<GuardedFetcher, 'fetchBytes'>): PageFetchDocument {
  return async (url, accept, forRequest = {}) => {
    const answer = await fetcher.fetchBytes(url, { accept, ...forRequest });
    return { url: answer.url, status: answer.status, contentType: answer.headers['content-type'] ?? '', bytes: answer.body };
  };
}

/**
 * The guarded fetcher's JSON-only interface as a FetchDocument, for callers
 * that inject only `fetchJson`: a refused HTTP status (410 above all) becomes
 * that status, so "revoked" still reads as revoked.
 */
export function documentsFromJson(fetchJson: JsonFetcher): PageFetchDocument {
  return async (url, _accept, forRequest = {}) => {
    try {
      const json = await fetchJson(url, forRequest);
      return { url: url.href, status: 200, contentType: 'application/json', bytes: Buffer.from(JSON.stringify(json)) };
    } catch (error) {
      if (error instanceof FetchRefusedError && error.code === 'FETCH_HTTP_STATUS' && error.status) {
        return { url: error.url, status: error.status, contentType: '', bytes: new Uint8Array() };
      }
      throw error;
    }
  };
}

function credentialsOf(presentation: Record<string, unknown>): unknown[] {
  return ([] as unknown[]).concat(presentation.verifiableCredential ?? []);
}

async function read(submission: PageSubmission, fetchDocument: FetchDocument): Promise<CredentialInput | { kind: 'revoked'; url: string } | undefined> {
  if (submission.text?.trim()) return readCredentialInput(Buffer.from(submission.text, 'utf8'));
  if (submission.file && submission.file.bytes.length > 0) {
    return readCredentialInput(submission.file.bytes, { fileName: submission.file.name, contentType: submission.file.type });
  }
  if (submission.url?.trim()) return readCredentialUrl(submission.url, fetchDocument);
  return undefined;
}

/**
 * Reads what the page was given and verifies what is in it: one credential,
 * or each credential of a presentation. A presentation's own proof is not
 * checked here: it binds the presentation to a challenge this page never
 * issued, so it would prove nothing.
 */
export async function verifySubmission(submission: PageSubmission, verifier: Verifier, fetchDocument: PageFetchDocument, forRequest: ForRequest = {}): Promise<PageOutcome> {
  let input;
  try {
    input = await read(submission, (url, accept) => fetchDocument(url, accept, forRequest));
  } catch (error) {
    if (error instanceof CredentialInputError) return { kind: 'error', code: error.code, message: error.message };
    throw error;
  }
  if (!input) return { kind: 'empty' };
  if (input.kind === 'revoked') return input;
  if (input.kind === 'credential') {
    const { report } = await verifier.verifyCredential(input.credential, forRequest);
    return { kind: 'credential', report, credential: input.credential };
  }
  const credentials = credentialsOf(input.presentation);
  if (credentials.length === 0) return { kind: 'error', code: 'EMPTY_PRESENTATION', message: 'The presentation holds no credentials.' };
  const checked = await verifier.verifyCredentials(credentials, forRequest);
  const { issues } = checkPresentation(input.presentation);
  return { kind: 'presentation', credentials: checked.map(({ report }, index) => ({ report, credential: credentials[index] })), modelIssues: issues };
}
