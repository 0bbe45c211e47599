import { LaurelError } from './errors.js';
import { summarizeIssues, type ValidationIssue } from './validation-issue.js';

/** A credential or presentation breaks its data model; `issues` lists every failing path. */
export class CredentialValidationError extends LaurelError {
  readonly issues: readonly ValidationIssue[];

  constructor(issues: readonly ValidationIssue[], what = 'Credential') {
    super('INVALID_CREDENTIAL', `${what} does not conform to its data model: ${summarizeIssues(issues)}`, { issues });
    this.issues = issues;
  }
}
