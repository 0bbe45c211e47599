import type { Command } from 'commander';
import type { CliIo } from '../io.js';
import { jsonLogger, logDatabaseWait, untilSignal } from '../worker-process.js';
import { requireDatabase } from '../database.js';

export function registerConsumeCommand(program: Command, io: CliIo, stopSignal: () => Promise<string> = untilSignal): void {
  program
    .command('consume')
    .description(
      'Consume the Open edX event bus (Redis Streams): certificate and passing-status events become credentials. ' +
        'Settings: REDIS_URL, EVENT_BUS_TOPIC_PREFIX, EVENT_BUS_ISSUER_ID, EVENT_BUS_CONSUMER_GROUP, EVENT_BUS_CONSUMER_NAME, EVENT_BUS_MAX_ATTEMPTS, ' +
        'EVENT_BUS_CLAIM_IDLE_MS (claim messages left pending this long by a vanished consumer; default 60000), ' +
        'OPENEDX_EVENT_SCHEMAS_DIR (optional: *.avsc files that add to or override the built-in schemas), ' +
        'LMS_BASE_URL, LMS_CLIENT_ID, LMS_CLIENT_SECRET, LMS_COMPLETION_SOURCE (optional: read grades and completion from the LMS on each event), ' +
        'LMS_INSTANCES_FILE (optional: several LMSs, each mapped to an issuer; EVENT_BUS_ISSUER_ID then only for events none claims), ' +
        'plus the issuer\'s DATABASE_URL, LAUREL_KEY_ENCRYPTION_KEY (or LAUREL_KEYS_DIR), ISSUER_PUBLIC_URL, STATUS_PUBLIC_URL',
    )
    .action(async () => {
      // Loaded here, not at start-up: other commands need neither Redis nor the issuer service.
      const { consumerOptionsFromConfig, lmsClientFromConfig, lmsRoutesOf, loadEventBusConfig, startEventBusConsumer } = await import('@laurel/event-bus');
      const { findIssuerByIdOrSlug, openIssuanceDeps, issuanceEnvSchema, withPublicUrlDefaults } = await import('@laurel/issuance');
      const { fetchEnvShape, fetcherOptionsFromEnv } = await import('@laurel/guarded-fetch');
      const busConfig = loadEventBusConfig(process.env);
      const issuanceEnv = issuanceEnvSchema.extend(fetchEnvShape(10_000)).parse(withPublicUrlDefaults(process.env));
      const logger = jsonLogger(io);
      // A worker against a database that does not exist would create an empty one and wait on it forever.
      requireDatabase(issuanceEnv.DATABASE_URL);
      const { deps, keySource } = await openIssuanceDeps(issuanceEnv, { onDatabaseWait: logDatabaseWait(logger) });
      const lms = lmsClientFromConfig(busConfig, fetcherOptionsFromEnv(issuanceEnv));
      let instances: Awaited<ReturnType<typeof lmsRoutesOf>> | undefined;
      try {
        logger.info({ source: keySource }, 'key-encryption key loaded');
        instances = busConfig.LMS_INSTANCES ? await lmsRoutesOf(deps, busConfig.LMS_INSTANCES, fetcherOptionsFromEnv(issuanceEnv)) : undefined;
        const issuerRef = busConfig.EVENT_BUS_ISSUER_ID;
        const issuer = issuerRef ? await findIssuerByIdOrSlug(deps.store, issuerRef) : undefined;
        if (issuerRef && !issuer) logger.warn({ issuerId: issuerRef }, 'EVENT_BUS_ISSUER_ID names no issuer yet; events will be retried');
        const issuerId = issuer?.id ?? issuerRef;
        const consumer = await startEventBusConsumer({
          deps,
          ...(issuerId ? { issuerId } : {}),
          ...(lms ? { lms: lms.client } : {}),
          ...(instances ? { routes: instances.routes } : {}),
          ...consumerOptionsFromConfig(busConfig),
          logger,
        });
        const signal = await stopSignal();
        logger.info({ signal }, 'stopping');
        await consumer.stop();
      } finally {
        await lms?.close();
        await instances?.close();
        await deps.store.close();
      }
    });
}
