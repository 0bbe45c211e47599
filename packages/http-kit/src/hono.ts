import type { Context, ErrorHandler, NotFoundHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ZodError } from 'zod';
import { formatPath } from '@laurel/models';
import { problem, problemFromError, retryAfterSeconds, PROBLEM_CONTENT_TYPE, type Problem } from './problem.js';
import type { Logger } from './logger.js';
import { frameworkProblem, notJsonProblem } from './framework-problem.js';
import { requestIdOf } from './request-context.js';

const answeredProblems = new WeakMap<Request, Problem>();

/** The problem a request was answered with, if any: the access log names its code. */
export function problemOf(request: Request): Problem | undefined {
  return answeredProblems.get(request);
}

/** The problem as a response; with Retry-After when waiting is the remedy (a database outage). */
export function problemResponse(c: Context, body: Problem): Response {
  answeredProblems.set(c.req.raw, body);
  const retryAfter = retryAfterSeconds(body);
  return c.body(JSON.stringify(body), body.status as 400, { 'content-type': PROBLEM_CONTENT_TYPE, ...(retryAfter === undefined ? {} : { 'retry-after': String(retryAfter) }) });
}

/**
 * The one place a service turns errors into responses. Unexpected errors are
 * logged with their stack (never echoed to the client).
 */
export function problemErrorHandler(logger: Logger): ErrorHandler {
  return (error, c) => {
    if (error instanceof HTTPException) return problemResponse(c, frameworkProblem(error, c.req.header('content-type')));
    const body = problemFromError(error);
    // The request's id is named outright: a service may run requests outside an async context.
    const reqId = requestIdOf(c);
    const request = { ...(reqId ? { reqId } : {}), path: c.req.path };
    // An outage is logged once per request but is not a bug: no stack.
    if (retryAfterSeconds(body) !== undefined) logger.warn({ code: body.code, cause: error instanceof Error ? String(error.cause ?? error) : String(error), ...request }, 'request failed for now');
    else if (body.status >= 500) logger.error({ err: error, ...request }, 'request failed');
    return problemResponse(c, body);
  };
}

export const notFoundHandler: NotFoundHandler = (c) => problemResponse(c, problem(404, 'NOT_FOUND', `Nothing at ${c.req.method} ${c.req.path}.`));

type ZodIssue = ZodError['issues'][number];
type Segment = ZodIssue['path'][number];

/**
 * How badly a union member's shape misses the value: unknown keys and
 * missing or mistyped top-level fields count, deeper issues do not. The
 * member that misses least is the one the caller meant.
 */
function shapeMismatch(issues: readonly ZodIssue[]): number {
  return issues.reduce((score, issue) => score + (issue.code === 'unrecognized_keys' ? issue.keys.length : issue.path.length <= 1 && issue.code === 'invalid_type' ? 1 : 0), 0);
}

function flattenIssues(issues: readonly ZodIssue[], base: readonly Segment[]): { path: Segment[]; message: string }[] {
  return issues.flatMap((issue) => {
    const path = [...base, ...issue.path];
    // One issue per unknown key, at the key itself: the misspelt field is what to point at.
    if (issue.code === 'unrecognized_keys') return issue.keys.map((key) => ({ path: [...path, key], message: 'is not a known property' }));
    // "Invalid input" at the union names nothing; report the member the value was closest to.
    if (issue.code === 'invalid_union' && issue.errors.length > 0) {
      const closest = issue.errors.reduce((best, candidate) => {
        const [a, b] = [shapeMismatch(candidate), shapeMismatch(best)];
        return a < b || (a === b && candidate.length < best.length) ? candidate : best;
      });
      return flattenIssues(closest, path);
    }
    return [{ path, message: issue.message }];
  });
}

/** Paths from a ZodError, dotted with [n] for array positions, prefixed with where the value came from. */
export function issuesFromZod(error: ZodError, prefix = ''): { path: string; message: string }[] {
  return flattenIssues(error.issues, []).map(({ path, message }) => ({ path: formatPath(path, prefix), message }));
}

/**
 * The validation hook for @hono/zod-openapi routes: a 400 problem naming
 * every failing field, before any handler (and so any write) runs.
 */
export function validationProblemHook(result: { success: boolean; error?: ZodError; target?: string }, c: Context): Response | undefined {
  if (result.success || !result.error) return undefined;
  const notJson = result.target === 'json' ? notJsonProblem(c.req.header('content-type')) : undefined;
  if (notJson) return problemResponse(c, notJson);
  const where = result.target === 'json' ? '' : result.target === 'param' ? 'path.' : result.target === 'query' ? 'query.' : '';
  const errors = issuesFromZod(result.error, where.replace(/\.$/, ''));
  const named = errors.slice(0, 3).map((issue) => `${issue.path || '(body)'}: ${issue.message}`).join('; ');
  return problemResponse(c, problem(400, 'INVALID_INPUT', `The request is not valid: ${named}${errors.length > 3 ? '; …' : ''}`, { errors }));
}
