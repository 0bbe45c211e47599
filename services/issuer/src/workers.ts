import { startBadgeDeliveryWorker, type BadgeDeliveryDeps, type IssuedCredentialRef } from '@laurel/badge-platforms';
import { consumerOptionsFromConfig, lmsClientFromConfig, lmsRoutesOf, loadEventBusConfig, pingRedis, startEventBusConsumer, startPeriodicCatalogSync, type CatalogSource, type EventBusConsumer } from '@laurel/event-bus';
import { fetcherOptionsFromEnv } from '@laurel/guarded-fetch';
import { withRequestId, type Logger } from '@laurel/http-kit';
import { findIssuerByIdOrSlug, startExpiryPurge, startStatusListPublisher, type ExpiryPurge, type IssuanceDeps, type StatusListPublisher } from '@laurel/issuance';
import { createSmtpTransport, parseMailbox, startLearnerMailWorker, type LearnerMailWorker } from '@laurel/learner-mail';
import { LaurelError } from '@laurel/models';
import type { IssuerConfig } from './config.js';

export interface BackgroundWorkers {
  /** Present when the event-bus consumer runs in this process. */
  eventBus?: EventBusConsumer;
  /** True when the badge worker runs in this process. */
  badgeWorker: boolean;
  /** True when the learner mail worker runs in this process (SMTP_URL set and MAIL_WORKER on). */
  mailWorker: boolean;
  /** Publishes status lists that owe a publication; runs in every issuer process. */
  statusPublisher: StatusListPublisher;
  /** Deletes expired wallet nonces and sign-in links every PURGE_INTERVAL_MS; runs in every issuer process. */
  expiryPurge: ExpiryPurge;
  /**
   * Asks the badge worker to look for work now instead of at its next tick;
   * given the credentials just issued, only those of mapped achievements are looked at.
   */
  nudgeBadges(issued?: readonly IssuedCredentialRef[]): void;
  /** Asks the mail worker (when it runs here) to send what is owed now: a credential just changed in this process. */
  nudgeMail(): void;
  stop(): Promise<void>;
}

/** A Redis URL fit for logs: a password in it stays out. */
function withoutCredentials(url: string): string {
  return url.replace(/\/\/[^@/]*@/, '//');
}

/** EVENT_BUS_ISSUER_ID may name the issuer by id or by slug (`demo` under npm start). */
async function resolveIssuerId(deps: IssuanceDeps, idOrSlug: string): Promise<string> {
  const issuer = await findIssuerByIdOrSlug(deps.store, idOrSlug);
  if (!issuer) throw new LaurelError('INVALID_CONFIG', `EVENT_BUS_ISSUER_ID names no issuer: ${idOrSlug}. Create the issuer first, then start the consumer.`);
  return issuer.id;
}

async function startConsumer(deps: IssuanceDeps, config: IssuerConfig, env: Record<string, string | undefined>, logger: Logger, nudgeBadges: (issued?: readonly IssuedCredentialRef[]) => void) {
  if (config.EVENT_BUS_CONSUMER === 'off') return undefined;
  const busConfig = loadEventBusConfig(env);
  if (config.EVENT_BUS_CONSUMER === 'auto' && !(await pingRedis(busConfig.REDIS_URL))) {
    logger.info({ redisUrl: withoutCredentials(busConfig.REDIS_URL) }, 'event bus: Redis does not answer; the consumer stays off (EVENT_BUS_CONSUMER=auto)');
    return undefined;
  }
  const busLogger = logger.child({ component: 'event-bus' });
  const issuerId = busConfig.EVENT_BUS_ISSUER_ID ? await resolveIssuerId(deps, busConfig.EVENT_BUS_ISSUER_ID) : undefined;
  // With LMS_BASE_URL and client credentials, events fetch the learner's grades and completion from the LMS.
  const lms = lmsClientFromConfig(busConfig, fetcherOptionsFromEnv(config));
  if (lms) busLogger.info({ lms: lms.client.baseUrl, completionSource: busConfig.LMS_COMPLETION_SOURCE }, 'event bus: reading grades and completion from the LMS');
  // Several LMS instances (LMS_INSTANCES_FILE), each with its issuer: checked now, not at the first event.
  const instances = busConfig.LMS_INSTANCES ? await lmsRoutesOf(deps, busConfig.LMS_INSTANCES, fetcherOptionsFromEnv(config)).catch(async (error: unknown) => {
    await lms?.close();
    throw error;
  }) : undefined;
  if (instances) busLogger.info({ instances: instances.routes.map((route) => route.instanceId) }, 'event bus: LMS instances mapped to issuers');
  const closeClients = async () => {
    await lms?.close();
    await instances?.close();
  };
  const consumer = await startEventBusConsumer({
    deps,
    ...(issuerId ? { issuerId } : {}),
    ...(lms ? { lms: lms.client } : {}),
    ...(instances ? { routes: instances.routes } : {}),
    ...consumerOptionsFromConfig(busConfig),
    logger: { info: (details, message) => busLogger.info(details, message), warn: (details, message) => busLogger.warn(details, message), error: (details, message) => busLogger.error(details, message) },
    // Each event is handled as a unit of work: its log lines (and any outbound call) carry its id.
    withContext: (id, work) => withRequestId(id, work),
    onSettled: (settled) => {
      if (settled.outcome !== 'handled') return;
      // A revocation may owe a badge revocation: a full tick. Issued credentials: only if their achievement is mapped.
      if (settled.result?.revoked?.length) nudgeBadges();
      const issued = settled.result?.issued ?? [];
      if (issued.length > 0) nudgeBadges(issued.map((credentialId) => ({ credentialId })));
    },
  }).catch(async (error: unknown) => {
    await closeClients();
    throw error;
  });
  // The course lists of the LMSs, every LMS_CATALOG_SYNC_INTERVAL_MS (off by default).
  const sources: CatalogSource[] = [
    ...(lms && issuerId ? [{ issuerId, client: lms.client }] : []),
    ...(instances?.routes ?? []).filter((route) => busConfig.LMS_INSTANCES?.find((instance) => instance.id === route.instanceId)?.catalogSync !== false && route.lms).map((route) => ({ issuerId: route.issuerId, client: route.lms!, instanceId: route.instanceId })),
  ];
  const catalogLogger = logger.child({ component: 'lms-catalog' });
  const catalog = busConfig.LMS_CATALOG_SYNC_INTERVAL_MS > 0 && sources.length > 0
    ? startPeriodicCatalogSync(deps, sources, busConfig.LMS_CATALOG_SYNC_INTERVAL_MS, { info: (details, message) => catalogLogger.info(details, message), warn: (details, message) => catalogLogger.warn(details, message) })
    : undefined;
  if (!lms && !instances) return consumer;
  return {
    streams: consumer.streams,
    pending: () => consumer.pending(),
    deadLettered: () => consumer.deadLettered(),
    async stop() {
      await catalog?.stop();
      await consumer.stop();
      await closeClients();
    },
  } satisfies EventBusConsumer;
}

/** The learner mail worker, when SMTP_URL is set (and MAIL_WORKER is not off). */
async function startMailWorker(deps: IssuanceDeps, config: IssuerConfig, logger: Logger): Promise<LearnerMailWorker | undefined> {
  if (!config.SMTP_URL || !config.MAIL_WORKER) return undefined;
  const mailLogger = logger.child({ component: 'learner-mail' });
  const transport = await createSmtpTransport(config.SMTP_URL, { timeoutMs: config.SMTP_TIMEOUT_MS });
  return startLearnerMailWorker(
    { issuance: deps, transport, defaultFrom: parseMailbox(config.MAIL_FROM), logger: { info: (details, message) => mailLogger.info(details, message), warn: (details, message) => mailLogger.warn(details, message) } },
    config.MAIL_WORKER_INTERVAL_MS,
  );
}

/**
 * The issuer's background work, each part switched by configuration: the
 * badge delivery worker (on by default; it does nothing until a platform is
 * configured) and the Open edX event-bus consumer (off by default).
 */
export async function startBackgroundWorkers(
  deps: IssuanceDeps,
  badgeDeps: BadgeDeliveryDeps,
  config: IssuerConfig,
  env: Record<string, string | undefined>,
  logger: Logger,
): Promise<BackgroundWorkers> {
  const publisherLogger = logger.child({ component: 'status-lists' });
  const statusPublisher = startStatusListPublisher(deps, {
    intervalMs: config.STATUS_PUBLISH_INTERVAL_MS,
    leaseMs: config.STATUS_PUBLISH_LEASE_MS,
    logger: { info: (details, message) => publisherLogger.info(details, message), warn: (details, message) => publisherLogger.warn(details, message) },
  });
  const purgeLogger = logger.child({ component: 'expiry-purge' });
  const expiryPurge = startExpiryPurge(deps, { intervalMs: config.PURGE_INTERVAL_MS, logger: { warn: (details, message) => purgeLogger.warn(details, message), debug: (details, message) => purgeLogger.debug(details, message) } });
  const badges = config.BADGE_DELIVERY_WORKER ? startBadgeDeliveryWorker(badgeDeps, config.BADGE_DELIVERY_INTERVAL_MS) : undefined;
  const mail = await startMailWorker(deps, config, logger);
  const nudgeBadges = (issued?: readonly IssuedCredentialRef[]) => (issued && issued.length > 0 ? badges?.credentialsIssued(issued) : badges?.nudge());
  // A change the consumer made may owe a badge and a learner mail.
  const afterConsumed = (issued?: readonly IssuedCredentialRef[]) => {
    nudgeBadges(issued);
    mail?.nudge();
  };
  const eventBus = await startConsumer(deps, config, env, logger, afterConsumed).catch(async (error: unknown) => {
    await badges?.stop();
    await mail?.stop();
    await statusPublisher.stop();
    await expiryPurge.stop();
    throw error;
  });
  return {
    ...(eventBus ? { eventBus } : {}),
    badgeWorker: badges !== undefined,
    mailWorker: mail !== undefined,
    statusPublisher,
    expiryPurge,
    nudgeBadges,
    nudgeMail: () => mail?.nudge(),
    async stop() {
      await eventBus?.stop();
      await badges?.stop();
      await mail?.stop();
      await statusPublisher.stop();
      await expiryPurge.stop();
    },
  };
}
