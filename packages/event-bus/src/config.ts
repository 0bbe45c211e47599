import { LaurelError } from '@laurel/models';
import type { EventBusConsumerOptions } from './consumer.js';

export interface EventBusConfig {
  REDIS_URL: string;
  EVENT_BUS_TOPIC_PREFIX: string;
  EVENT_BUS_ISSUER_ID: string;
  /** Optional directory of openedx-events Avro schemas that add to or override the built-in ones. */
  OPENEDX_EVENT_SCHEMAS_DIR: string | undefined;
  EVENT_BUS_CONSUMER_GROUP: string;
  EVENT_BUS_CONSUMER_NAME: string | undefined;
  EVENT_BUS_MAX_ATTEMPTS: number;
  /** Pending messages idle this long (any consumer's) are claimed and handled by this one. */
  EVENT_BUS_CLAIM_IDLE_MS: number;
}

function positiveInt(env: Record<string, string | undefined>, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new LaurelError('INVALID_CONFIG', `${name} must be a positive integer.`);
  return value;
}

/** Event-bus consumer settings from the environment. */
export function loadEventBusConfig(env: Record<string, string | undefined> = process.env): EventBusConfig {
  const issuerId = env.EVENT_BUS_ISSUER_ID?.trim();
  if (!issuerId) throw new LaurelError('INVALID_CONFIG', 'EVENT_BUS_ISSUER_ID is required: the issuer that event-bus credentials are issued under.');
  const prefix = env.EVENT_BUS_TOPIC_PREFIX?.trim() || 'dev';
  return {
    REDIS_URL: env.REDIS_URL?.trim() || 'redis://127.0.0.1:6379',
    EVENT_BUS_TOPIC_PREFIX: prefix,
    EVENT_BUS_ISSUER_ID: issuerId,
    OPENEDX_EVENT_SCHEMAS_DIR: env.OPENEDX_EVENT_SCHEMAS_DIR?.trim() || undefined,
    EVENT_BUS_CONSUMER_GROUP: env.EVENT_BUS_CONSUMER_GROUP?.trim() || 'laurel',
    EVENT_BUS_CONSUMER_NAME: env.EVENT_BUS_CONSUMER_NAME?.trim() || undefined,
    EVENT_BUS_MAX_ATTEMPTS: positiveInt(env, 'EVENT_BUS_MAX_ATTEMPTS', 5),
    EVENT_BUS_CLAIM_IDLE_MS: positiveInt(env, 'EVENT_BUS_CLAIM_IDLE_MS', 60_000),
  };
}

/** The consumer options these settings give; the caller adds deps, the issuer and a logger. */
export function consumerOptionsFromConfig(config: EventBusConfig): Omit<EventBusConsumerOptions, 'deps' | 'issuerId'> {
  return {
    ...(config.OPENEDX_EVENT_SCHEMAS_DIR ? { schemasDir: config.OPENEDX_EVENT_SCHEMAS_DIR } : {}),
    redisUrl: config.REDIS_URL,
    topicPrefix: config.EVENT_BUS_TOPIC_PREFIX,
    group: config.EVENT_BUS_CONSUMER_GROUP,
    ...(config.EVENT_BUS_CONSUMER_NAME ? { consumerName: config.EVENT_BUS_CONSUMER_NAME } : {}),
    maxAttempts: config.EVENT_BUS_MAX_ATTEMPTS,
    claimIdleMs: config.EVENT_BUS_CLAIM_IDLE_MS,
  };
}
