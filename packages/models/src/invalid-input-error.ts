import { LaurelError } from './errors.js';
import { summarizeIssues, type ValidationIssue } from './validation-issue.js';

/** A builder was called with input it cannot turn into a valid document; `issues` lists every failing path. */
export class InvalidInputError extends LaurelError {
  readonly issues: readonly ValidationIssue[];

  constructor(issues: readonly ValidationIssue[], what = 'input') {
    super('INVALID_INPUT', `Invalid ${what}: ${summarizeIssues(issues)}`, { issues });
    this.issues = issues;
  }
}
