import { z } from 'zod';

export type PathSegment = string | number;
export type ReportIssue = (path: readonly PathSegment[], message: string) => void;

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A check across an object's properties that runs even when some property
 * failed: zod skips ordinary refinements after the first issue, and callers
 * are promised every failing path in one go. `rule` therefore sees
 * unvalidated data and must read it defensively.
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
