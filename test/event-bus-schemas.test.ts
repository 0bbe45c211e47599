// Laurel's built-in Avro schemas against the ones openedx-events generates
// (the conformance copies): same Parsing Canonical Form and fingerprint, and
// bytes written with one read back with the other. Fails under CI=true when
// the conformance fixtures are missing, skips otherwise.
import avro from 'avsc';
import { describe, expect, it } from 'vitest';
import {
  BUILTIN_EVENT_SCHEMAS,
  CCX_COURSE_PASSING_STATUS_UPDATED,
  CERTIFICATE_CHANGED,
  CERTIFICATE_CREATED,
  CERTIFICATE_REVOKED,
  COURSE_PASSING_STATUS_UPDATED,
  createSchemaRegistry,
  schemaFileName,
} from '@laurel/event-bus';
import { conformanceMissing, readConformanceJson } from './support/conformance.js';

// Listed here rather than taken from BUILTIN_EVENT_SCHEMAS, so that a dropped built-in fails.
const HANDLED_TYPES = [CERTIFICATE_CREATED, CERTIFICATE_REVOKED, CERTIFICATE_CHANGED, COURSE_PASSING_STATUS_UPDATED, CCX_COURSE_PASSING_STATUS_UPDATED];

async function referenceType(eventType: string): Promise<avro.Type> {
  return avro.Type.forSchema(await readConformanceJson<avro.Schema>(`openedx-events/${schemaFileName(eventType)}`));
}

describe.skipIf(conformanceMissing)('built-in Open edX event schemas', () => {
  const builtins = createSchemaRegistry();

  it('cover exactly the event types Laurel handles', () => {
    expect(Object.keys(BUILTIN_EVENT_SCHEMAS).sort()).toEqual([...HANDLED_TYPES].sort());
  });

  describe.each(HANDLED_TYPES)('%s', (eventType) => {
    it('has the canonical form, fingerprint, docs and defaults of the openedx-events schema', async () => {
      const reference = await referenceType(eventType);
      const builtin = await builtins.get(eventType);
      expect(builtin).toBeDefined();
      // schema() without options is the Parsing Canonical Form the fingerprint is computed over.
      expect(JSON.stringify(builtin!.schema())).toBe(JSON.stringify(reference.schema()));
      expect(builtin!.fingerprint('sha256').toString('hex')).toBe(reference.fingerprint('sha256').toString('hex'));
      expect(builtin!.schema({ exportAttrs: true })).toEqual(reference.schema({ exportAttrs: true }));
    });

    it('reads what the openedx-events schema writes, and the other way round', async () => {
      const reference = await referenceType(eventType);
      const builtin = (await builtins.get(eventType))!;
      for (let i = 0; i < 20; i++) {
        const fromReference = reference.random();
        expect(builtin.fromBuffer(reference.toBuffer(fromReference))).toEqual(fromReference);
        const fromBuiltin = builtin.random();
        expect(reference.fromBuffer(builtin.toBuffer(fromBuiltin))).toEqual(fromBuiltin);
      }
    });
  });
});
