import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { openBadgeCredentialJsonSchema } from './open-badge-json-schema.js';
import { compile2020 } from './testing/json-schema-validators.js';

const schemaFile = fileURLToPath(new URL('../schema/open-badge-credential.schema.json', import.meta.url));
const generated = `${JSON.stringify(openBadgeCredentialJsonSchema, null, 2)}\n`;

describe('open-badge-credential.schema.json', () => {
  test('the published file is exactly what the zod model generates', () => {
    // `npm run schema:write -w @laurel/models` sets this to regenerate the file after a model change.
    if (process.env.LAUREL_WRITE_SCHEMA === '1') writeFileSync(schemaFile, generated);
    expect(readFileSync(schemaFile, 'utf8')).toBe(generated);
  });

  test('is a valid draft 2020-12 schema under ajv strict mode', () => {
    expect(() => compile2020(openBadgeCredentialJsonSchema)).not.toThrow();
    expect(openBadgeCredentialJsonSchema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
  });

  test('names the Open Badges classes in $defs', () => {
    const defs = Object.keys(openBadgeCredentialJsonSchema.$defs as Record<string, unknown>);
    expect(defs).toEqual(
      expect.arrayContaining([
        'Profile',
        'AchievementSubject',
        'Achievement',
        'Criteria',
        'IdentityObject',
        'Image',
        'Result',
        'ResultDescription',
        'Alignment',
        'Evidence',
      ]),
    );
  });

  test('requires validFrom, issuer, credentialSubject, name and id at the top level', () => {
    expect(openBadgeCredentialJsonSchema.required).toEqual(
      expect.arrayContaining(['@context', 'id', 'type', 'name', 'issuer', 'credentialSubject', 'validFrom']),
    );
  });
});
