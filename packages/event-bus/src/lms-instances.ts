import { readFileSync } from 'node:fs';
import { LaurelError } from '@laurel/models';
import { COMPLETION_SOURCES, type OpenEdxClient } from '@laurel/openedx-client';
import { z } from 'zod';
import { streamName, BADGES_TOPIC, CERTIFICATE_TOPIC } from './events.js';
import type { EventHeaders } from './events.js';

const httpUrl = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' });

/** One Open edX LMS and the issuer its learners' credentials are issued under (an entry of LMS_INSTANCES_FILE). */
export const lmsInstanceSchema = z
  .strictObject({
    /** Short and stable: named in logs, reports and each synced course. */
    id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'must be lower-case letters, digits and -, at most 64'),
    baseUrl: httpUrl,
    clientId: z.string().trim().min(1),
    /** The OAuth application's secret, or a file holding it (a mounted secret); exactly one. */
    clientSecret: z.string().trim().min(1).optional(),
    clientSecretFile: z.string().trim().min(1).optional(),
    /** Issuer id or slug. */
    issuerId: z.string().trim().min(1),
    completionSource: z.enum(COMPLETION_SOURCES).default('progress'),
    /**
     * Events are this instance's when they come from its streams (its LMS's
     * EVENT_BUS_TOPIC_PREFIX) or name one of these `sourcehost`s (the LMS's server host names).
     */
    topicPrefix: z.string().trim().min(1).max(100).optional(),
    sourceHosts: z.array(z.string().trim().min(1)).max(50).default([]),
    /** Whether the periodic catalog sync (LMS_CATALOG_SYNC_INTERVAL_MS) reads this LMS's course list; default true. */
    catalogSync: z.boolean().default(true),
  })
  .refine((instance) => (instance.clientSecret === undefined) !== (instance.clientSecretFile === undefined), { message: 'needs exactly one of clientSecret and clientSecretFile', path: ['clientSecret'] })
  .refine((instance) => instance.topicPrefix !== undefined || instance.sourceHosts.length > 0, { message: 'needs a topicPrefix or sourceHosts: how else would its events be told apart?', path: ['topicPrefix'] });

export type LmsInstanceInput = z.input<typeof lmsInstanceSchema>;

/** An instance with its secret read. */
export type LmsInstance = Omit<z.output<typeof lmsInstanceSchema>, 'clientSecret' | 'clientSecretFile'> & { clientSecret: string };

const instancesSchema = z
  .array(lmsInstanceSchema)
  .min(1, 'must list at least one LMS')
  .superRefine((list, context) => {
    const seen = new Map<string, number>();
    list.forEach((instance, index) => {
      const first = seen.get(instance.id);
      if (first !== undefined) context.addIssue({ code: 'custom', path: [index, 'id'], message: `repeats [${first}].id` });
      else seen.set(instance.id, index);
    });
    const prefixes = new Map<string, number>();
    list.forEach((instance, index) => {
      if (!instance.topicPrefix) return;
      const first = prefixes.get(instance.topicPrefix);
      if (first !== undefined) context.addIssue({ code: 'custom', path: [index, 'topicPrefix'], message: `repeats [${first}].topicPrefix: whose events would they be?` });
      else prefixes.set(instance.topicPrefix, index);
    });
  });

const pathOf = (path: readonly PropertyKey[]) => path.map((part) => (typeof part === 'number' ? `[${part}]` : `.${String(part)}`)).join('').replace(/^\./, '');

/** Validates a parsed LMS_INSTANCES_FILE and reads the secret files; INVALID_CONFIG naming the entry and field. */
export function parseLmsInstances(json: unknown, where = 'LMS_INSTANCES_FILE', readSecret: (file: string) => string = (file) => readFileSync(file, 'utf8')): LmsInstance[] {
  const result = instancesSchema.safeParse(json);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw new LaurelError('INVALID_CONFIG', `${where}: ${pathOf(issue.path) || '(root)'} ${issue.message}`);
  }
  return result.data.map(({ clientSecret, clientSecretFile, ...instance }) => {
    let secret = clientSecret;
    if (clientSecretFile !== undefined) {
      try {
        secret = readSecret(clientSecretFile).trim();
      } catch (error) {
        throw new LaurelError('INVALID_CONFIG', `${where}: instance ${instance.id}: clientSecretFile ${clientSecretFile} cannot be read (${error instanceof Error ? error.message : String(error)})`);
      }
      if (!secret) throw new LaurelError('INVALID_CONFIG', `${where}: instance ${instance.id}: clientSecretFile ${clientSecretFile} is empty`);
    }
    return { ...instance, clientSecret: secret! };
  });
}

/** Reads and validates LMS_INSTANCES_FILE. */
export function loadLmsInstancesFile(file: string): LmsInstance[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new LaurelError('INVALID_CONFIG', `LMS_INSTANCES_FILE ${file} cannot be read: ${error instanceof Error ? error.message : String(error)}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new LaurelError('INVALID_CONFIG', `LMS_INSTANCES_FILE ${file} is not JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  return parseLmsInstances(json, `LMS_INSTANCES_FILE ${file}`);
}

/** Where one instance's events go: its issuer (resolved to an id) and client. */
export interface LmsRoute {
  instanceId: string;
  issuerId: string;
  lms?: OpenEdxClient | undefined;
  topicPrefix?: string | undefined;
  sourceHosts: readonly string[];
}

/** The Redis streams of the instances that have their own topic prefix. */
export function streamsOfRoutes(routes: readonly LmsRoute[]): string[] {
  return routes.flatMap((route) => (route.topicPrefix ? [streamName(route.topicPrefix, CERTIFICATE_TOPIC), streamName(route.topicPrefix, BADGES_TOPIC)] : []));
}

/**
 * The instance an event belongs to: the one whose streams it was read from,
 * else the one naming its `sourcehost`; undefined when none claims it.
 */
export function routeOfEvent(routes: readonly LmsRoute[], stream: string, headers: Pick<EventHeaders, 'sourcehost'>): LmsRoute | undefined {
  const byStream = routes.find((route) => route.topicPrefix !== undefined && (stream === streamName(route.topicPrefix, CERTIFICATE_TOPIC) || stream === streamName(route.topicPrefix, BADGES_TOPIC)));
  if (byStream) return byStream;
  const host = headers.sourcehost?.trim().toLowerCase();
  return host ? routes.find((route) => route.sourceHosts.some((candidate) => candidate.toLowerCase() === host)) : undefined;
}
