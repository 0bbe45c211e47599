import { z } from 'zod';
import { VC_V1_CONTEXT_URL } from './context-urls.js';
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
import { oneOrMany } from './one-or-many.js';
import { typeSet } from './type-set.js';
import { urlSchema } from './url.js';

/** Properties of a VC Data Model 1.1 credential, the form older wallets still expect. */
export const verifiableCredentialV1Shape = {
  '@context': contextList(VC_V1_CONTEXT_URL),
  id: urlSchema.optional(),
  type: typeSet(['VerifiableCredential']),
  issuer: issuerSchema,
  issuanceDate: dateTimeStampSchema,
  expirationDate: dateTimeStampSchema.optional(),
  credentialSubject: oneOrMany(credentialSubjectObjectSchema),
  // VC 1.1 (unlike 2.0) requires an id on status entries and refresh services.
  credentialStatus: oneOrMany(identifiedTypedEntrySchema).optional(),
  credentialSchema: oneOrMany(identifiedTypedEntrySchema).optional(),
  refreshService: oneOrMany(identifiedTypedEntrySchema).optional(),
  termsOfUse: oneOrMany(typedEntrySchema).optional(),
  evidence: oneOrMany(typedEntrySchema).optional(),
  proof: oneOrMany(proofSchema).optional(),
};

/** A credential in the W3C VC Data Model 1.1: `issuanceDate` required, `expirationDate` not before it. */
export const verifiableCredentialV1Schema = withJsonSchema(
  z.looseObject(verifiableCredentialV1Shape).check(validityPeriodRule('issuanceDate', 'expirationDate')),
  { title: 'Verifiable Credential (VC Data Model 1.1)' },
);

export type VerifiableCredentialV1 = z.infer<typeof verifiableCredentialV1Schema>;
