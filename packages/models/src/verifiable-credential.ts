import { z } from 'zod';
import { VC_V2_CONTEXT_URL } from './context-urls.js';
import {
  contextList,
  credentialSubjectObjectSchema,
  identifiedTypedEntrySchema,
  issuerSchema,
  proofSchema,
  typedEntrySchema,
  validityPeriodRule,
} from './credential-parts.js';
import { dateTimeStampSchema } from './date-time-stamp.js';
import { withJsonSchema } from './json-schema-registry.js';
import { languageTextSchema } from './language-text.js';
import { asList, isRecord, objectRule } from './object-rule.js';
import { oneOrMany } from './one-or-many.js';
import { typeSet } from './type-set.js';
import { urlSchema } from './url.js';

/** Subresource Integrity metadata: one or more `sha256|384|512-<base64>` expressions. */
const SRI_PATTERN = /^sha(?:256|384|512)-[A-Za-z0-9+/]+={0,2}(?:\s+sha(?:256|384|512)-[A-Za-z0-9+/]+={0,2})*$/;
/** Multibase: a one-character base prefix, then the encoded multihash. */
const MULTIBASE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_+/=-]+$/;

/** A resource the credential pins by digest (VC 2.0 §5.3). */
export const relatedResourceSchema = withJsonSchema(
  z
    .looseObject({
      id: urlSchema,
      digestSRI: z.string().regex(SRI_PATTERN, { error: 'must be Subresource Integrity metadata, e.g. sha384-...' }).optional(),
      digestMultibase: z.string().regex(MULTIBASE_PATTERN, { error: 'must be a multibase-encoded multihash' }).optional(),
      mediaType: z.string().optional(),
    })
    .check(
      objectRule((resource, report) => {
        if (resource.digestSRI === undefined && resource.digestMultibase === undefined) {
          report([], 'must include digestSRI or digestMultibase');
        }
      }),
    ),
  { anyOf: [{ required: ['digestSRI'] }, { required: ['digestMultibase'] }] },
);

/**
 * Properties of a VC 2.0 credential. Exported so that profiles of VC 2.0 (Open
 * Badges) start from the same rules and override only what they narrow.
 */
export const verifiableCredentialShape = {
  '@context': contextList(VC_V2_CONTEXT_URL),
  id: urlSchema.optional(),
  type: typeSet(['VerifiableCredential']),
  name: languageTextSchema.optional(),
  description: languageTextSchema.optional(),
  issuer: issuerSchema,
  credentialSubject: oneOrMany(credentialSubjectObjectSchema),
  validFrom: dateTimeStampSchema.optional(),
  validUntil: dateTimeStampSchema.optional(),
  credentialStatus: oneOrMany(typedEntrySchema).optional(),
  credentialSchema: oneOrMany(identifiedTypedEntrySchema).optional(),
  refreshService: oneOrMany(typedEntrySchema).optional(),
  termsOfUse: oneOrMany(typedEntrySchema).optional(),
  evidence: oneOrMany(typedEntrySchema).optional(),
  confidenceMethod: oneOrMany(typedEntrySchema).optional(),
  renderMethod: oneOrMany(typedEntrySchema).optional(),
  relatedResource: oneOrMany(relatedResourceSchema).optional(),
  proof: oneOrMany(proofSchema).optional(),
};

/** The same resource listed twice would leave a verifier two digests to choose from. */
export function uniqueRelatedResourceRule<T>() {
  return objectRule<T>((credential, report) => {
    const firstIndex = new Map<string, number>();
    asList(credential.relatedResource).forEach((resource, index) => {
      if (!isRecord(resource) || typeof resource.id !== 'string') return;
      const earlier = firstIndex.get(resource.id);
      if (earlier === undefined) firstIndex.set(resource.id, index);
      else report(['relatedResource', index, 'id'], `duplicates relatedResource[${earlier}].id`);
    });
  });
}

/**
 * A credential in the W3C VC Data Model 2.0, with the MUSTs a JSON-LD signer
 * does not check: context order, URL ids, typed status/schema/evidence/...,
 * digests on related resources, timezone-qualified and ordered validity dates.
 * Unknown properties are kept: the data model is open.
 */
export const verifiableCredentialSchema = withJsonSchema(
  z.looseObject(verifiableCredentialShape).check(validityPeriodRule('validFrom', 'validUntil'), uniqueRelatedResourceRule()),
  { title: 'Verifiable Credential (VC Data Model 2.0)' },
);

export type VerifiableCredential = z.infer<typeof verifiableCredentialSchema>;
