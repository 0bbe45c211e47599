import os from 'node:os';
import { Redis } from 'ioredis';
import type { IssuanceDeps } from '@laurel/issuance';
import { autoClaimPage, keepPending, streamReplies, type StreamEntry } from './redis-streams.js';
import { BADGES_TOPIC, CERTIFICATE_TOPIC, HEADER_FIELDS, deadLetterStream, streamName, type EventHeaders } from './events.js';
import { EVENT_HANDLERS, type HandlerResult } from './handlers.js';
import { createSchemaRegistry, type SchemaRegistry } from './schemas.js';

export interface ConsumerLogger {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

export interface EventBusConsumerOptions {
  deps: IssuanceDeps;
  /** The issuer (tenant) that events are issued under. */
  issuerId: string;
  /** Directory of openedx-events Avro schemas (`*.avsc`) that add to or override the built-in ones. */
  schemasDir?: string;
  redisUrl?: string;
  /** EVENT_BUS_TOPIC_PREFIX; streams are `<prefix>-learning-certificate-lifecycle` and `<prefix>-learning-badges-lifecycle`. */
  topicPrefix?: string;
  group?: string;
  /** Must be stable across restarts of the same worker: its pending messages are read first on start. */
  consumerName?: string;
  /** Handling attempts before an event moves to the dead-letter stream. */
  maxAttempts?: number;
  /** First retry delay; doubles each attempt up to maxBackoffMs. */
  backoffMs?: number;
  maxBackoffMs?: number;
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
}

export interface SettledMessage {
  stream: string;
  messageId: string;
  eventId?: string;
  type?: string;
  outcome: 'handled' | 'ignored' | 'dead-lettered';
  result?: HandlerResult;
  reason?: string;
  attempts: number;
}

export interface EventBusConsumer {
  streams: string[];
  /** Stops reading; an event being handled finishes (and is acked) first; one waiting for a retry stays pending. */
  stop(): Promise<void>;
}

const silentLogger: ConsumerLogger = { info: () => {}, warn: () => {}, error: () => {} };

class DeadLetter extends Error {
  constructor(
    readonly reason: string,
    message: string,
  ) {
    super(message);
  }
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done);
  });
}

/**
 * Reads the Open edX Redis Streams event bus with a consumer group and turns
 * certificate and passing-status events into completion records and
 * revocations. Each message is acknowledged only after its handling
 * committed; failures are retried with exponential backoff and, after
 * maxAttempts, moved (with the error) to `<stream>-dead-letter`.
 */
export async function startEventBusConsumer(options: EventBusConsumerOptions): Promise<EventBusConsumer> {
  const prefix = options.topicPrefix ?? 'dev';
  const group = options.group ?? 'laurel';
  const consumerName = options.consumerName ?? `laurel-${os.hostname()}`;
  const maxAttempts = Math.max(1, options.maxAttempts ?? 5);
  const backoffMs = options.backoffMs ?? 500;
  const maxBackoffMs = options.maxBackoffMs ?? 30_000;
  const blockMs = options.blockMs ?? 5_000;
  const batchSize = options.batchSize ?? 50;
  const claimIdleMs = Math.max(1, options.claimIdleMs ?? 60_000);
  const claimEveryMs = Math.max(1, Math.floor(claimIdleMs / 2));
  const logger = options.logger ?? silentLogger;
  const schemas: SchemaRegistry = createSchemaRegistry(options.schemasDir);
  const streams = [streamName(prefix, CERTIFICATE_TOPIC), streamName(prefix, BADGES_TOPIC)];
  const redisUrl = options.redisUrl ?? 'redis://127.0.0.1:6379';

  const connect = async () => {
    const client = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: null });
    client.on('error', (error: Error) => logger.warn({ err: error.message }, 'redis connection error'));
    await client.connect();
    return client;
  };
  const writer = await connect();
  let reader: Redis;
  try {
    reader = await connect();
    for (const stream of streams) {
      try {
        await writer.xgroup('CREATE', stream, group, '0', 'MKSTREAM');
      } catch (error) {
        if (!errorMessage(error).includes('BUSYGROUP')) throw error;
      }
    }
  } catch (error) {
    writer.disconnect();
    throw error;
  }

  const abort = new AbortController();
  let reading = false;
  // Per stream: the id to read from: pending messages ('0', then after the last one seen) until none are left, then '>'.
  const cursors = new Map(streams.map((stream) => [stream, '0']));

  const deadLetter = async (stream: string, messageId: string, fields: Buffer[], reason: string, error: string, attempts: number) => {
    await writer
      .multi()
      .xadd(
        deadLetterStream(stream),
        '*',
        ...fields,
        'dead_letter_reason',
        reason,
        'dead_letter_error',
        error,
        'original_stream',
        stream,
        'original_message_id',
        messageId,
        'attempts',
        String(attempts),
        'failed_at',
        new Date().toISOString(),
      )
      .xack(stream, group, messageId)
      .exec();
  };

  /** Handles one message; returns false when stopping left it pending. */
  const processMessage = async (stream: string, messageId: string, fields: Buffer[] | null): Promise<boolean> => {
    if (!fields) {
      // Deleted from the stream while pending: nothing to handle.
      await writer.xack(stream, group, messageId);
      return true;
    }
    const values = new Map<string, Buffer>();
    for (let i = 0; i + 1 < fields.length; i += 2) values.set(fields[i]!.toString('utf8'), fields[i + 1]!);
    const headers = Object.fromEntries(HEADER_FIELDS.map((name) => [name, values.get(name)?.toString('utf8') ?? ''])) as EventHeaders;
    const settle = (outcome: Omit<SettledMessage, 'stream' | 'messageId' | 'eventId' | 'type'>) =>
      options.onSettled?.({ stream, messageId, ...(headers.id ? { eventId: headers.id } : {}), ...(headers.type ? { type: headers.type } : {}), ...outcome });

    let data: unknown;
    try {
      if (!headers.type) throw new DeadLetter('missing-type', 'message has no type field');
      if (!headers.id) throw new DeadLetter('missing-id', 'message has no id field');
      const schema = await schemas.get(headers.type);
      if (!schema) throw new DeadLetter('unknown-type', `no Avro schema for event type ${headers.type}`);
      const eventData = values.get('event_data');
      if (!eventData) throw new DeadLetter('missing-event-data', 'message has no event_data field');
      try {
        data = schema.fromBuffer(eventData);
      } catch (error) {
        throw new DeadLetter('corrupt-event-data', `event_data does not decode as ${headers.type}: ${errorMessage(error)}`);
      }
    } catch (error) {
      if (!(error instanceof DeadLetter)) throw error;
      await deadLetter(stream, messageId, fields, error.reason, error.message, 0);
      logger.warn({ stream, messageId, reason: error.reason, error: error.message }, 'event moved to dead-letter stream');
      settle({ outcome: 'dead-lettered', reason: error.reason, attempts: 0 });
      return true;
    }

    const handler = EVENT_HANDLERS[headers.type];
    if (!handler) {
      await writer.xack(stream, group, messageId);
      settle({ outcome: 'ignored', attempts: 0 });
      return true;
    }
    for (let attempt = 1; ; attempt++) {
      try {
        const result = await handler(data, { deps: options.deps, issuerId: options.issuerId, headers });
        await writer.xack(stream, group, messageId);
        logger.info({ stream, messageId, eventId: headers.id, type: headers.type, ...result }, 'event handled');
        settle({ outcome: 'handled', result, attempts: attempt });
        return true;
      } catch (error) {
        const permanent = error instanceof Error && error.name === 'ZodError';
        if (permanent || attempt >= maxAttempts) {
          const reason = permanent ? 'invalid-event' : 'handler-failed';
          await deadLetter(stream, messageId, fields, reason, errorMessage(error), attempt);
          logger.error({ stream, messageId, eventId: headers.id, reason, attempts: attempt, error: errorMessage(error) }, 'event moved to dead-letter stream');
          settle({ outcome: 'dead-lettered', reason, attempts: attempt });
          return true;
        }
        const delay = Math.min(maxBackoffMs, backoffMs * 2 ** (attempt - 1));
        logger.warn({ stream, messageId, eventId: headers.id, attempt, retryInMs: delay, error: errorMessage(error) }, 'event handling failed; will retry');
        await sleep(delay, abort.signal);
        if (abort.signal.aborted) return false;
        if (!(await keepPending(writer, stream, group, consumerName, messageId))) {
          logger.warn({ stream, messageId, eventId: headers.id }, 'event taken over by another consumer (or settled) while waiting for a retry; leaving it');
          return true;
        }
      }
    }
  };

  /** Takes over and handles messages left pending (by any consumer) longer than claimIdleMs; false when stopping. */
  const reclaim = async (): Promise<boolean> => {
    for (const stream of streams) {
      let start = '0-0';
      do {
        const page = await autoClaimPage(writer, stream, group, consumerName, claimIdleMs, start, batchSize);
        // Entries deleted from the stream cannot be handled; ack them so they leave the pending list.
        if (page.deleted.length > 0) await writer.xack(stream, group, ...page.deleted);
        for (const [idBuffer, fields] of page.entries) {
          if (abort.signal.aborted) return false;
          const messageId = idBuffer.toString('utf8');
          logger.info({ stream, messageId }, 'claimed an event left pending too long');
          if (!(await processMessage(stream, messageId, fields))) return false;
        }
        start = page.next;
      } while (start !== '0-0' && !abort.signal.aborted);
    }
    return !abort.signal.aborted;
  };

  let nextClaimAt = 0;
  const loop = async () => {
    while (!abort.signal.aborted) {
      if (Date.now() >= nextClaimAt) {
        nextClaimAt = Date.now() + claimEveryMs;
        try {
          if (!(await reclaim())) return;
        } catch (error) {
          if (abort.signal.aborted) return;
          // Claimed messages that were not settled stay pending under this consumer and are claimed again later.
          logger.error({ error: errorMessage(error) }, 'reclaiming pending events failed; will retry');
        }
      }
      let response: [Buffer, StreamEntry[]][];
      try {
        const ids = streams.map((stream) => cursors.get(stream)!);
        // Block no longer than until the next claim check is due.
        const waitMs = Math.max(1, Math.min(blockMs, nextClaimAt - Date.now()));
        const waitForNew = ids.every((id) => id === '>');
        reading = true;
        response = streamReplies(await reader.callBuffer(
          'XREADGROUP',
          'GROUP',
          group,
          consumerName,
          'COUNT',
          String(batchSize),
          ...(waitForNew ? ['BLOCK', String(waitMs)] : []),
          'STREAMS',
          ...streams,
          ...ids,
        ));
      } catch (error) {
        if (abort.signal.aborted) return;
        logger.error({ error: errorMessage(error) }, 'reading the event bus failed; retrying');
        await sleep(Math.min(maxBackoffMs, 1000), abort.signal);
        continue;
      } finally {
        reading = false;
      }
      for (const [streamBuffer, entries] of response) {
        const stream = streamBuffer.toString('utf8');
        const pending = cursors.get(stream) !== '>';
        if (pending && entries.length === 0) {
          cursors.set(stream, '>');
          continue;
        }
        for (const [idBuffer, fields] of entries) {
          if (abort.signal.aborted) return;
          const messageId = idBuffer.toString('utf8');
          try {
            if (!(await processMessage(stream, messageId, fields))) return;
          } catch (error) {
            // Redis itself failed (ack or dead-letter): the message stays pending and is read again.
            logger.error({ stream, messageId, error: errorMessage(error) }, 'could not settle event; it stays pending');
            cursors.set(stream, '0');
            break;
          }
          if (pending) cursors.set(stream, messageId);
        }
      }
    }
  };

  logger.info({ streams, group, consumer: consumerName }, 'event bus consumer started');
  const running = loop();
  return {
    streams,
    async stop() {
      abort.abort();
      if (reading) reader.disconnect();
      await running;
      reader.disconnect();
      await writer.quit().catch(() => writer.disconnect());
    },
  };
}
