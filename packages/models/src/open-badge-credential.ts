import { z } from 'zod';
import { VC_V1_CONTEXT_URL, VC_V2_CONTEXT_URL } from './context-urls.js';
import { contextList, validityPeriodRule } from './credential-parts.js';
import { dateTimeStampSchema } from './date-time-stamp.js';
import { withJsonSchema } from './json-schema-registry.js';
import { achievementSubjectSchema, compactJwsSchema, endorsementCredentialSchema, evidenceListSchema, imageSchema, profileSchema } from './open-badge-classes.js';
import { typeSet } from './type-set.js';
import { urlSchema } from './url.js';
import { uniqueRelatedResourceRule, verifiableCredentialShape } from './verifiable-credential.js';
import { verifiableCredentialV1Shape } from './verifiable-credential-v1.js';

/** OB 3.0 context 3.0.3 or a later revision: the ones published for VC 2.0. */
const OB_CONTEXT_FOR_VC2 = /^https:\/\/purl\.imsglobal\.org\/spec\/ob\/v3p0\/context-3\.0\.(?:[3-9]|[1-9][0-9]+)\.json$/;
/** Any OB 3.0 context; VC 1.1-era badges use context.json, 3.0.1 or 3.0.2. */
const OB_CONTEXT_ANY = /^https:\/\/purl\.imsglobal\.org\/spec\/ob\/v3p0\/context(?:-3\.0\.[0-9]+)?\.json$/;

const openBadgeType = typeSet(['VerifiableCredential'], ['OpenBadgeCredential', 'AchievementCredential']);

/** What Open Badges adds to, or narrows in, either VC form. */
const openBadgeProperties = {
  id: urlSchema,
  type: openBadgeType,
  name: z.string(),
  description: z.string().optional(),
  image: imageSchema.optional(),
  issuer: profileSchema,
  awardedDate: dateTimeStampSchema.optional(),
  credentialSubject: achievementSubjectSchema,
  evidence: evidenceListSchema.optional(),
  endorsement: z.array(endorsementCredentialSchema).optional(),
  endorsementJwt: z.array(compactJwsSchema).optional(),
};

/**
 * An OpenBadgeCredential / AchievementCredential in the current 1EdTech Open
 * Badges 3.0 data model, which is a VC 2.0 credential: every rule of
 * `verifiableCredentialSchema` applies, plus the Open Badges ones (`validFrom`
 * required, Profile issuer, AchievementSubject with an Achievement that has
 * criteria, ...).
 */
export const openBadgeCredentialSchema = withJsonSchema(
  z
    .looseObject({
      ...verifiableCredentialShape,
      ...openBadgeProperties,
      '@context': contextList(VC_V2_CONTEXT_URL, OB_CONTEXT_FOR_VC2),
      validFrom: dateTimeStampSchema,
    })
    .check(validityPeriodRule('validFrom', 'validUntil'), uniqueRelatedResourceRule()),
  {
    title: 'Open Badges 3.0 OpenBadgeCredential (VC Data Model 2.0 form)',
    description:
      'Laurel\'s schema for Open Badges 3.0 credentials, generated from its zod model. Rules JSON Schema cannot state ' +
      '(validFrom not after validUntil, unique relatedResource ids, calendar-valid dates) are checked by the zod model only.',
  },
);

/**
 * The same badge in VC 1.1 form, for wallets that predate VC 2.0:
 * `issuanceDate` / `expirationDate` instead of `validFrom` / `validUntil`.
 */
export const openBadgeCredentialV1Schema = withJsonSchema(
  z
    .looseObject({
      ...verifiableCredentialV1Shape,
      ...openBadgeProperties,
      '@context': contextList(VC_V1_CONTEXT_URL, OB_CONTEXT_ANY),
    })
    .check(validityPeriodRule('issuanceDate', 'expirationDate')),
  { title: 'Open Badges 3.0 OpenBadgeCredential (VC Data Model 1.1 form)' },
);

export type OpenBadgeCredential = z.infer<typeof openBadgeCredentialSchema>;
export type OpenBadgeCredentialV1 = z.infer<typeof openBadgeCredentialV1Schema>;
