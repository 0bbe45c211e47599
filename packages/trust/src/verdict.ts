import type { CheckStatus } from '@laurel/suites';

/**
 * The overall answer, in the order a reader needs it:
 * - `invalid`: a check failed (forged, tampered, revoked, expired, …);
 * - `indeterminate`: nothing failed, but something could not be checked;
 * - `unrecognized-issuer`: every check passed (the credential is authentic: signed by the
 *   DID it names as issuer and unchanged since), but no source this verifier trusts knows
 *   that DID, so its claimed name is only a claim;
 * - `trusted`: authentic, and the issuer is recognised.
 */
export const VERDICTS = ['trusted', 'unrecognized-issuer', 'invalid', 'indeterminate'] as const;
export type Verdict = (typeof VERDICTS)[number];

export function verdictOf(checks: readonly { status: CheckStatus }[], issuerRecognized: boolean): Verdict {
  if (checks.some((check) => check.status === 'invalid')) return 'invalid';
  if (checks.some((check) => check.status !== 'valid')) return 'indeterminate';
  return issuerRecognized ? 'trusted' : 'unrecognized-issuer';
}

/** Several credentials (a presentation): the worst one decides. */
export function combineVerdicts(verdicts: readonly Verdict[]): Verdict {
  for (const verdict of ['invalid', 'indeterminate', 'unrecognized-issuer'] as const) {
    if (verdicts.includes(verdict)) return verdict;
  }
  return 'trusted';
}

/**
 * The verdict in words, the same on the verify page and in `laurel verify`: the first thing a
 * reader meets, so "authentic" and "recognised" are never run together.
 */
export const VERDICT_HEADINGS: Record<Verdict, string> = {
  trusted: 'This credential is authentic and its issuer is recognised.',
  'unrecognized-issuer': 'This credential is authentic, but its issuer is NOT recognised.',
  invalid: 'This credential is NOT valid.',
  indeterminate: 'This credential could not be fully checked.',
};

// The commonest reasons a credential fails, said in the verdict itself rather than only in the checks below.
const FAILURE_REASONS: Record<string, string> = {
  REVOKED: 'It has been revoked by its issuer.',
  SUSPENDED: 'It is suspended by its issuer.',
  EXPIRED: 'It has expired.',
  NOT_YET_VALID: 'It is not valid yet.',
};

/** Why an `invalid` credential failed, in one sentence, when the failed checks say it plainly. */
export function failureReason(checks: readonly { check: string; status: CheckStatus; code?: string }[]): string | undefined {
  const known = checks.map((check) => (check.status !== 'valid' && check.code ? FAILURE_REASONS[check.code] : undefined)).find(Boolean);
  if (known) return known;
  const failed = (name: string) => checks.some((check) => check.check === name && check.status === 'invalid');
  if (failed('proof') || failed('issuer')) return 'It is not authentic: it was changed after it was signed, or not signed by the issuer it names.';
  return undefined;
}
