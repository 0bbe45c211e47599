import type { z } from 'zod';
import type { PathSegment } from './object-rule.js';

/** One failing rule: where (dotted path, `[n]` for list items; '' is the whole document) and why. */
export interface ValidationIssue {
  readonly path: string;
  readonly message: string;
}

/** A key that would make a dotted path ambiguous or unreadable is quoted: `["Final Exam"]`, `["did:web:a.example"]`. */
const NEEDS_QUOTES = /^$|[\s.[\]"]/;

/**
 * The one notation for where an error is, in every package and service:
 * `['credentialSubject', 'result', 0, 'value']` becomes
 * `credentialSubject.result[0].value`; `prefix` names where the value came
 * from (`query`, `path`). '' is the whole document.
 */
export function formatPath(path: readonly PropertyKey[], prefix = ''): string {
  let text = prefix;
  for (const segment of path) {
    const key = String(segment);
    if (typeof segment === 'number') text += `[${segment}]`;
    else if (NEEDS_QUOTES.test(key)) text += `[${JSON.stringify(key)}]`;
    else text += text === '' ? key : `.${key}`;
  }
  return text;
}

type ZodIssue = z.core.$ZodIssue;

function isRootTypeMismatch(issue: ZodIssue): boolean {
  return issue.path.length === 0 && issue.code === 'invalid_type';
}

/**
 * Turns zod's issues into ours. A union reports every branch's failures; the
 * reader wants only the branch the value was evidently meant for (the one
 * whose basic JSON type matched), so that is the branch reported.
 */
function flatten(issue: ZodIssue, base: readonly PathSegment[]): ValidationIssue[] {
  const path = [...base, ...(issue.path as PathSegment[])];
  if (issue.code === 'invalid_union' && issue.errors.length > 0) {
    const candidates = issue.errors.filter((branch) => !branch.some(isRootTypeMismatch));
    if (candidates.length > 0) {
      const closest = candidates.reduce((best, branch) => (branch.length < best.length ? branch : best));
      return closest.flatMap((inner) => flatten(inner, path));
    }
    if (issue.message === REQUIRED) return [{ path: formatPath(path), message: REQUIRED }];
    const mismatches = issue.errors.flatMap((branch) => branch.filter(isRootTypeMismatch));
    const expected = [...new Set(mismatches.map((inner) => String((inner as { expected?: unknown }).expected)))];
    return [{ path: formatPath(path), message: `expected ${expected.join(' or ')}` }];
  }
  return [{ path: formatPath(path), message: issue.message }];
}

const REQUIRED = 'is required';

/** Parse options that word a missing property as "is required" instead of "expected string, received undefined". */
export const parseOptions = {
  error: (issue: z.core.$ZodRawIssue): string | undefined =>
    issue.input === undefined && (issue.code === 'invalid_type' || issue.code === 'invalid_union') ? REQUIRED : undefined,
};

/** Every issue zod found, flattened, de-duplicated, in document order of discovery. */
export function issuesFromZod(error: z.ZodError, base: readonly PathSegment[] = []): ValidationIssue[] {
  const seen = new Set<string>();
  const issues: ValidationIssue[] = [];
  for (const issue of error.issues.flatMap((raw) => flatten(raw, base))) {
    const key = `${issue.path}\u0000${issue.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    issues.push(issue);
  }
  return issues;
}

/** Parses `value`; returns the issues, or an empty list when it conforms. */
export function collectIssues(schema: z.ZodType, value: unknown): ValidationIssue[] {
  const result = schema.safeParse(value, parseOptions);
  return result.success ? [] : issuesFromZod(result.error);
}

/** "a: is required; b: must be ..." with at most `limit` entries, for error messages. */
export function summarizeIssues(issues: readonly ValidationIssue[], limit = 5): string {
  const shown = issues.slice(0, limit).map((issue) => `${issue.path || '(document)'}: ${issue.message}`);
  const more = issues.length > limit ? ` (and ${issues.length - limit} more)` : '';
  return `${shown.join('; ')}${more}`;
}
