import { z } from 'zod';
import { LaurelError } from '@laurel/models';
import type { Issuer } from '@laurel/store';
import type { IssuanceDeps } from './deps.js';
import { getIssuer } from './issuers.js';

/** What an operator may change about an issuer; null clears an optional field. Slug, DID and suite are identity: fixed. */
export const issuerProfileSchema = z
  .strictObject({
    name: z.string().trim().min(1).max(200),
    url: z.url().max(2048).nullable(),
    email: z.email().max(254).nullable(),
    description: z.string().max(2000).nullable(),
    /** The logo shown on certificates and in credentials (`issuer.image`). */
    imageUrl: z.url().max(2048).nullable(),
    /** Certificate colours and fonts every achievement starts from. */
    theme: z.record(z.string(), z.unknown()).nullable(),
    /** The certificate template achievements use unless they name one. */
    defaultTemplate: z.string().trim().min(1).max(100).nullable(),
    /** BCP 47 language tag for certificate pages, e.g. fr-CA. */
    locale: z.string().regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'must be a BCP 47 language tag').nullable(),
    /** VC 2.0 credentials issued from now on get a lifecycle "message" status entry (active, pending, expired, suspended). */
    lifecycleStatus: z.boolean(),
    /** The page explaining the lifecycle values, written into those entries as statusReference. */
    lifecycleStatusReference: z.url().max(2048).nullable(),
  })
  .partial()
  .refine((patch) => Object.keys(patch).length > 0, { message: 'must change at least one field' });
export type IssuerProfilePatch = z.input<typeof issuerProfileSchema>;

/**
 * Updates an issuer's profile; credentials issued before keep the profile
 * they were signed with. Audited as `issuer.update` (the fields, not values).
 */
export async function updateIssuerProfile(deps: Pick<IssuanceDeps, 'store'>, actor: string, issuerId: string, patch: IssuerProfilePatch): Promise<Issuer> {
  const data = issuerProfileSchema.parse(patch);
  const current = await getIssuer(deps.store, issuerId);
  if (data.lifecycleStatus === true && current.vcVersion !== '2.0') {
    // The VC 1.1 form's one status entry is its 1EdTech revocation list (draft-04 allows no other).
    throw new LaurelError('INVALID_INPUT', 'Lifecycle status lists are for VC 2.0 issuers; this issuer issues the VC 1.1 form.', {
      issues: [{ path: 'lifecycleStatus', message: 'is only available to VC 2.0 issuers' }],
    });
  }
  return deps.store.transaction(async (tx) => {
    const issuer = await tx.issuers.update(issuerId, data);
    await tx.audit.record({ actor, action: 'issuer.update', targetType: 'issuer', targetId: issuerId, issuerId, details: { fields: Object.keys(data) } });
    return issuer;
  });
}

/**
 * Archives an issuer: it issues nothing new from now on, while everything it
 * issued stays verifiable and can still be revoked. Archiving twice is no error.
 */
export async function archiveIssuer(deps: IssuanceDeps, actor: string, issuerId: string): Promise<Issuer> {
  const current = await getIssuer(deps.store, issuerId);
  if (current.archivedAt !== null) return current;
  return deps.store.transaction(async (tx) => {
    const issuer = await tx.issuers.update(issuerId, { archivedAt: deps.now().toISOString() });
    await tx.audit.record({ actor, action: 'issuer.archive', targetType: 'issuer', targetId: issuerId, issuerId, details: {} });
    return issuer;
  });
}
