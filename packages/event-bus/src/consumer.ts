import os from 'node:os';
import type { IssuanceDeps } from '@laurel/issuance';
import type { OpenEdxClient } from '@laurel/openedx-client';
import { abortableSleep } from './abortable-sleep.js';
import { errorMessage } from './error-message.js';
import { BADGES_TOPIC, CERTIFICATE_TOPIC, streamName } from './events.js';
import { EVENT_HANDLERS } from './handlers.js';
import { streamsOfRoutes, type LmsRoute } from './lms-instances.js';
import { processMessage, type ConsumerLogger, type MessageProcessing, type SettledMessage } from './process-message.js';
import { RedisStreamsTransport } from './redis-streams-transport.js';
import { createSchemaRegistry } from './schemas.js';
import type { EventTransport, TransportMessage } from './transport.js';

export type { ConsumerLogger, SettledMessage } from './process-message.js';

export interface EventBusConsumerOptions {
  deps: IssuanceDeps;
  /** The issuer (tenant) that events no LMS instance claims are issued under; without it, such events are dead-lettered as unroutable. */
  issuerId?: string;
  /**
   * Several LMS instances, each mapped to an issuer (LMS_INSTANCES_FILE): an
   * event goes to the instance whose topic prefix it was read under, or whose
   * sourcehost it names. Their topic prefixes are read besides `topicPrefix`.
   */
  routes?: readonly LmsRoute[];
  /**
   * An Open edX client (see lmsClientFromConfig): certificate and passing-status
   * events then record the learner's grade, per-assignment-type grades and
   * completion as the LMS reports them, not only "passed".
   */
  lms?: OpenEdxClient;
  /** Directory of openedx-events Avro schemas (`*.avsc`) that add to or override the built-in ones. */
  schemasDir?: string;
  /**
   * The bus to read; by default Redis Streams built from the options below.
   * Another transport brings its own connection, group and streams, and
   * redisUrl, topicPrefix, group, consumerName, claimIdleMs, blockMs and batchSize are ignored.
   */
  transport?: EventTransport;
  redisUrl?: string;
  /** EVENT_BUS_TOPIC_PREFIX; streams are `<prefix>-learning-certificate-lifecycle` and `<prefix>-learning-badges-lifecycle`. */
  topicPrefix?: string;
  group?: string;
  /** Must be stable across restarts of the same worker: its pending messages are read first on start. */
  consumerName?: string;
  /** Handling attempts before an event moves to the dead-letter stream; attempts before a restart count. */
  maxAttempts?: number;
  /** First retry delay; doubles each attempt up to maxBackoffMs. */
  backoffMs?: number;
  maxBackoffMs?: number;
  /**
   * While the database is unavailable the consumer pauses: it holds the event
   * it is on, retries it from backoffMs doubling up to this (default 5000)
   * without counting attempts, and reads nothing new until the database answers.
   */
  maxOutageBackoffMs?: number;
  /**
   * Pending messages of any consumer in the group idle at least this long
   * (default 60000) are claimed and handled by this one, so messages of a
   * consumer that vanished are not stuck. Keep it well above the time a
   * batch takes to handle. Checked every claimIdleMs / 2.
   */
  claimIdleMs?: number;
  blockMs?: number;
  batchSize?: number;
  logger?: ConsumerLogger;
  /** Called after each message is settled (handled, ignored or dead-lettered). */
  onSettled?: (outcome: SettledMessage) => void;
  /** Called when the consumer pauses for a database outage (true) and resumes (false). */
  onOutage?: (paused: boolean) => void;
  /**
   * Runs the handling of one event as a unit of work named by `id` (the
   * CloudEvents id, else stream:message id): the service passes its request
   * context, so the event's log lines and outbound calls carry the id.
   */
  withContext?: <T>(id: string, work: () => Promise<T>) => Promise<T>;
}

export interface EventBusConsumer {
  streams: string[];
  /**
   * Events of the group not yet handled (read but unacknowledged, and not yet
   * read); undefined when the transport cannot tell or the bus does not answer in time.
   */
  pending(): Promise<number | undefined>;
  /** Events moved to the dead-letter streams (they stay there until an operator deletes them); undefined as for pending(). */
  deadLettered(): Promise<number | undefined>;
  /** Stops reading; an event being handled finishes (and is acked) first; one waiting for a retry stays pending. */
  stop(): Promise<void>;
}

const silentLogger: ConsumerLogger = { info: () => {}, warn: () => {}, error: () => {} };

function redisTransportOf(options: EventBusConsumerOptions, logger: ConsumerLogger): RedisStreamsTransport {
  const prefix = options.topicPrefix ?? 'dev';
  return new RedisStreamsTransport({
    redisUrl: options.redisUrl ?? 'redis://127.0.0.1:6379',
    streams: [...new Set([streamName(prefix, CERTIFICATE_TOPIC), streamName(prefix, BADGES_TOPIC), ...streamsOfRoutes(options.routes ?? [])])],
    group: options.group ?? 'laurel',
    consumerName: options.consumerName ?? `laurel-${os.hostname()}`,
    claimIdleMs: Math.max(1, options.claimIdleMs ?? 60_000),
    blockMs: options.blockMs ?? 5_000,
    batchSize: options.batchSize ?? 50,
    onConnectionError: (error) => logger.warn({ err: error.message }, 'redis connection error'),
  });
}

/**
 * Reads the Open edX event bus (Redis Streams unless another transport is
 * given) and turns certificate and passing-status events into completion
 * records and revocations. Each message is acknowledged only after its
 * handling committed; failures are retried with exponential backoff and,
 * after maxAttempts (counted across restarts), moved with the error to the
 * dead-letter stream. A database outage is not the event's failure: the
 * consumer pauses on the event it holds until the database answers, and the
 * outage counts no attempt.
 */
export async function startEventBusConsumer(options: EventBusConsumerOptions): Promise<EventBusConsumer> {
  const logger = options.logger ?? silentLogger;
  const retry = { maxAttempts: Math.max(1, options.maxAttempts ?? 5), backoffMs: options.backoffMs ?? 500, maxBackoffMs: options.maxBackoffMs ?? 30_000, maxOutageBackoffMs: options.maxOutageBackoffMs ?? 5_000 };
  // Before connecting: a bad schema directory is a configuration error to report at once.
  const schemas = createSchemaRegistry(options.schemasDir);
  const transport: EventTransport = options.transport ?? redisTransportOf(options, logger);
  await transport.start();

  const withContext = options.withContext ?? (<T>(_id: string, work: () => Promise<T>) => work());
  const abort = new AbortController();
  const processing: MessageProcessing<TransportMessage> = {
    transport,
    schemas,
    handlers: EVENT_HANDLERS,
    deps: options.deps,
    issuerId: options.issuerId,
    lms: options.lms,
    routes: options.routes,
    retry,
    logger,
    signal: abort.signal,
    onSettled: options.onSettled,
    onOutage: options.onOutage,
  };
  // After a failure of the bus itself, before trying again: no tight loop against a Redis that is down.
  const pauseAfterFailure = () => abortableSleep(Math.min(retry.maxBackoffMs, 1000), abort.signal);

  const handleBatch = async (batch: TransportMessage[]) => {
    const rewound = new Set<string>();
    for (const message of batch) {
      if (abort.signal.aborted) return;
      // Later messages of a rewound stream come again, after the one that failed.
      if (rewound.has(message.stream)) continue;
      try {
        await withContext(message.headers.id ?? `${message.stream}:${message.messageId}`, () => processMessage(message, processing));
      } catch (error) {
        logger.error({ stream: message.stream, messageId: message.messageId, error: errorMessage(error) }, 'could not settle event; it stays pending');
        transport.rewind(message);
        rewound.add(message.stream);
      }
    }
    if (rewound.size > 0) await pauseAfterFailure();
  };

  const nextBatch = async (): Promise<TransportMessage[] | undefined> => {
    try {
      const claimed = await transport.reclaimStale();
      for (const message of claimed) logger.info({ stream: message.stream, messageId: message.messageId }, 'claimed an event left pending too long');
      if (claimed.length > 0) return claimed;
    } catch (error) {
      if (abort.signal.aborted) return undefined;
      // Claimed messages that were not returned stay pending under this consumer and are read again.
      logger.error({ error: errorMessage(error) }, 'reclaiming pending events failed; will retry');
    }
    try {
      return await transport.read();
    } catch (error) {
      if (abort.signal.aborted) return undefined;
      logger.error({ error: errorMessage(error) }, 'reading the event bus failed; retrying');
      await pauseAfterFailure();
      return [];
    }
  };

  const loop = async () => {
    while (!abort.signal.aborted) {
      const batch = await nextBatch();
      if (batch) await handleBatch(batch);
    }
  };

  // The writer waits out a Redis restart; a metrics scrape or a dashboard must not.
  const withinAScrape = async (ask: () => Promise<number>): Promise<number | undefined> => {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), 2_000)));
    try {
      return await Promise.race([ask().catch(() => undefined), timeout]);
    } finally {
      clearTimeout(timer);
    }
  };
  const membership = transport instanceof RedisStreamsTransport ? { group: transport.group, consumer: transport.consumerName } : {};
  logger.info({ streams: transport.streams, ...membership }, 'event bus consumer started');
  const running = loop();
  let stopping: Promise<void> | undefined;
  return {
    streams: [...transport.streams],
    pending() {
      return transport.pending ? withinAScrape(() => transport.pending!()) : Promise.resolve(undefined);
    },
    deadLettered() {
      return transport.deadLettered ? withinAScrape(() => transport.deadLettered!()) : Promise.resolve(undefined);
    },
    stop() {
      stopping ??= (async () => {
        abort.abort();
        transport.stopReading();
        await running;
        await transport.close();
      })();
      return stopping;
    },
  };
}
