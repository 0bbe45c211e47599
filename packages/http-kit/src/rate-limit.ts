import { createHash } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { LaurelError } from '@laurel/models';
import { clientAddress } from './client-address.js';
import { problem } from './problem.js';
import { problemResponse } from './hono.js';
import type { RateLimitEnv } from './rate-limit-config.js';

export interface RateLimits {
  /**
   * For every route: refuses a client that failed authentication too often,
   * charges each request to its client address, and after the answer counts
   * a 401 as a failed authentication.
   */
  middleware: MiddlewareHandler;
  /**
   * For an authenticated request: charges it to its token (`who`) instead of
   * its client address, so an LMS server is limited by its own budget.
   * Throws RATE_LIMITED when that budget is spent.
   */
  chargeToken(c: Context, who: string): Promise<void>;
  close(): Promise<void>;
}

export interface RateLimitOptions {
  /** Names the service in shared (Redis) keys, so two services keep separate budgets. */
  service: string;
  /** Told once when requests come through a proxy that TRUST_PROXY does not trust (all its clients then share one budget). */
  warn?: (details: Record<string, unknown>, message: string) => void;
}

/** Seconds until trying again helps, at least one. */
const secondsOf = (result: RateLimiterRes): number => Math.max(1, Math.ceil(result.msBeforeNext / 1000));

function limited(seconds: number, why: string): LaurelError {
  return new LaurelError('RATE_LIMITED', `${why} Try again in ${seconds} s.`, { retryAfterSeconds: seconds });
}

// Keys are hashed: a token or JWT subject never sits in Redis as it came.
const keyOf = (value: string): string => createHash('sha256').update(value).digest('base64url').slice(0, 22);

/**
 * Whether the request offered something to authenticate with (a bearer
 * token, a sign-in token or link): only then is a 401 a failed guess. A
 * visitor who is simply not signed in (the "Add to wallet" page) is not one.
 */
function presentedCredential(c: Context): boolean {
  return Boolean(c.req.header('authorization') || c.req.query('token') || c.req.query('link'));
}

/** Counters without limits: RATE_LIMIT=false. */
const UNLIMITED: RateLimits = { middleware: async (_c, next) => next(), chargeToken: async () => {}, close: async () => {} };

async function redisClient(url: string) {
  // Loaded only when configured: an in-process deployment never opens Redis.
  const { Redis } = await import('ioredis');
  const client = new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 1, connectTimeout: 2_000 });
  // A Redis outage falls back to in-process counters (the insurance limiters); reconnecting is ioredis's job.
  client.on('error', () => {});
  // Without an offline queue, commands sent before the connection is up would all go to the
  // insurance counters: wait for it (or for the first failure, and start on the insurance).
  await new Promise<void>((resolve) => {
    const settle = () => {
      client.off('ready', settle);
      client.off('error', settle);
      resolve();
    };
    client.once('ready', settle);
    client.once('error', settle);
  });
  return client;
}

/**
 * Rate limits per client address and per token (rate-limiter-flexible):
 * in-process by default, shared through Redis when RATE_LIMIT_REDIS_URL is
 * set, with in-process counters standing in while Redis does not answer.
 */
export async function createRateLimits(settings: RateLimitEnv, options: RateLimitOptions): Promise<RateLimits> {
  if (!settings.RATE_LIMIT) return UNLIMITED;
  const redis = settings.RATE_LIMIT_REDIS_URL ? await redisClient(settings.RATE_LIMIT_REDIS_URL) : undefined;
  const limiter = (name: string, points: number, duration: number, blockDuration = 0): RateLimiterAbstract => {
    const shape = { points, duration, blockDuration, keyPrefix: `laurel-rl:${options.service}:${name}` };
    const memory = new RateLimiterMemory(shape);
    return redis ? new RateLimiterRedis({ ...shape, storeClient: redis, insuranceLimiter: memory }) : memory;
  };
  const perClient = limiter('client', settings.RATE_LIMIT_PUBLIC_REQUESTS, settings.RATE_LIMIT_WINDOW_SECONDS);
  const perToken = limiter('token', settings.RATE_LIMIT_TOKEN_REQUESTS, settings.RATE_LIMIT_WINDOW_SECONDS);
  const window = settings.RATE_LIMIT_AUTH_FAILURE_WINDOW_SECONDS;
  // One failure past the allowance blocks the client for a whole window.
  const authFailures = limiter('auth-failures', settings.RATE_LIMIT_AUTH_FAILURES, window, window);
  const chargedToToken = new WeakSet<Request>();

  const refuse = (c: Context, seconds: number, why: string) => {
    const error = limited(seconds, why);
    return problemResponse(c, problem(429, 'RATE_LIMITED', error.message, { retryAfter: seconds }));
  };

  let warnedAboutProxy = false;
  return {
    middleware: async (c, next) => {
      if (!warnedAboutProxy && settings.TRUST_PROXY === 0 && c.req.header('x-forwarded-for') !== undefined) {
        warnedAboutProxy = true;
        options.warn?.({ setting: 'TRUST_PROXY' }, 'requests carry X-Forwarded-For but TRUST_PROXY is not set: if a proxy of yours sent them, every client behind it shares one rate-limit budget (set TRUST_PROXY)');
      }
      const client = keyOf(clientAddress(c, settings.TRUST_PROXY));
      const failures = await authFailures.get(client);
      if (failures && failures.consumedPoints > settings.RATE_LIMIT_AUTH_FAILURES) {
        return refuse(c, secondsOf(failures), 'Too many failed authentications from this client.');
      }
      try {
        await perClient.consume(client);
      } catch (rejection) {
        if (rejection instanceof RateLimiterRes) return refuse(c, secondsOf(rejection), 'Too many requests from this client.');
        throw rejection;
      }
      await next();
      if (chargedToToken.has(c.req.raw)) await perClient.reward(client).catch(() => undefined);
      // Over the allowance consume rejects (and blocks the client): that is the point, not an error.
      if (c.res.status === 401 && presentedCredential(c)) await authFailures.consume(client).catch(() => undefined);
    },
    async chargeToken(c, who) {
      chargedToToken.add(c.req.raw);
      try {
        await perToken.consume(keyOf(who));
      } catch (rejection) {
        if (rejection instanceof RateLimiterRes) throw limited(secondsOf(rejection), 'Too many requests with this token.');
        throw rejection;
      }
    },
    async close() {
      redis?.disconnect();
    },
  };
}
