import type { Store } from '@laurel/store';

/**
 * Allocations whose credential was never stored: indexes lost to nobody.
 * (VC-API credentials are not stored; tests calling this issue none.)
 */
export async function orphanAllocations(store: Store): Promise<{ statusListId: string; statusIndex: number; credentialId: string }[]> {
  return store.db
    .selectFrom('statusAllocations')
    .leftJoin('credentials', 'credentials.id', 'statusAllocations.credentialId')
    .select(['statusAllocations.statusListId', 'statusAllocations.statusIndex', 'statusAllocations.credentialId'])
    .where('credentials.id', 'is', null)
    .execute();
}
