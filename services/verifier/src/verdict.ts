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
