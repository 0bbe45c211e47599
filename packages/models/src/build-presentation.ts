import { z } from 'zod';
import type { CredentialVersion } from './build-open-badge-credential.js';
import { VC_V1_CONTEXT_URL, VC_V2_CONTEXT_URL } from './context-urls.js';
import { CredentialValidationError } from './credential-validation-error.js';
import { InvalidInputError } from './invalid-input-error.js';
import { collectIssues, issuesFromZod, parseOptions } from './validation-issue.js';
import {
  embeddedCredentialSchema,
  verifiablePresentationSchema,
  verifiablePresentationV1Schema,
  type VerifiablePresentation,
  type VerifiablePresentationV1,
} from './verifiable-presentation.js';
import { urlSchema } from './url.js';

const presentationInputSchema = z.strictObject({
  id: urlSchema.optional(),
  /** The holder's DID or URL; a VC-API or OID4VP exchange usually binds it with an authentication proof. */
  holder: urlSchema.optional(),
  verifiableCredential: z.union([embeddedCredentialSchema, z.array(embeddedCredentialSchema)]).optional(),
  version: z.enum(['2.0', '1.1']).optional(),
});

export type PresentationInput = z.input<typeof presentationInputSchema>;

/**
 * Builds an unsigned verifiable presentation (the holder signs it elsewhere).
 * Credentials are embedded as given, always as a list. Version defaults to
 * '2.0'. Throws InvalidInputError for bad input.
 */
export function buildPresentation(input: PresentationInput & { version?: '2.0' }): VerifiablePresentation;
export function buildPresentation(input: PresentationInput & { version: '1.1' }): VerifiablePresentationV1;
export function buildPresentation(input: PresentationInput): VerifiablePresentation | VerifiablePresentationV1;
export function buildPresentation(input: PresentationInput): VerifiablePresentation | VerifiablePresentationV1 {
  const parsed = presentationInputSchema.safeParse(input, parseOptions);
  if (!parsed.success) throw new InvalidInputError(issuesFromZod(parsed.error), 'presentation input');
  const { id, holder } = parsed.data;
  const version: CredentialVersion = parsed.data.version ?? '2.0';
  // Rebuilt from the input object, not zod's copy, so embedded credentials (and their proofs) are byte-for-byte the caller's.
  const credentials = input.verifiableCredential === undefined ? undefined : [input.verifiableCredential].flat();

  const presentation: Record<string, unknown> = {
    '@context': [version === '2.0' ? VC_V2_CONTEXT_URL : VC_V1_CONTEXT_URL],
    type: ['VerifiablePresentation'],
  };
  if (id !== undefined) presentation.id = id;
  if (holder !== undefined) presentation.holder = holder;
  if (credentials !== undefined && credentials.length > 0) presentation.verifiableCredential = credentials;

  const issues = collectIssues(version === '2.0' ? verifiablePresentationSchema : verifiablePresentationV1Schema, presentation);
  // Unreachable for valid input; kept so a future change cannot return a presentation that breaks the model.
  if (issues.length > 0) throw new CredentialValidationError(issues, 'Presentation');
  return presentation as VerifiablePresentation | VerifiablePresentationV1;
}
