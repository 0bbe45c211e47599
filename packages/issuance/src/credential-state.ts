import type { Credential, CredentialState, Repositories } from '@laurel/store';
import type { IssuanceDeps } from './deps.js';
import { ConflictError, NotFoundError } from './errors.js';
import { publishStatusLists } from './status-lists.js';

export type CredentialAction = 'revoke' | 'suspend' | 'unsuspend';

const TRANSITIONS: Record<CredentialAction, { from: CredentialState[]; to: CredentialState; purpose: 'revocation' | 'suspension'; bit: boolean }> = {
  revoke: { from: ['active', 'suspended'], to: 'revoked', purpose: 'revocation', bit: true },
  suspend: { from: ['active'], to: 'suspended', purpose: 'suspension', bit: true },
  unsuspend: { from: ['suspended'], to: 'active', purpose: 'suspension', bit: false },
};

export async function getCredential(repositories: Pick<Repositories, 'credentials'>, issuerId: string | undefined, credentialId: string): Promise<Credential> {
  const credential = await repositories.credentials.get(credentialId);
  if (!credential || (issuerId !== undefined && credential.issuerId !== issuerId)) throw new NotFoundError('credential', credentialId);
  return credential;
}

/**
 * Changes a credential's state inside a transaction, with the status bit that
 * tells verifiers. Returns the status lists that must be re-signed afterwards.
 */
export async function applyCredentialAction(tx: Repositories, deps: IssuanceDeps, credential: Credential, action: CredentialAction, reason: string | null): Promise<string[]> {
  const transition = TRANSITIONS[action];
  if (!transition.from.includes(credential.state)) {
    throw new ConflictError(`Cannot ${action} a credential that is ${credential.state}${credential.state === 'revoked' ? ': revocation is permanent' : ''}.`, {
      state: credential.state,
    });
  }
  await tx.credentials.setState(credential.id, transition.to, reason, deps.now());
  const touched: string[] = [];
  for (const allocation of await tx.statusLists.allocationsForCredential(credential.id)) {
    const list = await tx.statusLists.get(allocation.statusListId);
    if (list?.purpose !== transition.purpose) continue;
    const { changed } = await tx.statusLists.setBit(allocation.statusListId, allocation.index, transition.bit);
    if (changed) touched.push(allocation.statusListId);
  }
  return touched;
}

/** Revoke (permanent), suspend or unsuspend a credential, and re-sign the affected status lists. */
export async function changeCredentialState(deps: IssuanceDeps, actor: string, issuerId: string, credentialId: string, action: CredentialAction, reason?: string): Promise<Credential> {
  const { credential, touched } = await deps.store.transaction(async (tx) => {
    const current = await getCredential(tx, issuerId, credentialId);
    const lists = await applyCredentialAction(tx, deps, current, action, reason ?? null);
    await tx.audit.record({ actor, action: `credential.${action}`, targetType: 'credential', targetId: credentialId, issuerId, details: reason ? { reason } : {} });
    return { credential: await getCredential(tx, issuerId, credentialId), touched: lists };
  });
  await publishStatusLists(deps, touched);
  return credential;
}
