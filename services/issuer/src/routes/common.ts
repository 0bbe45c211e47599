import { z } from '@hono/zod-openapi';
import { LaurelError } from '@laurel/models';

export function idParam<N extends string>(name: N) {
  return z.object({ [name]: z.string().min(1).max(128).openapi({ param: { name, in: 'path' } }) } as Record<N, z.ZodString>);
}

export const anyObject = z.record(z.string(), z.unknown());

export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number(),
    code: z.string().optional(),
    detail: z.string().optional(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .openapi('Problem');

const problemContent = { 'application/problem+json': { schema: problemSchema } };

/** The error answers every authenticated route can give. */
export const errorResponses = {
  400: { description: 'Invalid input: `errors` names each failing field', content: problemContent },
  401: { description: 'Missing or invalid token', content: problemContent },
  403: { description: 'Token lacks the scope, or belongs to another issuer', content: problemContent },
  404: { description: 'Not found', content: problemContent },
  409: { description: 'Conflicts with the current state', content: problemContent },
  429: { description: 'Too many requests (`RATE_LIMITED`): wait the `Retry-After` seconds', content: problemContent },
} as const;

/** Routes that sign (CRYPTO_WORKERS > 0): the worker pool's refusal, or a worker that stopped mid-signature. */
export const signingUnavailableResponse = {
  503: {
    description: 'Every signing worker is busy and the queue is full (`WORKERS_SATURATED`), or the worker stopped (`CRYPTO_WORKER_FAILED`): nothing was written; send the same request again after `Retry-After` seconds',
    headers: z.object({ 'Retry-After': z.string().openapi({ description: 'Seconds to wait before trying again', example: '1' }) }),
    content: problemContent,
  },
} as const;

export const json = <T extends z.ZodType>(schema: T, description: string) => ({ description, content: { 'application/json': { schema } } });

export const security = [{ bearer: [] }];

/**
 * Domain errors name paths inside what they checked (the rules, the
 * credential); a client reads paths from the body's root. Errors with one of
 * `codes` are thrown again with `prefix` in front of each path.
 */
export async function issuesUnder<T>(prefix: string, codes: readonly string[], work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    const issues = error instanceof LaurelError ? error.details.issues : undefined;
    if (!(error instanceof LaurelError) || !codes.includes(error.code) || !Array.isArray(issues)) throw error;
    const under = (path: string) => (path === '' ? prefix : path.startsWith('[') ? `${prefix}${path}` : `${prefix}.${path}`);
    const prefixed = issues.map((issue: { path?: unknown }) => (typeof issue?.path === 'string' ? { ...issue, path: under(issue.path) } : issue));
    throw new LaurelError(error.code, error.message, { ...error.details, issues: prefixed }, { cause: error });
  }
}
