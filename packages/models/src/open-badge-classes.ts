import { z } from 'zod';
import { dateTimeStampSchema } from './date-time-stamp.js';
import { withJsonSchema } from './json-schema-registry.js';
import { objectRule } from './object-rule.js';
import { oneOrMany } from './one-or-many.js';
import {
  achievementTypeSchema,
  alignmentTargetTypeSchema,
  identifierTypeSchema,
  resultStatusSchema,
  resultTypeSchema,
} from './open-badge-vocabularies.js';
import { typeSet } from './type-set.js';
import { urlSchema } from './url.js';

/*
 * The Open Badges 3.0 classes a credential is made of (1EdTech OB 3.0,
 * appendix "Data Models"). Classes the specification lets issuers extend are
 * open objects; the ones it closes (Image, IdentityObject, IdentifierEntry)
 * reject unknown properties. Each is registered under its 1EdTech class name
 * so the generated JSON Schema reads like the specification.
 */

const LANGUAGE_CODE_PATTERN = /^[a-z]{2,4}(?:-[A-Z][a-z]{3})?(?:-(?:[A-Z]{2}|[0-9]{3}))?$/;
/** Compact JWS: three base64url parts, the middle one may be empty (detached payload). */
const COMPACT_JWS_PATTERN = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+$/;
/** A hashed identity: `sha256$<hex>` or `md5$<hex>`. */
export const IDENTITY_HASH_PATTERN = /^(?:sha256\$[0-9A-Fa-f]{64}|md5\$[0-9A-Fa-f]{32})$/;

export const compactJwsSchema = z.string().regex(COMPACT_JWS_PATTERN, { error: 'must be a compact JWS' });

export const imageSchema = withJsonSchema(
  z.strictObject({ id: urlSchema, type: z.literal('Image'), caption: z.string().optional() }),
  { id: 'Image' },
);

export const identifierEntrySchema = withJsonSchema(
  z.strictObject({ type: z.literal('IdentifierEntry'), identifier: z.string(), identifierType: identifierTypeSchema }),
  { id: 'IdentifierEntry' },
);

export const identityObjectSchema = withJsonSchema(
  z
    .strictObject({
      type: z.literal('IdentityObject'),
      hashed: z.boolean(),
      identityHash: z.string(),
      identityType: identifierTypeSchema,
      salt: z.string().optional(),
    })
    .check(
      objectRule((identity, report) => {
        if (identity.hashed === true && typeof identity.identityHash === 'string' && !IDENTITY_HASH_PATTERN.test(identity.identityHash)) {
          report(['identityHash'], 'must be sha256$<hex> or md5$<hex> when hashed is true');
        }
      }),
    ),
  {
    id: 'IdentityObject',
    if: { properties: { hashed: { const: true } }, required: ['hashed'] },
    then: { properties: { identityHash: { type: 'string', pattern: IDENTITY_HASH_PATTERN.source } } },
  },
);

export const alignmentSchema = withJsonSchema(
  z.looseObject({
    type: typeSet(['Alignment']),
    targetName: z.string(),
    targetUrl: urlSchema,
    targetCode: z.string().optional(),
    targetDescription: z.string().optional(),
    targetFramework: z.string().optional(),
    targetType: alignmentTargetTypeSchema.optional(),
  }),
  { id: 'Alignment' },
);

export const criteriaSchema = withJsonSchema(
  z.looseObject({ id: urlSchema.optional(), narrative: z.string().optional() }).check(
    objectRule((criteria, report) => {
      if (criteria.id === undefined && criteria.narrative === undefined) report([], 'must have an id or a narrative');
    }),
  ),
  { id: 'Criteria', anyOf: [{ required: ['id'] }, { required: ['narrative'] }] },
);

/**
 * OB 3.0 Profile.parentOrg is itself a Profile (an id and a type that includes
 * Profile). Checked to that depth: a parent's own parents are left to their
 * own profile documents.
 */
export const parentOrgSchema = withJsonSchema(z.looseObject({ id: urlSchema, type: typeSet(['Profile']) }), { id: 'ParentOrg' });

/**
 * OB 3.0 EndorsementCredential, embedded in a credential, profile or
 * achievement: a credential in either VC form (issuanceDate or validFrom) whose
 * type includes EndorsementCredential and whose subject is an
 * EndorsementSubject. Its proof and status are its own; the embedding
 * credential's signature does not vouch for the endorser.
 */
export const endorsementCredentialSchema = withJsonSchema(
  z
    .looseObject({
      '@context': z.array(z.unknown()).min(1),
      id: urlSchema,
      type: typeSet(['VerifiableCredential'], ['EndorsementCredential']),
      issuer: z.union([urlSchema, z.looseObject({ id: urlSchema })]),
      credentialSubject: z.looseObject({ id: urlSchema, type: typeSet(['EndorsementSubject']), endorsementComment: z.string().optional() }),
      issuanceDate: dateTimeStampSchema.optional(),
      validFrom: dateTimeStampSchema.optional(),
    })
    .check(
      objectRule((endorsement, report) => {
        if (endorsement.issuanceDate === undefined && endorsement.validFrom === undefined) report([], 'must have validFrom (VC 2.0) or issuanceDate (VC 1.1)');
      }),
    ),
  { id: 'EndorsementCredential', anyOf: [{ required: ['validFrom'] }, { required: ['issuanceDate'] }] },
);

export const profileSchema = withJsonSchema(
  z.looseObject({
    id: urlSchema,
    type: typeSet(['Profile']),
    name: z.string().optional(),
    url: urlSchema.optional(),
    email: z.email({ error: 'must be an email address' }).optional(),
    phone: z.string().optional(),
    description: z.string().optional(),
    image: imageSchema.optional(),
    official: z.string().optional(),
    otherIdentifier: z.array(identifierEntrySchema).optional(),
    parentOrg: parentOrgSchema.optional(),
    endorsement: z.array(endorsementCredentialSchema).optional(),
    endorsementJwt: z.array(compactJwsSchema).optional(),
  }),
  { id: 'Profile' },
);

export const rubricCriterionLevelSchema = withJsonSchema(
  z.looseObject({
    id: urlSchema,
    type: typeSet(['RubricCriterionLevel']),
    name: z.string(),
    description: z.string().optional(),
    level: z.string().optional(),
    points: z.string().optional(),
    alignment: z.array(alignmentSchema).optional(),
  }),
  { id: 'RubricCriterionLevel' },
);

export const resultDescriptionSchema = withJsonSchema(
  z.looseObject({
    id: urlSchema,
    type: typeSet(['ResultDescription']),
    name: z.string(),
    resultType: resultTypeSchema,
    alignment: z.array(alignmentSchema).optional(),
    allowedValue: z.array(z.string()).optional(),
    requiredLevel: urlSchema.optional(),
    requiredValue: z.string().optional(),
    rubricCriterionLevel: z.array(rubricCriterionLevelSchema).optional(),
    valueMax: z.string().optional(),
    valueMin: z.string().optional(),
  }),
  { id: 'ResultDescription' },
);

export const resultSchema = withJsonSchema(
  z.looseObject({
    type: typeSet(['Result']),
    achievedLevel: urlSchema.optional(),
    alignment: z.array(alignmentSchema).optional(),
    resultDescription: urlSchema.optional(),
    status: resultStatusSchema.optional(),
    value: z.string().optional(),
  }),
  { id: 'Result' },
);

export const relatedSchema = withJsonSchema(
  z.looseObject({
    id: urlSchema,
    type: typeSet(['Related']).optional(),
    '@language': z.string().regex(LANGUAGE_CODE_PATTERN, { error: 'must be a language code' }).optional(),
    version: z.string().optional(),
  }),
  { id: 'Related' },
);

export const achievementSchema = withJsonSchema(
  z.looseObject({
    id: urlSchema,
    type: typeSet(['Achievement']),
    name: z.string(),
    description: z.string(),
    criteria: criteriaSchema,
    achievementType: achievementTypeSchema.optional(),
    alignment: z.array(alignmentSchema).optional(),
    creator: profileSchema.optional(),
    creditsAvailable: z.number().optional(),
    endorsement: z.array(endorsementCredentialSchema).optional(),
    endorsementJwt: z.array(compactJwsSchema).optional(),
    fieldOfStudy: z.string().optional(),
    humanCode: z.string().optional(),
    image: imageSchema.optional(),
    '@language': z.string().regex(LANGUAGE_CODE_PATTERN, { error: 'must be a language code' }).optional(),
    otherIdentifier: z.array(identifierEntrySchema).optional(),
    related: z.array(relatedSchema).optional(),
    resultDescription: z.array(resultDescriptionSchema).optional(),
    specialization: z.string().optional(),
    tag: z.array(z.string()).optional(),
    version: z.string().optional(),
  }),
  { id: 'Achievement' },
);

export const achievementSubjectSchema = withJsonSchema(
  z
    .looseObject({
      id: urlSchema.optional(),
      type: typeSet(['AchievementSubject']),
      achievement: achievementSchema,
      identifier: z.array(identityObjectSchema).optional(),
      result: z.array(resultSchema).optional(),
      image: imageSchema.optional(),
      activityStartDate: z.string().optional(),
      activityEndDate: z.string().optional(),
      creditsEarned: z.number().optional(),
      licenseNumber: z.string().optional(),
      narrative: z.string().optional(),
      role: z.string().optional(),
      source: profileSchema.optional(),
      term: z.string().optional(),
    })
    .check(
      objectRule((subject, report) => {
        const identifiers = subject.identifier;
        if (subject.id === undefined && !(Array.isArray(identifiers) && identifiers.length > 0)) {
          report([], 'must have an id or at least one identifier');
        }
      }),
    ),
  {
    id: 'AchievementSubject',
    anyOf: [{ required: ['id'] }, { required: ['identifier'], properties: { identifier: { type: 'array', minItems: 1 } } }],
  },
);

export const evidenceSchema = withJsonSchema(
  z.looseObject({
    id: urlSchema.optional(),
    type: typeSet(['Evidence']),
    narrative: z.string().optional(),
    name: z.string().optional(),
    description: z.string().optional(),
    genre: z.string().optional(),
    audience: z.string().optional(),
  }),
  { id: 'Evidence' },
);

export const evidenceListSchema = oneOrMany(evidenceSchema);

export type Image = z.infer<typeof imageSchema>;
export type IdentifierEntry = z.infer<typeof identifierEntrySchema>;
export type IdentityObject = z.infer<typeof identityObjectSchema>;
export type Alignment = z.infer<typeof alignmentSchema>;
export type Criteria = z.infer<typeof criteriaSchema>;
export type Profile = z.infer<typeof profileSchema>;
export type RubricCriterionLevel = z.infer<typeof rubricCriterionLevelSchema>;
export type ResultDescription = z.infer<typeof resultDescriptionSchema>;
export type Result = z.infer<typeof resultSchema>;
export type Related = z.infer<typeof relatedSchema>;
export type Achievement = z.infer<typeof achievementSchema>;
export type AchievementSubject = z.infer<typeof achievementSubjectSchema>;
export type Evidence = z.infer<typeof evidenceSchema>;
