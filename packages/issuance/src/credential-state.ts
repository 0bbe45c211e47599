import { isRevocationListEntry } from '@laurel/status-list';
import type { Credential, CredentialState, Repositories } from '@laurel/store';
import type { IssuanceDeps } from './deps.js';
import { ConflictError, NotFoundError } from './errors.js';
import { oweLearnerMail } from './learner-mail.js';
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

/** A credential whose only status entry is a 1EdTech revocation list: it has no way to show a suspension. */
function onRevocationListOnly(credential: Credential): boolean {
  const status = ([] as unknown[]).concat((credential.document as { credentialStatus?: unknown } | null)?.credentialStatus ?? []);
  return status.length > 0 && status.every(isRevocationListEntry);
}

/**
 * Changes a credential's state inside a transaction, with the status bit that
 * tells verifiers. Asking for the state it already has changes nothing and is
 * no error (a retried revoke must not fail). Returns the status lists of the
 * action's purpose, changed or not: the caller publishes any that are behind,
 * which also heals a list whose earlier publication was lost.
 */
export async function applyCredentialAction(tx: Repositories, deps: IssuanceDeps, credential: Credential, action: CredentialAction, reason: string | null): Promise<string[]> {
  const transition = TRANSITIONS[action];
  if (transition.purpose === 'suspension' && onRevocationListOnly(credential)) {
    throw new ConflictError(
      `Cannot ${action} this credential: its status is published on a 1EdTech revocation list (the VC 1.1 form), which can only say "revoked". Revoke it, or re-issue it in the VC 2.0 form.`,
      { state: credential.state, statusType: '1EdTechRevocationList' },
    );
  }
  const alreadyInEffect = credential.state === transition.to;
  if (!alreadyInEffect && !transition.from.includes(credential.state)) {
    throw new ConflictError(`Cannot ${action} a credential that is ${credential.state}${credential.state === 'revoked' ? ': revocation is permanent' : ''}.`, {
      state: credential.state,
    });
  }
  if (!alreadyInEffect) await tx.credentials.setState(credential.id, transition.to, reason, deps.now());
  const lists: string[] = [];
  for (const allocation of await tx.statusLists.allocationsForCredential(credential.id)) {
    const list = await tx.statusLists.get(allocation.statusListId);
    if (list?.purpose !== transition.purpose) continue;
    // Also when already in effect: a no-op if the bit agrees, a repair if it somehow does not.
    await tx.statusLists.setBit(allocation.statusListId, allocation.index, transition.bit);
    lists.push(allocation.statusListId);
  }
  return lists;
}

/**
 * Revoke (permanent), suspend or unsuspend a credential, then publish the
 * affected status lists. Repeating an action that is in effect answers the
 * current state and republishes a list whose published copy is behind.
 */
export async function changeCredentialState(deps: IssuanceDeps, actor: string, issuerId: string, credentialId: string, action: CredentialAction, reason?: string): Promise<Credential> {
  const { credential, lists } = await deps.store.transaction(async (tx) => {
    const current = await getCredential(tx, issuerId, credentialId);
    const touched = await applyCredentialAction(tx, deps, current, action, reason ?? null);
    // A repeat of an action already in effect changed nothing, so it leaves no audit row.
    if (current.state !== TRANSITIONS[action].to) {
      await tx.audit.record({ actor, action: `credential.${action}`, targetType: 'credential', targetId: credentialId, issuerId, details: reason ? { reason } : {} });
      // The learner hears of a revocation; a supersession (reissue.ts) is told by the new credential's mail instead.
      if (action === 'revoke') await oweLearnerMail(tx, deps, current, 'revoked');
    }
    return { credential: await getCredential(tx, issuerId, credentialId), lists: touched };
  });
  await publishStatusLists(deps, lists);
  return credential;
}
