import { randomUUID } from 'node:crypto';
import type { IssuanceDeps } from './deps.js';
import { publishStatusList } from './status-lists.js';

export interface StatusListPublisherOptions {
  /** How often to look for lists that owe a publication (ms). */
  intervalMs: number;
  /** How long a claimed list stays this process's to publish before another may take it (ms). */
  leaseMs?: number;
  /** Names this process in leases; random by default. */
  owner?: string;
  /** Lists handled per sweep, oldest change first. */
  batchSize?: number;
  logger?: {
    info(details: Record<string, unknown>, message: string): void;
    warn(details: Record<string, unknown>, message: string): void;
  };
}

export interface StatusListPublisher {
  /** Publishes everything owed now (also what the interval would do next). Resolves when that sweep is done. */
  sweep(): Promise<SweepResult>;
  /** Stops the interval and waits for the sweep under way. */
  stop(): Promise<void>;
}

export interface SweepResult {
  published: string[];
  failed: string[];
}

// Publishing even a 1,048,576-entry list takes well under a second; a lease left by a killed process delays its list by at most this.
const DEFAULT_LEASE_MS = 10_000;
const DEFAULT_BATCH = 100;

/**
 * The durable half of publishing. Every change to a list's bits commits
 * with a version bump, so a list whose signed copy is behind its version is
 * an outbox entry that survives any crash. This worker, run by every issuer
 * process, finds such lists at start and then every `intervalMs`, and signs
 * them under a lease so that several processes share the work instead of
 * all signing the same list. The lease only saves work: correctness comes
 * from the store keeping a signed copy only when it is newer.
 */
export function startStatusListPublisher(deps: IssuanceDeps, options: StatusListPublisherOptions): StatusListPublisher {
  const owner = options.owner ?? `publisher-${randomUUID()}`;
  const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
  const batchSize = options.batchSize ?? DEFAULT_BATCH;
  let stopped = false;
  let running: Promise<SweepResult> | undefined;
  let timer: NodeJS.Timeout | undefined;

  const sweepOnce = async (): Promise<SweepResult> => {
    const result: SweepResult = { published: [], failed: [] };
    let owed;
    try {
      owed = await deps.store.statusLists.owedPublications(batchSize);
    } catch (error) {
      options.logger?.warn({ error: messageOf(error) }, 'status-list publisher: cannot read the lists owed (retrying)');
      return result;
    }
    for (const list of owed) {
      if (stopped) break;
      try {
        if (!(await deps.store.statusLists.claimPublication(list.id, owner, leaseMs))) continue;
        try {
          await publishStatusList(deps, list.id);
          result.published.push(list.id);
        } finally {
          await deps.store.statusLists.releasePublication(list.id, owner);
        }
      } catch (error) {
        result.failed.push(list.id);
        options.logger?.warn({ statusListId: list.id, error: messageOf(error) }, 'status-list publisher: publication failed (retrying)');
      }
    }
    if (result.published.length > 0) options.logger?.info({ published: result.published.length }, 'status-list publisher: lists published');
    return result;
  };

  // Sweeps never overlap: a sweep asked for while one runs waits for it and then runs.
  const sweep = (): Promise<SweepResult> => {
    const next = (running ?? Promise.resolve()).then(sweepOnce, sweepOnce);
    running = next;
    return next;
  };

  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      void sweep().finally(schedule);
    }, options.intervalMs);
    timer.unref();
  };
  // Start-up is when a crashed process's owed lists are found: sweep at once.
  void sweep().finally(schedule);

  return {
    sweep,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
