import { z } from 'zod';

const flag = z.enum(['true', 'false', '1', '0', 'yes', 'no', 'on', 'off']).transform((value) => ['true', '1', 'yes', 'on'].includes(value));
const count = (fallback: number) => z.coerce.number().int().min(1).default(fallback);

/**
 * `TRUST_PROXY`: how many reverse proxies in front of the service to believe
 * (X-Forwarded-For, X-Forwarded-Proto). `false`/`0` (default) believes none,
 * `true` one, a number that many.
 */
export const trustProxySchema = z
  .string()
  .trim()
  .default('false')
  .transform((value, context) => {
    if (['false', 'no', 'off', '0', ''].includes(value)) return 0;
    if (['true', 'yes', 'on'].includes(value)) return 1;
    const hops = Number(value);
    if (Number.isInteger(hops) && hops > 0 && hops < 32) return hops;
    context.addIssue({ code: 'custom', message: 'must be true, false or a number of proxies' });
    return z.NEVER;
  });

/** The rate-limit settings both services read (docs/operators.md, "Abuse resistance"). */
export const rateLimitEnvShape = {
  /** Turn every rate limit off (for load tests behind a proxy that limits already). */
  RATE_LIMIT: flag.default(true),
  /** The window the two request budgets below are counted over, in seconds. */
  RATE_LIMIT_WINDOW_SECONDS: count(60),
  /** Requests per window from one client address that no API token or LMS JWT accounts for. */
  RATE_LIMIT_PUBLIC_REQUESTS: count(600),
  /** Requests per window per API token or LMS JWT subject. */
  RATE_LIMIT_TOKEN_REQUESTS: count(6_000),
  /** Failed authentications (401s) one client address may cause per window before it gets only 429s. */
  RATE_LIMIT_AUTH_FAILURES: count(20),
  /** That window, and how long the client then stays refused, in seconds. */
  RATE_LIMIT_AUTH_FAILURE_WINDOW_SECONDS: count(600),
  /** Share the counters between processes through this Redis (redis://…); in-process when unset. */
  RATE_LIMIT_REDIS_URL: z.url().optional(),
  TRUST_PROXY: trustProxySchema,
};

export const rateLimitEnvSchema = z.object(rateLimitEnvShape);
export type RateLimitEnv = z.infer<typeof rateLimitEnvSchema>;
