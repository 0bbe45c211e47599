import { LIFECYCLE_STATUS_MESSAGES } from '@laurel/status-list';
import type { IssuanceDeps } from './deps.js';
import { ConflictError } from './errors.js';
import { getCredential } from './credential-state.js';
import { publishStatusLists } from './status-lists.js';

/** The lifecycle values, in value order: 0x0 active … 0x3 suspended (LIFECYCLE_STATUS_MESSAGES). */
export const LIFECYCLE_STATES = LIFECYCLE_STATUS_MESSAGES.map((row) => row.message) as readonly string[] as readonly LifecycleState[];
export type LifecycleState = 'active' | 'pending' | 'expired' | 'suspended';

export interface LifecycleChange {
  credentialId: string;
  lifecycle: LifecycleState;
  /** The value written to the credential's entry of its lifecycle list. */
  value: number;
  changed: boolean;
}

/**
 * Sets a credential's lifecycle value on its "message" status list and
 * republishes the list (through the list's own outbox: a failed publication
 * is retried by the status-list publisher). Independent of revocation and
 * suspension, which keep their own lists: a revoked credential stays revoked
 * whatever its lifecycle says. Audited as `credential.lifecycle`; setting the
 * value it has changes nothing and writes no audit row.
 */
export async function setLifecycleStatus(deps: IssuanceDeps, actor: string, issuerId: string, credentialId: string, lifecycle: LifecycleState, reason?: string): Promise<LifecycleChange> {
  const value = LIFECYCLE_STATES.indexOf(lifecycle);
  if (value < 0) throw new ConflictError(`Unknown lifecycle state "${lifecycle}".`, { lifecycle });
  const { changed, lists } = await deps.store.transaction(async (tx) => {
    await getCredential(tx, issuerId, credentialId);
    for (const allocation of await tx.statusLists.allocationsForCredential(credentialId)) {
      const list = await tx.statusLists.get(allocation.statusListId);
      if (list?.purpose !== 'message') continue;
      const result = await tx.statusLists.setValue(allocation.statusListId, allocation.index, value);
      if (result.changed) {
        await tx.audit.record({ actor, action: 'credential.lifecycle', targetType: 'credential', targetId: credentialId, issuerId, details: { lifecycle, ...(reason ? { reason } : {}) } });
      }
      // Changed or not: publishing skips a current list and heals one that is behind.
      return { changed: result.changed, lists: [allocation.statusListId] };
    }
    throw new ConflictError(
      'This credential has no lifecycle status entry: only VC 2.0 credentials issued while their issuer had lifecycleStatus on carry one.',
      { credentialId },
    );
  });
  await publishStatusLists(deps, lists);
  return { credentialId, lifecycle, value, changed };
}
