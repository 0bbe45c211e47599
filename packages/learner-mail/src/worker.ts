import type { LearnerMailDeps } from './deps.js';
import { processLearnerMail } from './deliveries.js';

export interface LearnerMailWorker {
  /** Runs a tick soon instead of at the next interval (a credential was just issued or revoked). */
  nudge(): void;
  /** Stops the ticks, waits for the one under way, and closes the transport. */
  stop(): Promise<void>;
}

/**
 * Runs processLearnerMail every `intervalMs` until stopped; errors (the
 * database away) are logged and the next tick tries again. Ticks never
 * overlap, and nudges that arrive while one is waiting fold into it. Any
 * number of processes may run one: each attempt is claimed on its row.
 */
export function startLearnerMailWorker(deps: LearnerMailDeps, intervalMs = 10_000): LearnerMailWorker {
  let running: Promise<unknown> = Promise.resolve();
  let waiting = false;
  let stopped = false;
  const warn = (error: unknown) => deps.logger?.warn({ error: error instanceof Error ? error.message : String(error) }, 'learner mail tick failed');
  const tick = () => {
    if (waiting || stopped) return;
    waiting = true;
    running = running.then(() => {
      waiting = false;
      return processLearnerMail(deps).catch(warn);
    });
  };
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  tick();
  return {
    nudge: tick,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
      deps.transport.close();
    },
  };
}
