import type { Context, ErrorHandler, MiddlewareHandler, NotFoundHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { bodyLimit } from 'hono/body-limit';
import type { ZodError } from 'zod';
import { problem, problemFromError, PROBLEM_CONTENT_TYPE, type Problem } from './problem.js';
import type { Logger } from './logger.js';

export function problemResponse(c: Context, body: Problem): Response {
  return c.body(JSON.stringify(body), body.status as 400, { 'content-type': PROBLEM_CONTENT_TYPE });
}

/**
 * The one place a service turns errors into responses. Unexpected errors are
 * logged with their stack (never echoed to the client).
 */
export function problemErrorHandler(logger: Logger): ErrorHandler {
  return (error, c) => {
    if (error instanceof HTTPException) {
      const status = error.status;
      const code = status === 413 ? 'PAYLOAD_TOO_LARGE' : status === 401 ? 'UNAUTHORIZED' : status === 403 ? 'FORBIDDEN' : status === 400 ? 'MALFORMED_JSON' : 'HTTP_ERROR';
      const detail = status === 400 ? 'The request body is not valid JSON.' : error.message || 'Request refused.';
      return problemResponse(c, problem(status, code, detail));
    }
    const body = problemFromError(error);
    if (body.status >= 500) logger.error({ err: error, path: c.req.path }, 'request failed');
    return problemResponse(c, body);
  };
}

export const notFoundHandler: NotFoundHandler = (c) => problemResponse(c, problem(404, 'NOT_FOUND', `Nothing at ${c.req.method} ${c.req.path}.`));

/** Paths from a ZodError, dotted with [n] for array positions, prefixed with where the value came from. */
export function issuesFromZod(error: ZodError, prefix = ''): { path: string; message: string }[] {
  return error.issues.map((issue) => {
    const path = issue.path.reduce<string>(
      (joined, segment) => (typeof segment === 'number' ? `${joined}[${segment}]` : joined ? `${joined}.${String(segment)}` : String(segment)),
      prefix,
    );
    return { path, message: issue.message };
  });
}

/**
 * The validation hook for @hono/zod-openapi routes: a 400 problem naming
 * every failing field, before any handler (and so any write) runs.
 */
export function validationProblemHook(result: { success: boolean; error?: ZodError; target?: string }, c: Context): Response | undefined {
  if (result.success || !result.error) return undefined;
  const where = result.target === 'json' ? '' : result.target === 'param' ? 'path.' : result.target === 'query' ? 'query.' : '';
  const errors = issuesFromZod(result.error, where.replace(/\.$/, ''));
  const named = errors.slice(0, 3).map((issue) => `${issue.path || '(body)'}: ${issue.message}`).join('; ');
  return problemResponse(c, problem(400, 'INVALID_INPUT', `The request is not valid: ${named}${errors.length > 3 ? '; …' : ''}`, { errors }));
}

/** Refuses bodies over `maxBytes` with a 413 problem, before they are read into memory. */
export function limitBody(maxBytes: number): MiddlewareHandler {
  return bodyLimit({
    maxSize: maxBytes,
    onError: (c) => problemResponse(c, problem(413, 'PAYLOAD_TOO_LARGE', `The request body is larger than ${maxBytes} bytes.`)),
  });
}
