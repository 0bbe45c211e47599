import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CERTIFICATE_CREATED, CERTIFICATE_REVOKED, CERTIFICATE_TOPIC, TOPIC_OF_TYPE, deadLetterStream, streamName } from './events.js';
import { gradePercentOf } from './handlers.js';
import { createSchemaRegistry, schemaFileName } from './schemas.js';
import { loadEventBusConfig } from './config.js';

describe('event bus basics', () => {
  it('names streams and schema files as Open edX does', () => {
    expect(streamName('dev', TOPIC_OF_TYPE[CERTIFICATE_CREATED]!)).toBe('dev-learning-certificate-lifecycle');
    expect(deadLetterStream(streamName('dev', CERTIFICATE_TOPIC))).toBe('dev-learning-certificate-lifecycle-dead-letter');
    expect(schemaFileName(CERTIFICATE_CREATED)).toBe('org+openedx+learning+certificate+created+v1_schema.avsc');
  });

  it('round-trips schemaless Avro and rejects unknown types and corrupt bytes', async () => {
    const schemas = createSchemaRegistry();
    const type = await schemas.get(CERTIFICATE_CREATED);
    expect(type).toBeDefined();
    const data = {
      certificate: {
        user: { id: 7, is_active: true, pii: { username: 'ada', email: 'ada@example.org', name: 'Ada' } },
        course: { course_key: 'course-v1:Org+CS101+2026', display_name: 'CS101', start: null, end: null },
        mode: 'verified',
        grade: '0.9',
        download_url: '',
        name: '',
        current_status: 'downloadable',
        previous_status: '',
      },
    };
    expect(type!.fromBuffer(type!.toBuffer(data))).toEqual(data);
    expect(() => type!.fromBuffer(Buffer.from([0x02, 0xff]))).toThrow();
    expect(await schemas.get('org.openedx.learning.no.such.v1')).toBeUndefined();
    expect(await schemas.get('../../etc/passwd')).toBeUndefined();
    expect(await schemas.get('constructor')).toBeUndefined();
  });

  it('lets schema files in a directory add types and override built-in ones', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'laurel-schemas-'));
    try {
      const record = (namespace: string) => ({ type: 'record', name: 'CloudEvent', namespace, fields: [{ name: 'note', type: 'string' }] });
      writeFileSync(path.join(dir, schemaFileName(CERTIFICATE_CREATED)), JSON.stringify(record(CERTIFICATE_CREATED)));
      writeFileSync(path.join(dir, schemaFileName('org.openedx.learning.custom.v1')), JSON.stringify(record('org.openedx.learning.custom.v1')));
      const schemas = createSchemaRegistry(dir);
      const overridden = await schemas.get(CERTIFICATE_CREATED);
      expect(overridden!.fromBuffer(overridden!.toBuffer({ note: 'hi' }))).toEqual({ note: 'hi' });
      expect(await schemas.get('org.openedx.learning.custom.v1')).toBeDefined();
      // Not in the directory: the built-in schema.
      const revoked = await schemas.get(CERTIFICATE_REVOKED);
      expect((revoked!.schema() as { fields: { name: string }[] }).fields.map((field) => field.name)).toEqual(['certificate']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    expect(() => createSchemaRegistry(path.join(dir, 'gone'))).toThrow(expect.objectContaining({ code: 'INVALID_CONFIG' }));
  });

  it('reads grades as fractions or percentages', () => {
    expect(gradePercentOf('0.88')).toBe(88);
    expect(gradePercentOf('1')).toBe(100);
    expect(gradePercentOf('92.5')).toBe(92.5);
    expect(gradePercentOf('')).toBeUndefined();
    expect(gradePercentOf('-1')).toBeUndefined();
  });

  it('requires an issuer in its configuration; a schema directory is optional', () => {
    expect(() => loadEventBusConfig({ OPENEDX_EVENT_SCHEMAS_DIR: '/s' })).toThrow(/EVENT_BUS_ISSUER_ID/);
    expect(loadEventBusConfig({ EVENT_BUS_ISSUER_ID: 'i' })).toMatchObject({
      OPENEDX_EVENT_SCHEMAS_DIR: undefined,
      EVENT_BUS_TOPIC_PREFIX: 'dev',
      REDIS_URL: 'redis://127.0.0.1:6379',
      EVENT_BUS_MAX_ATTEMPTS: 5,
      EVENT_BUS_CLAIM_IDLE_MS: 60_000,
    });
    expect(loadEventBusConfig({ EVENT_BUS_ISSUER_ID: 'i', OPENEDX_EVENT_SCHEMAS_DIR: '/s', EVENT_BUS_CLAIM_IDLE_MS: '5000' })).toMatchObject({ OPENEDX_EVENT_SCHEMAS_DIR: '/s', EVENT_BUS_CLAIM_IDLE_MS: 5000 });
    expect(() => loadEventBusConfig({ EVENT_BUS_ISSUER_ID: 'i', EVENT_BUS_CLAIM_IDLE_MS: '0' })).toThrow(/EVENT_BUS_CLAIM_IDLE_MS/);
  });

  it('reads the LMS client settings: off by default, credentials required with a base URL', () => {
    expect(loadEventBusConfig({ EVENT_BUS_ISSUER_ID: 'i' })).toMatchObject({ LMS_BASE_URL: undefined, LMS_COMPLETION_SOURCE: 'progress' });
    expect(() => loadEventBusConfig({ EVENT_BUS_ISSUER_ID: 'i', LMS_BASE_URL: 'https://lms.example.org' })).toThrow(/LMS_CLIENT_ID and LMS_CLIENT_SECRET/);
    expect(() => loadEventBusConfig({ EVENT_BUS_ISSUER_ID: 'i', LMS_BASE_URL: 'ftp://lms', LMS_CLIENT_ID: 'a', LMS_CLIENT_SECRET: 'b' })).toThrow(/LMS_BASE_URL/);
    expect(() => loadEventBusConfig({ EVENT_BUS_ISSUER_ID: 'i', LMS_COMPLETION_SOURCE: 'guess' })).toThrow(/LMS_COMPLETION_SOURCE/);
    expect(
      loadEventBusConfig({ EVENT_BUS_ISSUER_ID: 'i', LMS_BASE_URL: 'https://lms.example.org', LMS_CLIENT_ID: 'a', LMS_CLIENT_SECRET: 'b', LMS_COMPLETION_SOURCE: 'completion-aggregator' }),
    ).toMatchObject({ LMS_BASE_URL: 'https://lms.example.org', LMS_CLIENT_ID: 'a', LMS_COMPLETION_SOURCE: 'completion-aggregator' });
  });
});
