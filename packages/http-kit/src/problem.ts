import { LaurelError } from '@laurel/models';

/** An RFC 9457 problem document. `errors` names each failing field (JSON Pointer-ish dotted paths). */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  code?: string;
  instance?: string;
  errors?: { path: string; message: string }[];
  [extension: string]: unknown;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';
const PROBLEM_BASE = 'https://laurel.dev/problems/';

/**
 * HTTP status for each stable error code. One table for every service, so the
 * same mistake gets the same answer everywhere.
 */
const STATUS_BY_CODE: Record<string, number> = {
  INVALID_INPUT: 400,
  INVALID_CREDENTIAL: 400,
  INVALID_RULES: 400,
  MALFORMED_JSON: 400,
  MALFORMED_FORM: 400,
  INVALID_PATH: 400,
  BAD_REQUEST: 400,
  UNKNOWN_CONTEXT: 400,
  INVALID_KEY: 400,
  ISSUER_KEY_MISMATCH: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  INVALID_STATE_TRANSITION: 409,
  REVOCATION_IS_PERMANENT: 409,
  PAYLOAD_TOO_LARGE: 413,
  RATE_LIMITED: 429,
  UNSUPPORTED_MEDIA_TYPE: 415,
  STATUS_LIST_FULL: 503,
  BADGE_PLATFORMS_DISABLED: 503,
  DATABASE_UNAVAILABLE: 503,
  LMS_KEYS_UNAVAILABLE: 503,
  LMS_UNAVAILABLE: 503,
  // PDFs need the optional fonts package (@laurel/pdf-fonts, PDF_FONTS_MODULE); pages and badges answer without it.
  FONT_UNAVAILABLE: 503,
  // LTI 1.3: a launch that cannot be trusted (the page says why), and a platform whose keys could not be fetched.
  LTI_LAUNCH_REFUSED: 401,
  LTI_PLATFORM_KEYS_UNAVAILABLE: 503,
  // The crypto worker pool: every worker busy and the queue full, or the worker died mid-task
  // (both carry retryAfterSeconds: nothing was signed or written, the same request may be sent again).
  WORKERS_SATURATED: 503,
  CRYPTO_WORKER_FAILED: 503,
  // A key held outside Laurel (Vault transit): the KMS refused or did not answer; the detail names the key.
  EXTERNAL_SIGNER_FAILED: 502,
  // Uploaded assets (@laurel/asset-store): the detail and `errors` name the field (content-type or body).
  ASSET_TYPE_UNSUPPORTED: 415,
  ASSET_UNSAFE: 400,
  ASSET_TOO_LARGE: 413,
  ASSET_IN_USE: 409,
  // The S3-compatible object store refused or did not answer; nothing was recorded.
  ASSET_STORE_FAILED: 502,
};

/**
 * Seconds a client should wait before trying again (the Retry-After header),
 * for failures that pass by themselves. A database outage: nothing was
 * written (the transaction rolled back), and the same request is safe to
 * send again because every write is idempotent.
 */
const RETRY_AFTER_SECONDS_BY_CODE: Record<string, number> = {
  DATABASE_UNAVAILABLE: 5,
  LMS_KEYS_UNAVAILABLE: 10,
  LMS_UNAVAILABLE: 10,
  LTI_PLATFORM_KEYS_UNAVAILABLE: 10,
};

/** The Retry-After for a problem, in seconds, when trying again later is the answer. */
export function retryAfterSeconds(body: Problem): number | undefined {
  // A rate limit knows how long its window has left; it says so in the body too.
  if (typeof body.retryAfter === 'number') return body.retryAfter;
  return body.code === undefined ? undefined : RETRY_AFTER_SECONDS_BY_CODE[body.code];
}

/**
 * The error that decides the answer: the error itself, or a database outage
 * somewhere in its causes (an outage is an outage, whatever wrapped it).
 */
function decidingError(error: unknown): unknown {
  for (let current = error, depth = 0; current instanceof Error && depth < 8; current = current.cause, depth++) {
    if (current instanceof LaurelError && current.code === 'DATABASE_UNAVAILABLE') return current;
  }
  return error;
}

/**
 * A badge platform's failure: when the platform answered (or could not be
 * reached) we are a gateway that got a bad answer; when we refused before
 * calling it (no account, archived template) the request conflicts with state.
 */
function badgePlatformStatus(error: LaurelError): number {
  const { failure, status } = error.details as { failure?: string; status?: number };
  return failure === 'rejected' && status === undefined ? 409 : 502;
}

const TITLE_BY_STATUS: Record<number, string> = {
  400: 'Bad request',
  401: 'Authentication required',
  403: 'Not allowed',
  404: 'Not found',
  409: 'Conflict',
  413: 'Request body too large',
  429: 'Too many requests',
  502: 'Bad gateway',
  415: 'Unsupported media type',
  500: 'Internal error',
  503: 'Service unavailable',
};

export function problem(status: number, code: string, detail: string, extra: Partial<Problem> = {}): Problem {
  return { type: `${PROBLEM_BASE}${code.toLowerCase().replace(/_/g, '-')}`, title: TITLE_BY_STATUS[status] ?? 'Error', status, code, detail, ...extra };
}

function issuesOf(error: LaurelError): { path: string; message: string }[] | undefined {
  const issues = (error as LaurelError & { issues?: unknown }).issues ?? error.details.issues;
  if (!Array.isArray(issues)) return undefined;
  return issues.filter((issue): issue is { path: string; message: string } => typeof issue?.path === 'string' && typeof issue?.message === 'string');
}

/**
 * Turns any thrown value into a problem. Domain errors keep their code and
 * message; anything else is a 500 whose detail reveals nothing internal.
 */
export function problemFromError(thrown: unknown): Problem {
  const error = decidingError(thrown);
  if (error instanceof LaurelError) {
    const status =
      error.code === 'BADGE_PLATFORM_FAILED'
        ? badgePlatformStatus(error)
        : STATUS_BY_CODE[error.code] ?? (error.code.startsWith('STATUS_') || error.code.startsWith('MALFORMED') ? 400 : 500);
    const errors = issuesOf(error);
    const retryAfter = typeof error.details.retryAfterSeconds === 'number' ? { retryAfter: error.details.retryAfterSeconds } : {};
    return problem(status, error.code, status === 500 ? 'The server could not complete the request.' : error.message, { ...(errors ? { errors } : {}), ...retryAfter });
  }
  return problem(500, 'INTERNAL', 'The server could not complete the request.');
}
