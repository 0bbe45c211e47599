import { z } from 'zod';
import { VC_V1_CONTEXT_URL, VC_V2_CONTEXT_URL } from './context-urls.js';
import { contextList, proofSchema } from './credential-parts.js';
import { oneOrMany } from './one-or-many.js';
import { typeSet } from './type-set.js';
import { urlSchema } from './url.js';

/**
 * An embedded credential, checked only for being a credential-shaped object:
 * its own rules are the credential validator's job, and a presentation may
 * carry credentials of either form (or enveloped ones).
 */
export const embeddedCredentialSchema = z.looseObject({ '@context': z.array(z.unknown()).min(1), type: typeSet() });

const holderSchema = z.union([urlSchema, z.looseObject({ id: urlSchema })]);

function presentationShape(firstContext: string) {
  return {
    '@context': contextList(firstContext),
    id: urlSchema.optional(),
    type: typeSet(['VerifiablePresentation']),
    holder: holderSchema.optional(),
    verifiableCredential: oneOrMany(embeddedCredentialSchema).optional(),
    proof: oneOrMany(proofSchema).optional(),
  };
}

/** A presentation in the VC Data Model 2.0. */
export const verifiablePresentationSchema = z.looseObject(presentationShape(VC_V2_CONTEXT_URL));
/** A presentation in the VC Data Model 1.1. */
export const verifiablePresentationV1Schema = z.looseObject(presentationShape(VC_V1_CONTEXT_URL));

export type VerifiablePresentation = z.infer<typeof verifiablePresentationSchema>;
export type VerifiablePresentationV1 = z.infer<typeof verifiablePresentationV1Schema>;
