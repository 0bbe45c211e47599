import type { BadgeDeliveryDeps } from './deps.js';
import { deliverBadges, processBadgeDeliveries } from './deliveries.js';

/** A credential just issued; its achievement when the caller knows it. */
export interface IssuedCredentialRef {
  credentialId: string;
  achievementId?: string;
}

export interface BadgeDeliveryWorker {
  /** Runs a full tick soon instead of at the next interval (after a mapping changes, a revocation, a retry...). */
  nudge(): void;
  /**
   * Credentials just issued: those whose achievement is mapped to a platform
   * get their deliveries soon, one credential at a time (indexed reads).
   * Credentials of unmapped achievements cost nothing, so completions do not
   * wake the worker when no badge platform is in use.
   */
  credentialsIssued(credentials: readonly IssuedCredentialRef[]): void;
  /** Stops the ticks and waits for the one under way. */
  stop(): Promise<void>;
}

/**
 * Runs processBadgeDeliveries every `intervalMs` until stopped; errors are
 * logged and the next tick tries again. Ticks never overlap, and nudges that
 * arrive while one is already waiting to run fold into it.
 *
 * The worker keeps the set of mapped achievements, reloaded at every full
 * tick (a mapping changed here nudges one; one changed by another process
 * is seen at the next interval, whose full tick also queues whatever was
 * issued meanwhile, so nothing is missed, only delayed).
 */
export function startBadgeDeliveryWorker(deps: BadgeDeliveryDeps, intervalMs = 30_000): BadgeDeliveryWorker {
  let running: Promise<unknown> = Promise.resolve();
  let waiting = false;
  let stopped = false;
  let fullTickOwed = false;
  const owedCredentials = new Set<string>();
  /** Unknown until first read: until then every credential counts as possibly mapped. */
  let mapped: ReadonlySet<string> | undefined;

  const warn = (error: unknown) => {
    deps.logger?.warn({ error: error instanceof Error ? error.message : String(error) }, 'badge delivery tick failed');
  };
  const run = async () => {
    const full = fullTickOwed;
    const credentialIds = [...owedCredentials];
    fullTickOwed = false;
    owedCredentials.clear();
    if (full || mapped === undefined) mapped = new Set(await deps.store.badgePlatforms.listMappedAchievementIds());
    if (full) await processBadgeDeliveries(deps);
    for (const credentialId of credentialIds) await deliverBadges(deps, credentialId);
  };
  const schedule = () => {
    if (waiting || stopped) return;
    waiting = true;
    running = running.then(() => {
      waiting = false;
      return run().catch(warn);
    });
  };
  const tick = () => {
    fullTickOwed = true;
    schedule();
  };
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  // Learn what is mapped now rather than at the first interval.
  schedule();
  return {
    nudge: tick,
    credentialsIssued(credentials) {
      let owed = false;
      for (const { credentialId, achievementId } of credentials) {
        const maybeMapped = mapped === undefined || (achievementId === undefined ? mapped.size > 0 : mapped.has(achievementId));
        if (!maybeMapped) continue;
        owedCredentials.add(credentialId);
        owed = true;
      }
      if (owed) schedule();
    },
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
