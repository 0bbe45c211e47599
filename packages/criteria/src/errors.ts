import { LaurelError, type ValidationIssue } from '@laurel/models';
import { summarizeIssues } from './validation-issues.js';

/**
 * Achievement rules that cannot be applied. Every failing path is listed at
 * once, so an administrator fixes a rule set in one round instead of one
 * error per save.
 */
export class InvalidRulesError extends LaurelError {
  declare readonly code: 'INVALID_RULES';
  readonly issues: readonly ValidationIssue[];

  constructor(issues: readonly ValidationIssue[]) {
    super('INVALID_RULES', `Invalid achievement rules: ${summarizeIssues(issues)}`, { issues });
    this.issues = issues;
  }
}
