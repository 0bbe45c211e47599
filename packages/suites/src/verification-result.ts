/** How one check ended. `unknown` means "could not check", never "probably fine". */
export type CheckStatus = 'valid' | 'invalid' | 'unknown';

export interface CheckResult {
  status: CheckStatus;
  /** A plain sentence a person can read. */
  reason: string;
  /** A stable machine code for invalid/unknown outcomes (e.g. `REVOKED`, `EXPIRED`). */
  code?: string;
  details?: Record<string, unknown>;
}

export const CREDENTIAL_CHECKS = ['proof', 'validity', 'status', 'issuer', 'schema'] as const;
export type CredentialCheckName = (typeof CREDENTIAL_CHECKS)[number];

export interface ProofResult extends CheckResult {
  /** The proof's `id`, when it has one (proof sets and chains use it). */
  id?: string;
  suite?: string;
  verificationMethod?: string;
  /** The DID or URL controlling the key, once resolved. */
  controller?: string;
  /** A note that does not change the status (a legacy cryptosuite name, say). */
  warning?: string;
}

export interface CredentialVerification {
  /** True only when every check is valid. */
  verified: boolean;
  checks: Record<CredentialCheckName, CheckResult>;
  proofs: ProofResult[];
  /** Notes that do not fail verification (an issuer missing from the trust registry, say). */
  warnings: string[];
}

export interface PresentationVerification {
  verified: boolean;
  /** `schema`: the presentation's own data model (VC 2.0 §4.13); each credential has its own checks. */
  checks: { proof: CheckResult; holder: CheckResult; schema: CheckResult };
  proofs: ProofResult[];
  credentials: CredentialVerification[];
  /** Notes on the presentation's own proofs; each credential carries its own. */
  warnings: string[];
}

/** The distinct notes a set of proofs carries, in proof order. */
export function proofWarnings(proofs: readonly ProofResult[]): string[] {
  return [...new Set(proofs.flatMap((proof) => (proof.warning ? [proof.warning] : [])))];
}

export function valid(reason: string, details?: Record<string, unknown>): CheckResult {
  return details ? { status: 'valid', reason, details } : { status: 'valid', reason };
}
export function invalid(code: string, reason: string, details?: Record<string, unknown>): CheckResult {
  return details ? { status: 'invalid', code, reason, details } : { status: 'invalid', code, reason };
}
export function unknown(code: string, reason: string, details?: Record<string, unknown>): CheckResult {
  return details ? { status: 'unknown', code, reason, details } : { status: 'unknown', code, reason };
}

/** Combines several results: any invalid wins, then any unknown, else valid. */
export function combine(results: readonly CheckResult[], emptyResult: CheckResult): CheckResult {
  if (results.length === 0) return emptyResult;
  const firstInvalid = results.find((result) => result.status === 'invalid');
  if (firstInvalid) return firstInvalid;
  const firstUnknown = results.find((result) => result.status === 'unknown');
  if (firstUnknown) return firstUnknown;
  return results.length === 1 && results[0] ? results[0] : valid(results.map((result) => result.reason).join(' '));
}
