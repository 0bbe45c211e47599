import type { IssuanceDeps } from './deps.js';

export interface ExpiryPurgeOptions {
  /** How often to delete expired single-use rows (ms). */
  intervalMs: number;
  logger?: { warn(details: Record<string, unknown>, message: string): void; debug?(details: Record<string, unknown>, message: string): void };
}

export interface PurgeResult {
  walletNonces: number;
  signInLinks: number;
  /** LTI launch nonces whose id_tokens have expired (a replay is refused as expired by then). */
  ltiNonces: number;
}

export interface ExpiryPurge {
  /** Deletes what has expired now (also what the interval would do next). */
  purge(): Promise<PurgeResult>;
  /** Stops the interval and waits for a purge under way. */
  stop(): Promise<void>;
}

/**
 * Deletes single-use rows that can no longer be used: wallet nonces and
 * challenges, sign-in links and LTI launch nonces, once expired. Without it every `POST /nonce`
 * (public, unauthenticated) would leave a row forever. Any number of
 * processes may run it: a delete of expired rows is idempotent.
 */
export async function purgeExpiredSingleUse(deps: Pick<IssuanceDeps, 'store' | 'now'>): Promise<PurgeResult> {
  const now = deps.now();
  return {
    walletNonces: await deps.store.walletNonces.purgeExpired(now),
    signInLinks: await deps.store.signInLinks.purgeExpired(now),
    ltiNonces: await deps.store.ltiNonces.purgeExpired(now),
  };
}

export function startExpiryPurge(deps: Pick<IssuanceDeps, 'store' | 'now'>, options: ExpiryPurgeOptions): ExpiryPurge {
  let stopped = false;
  let running: Promise<PurgeResult> | undefined;
  let timer: NodeJS.Timeout | undefined;
  const none: PurgeResult = { walletNonces: 0, signInLinks: 0, ltiNonces: 0 };

  const purgeOnce = async (): Promise<PurgeResult> => {
    try {
      const result = await purgeExpiredSingleUse(deps);
      options.logger?.debug?.({ ...result }, 'expired single-use rows purged');
      return result;
    } catch (error) {
      options.logger?.warn({ error: error instanceof Error ? error.message : String(error) }, 'expiry purge failed (retrying at the next interval)');
      return none;
    }
  };
  // Purges never overlap.
  const purge = (): Promise<PurgeResult> => {
    const next = (running ?? Promise.resolve(none)).then(purgeOnce, purgeOnce);
    running = next;
    return next;
  };
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => void purge().finally(schedule), options.intervalMs);
    timer.unref();
  };
  schedule();
  return {
    purge,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
