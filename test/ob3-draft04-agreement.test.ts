// Does Laurel's own Open Badges validation (VC 1.1 form) agree with 1EdTech's
// draft-04 AchievementCredential schema? Checked on 1EdTech's VC 1.1 sample and
// targeted mutations of it: where both see the same fault, both must refuse;
// where they differ, the difference is listed here, with why.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { ValidateFunction } from 'ajv/dist/2020.js';
import { beforeAll, describe, expect, test } from 'vitest';
import { checkCredential } from '@laurel/models';
import { verifyCredential } from '@laurel/suites';
import { compileDraft04 } from '../packages/models/src/testing/json-schema-validators.js';
import { conformanceDir } from './support/conformance.js';

type Json = Record<string, any>;

const MUTATIONS: [string, (credential: Json) => void][] = [
  ['as published', () => {}],
  ['no issuanceDate', (c) => delete c.issuanceDate],
  ['no issuer', (c) => delete c.issuer],
  ['issuer as a bare URL (the schema wants a Profile)', (c) => (c.issuer = c.issuer.id)],
  ['issuer without id', (c) => delete c.issuer.id],
  ['issuer without type', (c) => delete c.issuer.type],
  ['no name', (c) => delete c.name],
  ['name not a string', (c) => (c.name = 5)],
  ['no credentialSubject', (c) => delete c.credentialSubject],
  ['subject without achievement', (c) => delete c.credentialSubject.achievement],
  ['subject without type', (c) => delete c.credentialSubject.type],
  ['achievement without criteria', (c) => delete c.credentialSubject.achievement.criteria],
  ['achievement without name', (c) => delete c.credentialSubject.achievement.name],
  ['issuanceDate without time zone', (c) => (c.issuanceDate = '2020-01-01')],
  ['expirationDate not a date', (c) => (c.expirationDate = 'tomorrow')],
  ['no @context', (c) => delete c['@context']],
  ['evidence a string', (c) => (c.evidence = 'x')],
  ['image a string', (c) => (c.image = 'https://example.org/i.png')],
  ['an extra top-level property', (c) => (c.extra = 1)],
  ['one 1EdTechRevocationList status object', (c) => (c.credentialStatus = { id: 'https://example.org/revocations', type: '1EdTechRevocationList' })],
];

/**
 * Where the two part ways, and why. Laurel stricter: the OB 3.0 text says so
 * and the draft-04 schema does not check it. Laurel laxer, by decision:
 * credentialStatus — the schema closes it to one {id, type} object; the OB 3.0
 * and VC 1.1 models allow status-list entries, and the VC 1.1 credentials
 * Laurel issued before its revocation lists carry two StatusList2021 entries.
 * Refusing them would turn sound credentials red, so Laurel accepts them and
 * says it could not check them against draft-04 (`draft04Deviations`, a
 * verifier warning). What Laurel issues now fits draft-04
 * (revocation-list-vc11.test.ts).
 */
const STATUS_LIST_2021 = (index: number, purpose: string) => ({ id: `https://example.org/s#${index}`, type: 'StatusList2021Entry', statusPurpose: purpose, statusListIndex: String(index), statusListCredential: 'https://example.org/s' });

const KNOWN_DIFFERENCES: [string, (credential: Json) => void, { draft04: boolean; laurel: boolean; noted: boolean }][] = [
  ["type without OpenBadgeCredential/AchievementCredential (OB 3.0: one of the items MUST be…)", (c) => (c.type = ['VerifiableCredential']), { draft04: true, laurel: false, noted: false }],
  ['id that is not a URI', (c) => (c.id = 'not a uri'), { draft04: true, laurel: false, noted: false }],
  ['a StatusList2021 entry as credentialStatus', (c) => (c.credentialStatus = STATUS_LIST_2021(1, 'revocation')), { draft04: false, laurel: true, noted: true }],
  ['credentialStatus as an array', (c) => (c.credentialStatus = [{ id: 'https://example.org/revocations', type: '1EdTechRevocationList' }]), { draft04: false, laurel: true, noted: true }],
  ["two StatusList2021 entries (Laurel's VC 1.1 form before revocation lists)", (c) => (c.credentialStatus = [STATUS_LIST_2021(1, 'revocation'), STATUS_LIST_2021(2, 'suspension')]), { draft04: false, laurel: true, noted: true }],
];

const conformance = conformanceDir();

describe.skipIf(conformance === undefined)("Laurel's VC 1.1 Open Badges validation against 1EdTech's draft-04 schema", () => {
  let draft04: ValidateFunction;
  let sample: Json;
  beforeAll(() => {
    const dir = path.join(conformance ?? '', 'ob3');
    draft04 = compileDraft04(JSON.parse(readFileSync(path.join(dir, 'schema/ob_v3p0_achievementcredential_schema_draft4.json'), 'utf8')) as Json);
    sample = JSON.parse(readFileSync(path.join(dir, 'samples/simple-eddsa-2022.json'), 'utf8')) as Json;
  });
  const mutated = (mutate: (credential: Json) => void) => {
    const credential = structuredClone(sample);
    mutate(credential);
    return credential;
  };
  const laurelAccepts = (credential: Json) => checkCredential(credential, { form: 'vc1', openBadge: true }).ok;
  /** Laurel accepts it but says it could not check it against draft-04. */
  const laurelNotes = (credential: Json) => {
    const result = checkCredential(credential, { form: 'vc1', openBadge: true });
    return result.ok && (result.draft04Deviations?.length ?? 0) > 0;
  };

  test.each(MUTATIONS)('agree: %s', (_label, mutate) => {
    const credential = mutated(mutate);
    expect(laurelAccepts(credential)).toBe(draft04(credential));
    expect(laurelNotes(credential)).toBe(false);
  });

  test('the faults are real: every mutation but the harmless ones is refused by both', () => {
    const accepted = MUTATIONS.filter(([, mutate]) => draft04(mutated(mutate))).map(([label]) => label);
    expect(accepted).toEqual(['as published', 'an extra top-level property', 'one 1EdTechRevocationList status object']);
  });

  test.each(KNOWN_DIFFERENCES)('known difference: %s', (_label, mutate, expected) => {
    const credential = mutated(mutate);
    expect({ draft04: draft04(credential), laurel: laurelAccepts(credential), noted: laurelNotes(credential) }).toEqual(expected);
  });

  test('Laurel never calls a credential draft-04-clean that draft-04 refuses for its credentialStatus: it accepts it with a note', () => {
    for (const [label, mutate, expected] of KNOWN_DIFFERENCES.filter(([, , e]) => e.laurel && !e.draft04)) {
      expect(laurelNotes(mutated(mutate)), label).toBe(expected.noted);
    }
  });

  test("the verifier keeps an older VC 1.1 credential's schema check valid and warns it could not check it against draft-04", async () => {
    const credential = mutated((c) => (c.credentialStatus = [STATUS_LIST_2021(1, 'revocation'), STATUS_LIST_2021(2, 'suspension')]));
    const result = await verifyCredential(credential);
    expect(result.checks.schema.status).toBe('valid');
    expect(result.checks.schema.reason).toMatch(/Could not check it against 1EdTech's draft-04/);
    expect(result.warnings.some((warning) => warning.includes('draft-04'))).toBe(true);
    const conforming = await verifyCredential(mutated(() => {}));
    expect(conforming.warnings.some((warning) => warning.includes('draft-04'))).toBe(false);
  });
});
