import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { ValidateFunction } from 'ajv/dist/2020.js';
import { beforeAll, describe, expect, test } from 'vitest';
import { buildAchievement } from './build-achievement.js';
import { buildOpenBadgeCredential } from './build-open-badge-credential.js';
import { OB_V3P0_CONTEXT_URL, VC_V2_CONTEXT_URL } from './context-urls.js';
import { InvalidInputError } from './invalid-input-error.js';
import { conformanceDir as requireConformance } from '../../../test/support/conformance.js';
import { badgeInput } from './testing/fixtures.js';
import { compileDraft04 } from './testing/json-schema-validators.js';

const creator = { id: 'did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK', name: 'Example University', url: 'https://example.edu' };
const input = { ...badgeInput().achievement, tags: ['Completion'], image: 'https://example.edu/badge.png' };

describe('buildAchievement (OB 3.0 §B.1.1 Achievement, served at its id)', () => {
  test('is the credential\'s achievement, member for member, plus contexts and creator', () => {
    const document = buildAchievement(input, creator);
    const { '@context': context, creator: profile, ...achievement } = document;
    const credential = buildOpenBadgeCredential({ ...badgeInput(), achievement: input });
    expect(achievement).toEqual((credential.credentialSubject as { achievement: unknown }).achievement);
    expect(context).toEqual(expect.arrayContaining([VC_V2_CONTEXT_URL, OB_V3P0_CONTEXT_URL]));
    expect(profile).toEqual({ ...creator, type: ['Profile'] });
    expect(achievement).toMatchObject({ type: ['Achievement'], tag: ['Completion'], image: { id: 'https://example.edu/badge.png', type: 'Image' } });
  });

  test('refuses input a credential would refuse, naming the field', () => {
    expect(() => buildAchievement({ ...input, name: '' })).toThrow(InvalidInputError);
  });
});

const conformance = requireConformance();

describe.skipIf(conformance === undefined)("against 1EdTech's draft-04 Achievement schema", () => {
  let validate: ValidateFunction;
  beforeAll(() => {
    const schema = JSON.parse(readFileSync(path.join(conformance ?? '', 'ob3/schema/ob_v3p0_achievementcredential_schema_draft4.json'), 'utf8')) as { $defs: unknown };
    validate = compileDraft04({ $defs: schema.$defs, $ref: '#/$defs/Achievement' });
  });

  test('passes, and the schema is live (no criteria fails)', () => {
    const document = buildAchievement(input, creator);
    expect(validate(document), JSON.stringify(validate.errors)).toBe(true);
    const { criteria: _criteria, ...withoutCriteria } = document;
    expect(validate(withoutCriteria)).toBe(false);
  });
});
