import { LaurelError } from '@laurel/models';
import { UsageError } from './io.js';

/**
 * Runs a validation that may throw a zod error (from a domain schema) and
 * turns it into a usage error naming each field, exit code 2.
 */
export function validated<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    const issues = (error as { issues?: { path: PropertyKey[]; message: string }[] }).issues;
    if (error instanceof LaurelError || !Array.isArray(issues)) throw error;
    throw new UsageError(`Invalid input: ${issues.map((issue) => `${issue.path.map(String).join('.') || '(root)'}: ${issue.message}`).join('; ')}`);
  }
}
