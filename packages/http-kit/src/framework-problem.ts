import type { HTTPException } from 'hono/http-exception';
import { problem, type Problem } from './problem.js';

/**
 * Hono's own refusals, each by its real cause. Hono says what went wrong
 * only in the message it gives its HTTPException, so that text is matched
 * here, in one place (hono/dist/validator/validator.js, utils/mount.js).
 */
const CAUSES_OF_400: { pattern: RegExp; code: string; detail: string }[] = [
  { pattern: /^Malformed JSON in request body/, code: 'MALFORMED_JSON', detail: 'The request body is not valid JSON.' },
  { pattern: /^Malformed FormData request/, code: 'MALFORMED_FORM', detail: 'The request body is not a valid form (multipart/form-data or application/x-www-form-urlencoded, as its Content-Type says).' },
  { pattern: /^Invalid mounted path/, code: 'INVALID_PATH', detail: 'The request path is not valid (dot segments or doubled slashes).' },
];

const CODE_BY_STATUS: Record<number, string> = { 401: 'UNAUTHORIZED', 403: 'FORBIDDEN', 413: 'PAYLOAD_TOO_LARGE', 415: 'UNSUPPORTED_MEDIA_TYPE' };

/** The problem for an HTTPException thrown by the framework (or a middleware), named by its cause. */
export function frameworkProblem(error: HTTPException, contentType: string | undefined): Problem {
  const { status, message } = error;
  if (status === 415) {
    // @hono/zod-openapi refuses a required body of another type with a bare "Unsupported Media Type".
    return problem(415, 'UNSUPPORTED_MEDIA_TYPE', `This route does not accept a body sent as ${describe(contentType)} (see /openapi.json for what it takes).`);
  }
  if (status === 400) {
    const cause = CAUSES_OF_400.find((candidate) => candidate.pattern.test(message));
    return cause ? problem(400, cause.code, cause.detail) : problem(400, 'BAD_REQUEST', message || 'The request could not be read.');
  }
  return problem(status, CODE_BY_STATUS[status] ?? 'HTTP_ERROR', message || 'Request refused.');
}

function describe(contentType: string | undefined): string {
  const mediaType = (contentType ?? '').split(';')[0]!.trim();
  return mediaType === '' ? 'no Content-Type' : mediaType;
}

const JSON_MEDIA_TYPE = /^application\/([\w.-]+\+)?json$/i;

/**
 * For a JSON body that failed validation: when the request did not say JSON,
 * the framework never read the body, so the field errors would describe an
 * empty object. The real cause is the Content-Type.
 */
export function notJsonProblem(contentType: string | undefined): Problem | undefined {
  const mediaType = (contentType ?? '').split(';')[0]!.trim();
  if (JSON_MEDIA_TYPE.test(mediaType)) return undefined;
  return problem(415, 'UNSUPPORTED_MEDIA_TYPE', `The request body must be JSON (Content-Type: application/json); it was sent as ${describe(contentType)}.`);
}
