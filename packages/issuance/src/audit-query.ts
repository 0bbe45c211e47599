import type { AuditEntry, AuditQuery, Page, PageRequest } from '@laurel/store';
import type { IssuanceDeps } from './deps.js';

export type { AuditQuery };

/** The audit log, filtered by actor, action, target and time; newest first by default. */
export async function queryAuditLog(deps: Pick<IssuanceDeps, 'store'>, filter: AuditQuery, page: PageRequest): Promise<Page<AuditEntry>> {
  return deps.store.audit.query(filter, page);
}
