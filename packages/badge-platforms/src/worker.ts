import type { BadgeDeliveryDeps } from './deps.js';
import { processBadgeDeliveries } from './deliveries.js';

export interface BadgeDeliveryWorker {
  /** Runs a tick soon instead of at the next interval (after a mapping changes, a credential is issued...). */
  nudge(): void;
  /** Stops the ticks and waits for the one under way. */
  stop(): Promise<void>;
}

/**
 * Runs processBadgeDeliveries every `intervalMs` until stopped; errors are
 * logged and the next tick tries again. Ticks never overlap, and nudges that
 * arrive while one is already waiting to run fold into it.
 */
export function startBadgeDeliveryWorker(deps: BadgeDeliveryDeps, intervalMs = 30_000): BadgeDeliveryWorker {
  let running: Promise<unknown> = Promise.resolve();
  let waiting = false;
  let stopped = false;
  const tick = () => {
    if (waiting || stopped) return;
    waiting = true;
    running = running.then(() => {
      waiting = false;
      return processBadgeDeliveries(deps).catch((error: unknown) => {
        deps.logger?.warn({ error: error instanceof Error ? error.message : String(error) }, 'badge delivery tick failed');
      });
    });
  };
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  return {
    nudge: tick,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
