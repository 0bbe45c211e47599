import { z } from 'zod';

export type PathSegment = string | number;
export type ReportIssue = (path: readonly PathSegment[], message: string) => void;

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A check over a whole object that runs even when some of its properties
 * failed: zod skips ordinary refinements once any property has an issue, and
 * callers are promised every failing path in one go, not one per attempt.
 * `rule` therefore sees unvalidated data and must read it defensively.
 */
export function objectRule<T>(rule: (value: Record<string, unknown>, report: ReportIssue) => void): z.core.$ZodCheck<T> {
  return z.superRefine<T>(
    (value, ctx) => {
      if (!isRecord(value)) return;
      rule(value, (path, message) => ctx.addIssue({ code: 'custom', path: [...path], message }));
    },
    { when: (payload) => isRecord(payload.value) },
  );
}

/** Values of a property that may hold one item or a list. */
export function asList(value: unknown): unknown[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}
