import { randomUUID } from 'node:crypto';
import os from 'node:os';
import type { Redis } from 'ioredis';
import { TOPIC_OF_TYPE, streamName } from './events.js';
import type { SchemaRegistry } from './schemas.js';

export interface PublishOptions {
  prefix: string;
  /** Full event type, e.g. org.openedx.learning.certificate.created.v1. */
  type: string;
  /** The event data as openedx-events defines it (e.g. `{ certificate: {...} }`). */
  data: unknown;
  schemas: SchemaRegistry;
  /** Defaults to a new UUID, like the LMS. */
  id?: string;
  time?: Date;
  /** Overrides the topic looked up from the type. */
  topic?: string;
  /** Test hook: publish these bytes instead of the encoded data. */
  rawEventData?: Buffer;
}

/**
 * LMS simulator: publishes one event to the Redis event bus exactly as
 * edx-event-bus-redis does — schemaless Avro `event_data` plus the
 * CloudEvents headers as stream fields. Returns the stream and message id.
 */
export async function publishOpenEdxEvent(redis: Redis, options: PublishOptions): Promise<{ stream: string; messageId: string; eventId: string }> {
  const topic = options.topic ?? TOPIC_OF_TYPE[options.type];
  if (!topic) throw new Error(`No topic known for event type ${options.type}; pass one.`);
  let eventData = options.rawEventData;
  if (!eventData) {
    const schema = await options.schemas.get(options.type);
    if (!schema) throw new Error(`No Avro schema for event type ${options.type}.`);
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
    os.hostname(),
    'sourcelib',
    '9.0.0',
  );
  if (!messageId) throw new Error('XADD returned no id');
  return { stream, messageId, eventId };
}
