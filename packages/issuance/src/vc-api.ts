import { createHash, randomUUID } from 'node:crypto';
import { createStatusEntry, nextStatus, type StatusPurpose } from '@laurel/status-list';
import { signCredential } from '@laurel/suites';
import { CONTEXT_URLS } from '@laurel/contexts';
import { credentialUrl, statusListUrl, type IssuanceDeps } from './deps.js';
import { ConflictError, NotFoundError } from './errors.js';
import { getIssuer, signingKeyOf } from './issuers.js';
import { changeCredentialState } from './credential-state.js';
import { publishStatusLists } from './status-lists.js';
import { LaurelError } from '@laurel/models';

const PURPOSES: readonly StatusPurpose[] = ['revocation', 'suspension'];

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

/**
 * VC-API `POST /credentials/issue`: signs a caller-supplied credential with the
 * tenant's key, adding revocation and suspension entries. The credential must
 * name the tenant as issuer (or no issuer, and we fill it in).
 */
export async function signSuppliedCredential(deps: IssuanceDeps, actor: string, issuerId: string, credential: Record<string, unknown>): Promise<Record<string, unknown>> {
  const issuer = await getIssuer(deps.store, issuerId);
  const named = issuerIdOf(credential.issuer);
  if (named !== undefined && named !== issuer.did) {
    throw new LaurelError('ISSUER_KEY_MISMATCH', `The credential names ${named} as issuer, but this tenant signs as ${issuer.did}.`, { issues: [{ path: 'credential.issuer', message: `must be ${issuer.did}` }] });
  }
  if (credential.credentialStatus !== undefined) {
    throw new LaurelError('INVALID_INPUT', 'Leave credentialStatus out: Laurel allocates status entries itself.', { issues: [{ path: 'credential.credentialStatus', message: 'must not be set' }] });
  }
  const id = typeof credential.id === 'string' ? credential.id : `urn:uuid:${randomUUID()}`;
  const contexts = Array.isArray(credential['@context']) ? (credential['@context'] as unknown[]) : [];
  const version1 = contexts[0] === 'https://www.w3.org/2018/credentials/v1';
  const format = version1 ? 'StatusList2021' : 'BitstringStatusList';
  // VC 1.1's context does not define StatusList2021Entry; its own context must come along.
  const statusContext = version1 && !contexts.includes(CONTEXT_URLS.STATUS_LIST_2021_V1) ? { '@context': [...contexts, CONTEXT_URLS.STATUS_LIST_2021_V1] } : {};
  const key = await signingKeyOf(deps, deps.store, issuer);
  const { signed, touched } = await deps.store.transaction(async (tx) => {
    const credentialStatus: Record<string, unknown>[] = [];
    const lists: string[] = [];
    for (const purpose of PURPOSES) {
      const allocation = await tx.statusLists.allocate({ issuerId, purpose, format, credentialId: allocationKey(id), random: deps.random });
      lists.push(allocation.statusListId);
      credentialStatus.push(createStatusEntry({ statusListCredential: statusListUrl(deps.urls, allocation.statusListId), statusListIndex: allocation.index, statusPurpose: purpose, format }) as Record<string, unknown>);
    }
    const document = await signCredential({ ...credential, ...statusContext, id, issuer: credential.issuer ?? issuer.did, credentialStatus }, { key });
    await tx.audit.record({ actor, action: 'credential.issue', targetType: 'credential', targetId: id, issuerId, details: {} });
    return { signed: document, touched: lists };
  });
  await publishStatusLists(deps, touched);
  return signed;
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
  const touched = await deps.store.transaction(async (tx) => {
    // Credential ids are the caller's choice, so two tenants may have signed the same one:
    // only this tenant's allocations are its credential; another's are none of its business.
    const lists: string[] = [];
    let found = false;
    for (const allocation of await tx.statusLists.allocationsForCredential(allocationKey(credentialId))) {
      const list = await tx.statusLists.get(allocation.statusListId);
      if (!list || list.issuerId !== issuerId) continue;
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
