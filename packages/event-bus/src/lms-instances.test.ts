import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadEventBusConfig } from './config.js';
import { parseLmsInstances, routeOfEvent, type LmsRoute } from './lms-instances.js';

const base = { id: 'north', baseUrl: 'https://lms.north.example', clientId: 'laurel', clientSecret: 's3cret', issuerId: 'north-u', topicPrefix: 'north' };
const secrets: Record<string, string> = { '/run/secrets/south': 'from-file\n', '/run/secrets/empty': '  \n' };
const readSecret = (file: string) => {
  if (!(file in secrets)) throw new Error('ENOENT');
  return secrets[file]!;
};
const parse = (json: unknown) => parseLmsInstances(json, 'LMS_INSTANCES_FILE', readSecret);

describe('LMS_INSTANCES_FILE', () => {
  it('reads instances with defaults filled in and secrets read from their files', () => {
    const [north, south] = parse([base, { ...base, id: 'south', clientSecret: undefined, clientSecretFile: '/run/secrets/south', topicPrefix: undefined, sourceHosts: ['lms-south-1'] }]);
    expect(north).toMatchObject({ id: 'north', clientSecret: 's3cret', completionSource: 'progress', sourceHosts: [], catalogSync: true });
    expect(south).toMatchObject({ id: 'south', clientSecret: 'from-file', sourceHosts: ['lms-south-1'] });
    expect(south).not.toHaveProperty('clientSecretFile');
  });

  it.each([
    [[], '(root) must list at least one LMS'],
    [[base, base], '[1].id repeats [0].id'],
    [[base, { ...base, id: 'other' }], '[1].topicPrefix repeats [0].topicPrefix'],
    [[{ ...base, baseUrl: 'ftp://lms.example' }], '[0].baseUrl must be an http(s) URL'],
    [[{ ...base, clientSecretFile: '/run/secrets/south' }], '[0].clientSecret needs exactly one of clientSecret and clientSecretFile'],
    [[{ ...base, clientSecret: undefined }], '[0].clientSecret needs exactly one of clientSecret and clientSecretFile'],
    [[{ ...base, topicPrefix: undefined }], '[0].topicPrefix needs a topicPrefix or sourceHosts'],
    [[{ ...base, colour: 'red' }], '[0]'],
    [[{ ...base, clientSecret: undefined, clientSecretFile: '/run/secrets/missing' }], 'clientSecretFile /run/secrets/missing cannot be read'],
    [[{ ...base, clientSecret: undefined, clientSecretFile: '/run/secrets/empty' }], 'clientSecretFile /run/secrets/empty is empty'],
  ])('refuses %j: INVALID_CONFIG naming the entry and field', (json, message) => {
    expect(() => parse(json)).toThrow(expect.objectContaining({ code: 'INVALID_CONFIG', message: expect.stringContaining(message) }));
  });
});

describe('routeOfEvent', () => {
  const routes: LmsRoute[] = [
    { instanceId: 'north', issuerId: 'issuer-n', topicPrefix: 'north', sourceHosts: [] },
    { instanceId: 'south', issuerId: 'issuer-s', sourceHosts: ['lms-south-1', 'lms-south-2'] },
  ];
  it('by the stream an event was read from, else by its sourcehost (case-insensitive); none claims the rest', () => {
    expect(routeOfEvent(routes, 'north-learning-certificate-lifecycle', { sourcehost: 'lms-south-1' })?.instanceId).toBe('north');
    expect(routeOfEvent(routes, 'north-learning-badges-lifecycle', { sourcehost: '' })?.instanceId).toBe('north');
    expect(routeOfEvent(routes, 'dev-learning-certificate-lifecycle', { sourcehost: 'LMS-South-2' })?.instanceId).toBe('south');
    expect(routeOfEvent(routes, 'dev-learning-certificate-lifecycle', { sourcehost: 'elsewhere' })).toBeUndefined();
    expect(routeOfEvent(routes, 'northern-learning-certificate-lifecycle', { sourcehost: '' })).toBeUndefined();
  });
});

describe('event-bus settings with LMS_INSTANCES_FILE', () => {
  it('EVENT_BUS_ISSUER_ID becomes optional; LMS_CATALOG_SYNC_INTERVAL_MS is off by default and at least a minute when on', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'laurel-instances-'));
    try {
      const file = path.join(dir, 'instances.json');
      writeFileSync(file, JSON.stringify([base]));
      const config = loadEventBusConfig({ LMS_INSTANCES_FILE: file });
      expect(config).toMatchObject({ EVENT_BUS_ISSUER_ID: undefined, LMS_CATALOG_SYNC_INTERVAL_MS: 0, LMS_INSTANCES: [{ id: 'north', clientSecret: 's3cret' }] });
      expect(loadEventBusConfig({ LMS_INSTANCES_FILE: file, LMS_CATALOG_SYNC_INTERVAL_MS: '3600000' }).LMS_CATALOG_SYNC_INTERVAL_MS).toBe(3_600_000);
      expect(() => loadEventBusConfig({ LMS_INSTANCES_FILE: file, LMS_CATALOG_SYNC_INTERVAL_MS: '5000' })).toThrow(/at least 60000/);
      expect(() => loadEventBusConfig({})).toThrow(/EVENT_BUS_ISSUER_ID is required/);
      writeFileSync(file, '[{');
      expect(() => loadEventBusConfig({ LMS_INSTANCES_FILE: file })).toThrow(/is not JSON/);
      expect(() => loadEventBusConfig({ LMS_INSTANCES_FILE: path.join(dir, 'missing.json') })).toThrow(/cannot be read/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
