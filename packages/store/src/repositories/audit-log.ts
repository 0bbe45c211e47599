import type { AuditLogTable } from '../schema.js';
import { fromJson, toJson, type Timestamp } from '../values.js';
import type { RepositoryContext } from './context.js';
import { keysetPage, type Page, type PageRequest } from './pages.js';
import { insertRows } from './insert-rows.js';

export interface AuditEntry {
  id: string;
  at: Timestamp;
  /** Who acted: a token id, a user, `system`. */
  actor: string;
  action: string;
  targetType: string | null;
  targetId: string | null;
  issuerId: string | null;
  details: Record<string, unknown>;
}

export interface NewAuditEntry {
  actor: string;
  action: string;
  targetType?: string | null;
  targetId?: string | null;
  issuerId?: string | null;
  details?: Record<string, unknown>;
}

export interface AuditQuery {
  issuerId?: string | undefined;
  actor?: string | undefined;
  action?: string | undefined;
  targetType?: string | undefined;
  targetId?: string | undefined;
  /** Inclusive bounds on `at`. */
  from?: Timestamp | undefined;
  to?: Timestamp | undefined;
}

export interface AuditLogRepository {
  record(entry: NewAuditEntry): Promise<AuditEntry>;
  /** Several entries in one multi-row INSERT (one round trip), in the order given. */
  recordMany(entries: readonly NewAuditEntry[]): Promise<AuditEntry[]>;
  /** Newest first; entries with the same timestamp come in no particular order. */
  list(options: { issuerId?: string; limit: number }): Promise<AuditEntry[]>;
  /** Matching entries by time (newest first unless `order` is asc), a page at a time. */
  query(filter: AuditQuery, page: PageRequest): Promise<Page<AuditEntry>>;
}

const MAX_LIMIT = 1_000;

function toEntry(row: AuditLogTable): AuditEntry {
  return { ...row, details: fromJson(row.details) as Record<string, unknown> };
}

export function createAuditLogRepository(context: RepositoryContext): AuditLogRepository {
  const { db } = context;

  const rowOf = (entry: NewAuditEntry, at: AuditLogTable['at']): AuditLogTable => ({
    id: context.newId(),
    at,
    actor: entry.actor,
    action: entry.action,
    targetType: entry.targetType ?? null,
    targetId: entry.targetId ?? null,
    issuerId: entry.issuerId ?? null,
    details: toJson(entry.details ?? {}),
  });

  return {
    async record(entry) {
      const row = rowOf(entry, context.now());
      await insertRows(db, 'auditLog', [row]);
      return toEntry(row);
    },
    async recordMany(entries) {
      if (entries.length === 0) return [];
      const at = context.now();
      const rows = entries.map((entry) => rowOf(entry, at));
      await insertRows(db, 'auditLog', rows);
      return rows.map(toEntry);
    },
    async list({ issuerId, limit }) {
      let query = db.selectFrom('auditLog').selectAll();
      if (issuerId !== undefined) query = query.where('issuerId', '=', issuerId);
      const rows = await query
        .orderBy('at', 'desc')
        .orderBy('id', 'desc')
        .limit(Math.max(0, Math.min(Math.trunc(limit), MAX_LIMIT)))
        .execute();
      return rows.map(toEntry);
    },
    async query(filter, page) {
      let query = db.selectFrom('auditLog').selectAll();
      if (filter.issuerId !== undefined) query = query.where('issuerId', '=', filter.issuerId);
      if (filter.actor !== undefined) query = query.where('actor', '=', filter.actor);
      if (filter.action !== undefined) query = query.where('action', '=', filter.action);
      if (filter.targetType !== undefined) query = query.where('targetType', '=', filter.targetType);
      if (filter.targetId !== undefined) query = query.where('targetId', '=', filter.targetId);
      if (filter.from !== undefined) query = query.where('at', '>=', filter.from);
      if (filter.to !== undefined) query = query.where('at', '<=', filter.to);
      return keysetPage(query, { column: 'at', idColumn: 'id', keyOf: (row) => [row.at, row.id] }, { ...page, order: page.order ?? 'desc' }, toEntry);
    },
  };
}
