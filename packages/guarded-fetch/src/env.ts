import { z } from 'zod';
import type { GuardedFetchOptions } from './options.js';

/** Boolean settings as people write them in environment files. */
export const envFlag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', 'on', 'off'])
  .transform((value) => ['true', '1', 'yes', 'on'].includes(value));

/**
 * The outbound-call settings every Laurel process reads the same way
 * (FETCH_TIMEOUT_MS, FETCH_ALLOW_*). Each process picks its own default
 * time limit: a verifier answers people waiting, a worker can wait longer.
 */
export function fetchEnvShape(defaultTimeoutMs: number) {
  return {
    /** Time limit for the whole exchange (DNS, connect, TLS, body, redirects), ms. */
    FETCH_TIMEOUT_MS: z.coerce.number().int().positive().default(defaultTimeoutMs),
    /** Allow plain http:// (tests, local demos). */
    FETCH_ALLOW_HTTP: envFlag.default(false),
    /** Allow loopback addresses (tests, local demos). */
    FETCH_ALLOW_LOOPBACK: envFlag.default(false),
    /** Allow private-network addresses (intranet deployments). */
    FETCH_ALLOW_PRIVATE: envFlag.default(false),
  };
}

export interface FetchEnv {
  FETCH_TIMEOUT_MS: number;
  FETCH_ALLOW_HTTP: boolean;
  FETCH_ALLOW_LOOPBACK: boolean;
  FETCH_ALLOW_PRIVATE: boolean;
}

export function fetcherOptionsFromEnv(env: FetchEnv): GuardedFetchOptions {
  return { timeoutMs: env.FETCH_TIMEOUT_MS, allowHttp: env.FETCH_ALLOW_HTTP, allowLoopback: env.FETCH_ALLOW_LOOPBACK, allowPrivate: env.FETCH_ALLOW_PRIVATE };
}
