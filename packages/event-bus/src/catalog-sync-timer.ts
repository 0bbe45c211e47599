import type { IssuanceDeps } from '@laurel/issuance';
import type { OpenEdxClient } from '@laurel/openedx-client';
import { errorMessage } from './error-message.js';
import { syncCatalog, type CatalogSyncReport } from './lms-catalog.js';

/** One LMS whose course list feeds one issuer's catalog. */
export interface CatalogSource {
  issuerId: string;
  client: OpenEdxClient;
  /** LMS_INSTANCES_FILE id; absent for the single-LMS settings. */
  instanceId?: string;
}

export interface PeriodicCatalogSync {
  /** Runs one round now (every source, one after another) unless one is running; resolves when it is done. */
  runOnce(): Promise<void>;
  stop(): Promise<void>;
}

export interface PeriodicCatalogSyncLogger {
  info(details: Record<string, unknown>, message: string): void;
  warn(details: Record<string, unknown>, message: string): void;
}

/**
 * Syncs every source's course list into its issuer's catalog every
 * `intervalMs` (LMS_CATALOG_SYNC_INTERVAL_MS), rounds never overlapping. A
 * failing LMS is logged and tried again next round; the others go on.
 */
export function startPeriodicCatalogSync(deps: IssuanceDeps, sources: readonly CatalogSource[], intervalMs: number, logger: PeriodicCatalogSyncLogger): PeriodicCatalogSync {
  let running: Promise<void> | undefined;
  let stopped = false;
  const round = async () => {
    for (const source of sources) {
      if (stopped) return;
      try {
        const report: CatalogSyncReport = await syncCatalog(deps, 'lms-catalog-sync', source.issuerId, source.client, source.instanceId ? { lmsInstance: source.instanceId } : {});
        logger.info({ lms: source.instanceId ?? source.client.baseUrl, courses: report.courses, created: report.created.length, failed: report.failed.length }, 'catalog synced from the LMS');
      } catch (error) {
        logger.warn({ lms: source.instanceId ?? source.client.baseUrl, error: errorMessage(error) }, 'catalog sync failed; trying again next round');
      }
    }
  };
  const runOnce = () => {
    running ??= round().finally(() => {
      running = undefined;
    });
    return running;
  };
  const timer = setInterval(() => void runOnce(), intervalMs);
  timer.unref();
  return {
    runOnce,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
