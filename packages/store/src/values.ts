import { StoreError } from './errors.js';

/**
 * Timestamps are stored as ISO-8601 UTC strings with milliseconds
 * (`2026-01-31T12:00:00.000Z`): one fixed width means text order is time
 * order on SQLite and MySQL alike, with no driver time-zone conversions.
 */
export type Timestamp = string;

export function toTimestamp(value: Date | string, field = 'timestamp'): Timestamp {
  const date = typeof value === 'string' ? new Date(value) : value;
  if (!(date instanceof Date) || Number.isNaN(date.getTime())) {
    throw new StoreError('INVALID_ARGUMENT', `${field} is not a valid date: ${String(value)}.`, { field });
  }
  return date.toISOString();
}

export function optionalTimestamp(value: Date | string | null | undefined, field?: string): Timestamp | null {
  return value === undefined || value === null ? null : toTimestamp(value, field);
}

export function toJson(value: unknown): string {
  // undefined would be stored as the text "undefined"; null is the closest JSON value.
  return JSON.stringify(value ?? null);
}

export function fromJson(text: string): unknown {
  return JSON.parse(text) as unknown;
}

/** Booleans are 0/1 integers: SQLite has no boolean type and MySQL's BOOLEAN is TINYINT(1). */
export function toFlag(value: boolean): number {
  return value ? 1 : 0;
}

export function fromFlag(value: number | boolean): boolean {
  return value === true || value === 1;
}

/** Drops undefined entries, so a patch only touches the fields a caller named. */
export function definedOnly<T extends Record<string, unknown>>(patch: T): Partial<T> {
  return Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined)) as Partial<T>;
}
