import { createHash, randomUUID } from 'node:crypto';
import { createRevocationListEntry, nextStatus, statusEntryIssues } from '@laurel/status-list';
import { SUITES, signCredential, type SuiteName } from '@laurel/suites';
import { signingFor } from './external-keys.js';
import { CONTEXT_URLS } from '@laurel/contexts';
import { credentialUrl, revocationListUrl, statusListUrl, type IssuanceDeps } from './deps.js';
import { ConflictError, NotFoundError } from './errors.js';
import { cachedIssuer, cachedSigningKey } from './issuers.js';
import { changeCredentialState } from './credential-state.js';
import { publishStatusLists } from './status-lists.js';
import { allocateStatusEntries, whileWriting } from './status-allocation.js';
import { LaurelError } from '@laurel/models';
import type { Issuer } from '@laurel/store';

/**
 * Status allocations of VC-API credentials are keyed by a digest of the
 * credential's id: ids are arbitrary URLs of any length, the key column is not.
 */
function allocationKey(credentialId: string): string {
  return createHash('sha256').update(credentialId, 'utf8').digest('hex');
}

function issuerIdOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object' && typeof (value as { id?: unknown }).id === 'string') return (value as { id: string }).id;
  return undefined;
}

function refuse(path: string, message: string, detail: string): LaurelError {
  return new LaurelError('INVALID_CREDENTIAL', detail, { issues: [{ path, message }] });
}

/**
 * The credential's issuer as it will be signed. VC Data Model 2.0 §4.7: issuer
 * is REQUIRED, a URL or an object whose id is a URL. A missing or null issuer
 * is the caller's mistake, not ours to guess; only an issuer object that leaves
 * out its id gets the tenant's DID (documented on the route).
 */
function issuerFor(credential: Record<string, unknown>, tenantDid: string): unknown {
  const { issuer } = credential;
  const isObject = typeof issuer === 'object' && issuer !== null && !Array.isArray(issuer);
  if (typeof issuer !== 'string' && !isObject) {
    throw refuse('issuer', 'is required: the tenant\'s DID, or an object (its id may be left out)', 'The credential must name its issuer.');
  }
  if (isObject && (issuer as { id?: unknown }).id === undefined) return { ...(issuer as Record<string, unknown>), id: tenantDid };
  const named = issuerIdOf(issuer);
  if (named !== tenantDid) {
    throw new LaurelError('ISSUER_KEY_MISMATCH', `The credential names ${named ?? 'an issuer without a usable id'} as issuer, but this tenant signs as ${tenantDid}.`, { issues: [{ path: 'credential.issuer', message: `must be ${tenantDid}` }] });
  }
  return issuer;
}

/**
 * Status entries the caller brings (its own lists): checked against their data
 * model and kept, next to the tenant's own. Entries on Laurel's lists are
 * refused: their indexes are Laurel's to allocate, and a borrowed one would
 * share another credential's bit.
 */
function suppliedStatusEntries(deps: IssuanceDeps, value: unknown): Record<string, unknown>[] {
  if (value === undefined) return [];
  const entries = Array.isArray(value) ? value : [value];
  if (entries.length === 0) throw refuse('credentialStatus', 'must be one status object or a non-empty array of them', 'credentialStatus is empty.');
  const at = (index: number, path: string) => `credentialStatus${Array.isArray(value) ? `[${index}]` : ''}${path ? `.${path}` : ''}`;
  const ourLists = statusListUrl(deps.urls, '');
  const issues = entries.flatMap((entry, index) => {
    const listUrl = (entry as { statusListCredential?: unknown } | null)?.statusListCredential;
    if (typeof listUrl === 'string' && listUrl.startsWith(ourLists)) return [{ path: at(index, 'statusListCredential'), message: 'is one of Laurel\'s status lists; leave the entry out and Laurel allocates one' }];
    return statusEntryIssues(entry).map((issue) => ({ path: at(index, issue.path), message: issue.message }));
  });
  if (issues.length > 0) {
    throw new LaurelError('INVALID_CREDENTIAL', `The credential's status entries cannot be kept: ${issues.map((issue) => `${issue.path} ${issue.message}`).join('; ')}.`, { issues });
  }
  return entries as Record<string, unknown>[];
}

/**
 * VC-API `POST /credentials/issue`: signs a caller-supplied credential as the
 * tenant, with the tenant's suite, adding the tenant's revocation and
 * suspension entries in its list format (and the one context that format
 * needs, if the credential lacks it). Status entries the caller supplies are
 * validated and kept.
 */
export async function signSuppliedCredential(deps: IssuanceDeps, actor: string, issuerId: string, credential: Record<string, unknown>): Promise<Record<string, unknown>> {
  const issuer = await cachedIssuer(deps, issuerId);
  const signedIssuer = issuerFor(credential, issuer.did);
  if (credential.id !== undefined && typeof credential.id !== 'string') {
    throw refuse('id', 'must be a URL string', 'The credential\'s id must be a string (a URL).');
  }
  const supplied = suppliedStatusEntries(deps, credential.credentialStatus);
  const id = typeof credential.id === 'string' ? credential.id : `urn:uuid:${randomUUID()}`;
  const contexts = Array.isArray(credential['@context']) ? (credential['@context'] as unknown[]) : [];
  const version1 = contexts[0] === CONTEXT_URLS.VC_V1;
  if (issuer.vcVersion === '1.1' && version1 && isOpenBadge(credential) && supplied.length === 0) {
    return signOnRevocationList(deps, actor, issuer, { ...credential, id, issuer: signedIssuer });
  }
  // The tenant's lists, whatever the input's version: a VC 2.0 tenant keeps no StatusList2021 lists.
  const format = issuer.vcVersion === '1.1' ? 'StatusList2021' : 'BitstringStatusList';
  const neededContext = format === 'StatusList2021' ? CONTEXT_URLS.STATUS_LIST_2021_V1 : version1 ? CONTEXT_URLS.BITSTRING_STATUS_LIST_V1 : undefined;
  const statusContext = neededContext && !contexts.includes(neededContext) ? { '@context': [...contexts, neededContext] } : {};
  const suite = signingSuiteOf(issuer.suite);
  const key = await cachedSigningKey(deps, issuer);
  const { signed, touched } = await deps.store.transaction(async (tx) => {
    const { entries: credentialStatus, statusListIds: lists, written } = await allocateStatusEntries(tx, deps, { issuerId, format, credentialId: allocationKey(id) });
    const document = await whileWriting(written, () => signingFor(deps, key)({ ...credential, ...statusContext, id, issuer: signedIssuer, credentialStatus: [...supplied, ...credentialStatus] }, { key, suite }));
    await tx.audit.record({ actor, action: 'credential.issue', targetType: 'credential', targetId: id, issuerId, details: {} });
    return { signed: document, touched: lists };
  });
  await publishStatusLists(deps, touched);
  return signed;
}

const OPEN_BADGE_TYPES = ['OpenBadgeCredential', 'AchievementCredential'];

function isOpenBadge(credential: Record<string, unknown>): boolean {
  return ([] as unknown[]).concat(credential.type ?? []).some((type) => typeof type === 'string' && OPEN_BADGE_TYPES.includes(type));
}

/**
 * A VC 1.1 tenant's Open Badge in the VC 1.1 form gets the one status entry
 * 1EdTech's draft-04 AchievementCredential schema allows: its issuer's 1EdTech
 * revocation list, on which the credential is kept by id (it is not stored).
 */
async function signOnRevocationList(deps: IssuanceDeps, actor: string, issuer: Issuer, credential: Record<string, unknown> & { id: string }): Promise<Record<string, unknown>> {
  const key = await cachedSigningKey(deps, issuer);
  // The OB extensions context defines 1EdTechRevocationList; added only when the credential lacks it.
  const contexts = credential['@context'] as unknown[];
  const withContext = contexts.includes(CONTEXT_URLS.OB_V3P0_EXTENSIONS) ? {} : { '@context': [...contexts, CONTEXT_URLS.OB_V3P0_EXTENSIONS] };
  const entry = createRevocationListEntry(revocationListUrl(deps.urls, issuer.id));
  const document = await signCredential({ ...credential, ...withContext, credentialStatus: entry }, { key, suite: signingSuiteOf(issuer.suite) });
  await deps.store.transaction(async (tx) => {
    await tx.revocationListEntries.add(issuer.id, credential.id, deps.now());
    await tx.audit.record({ actor, action: 'credential.issue', targetType: 'credential', targetId: credential.id, issuerId: issuer.id, details: {} });
  });
  return document;
}

/** The tenant's configured suite; a stored name Laurel cannot sign with is a configuration error, not a caller's. */
function signingSuiteOf(name: string): SuiteName {
  if (!(SUITES as readonly string[]).includes(name)) throw new LaurelError('UNSUPPORTED_SUITE', `The issuer is configured to sign with "${name}", which Laurel does not sign with.`);
  return name as SuiteName;
}

export type VcApiStatus = 'revoked' | 'suspended' | 'active';

/**
 * VC-API `POST /credentials/status`: for a Laurel-issued credential the full
 * state change (with its audit trail); for one signed through the VC-API, the
 * status bits alone. Revocation stays permanent either way.
 */
export async function updateCredentialStatus(deps: IssuanceDeps, actor: string, issuerId: string, credentialId: string, status: VcApiStatus): Promise<void> {
  const prefix = credentialUrl(deps.urls, '');
  const ownId = credentialId.startsWith(prefix) ? credentialId.slice(prefix.length) : credentialId;
  const own = await deps.store.credentials.get(ownId);
  if (own && own.issuerId === issuerId) {
    const action = status === 'revoked' ? 'revoke' : status === 'suspended' ? 'suspend' : 'unsuspend';
    await changeCredentialState(deps, actor, issuerId, ownId, action);
    return;
  }
  if (await deps.store.revocationListEntries.get(issuerId, credentialId)) {
    await updateRevocationListEntry(deps, actor, issuerId, credentialId, status);
    return;
  }
  const touched = await deps.store.transaction(async (tx) => {
    // Credential ids are the caller's choice, so two tenants may have signed the same one:
    // only this tenant's allocations are its credential; another's are none of its business.
    const lists: string[] = [];
    let found = false;
    for (const allocation of await tx.statusLists.allocationsForCredential(allocationKey(credentialId))) {
      const list = await tx.statusLists.get(allocation.statusListId);
      // A lifecycle list is not the VC-API's revoked/suspended status.
      if (!list || list.issuerId !== issuerId || list.purpose === 'message') continue;
      found = true;
      const current = (await tx.statusLists.setIndexes(list.id)).includes(allocation.index);
      if (list.purpose === 'revocation' && current && status !== 'revoked') throw new ConflictError('The credential is revoked; revocation is permanent.');
      const requested = list.purpose === 'revocation' ? status === 'revoked' || current : status === 'suspended';
      const value = nextStatus({ purpose: list.purpose, current, requested });
      await tx.statusLists.setBit(list.id, allocation.index, value);
      // Changed or not: publishing skips a current list and heals one that is behind.
      lists.push(list.id);
    }
    if (!found) throw new NotFoundError('credential', credentialId);
    await tx.audit.record({ actor, action: `credential.${status === 'revoked' ? 'revoke' : status === 'suspended' ? 'suspend' : 'unsuspend'}`, targetType: 'credential', targetId: credentialId, issuerId, details: { status } });
    return lists;
  });
  await publishStatusLists(deps, touched);
}

/** A credential on the tenant's 1EdTech revocation list: it can be revoked, and nothing else. */
async function updateRevocationListEntry(deps: IssuanceDeps, actor: string, issuerId: string, credentialId: string, status: VcApiStatus): Promise<void> {
  await deps.store.transaction(async (tx) => {
    const entry = await tx.revocationListEntries.get(issuerId, credentialId);
    if (status === 'suspended') {
      throw new ConflictError('Cannot suspend this credential: its status is published on a 1EdTech revocation list (the VC 1.1 form), which can only say "revoked".', { statusType: '1EdTechRevocationList' });
    }
    if (status === 'active') {
      if (entry?.revokedAt) throw new ConflictError('The credential is revoked; revocation is permanent.');
      return;
    }
    if (entry?.revokedAt) return;
    await tx.revocationListEntries.revoke(issuerId, credentialId, deps.now());
    await tx.audit.record({ actor, action: 'credential.revoke', targetType: 'credential', targetId: credentialId, issuerId, details: { status } });
  });
}
