import { LaurelError } from '@laurel/models';
import { COMPLETION_SOURCES, type CompletionSource } from '@laurel/openedx-client';
import type { EventBusConsumerOptions } from './consumer.js';
import { loadLmsInstancesFile, type LmsInstance } from './lms-instances.js';

export interface EventBusConfig {
  REDIS_URL: string;
  EVENT_BUS_TOPIC_PREFIX: string;
  /** Required unless LMS_INSTANCES_FILE maps every LMS to an issuer. */
  EVENT_BUS_ISSUER_ID: string | undefined;
  /** Optional directory of openedx-events Avro schemas that add to or override the built-in ones. */
  OPENEDX_EVENT_SCHEMAS_DIR: string | undefined;
  EVENT_BUS_CONSUMER_GROUP: string;
  EVENT_BUS_CONSUMER_NAME: string | undefined;
  EVENT_BUS_MAX_ATTEMPTS: number;
  /** Pending messages idle this long (any consumer's) are claimed and handled by this one. */
  EVENT_BUS_CLAIM_IDLE_MS: number;
  /** The LMS root URL; with the client credentials below, events fetch grades and completion from it. */
  LMS_BASE_URL: string | undefined;
  LMS_CLIENT_ID: string | undefined;
  LMS_CLIENT_SECRET: string | undefined;
  /** `progress` (the Progress page API, every Open edX since Maple) or `completion-aggregator` (the plugin). */
  LMS_COMPLETION_SOURCE: CompletionSource;
  /** Several LMS instances, each mapped to an issuer (read and validated from LMS_INSTANCES_FILE at startup). */
  LMS_INSTANCES: LmsInstance[] | undefined;
  /** Every this many ms, each LMS's course list is synced into the catalog; 0 (default): never, only `laurel lms catalog sync`. */
  LMS_CATALOG_SYNC_INTERVAL_MS: number;
}

function positiveInt(env: Record<string, string | undefined>, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new LaurelError('INVALID_CONFIG', `${name} must be a positive integer.`);
  return value;
}

function lmsSettings(env: Record<string, string | undefined>): Pick<EventBusConfig, 'LMS_BASE_URL' | 'LMS_CLIENT_ID' | 'LMS_CLIENT_SECRET' | 'LMS_COMPLETION_SOURCE'> {
  const baseUrl = env.LMS_BASE_URL?.trim() || undefined;
  const clientId = env.LMS_CLIENT_ID?.trim() || undefined;
  const clientSecret = env.LMS_CLIENT_SECRET?.trim() || undefined;
  const source = env.LMS_COMPLETION_SOURCE?.trim() || 'progress';
  if (!(COMPLETION_SOURCES as readonly string[]).includes(source)) throw new LaurelError('INVALID_CONFIG', `LMS_COMPLETION_SOURCE must be one of ${COMPLETION_SOURCES.join(', ')}.`);
  if (baseUrl) {
    let url: URL;
    try {
      url = new URL(baseUrl);
    } catch {
      throw new LaurelError('INVALID_CONFIG', 'LMS_BASE_URL must be an http(s) URL.');
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new LaurelError('INVALID_CONFIG', 'LMS_BASE_URL must be an http(s) URL.');
    if (!clientId || !clientSecret) throw new LaurelError('INVALID_CONFIG', 'LMS_BASE_URL is set: LMS_CLIENT_ID and LMS_CLIENT_SECRET are required too (an OAuth application of the LMS, client credentials grant).');
  }
  return { LMS_BASE_URL: baseUrl, LMS_CLIENT_ID: clientId, LMS_CLIENT_SECRET: clientSecret, LMS_COMPLETION_SOURCE: source as CompletionSource };
}

function nonNegativeInt(env: Record<string, string | undefined>, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new LaurelError('INVALID_CONFIG', `${name} must be a whole number (0: off).`);
  return value;
}

/** Event-bus consumer settings from the environment. */
export function loadEventBusConfig(env: Record<string, string | undefined> = process.env): EventBusConfig {
  const issuerId = env.EVENT_BUS_ISSUER_ID?.trim() || undefined;
  const instancesFile = env.LMS_INSTANCES_FILE?.trim() || undefined;
  const instances = instancesFile ? loadLmsInstancesFile(instancesFile) : undefined;
  if (!issuerId && !instances) throw new LaurelError('INVALID_CONFIG', 'EVENT_BUS_ISSUER_ID is required (the issuer that event-bus credentials are issued under), unless LMS_INSTANCES_FILE maps each LMS to an issuer.');
  const catalogInterval = nonNegativeInt(env, 'LMS_CATALOG_SYNC_INTERVAL_MS', 0);
  if (catalogInterval > 0 && catalogInterval < 60_000) throw new LaurelError('INVALID_CONFIG', 'LMS_CATALOG_SYNC_INTERVAL_MS must be 0 (off) or at least 60000: each sync reads the whole course list.');
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
    ...lmsSettings(env),
    LMS_INSTANCES: instances,
    LMS_CATALOG_SYNC_INTERVAL_MS: catalogInterval,
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
