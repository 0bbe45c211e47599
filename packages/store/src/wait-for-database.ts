import { isDatabaseUnavailable } from './errors.js';

export interface WaitForDatabaseOptions {
  /** How long to keep trying after the first failure (ms); 0 gives up at once. */
  waitMs: number;
  /** Told before each pause: what failed and how long until the next try. */
  onRetry?: (error: unknown, delayMs: number) => void;
}

const FIRST_DELAY_MS = 250;
const MAX_DELAY_MS = 2_000;

/**
 * Runs `attempt` again while it fails with DATABASE_UNAVAILABLE, pausing
 * 0.25 s, 0.5 s, 1 s, then 2 s between tries, until `waitMs` has passed:
 * a service that starts while its database is still starting (or during a
 * network blip) waits for it instead of exiting. Any other error, and the
 * last unavailable one, is thrown as is. `attempt` must be safe to repeat.
 */
export async function retryWhileDatabaseUnavailable<T>(attempt: () => Promise<T>, options: WaitForDatabaseOptions): Promise<T> {
  const deadline = Date.now() + options.waitMs;
  for (let delay = FIRST_DELAY_MS; ; delay = Math.min(delay * 2, MAX_DELAY_MS)) {
    try {
      return await attempt();
    } catch (error) {
      const left = deadline - Date.now();
      if (!isDatabaseUnavailable(error) || left <= 0) throw error;
      const pause = Math.min(delay, left);
      options.onRetry?.(error, pause);
      await new Promise((resolve) => setTimeout(resolve, pause));
    }
  }
}
