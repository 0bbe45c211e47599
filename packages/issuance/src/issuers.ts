import { z } from 'zod';
import { didWebFromDomain } from '@laurel/contexts';
import type { Issuer, Repositories } from '@laurel/store';
import { buildDidWebDocument, generateIssuerKey, openSealedSecretKeyWithAny, sealSecretKey, type IssuerKey } from '@laurel/suites';
import type { IssuanceDeps } from './deps.js';
import { ConflictError, NotFoundError } from './errors.js';
import { vaultTransitKeyName, vaultTransitReference } from './external-keys.js';

export const newIssuerSchema = z.strictObject({
  slug: z.string().regex(/^[a-z0-9][a-z0-9-]{1,62}$/, 'must be 2–63 lowercase letters, digits or dashes'),
  name: z.string().trim().min(1).max(200),
  url: z.url().max(2048).optional(),
  email: z.email().max(254).optional(),
  description: z.string().max(2000).optional(),
  imageUrl: z.url().max(2048).optional(),
  /** did:key (self-contained) or did:web (served by this service, keys rotatable). */
  didMethod: z.enum(['key', 'web']).default('web'),
  /** 2.0 with eddsa-rdfc-2022, or 1.1 with Ed25519Signature2020 for older wallets. */
  vcVersion: z.enum(['2.0', '1.1']).default('2.0'),
});
export type NewIssuerInput = z.input<typeof newIssuerSchema>;

/** The did:web DID of an issuer hosted by this installation: did:web:<host>:issuers:<slug>. */
export function hostedDidWeb(issuerBaseUrl: string, slug: string): string {
  const url = new URL(issuerBaseUrl);
  const basePath = url.pathname.split('/').filter(Boolean);
  return didWebFromDomain(url.host, [...basePath, 'issuers', slug]);
}

async function newKey(deps: IssuanceDeps, controller: string | undefined): Promise<IssuerKey> {
  return generateIssuerKey(controller ? { controller } : {});
}

/** Creates an issuer (tenant) with its first signing key; the secret is sealed before it reaches the store. Audited as `issuer.create`. */
export async function createIssuer(deps: IssuanceDeps, actor: string, input: NewIssuerInput): Promise<Issuer> {
  const data = newIssuerSchema.parse(input);
  if (await deps.store.issuers.getBySlug(data.slug)) throw new ConflictError(`An issuer with slug "${data.slug}" already exists.`, { slug: data.slug });
  const key = await newKey(deps, data.didMethod === 'web' ? hostedDidWeb(deps.urls.issuerBaseUrl, data.slug) : undefined);
  return deps.store.transaction(async (tx) => {
    const issuer = await tx.issuers.create({
      slug: data.slug,
      name: data.name,
      url: data.url ?? null,
      email: data.email ?? null,
      description: data.description ?? null,
      imageUrl: data.imageUrl ?? null,
      did: key.controller,
      didMethod: data.didMethod,
      vcVersion: data.vcVersion,
      suite: data.vcVersion === '2.0' ? 'eddsa-rdfc-2022' : 'Ed25519Signature2020',
    });
    await tx.keys.add({ id: key.id, issuerId: issuer.id, publicKeyMultibase: key.publicKeyMultibase, sealedSecretKey: sealSecretKey(key.secretKeyMultibase!, deps.keyEncryptionKey, key.id) });
    await tx.audit.record({ actor, action: 'issuer.create', targetType: 'issuer', targetId: issuer.id, issuerId: issuer.id, details: { slug: issuer.slug, did: issuer.did, keyId: key.id } });
    return issuer;
  });
}

/** The issuers a caller acting for `issuerId` may see: that one, or every one (null: a global token). */
export async function listIssuers(deps: Pick<IssuanceDeps, 'store'>, issuerId: string | null): Promise<Issuer[]> {
  const issuers = await deps.store.issuers.list();
  return issuers.filter((issuer) => issuerId === null || issuer.id === issuerId);
}

/** The issuer named by id or, failing that, by slug (how operators write it in settings). */
export async function findIssuerByIdOrSlug(repositories: Pick<Repositories, 'issuers'>, idOrSlug: string): Promise<Issuer | undefined> {
  return (await repositories.issuers.get(idOrSlug)) ?? (await repositories.issuers.getBySlug(idOrSlug));
}

export async function getIssuer(repositories: Pick<Repositories, 'issuers'>, issuerId: string): Promise<Issuer> {
  const issuer = await repositories.issuers.get(issuerId);
  if (!issuer) throw new NotFoundError('issuer', issuerId);
  return issuer;
}

/**
 * Rotation: a new active key signs from now on; the previous one is retired but
 * stays in the DID document, so credentials it signed keep verifying.
 * Only did:web issuers can rotate: a did:key issuer *is* its key. Audited as `key.rotate`.
 */
export async function rotateIssuerKey(deps: IssuanceDeps, actor: string, issuerId: string, options: { vaultTransitKey?: string } = {}): Promise<{ keyId: string }> {
  const issuer = await getIssuer(deps.store, issuerId);
  if (issuer.didMethod !== 'web') throw new ConflictError('A did:key issuer cannot rotate keys: its identifier is its key. Use a did:web issuer.');
  const external = options.vaultTransitKey;
  if (external !== undefined && !deps.externalKeys) throw new ConflictError('No Vault is configured (VAULT_ADDR, VAULT_TOKEN): a Vault transit key cannot be used.', { vaultTransitKey: external });
  // An external key: its public half read from Vault now (so a wrong name fails here); only a reference is stored.
  const key = external !== undefined ? await deps.externalKeys!.vaultTransit(external, issuer.did) : await newKey(deps, issuer.did);
  const stored = external !== undefined ? vaultTransitReference(external) : sealSecretKey(key.secretKeyMultibase!, deps.keyEncryptionKey, key.id);
  if (external !== undefined && (await deps.store.keys.listForIssuer(issuerId)).some((existing) => existing.id === key.id)) {
    throw new ConflictError(`The Vault transit key ${external} is already one of this issuer's keys.`, { vaultTransitKey: external });
  }
  await deps.store.transaction(async (tx) => {
    const previous = await tx.keys.activeKey(issuerId);
    await tx.keys.add({ id: key.id, issuerId, publicKeyMultibase: key.publicKeyMultibase, sealedSecretKey: stored });
    if (previous) await tx.keys.retire(previous.id);
    await tx.audit.record({ actor, action: 'key.rotate', targetType: 'issuer_key', targetId: key.id, issuerId, details: { ...(previous ? { retired: previous.id } : {}), ...(external !== undefined ? { vaultTransitKey: external } : {}) } });
  });
  deps.caches?.signingKeys.delete(issuerId);
  return { keyId: key.id };
}

/** getIssuer through the in-process cache, when there is one. */
export async function cachedIssuer(deps: Pick<IssuanceDeps, 'store' | 'caches'>, issuerId: string): Promise<Issuer> {
  if (!deps.caches) return getIssuer(deps.store, issuerId);
  const issuer = await deps.caches.issuers.get(issuerId, () => deps.store.issuers.get(issuerId));
  if (!issuer) throw new NotFoundError('issuer', issuerId);
  return issuer;
}

/**
 * signingKeyOf through the in-process cache, when there is one: the key is
 * unsealed once per cache lifetime rather than per request. Rotating through
 * this process drops it at once.
 */
export async function cachedSigningKey(deps: IssuanceDeps, issuer: Issuer): Promise<IssuerKey> {
  if (!deps.caches) return signingKeyOf(deps, deps.store, issuer);
  const key = await deps.caches.signingKeys.get(issuer.id, () => signingKeyOf(deps, deps.store, issuer));
  return key!;
}

/** The issuer's current signing key, unsealed in memory only for the signing that follows. */
export async function signingKeyOf(deps: IssuanceDeps, repositories: Pick<Repositories, 'keys'>, issuer: Issuer): Promise<IssuerKey> {
  const stored = await repositories.keys.activeKey(issuer.id);
  if (!stored) throw new ConflictError(`Issuer ${issuer.slug} has no active signing key.`);
  const vaultKey = vaultTransitKeyName(stored.sealedSecretKey);
  if (vaultKey !== undefined) {
    if (!deps.externalKeys) throw new ConflictError(`Issuer ${issuer.slug} signs with Vault transit key ${vaultKey}, and no Vault is configured (VAULT_ADDR, VAULT_TOKEN).`);
    const key = await deps.externalKeys.vaultTransit(vaultKey, issuer.did);
    // Vault's latest version must still be the key the DID document lists, or credentials would not verify.
    if (key.publicKeyMultibase !== stored.publicKeyMultibase) throw new ConflictError(`Vault transit key ${vaultKey} no longer matches the issuer's key ${stored.id} (rotated in Vault?): attach it again.`);
    return { ...key, id: stored.id };
  }
  return {
    id: stored.id,
    controller: issuer.did,
    publicKeyMultibase: stored.publicKeyMultibase,
    secretKeyMultibase: openSealedSecretKeyWithAny(stored.sealedSecretKey, [deps.keyEncryptionKey, deps.previousKeyEncryptionKey], stored.id),
  };
}

/** The did.json for a did:web issuer hosted here: every key, revoked ones marked. */
export async function issuerDidDocument(deps: IssuanceDeps, slug: string): Promise<Record<string, unknown>> {
  const issuer = await deps.store.issuers.getBySlug(slug);
  if (!issuer || issuer.didMethod !== 'web') throw new NotFoundError('did:web issuer', slug);
  const keys = await deps.store.keys.listForIssuer(issuer.id);
  return buildDidWebDocument(
    issuer.did,
    keys.map((key) => ({ id: key.id, controller: issuer.did, publicKeyMultibase: key.publicKeyMultibase, ...(key.revokedAt ? { revoked: key.revokedAt } : {}) })),
  );
}
