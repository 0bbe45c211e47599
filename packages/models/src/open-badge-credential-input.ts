import { z } from 'zod';
import { dateTimeStampSchema, instantOf } from './date-time-stamp.js';
import { asList, isRecord, objectRule } from './object-rule.js';
import { achievementTypeSchema, alignmentTargetTypeSchema, resultStatusSchema, resultTypeSchema } from './open-badge-vocabularies.js';
import { typeSet } from './type-set.js';
import { urlSchema } from './url.js';

/*
 * What a caller hands to buildOpenBadgeCredential. Strict objects: a
 * misspelt option is an error, not a silently missing field on a signed
 * credential. Field names follow the Open Badges ones where the meaning is
 * the same, and are plural where the output is a list.
 */

const nonEmpty = z.string().min(1, { error: 'must not be empty' });

/** An image by URL, or by URL with a caption. */
const imageInputSchema = z.union([urlSchema, z.strictObject({ id: urlSchema, caption: z.string().optional() })]);

const issuerInputSchema = z.strictObject({
  id: urlSchema,
  name: nonEmpty,
  url: urlSchema.optional(),
  email: z.email({ error: 'must be an email address' }).optional(),
  image: imageInputSchema.optional(),
  description: z.string().optional(),
});

const criteriaInputSchema = z.strictObject({ id: urlSchema.optional(), narrative: nonEmpty.optional() }).check(
  objectRule((criteria, report) => {
    if (criteria.id === undefined && criteria.narrative === undefined) report([], 'must have an id or a narrative');
  }),
);

const alignmentInputSchema = z.strictObject({
  targetName: nonEmpty,
  targetUrl: urlSchema,
  targetCode: z.string().optional(),
  targetDescription: z.string().optional(),
  targetFramework: z.string().optional(),
  targetType: alignmentTargetTypeSchema.optional(),
});

const resultDescriptionInputSchema = z.strictObject({
  id: urlSchema,
  name: nonEmpty,
  resultType: resultTypeSchema,
  allowedValue: z.array(z.string()).min(1).optional(),
  requiredValue: z.string().optional(),
  valueMin: z.string().optional(),
  valueMax: z.string().optional(),
});

export const achievementInputSchema = z.strictObject({
  id: urlSchema,
  name: nonEmpty,
  description: nonEmpty,
  criteria: criteriaInputSchema,
  achievementType: achievementTypeSchema.optional(),
  image: imageInputSchema.optional(),
  tags: z.array(nonEmpty).optional(),
  alignments: z.array(alignmentInputSchema).optional(),
  resultDescriptions: z.array(resultDescriptionInputSchema).optional(),
  creditsAvailable: z.number().nonnegative().optional(),
  fieldOfStudy: z.string().optional(),
  humanCode: z.string().optional(),
  specialization: z.string().optional(),
});

const recipientInputSchema = z
  .strictObject({
    /** The learner's DID (or other URL); the usual way to bind a credential to its holder. */
    id: urlSchema.optional(),
    name: nonEmpty.optional(),
    email: z.email({ error: 'must be an email address' }).optional(),
    /** The learner's user id in the LMS; written as an IdentityObject of type systemId. */
    lmsUserId: nonEmpty.optional(),
    /** Write email and lmsUserId as salted SHA-256 IdentityHashes instead of plain text. */
    hashIdentifiers: z.boolean().optional(),
    salt: z.string().optional(),
  })
  .check(
    objectRule((recipient, report) => {
      if (recipient.id === undefined && recipient.email === undefined && recipient.lmsUserId === undefined) {
        report([], 'needs an id, an email or an lmsUserId: Open Badges requires an id or an identifier for the subject');
      }
      if (recipient.salt !== undefined && recipient.hashIdentifiers !== true) {
        report(['salt'], 'only applies when hashIdentifiers is true');
      }
    }),
  );

const resultInputSchema = z.strictObject({
  /** Id of one of achievement.resultDescriptions. */
  resultDescription: urlSchema.optional(),
  value: z.string().optional(),
  status: resultStatusSchema.optional(),
  achievedLevel: urlSchema.optional(),
});

const evidenceInputSchema = z
  .strictObject({
    id: urlSchema.optional(),
    name: z.string().optional(),
    description: z.string().optional(),
    narrative: z.string().optional(),
    genre: z.string().optional(),
    audience: z.string().optional(),
  })
  .check(
    objectRule((evidence, report) => {
      if (Object.keys(evidence).length === 0) report([], 'must describe the evidence (id, name, description or narrative)');
    }),
  );

/** Status entries are built by @laurel/status-list; here only their VC shape is checked. */
const credentialStatusInputSchema = z.looseObject({ id: urlSchema.optional(), type: typeSet() });

/** Rules that span fields: date order, and results pointing at result descriptions that exist. */
const crossFieldRule = objectRule<unknown>((input, report) => {
  const from = instantOf(input.validFrom);
  const until = instantOf(input.validUntil);
  if (from !== undefined && until !== undefined && from > until) report(['validFrom'], 'must not be later than validUntil');

  const descriptions = new Map<string, unknown>();
  if (isRecord(input.achievement)) {
    for (const description of asList(input.achievement.resultDescriptions)) {
      if (isRecord(description) && typeof description.id === 'string') descriptions.set(description.id, description.resultType);
    }
  }
  asList(input.results).forEach((result, index) => {
    if (!isRecord(result) || typeof result.resultDescription !== 'string') return;
    if (!descriptions.has(result.resultDescription)) {
      report(['results', index, 'resultDescription'], 'must be the id of one of achievement.resultDescriptions');
    } else if (descriptions.get(result.resultDescription) === 'Status' && result.status === undefined) {
      report(['results', index, 'status'], 'is required when the result description has resultType Status');
    }
  });
});

export const openBadgeCredentialInputSchema = z
  .strictObject({
    /** The credential's own URL (often urn:uuid:...). */
    id: urlSchema,
    /** Display name for wallets; defaults to the achievement's name. */
    name: nonEmpty.optional(),
    description: z.string().optional(),
    issuer: issuerInputSchema,
    achievement: achievementInputSchema,
    recipient: recipientInputSchema,
    validFrom: dateTimeStampSchema,
    validUntil: dateTimeStampSchema.optional(),
    results: z.array(resultInputSchema).optional(),
    evidence: z.array(evidenceInputSchema).optional(),
    credentialStatus: z.array(credentialStatusInputSchema).optional(),
  })
  .check(crossFieldRule);

export type OpenBadgeCredentialInput = z.input<typeof openBadgeCredentialInputSchema>;

export type AchievementInput = z.input<typeof achievementInputSchema>;
