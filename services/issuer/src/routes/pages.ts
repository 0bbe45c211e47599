import { z } from '@hono/zod-openapi';
import { LaurelError } from '@laurel/models';
import { isPageCursor, MAX_PAGE_SIZE } from '@laurel/store';
import { principalOf } from '../auth.js';
import type { Context } from 'hono';

/** The query every list takes: a page size, the previous page's cursor, and a direction. */
export const pageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(50).openapi({ description: `Items per page (1–${MAX_PAGE_SIZE}).` }),
  cursor: z.string().max(1024).refine(isPageCursor, 'is not a cursor this API handed out').optional().openapi({ description: "The previous page's nextCursor." }),
  order: z.enum(['asc', 'desc']).optional().openapi({ description: 'Sort direction; each list documents its default.' }),
});

export const issuerQuery = z.object({
  issuerId: z.string().min(1).max(128).optional().openapi({ description: "The issuer to list; defaults to the token's own (required for a token of every issuer)." }),
});

/** A page of `item`, named for the OpenAPI components. */
export function pageSchema<T extends z.ZodType>(item: T, name: string) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() }).openapi(name);
}

/** An instant in a query, e.g. issuedFrom=2026-01-01T00:00:00Z; normalized to the store's timestamps. */
export const instant = z.iso
  .datetime({ offset: true })
  .transform((value) => new Date(value).toISOString());

/** The issuer a list is for: named in the query, or the token's own. */
export function listedIssuer(c: Context, named: string | undefined): string {
  const issuerId = named ?? principalOf(c).issuerId;
  if (!issuerId) throw new LaurelError('INVALID_INPUT', 'Name the issuer in issuerId: this token may act for several.', { issues: [{ path: 'issuerId', message: 'is required' }] });
  return issuerId;
}

/** The page request as the domain takes it. */
export function pageRequest(query: z.infer<typeof pageQuery>): { limit: number; cursor?: string; order?: 'asc' | 'desc' } {
  return { limit: query.limit, ...(query.cursor !== undefined ? { cursor: query.cursor } : {}), ...(query.order !== undefined ? { order: query.order } : {}) };
}
