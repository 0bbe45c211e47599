import { formatPath, type ValidationIssue } from '@laurel/models';
import type { z } from 'zod';

const REQUIRED = 'is required';

/** Words a missing property as "is required" rather than "expected string, received undefined". */
export const parseOptions = {
  error: (issue: z.core.$ZodRawIssue): string | undefined =>
    issue.input === undefined && issue.code === 'invalid_type' ? REQUIRED : undefined,
};

/**
 * zod's issues as ours. An unknown key becomes one issue at its own path,
 * because a misspelt rule name (`minGrade`) is the mistake to point at, and a
 * silently ignored rule would make an achievement easier to earn than meant.
 */
export function issuesFromZod(error: z.ZodError): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const seen = new Set<string>();
  const add = (path: readonly PropertyKey[], message: string): void => {
    const issue = { path: formatPath(path), message };
    const key = `${issue.path}\u0000${issue.message}`;
    if (seen.has(key)) return;
    seen.add(key);
    issues.push(issue);
  };
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) add([...issue.path, key], 'is not a known property');
    } else if (issue.code === 'invalid_key') {
      // zod words a bad record key as "Invalid key in record"; the key's own failure says why.
      add(issue.path, issue.issues[0]?.message ?? issue.message);
    } else {
      add(issue.path, issue.message);
    }
  }
  return issues;
}

/** "a: is required; b: ..." with at most `limit` entries, for error messages. */
export function summarizeIssues(issues: readonly ValidationIssue[], limit = 5): string {
  const shown = issues.slice(0, limit).map((issue) => `${issue.path || '(document)'}: ${issue.message}`);
  const more = issues.length > limit ? ` (and ${issues.length - limit} more)` : '';
  return `${shown.join('; ')}${more}`;
}
