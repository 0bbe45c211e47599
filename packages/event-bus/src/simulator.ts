import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { Redis } from 'ioredis';
import { LaurelError } from '@laurel/models';
import { TOPIC_OF_TYPE, streamName } from './events.js';
import { createSchemaRegistry, type SchemaRegistry } from './schemas.js';

export interface PublishOptions {
  prefix: string;
  /** Full event type, e.g. org.openedx.learning.certificate.created.v1. */
  type: string;
  /** The event data as openedx-events defines it (e.g. `{ certificate: {...} }`). */
  data: unknown;
  /** Defaults to the built-in schemas. */
  schemas?: SchemaRegistry;
  /** Defaults to a new UUID, like the LMS. */
  id?: string;
  time?: Date;
  /** Overrides the topic looked up from the type. */
  topic?: string;
  /** Test hook: publish these bytes instead of the encoded data. */
  rawEventData?: Buffer;
  /** The `sourcehost` header (the LMS server's host name); default this machine's. */
  sourceHost?: string;
}

let builtins: SchemaRegistry | undefined;
function builtinSchemas(): SchemaRegistry {
  builtins ??= createSchemaRegistry();
  return builtins;
}

/** The URL for messages: a Redis password must not end up in terminals or logs. */
function withoutPassword(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparsable URL)';
  }
}

/**
 * A connection for publishing that fails at once when Redis is unreachable
 * (instead of ioredis' default of retrying forever), for command-line use.
 */
export async function connectEventBus(redisUrl: string): Promise<Redis> {
  const redis = new Redis(redisUrl, { lazyConnect: true, connectTimeout: 5_000, maxRetriesPerRequest: 1, retryStrategy: () => null });
  // Errors are reported by connect() and the commands; without a listener ioredis would also print them.
  redis.on('error', () => {});
  try {
    await redis.connect();
  } catch (error) {
    redis.disconnect();
    throw new LaurelError('EVENT_BUS_UNREACHABLE', `Cannot connect to Redis at ${withoutPassword(redisUrl)}: ${error instanceof Error ? error.message : String(error)}`, { redisUrl: withoutPassword(redisUrl) }, { cause: error });
  }
  return redis;
}

/** Whether Redis answers at redisUrl: lets a service start its consumer only when an event bus is there. */
export async function pingRedis(redisUrl: string): Promise<boolean> {
  let redis: Redis | undefined;
  try {
    redis = await connectEventBus(redisUrl);
    return (await redis.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    redis?.disconnect();
  }
}

/**
 * LMS simulator: publishes one event to the Redis event bus exactly as
 * edx-event-bus-redis does — schemaless Avro `event_data` plus the
 * CloudEvents headers as stream fields. Returns the stream and message id.
 */
export async function publishOpenEdxEvent(redis: Redis, options: PublishOptions): Promise<{ stream: string; messageId: string; eventId: string }> {
  const topic = options.topic ?? TOPIC_OF_TYPE[options.type];
  if (!topic) throw new LaurelError('UNKNOWN_EVENT_TYPE', `No topic known for event type ${options.type}; pass one.`, { type: options.type });
  let eventData = options.rawEventData;
  if (!eventData) {
    const schema = await (options.schemas ?? builtinSchemas()).get(options.type);
    if (!schema) throw new LaurelError('UNKNOWN_EVENT_TYPE', `No Avro schema for event type ${options.type}.`, { type: options.type });
    eventData = schema.toBuffer(options.data);
  }
  const eventId = options.id ?? randomUUID();
  const stream = streamName(options.prefix, topic);
  const messageId = await redis.xadd(
    stream,
    '*',
    'event_data',
    eventData,
    'type',
    options.type,
    'id',
    eventId,
    'source',
    'openedx/lms/web',
    'time',
    (options.time ?? new Date()).toISOString().replace('Z', '+00:00'),
    'minorversion',
    '0',
    'sourcehost',
    options.sourceHost ?? os.hostname(),
    'sourcelib',
    '9.0.0',
  );
  if (!messageId) throw new LaurelError('EVENT_BUS_PUBLISH_FAILED', `XADD to ${stream} returned no id.`, { stream });
  return { stream, messageId, eventId };
}
