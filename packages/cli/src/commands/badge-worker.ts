import type { Command } from 'commander';
import type { CliIo } from '../io.js';
import { UsageError } from '../io.js';
import { jsonLogger, logDatabaseWait, untilSignal } from '../worker-process.js';
import { requireDatabase } from '../database.js';

interface BadgeWorkerOptions {
  once?: boolean;
  interval: string;
}

export function registerBadgeWorkerCommand(program: Command, io: CliIo, stopSignal: () => Promise<string> = untilSignal): void {
  program
    .command('badge-worker')
    .description(
      'Deliver Credly and Accredible badges for issued and revoked credentials, with retries, outside the issuer service ' +
        '(run it where the issuer runs with BADGE_DELIVERY_WORKER=false). ' +
        'Settings: the issuer\'s DATABASE_URL and LAUREL_KEY_ENCRYPTION_KEY (or LAUREL_KEYS_DIR), FETCH_TIMEOUT_MS, FETCH_ALLOW_HTTP / _LOOPBACK / _PRIVATE',
    )
    .option('--once', 'work through what is due now, print a summary and exit (for cron)')
    .option('--interval <ms>', 'how often to look for work', '10000')
    .action(async (options: BadgeWorkerOptions) => {
      const interval = Number(options.interval);
      if (!Number.isInteger(interval) || interval < 100) throw new UsageError('--interval must be a whole number of milliseconds, at least 100.');
      // Loaded here, not at start-up: other commands need neither the database nor the network.
      const { createGuardedFetcher, fetchEnvShape, fetcherOptionsFromEnv } = await import('@laurel/guarded-fetch');
      const { issuanceEnvSchema, openIssuanceDeps, withPublicUrlDefaults } = await import('@laurel/issuance');
      const { processBadgeDeliveries, startBadgeDeliveryWorker } = await import('@laurel/badge-platforms');
      const env = issuanceEnvSchema.extend(fetchEnvShape(10_000)).parse(withPublicUrlDefaults(process.env));
      const logger = jsonLogger(io);
      // A worker against a database that does not exist would create an empty one and wait on it forever.
      requireDatabase(env.DATABASE_URL);
      const { deps } = await openIssuanceDeps(env, { onDatabaseWait: logDatabaseWait(logger) });
      const fetcher = createGuardedFetcher(fetcherOptionsFromEnv(env));
      const badgeDeps = { store: deps.store, keyEncryptionKey: deps.keyEncryptionKey, ...(deps.previousKeyEncryptionKey ? { previousKeyEncryptionKey: deps.previousKeyEncryptionKey } : {}), fetcher, now: deps.now, logger };
      try {
        if (options.once) {
          // Until a pass finds nothing to do: a pass handles at most a page of each kind of work.
          const total = { queued: 0, revocationsQueued: 0, attempted: 0, delivered: 0, retrying: 0, failed: 0 };
          for (;;) {
            const pass = await processBadgeDeliveries(badgeDeps);
            for (const key of Object.keys(total) as (keyof typeof total)[]) total[key] += pass[key];
            if (pass.queued + pass.revocationsQueued + pass.attempted === 0) break;
          }
          io.stdout(`${JSON.stringify(total)}\n`);
          return;
        }
        const worker = startBadgeDeliveryWorker(badgeDeps, interval);
        worker.nudge();
        logger.info({ intervalMs: interval }, 'badge worker started');
        const signal = await stopSignal();
        logger.info({ signal }, 'stopping');
        await worker.stop();
      } finally {
        await fetcher.close();
        await deps.store.close();
      }
    });
}
