import { createDocumentLoader } from '@laurel/contexts';
import { createFetchBudget, memoize } from '@laurel/guarded-fetch';
import { createStatusChecker } from '@laurel/status-list';
import {
  CREDENTIAL_CHECKS,
  verifyCredential,
  verifyPresentation,
  type CheckResult,
  type CredentialVerification,
  type PresentationVerification,
} from '@laurel/suites';
import { isDatabaseUnavailable } from '@laurel/store';
import { issuerWarning, type KnownIssuer, type TrustedIssuers } from './trusted-issuers.js';

export interface VerifierDeps {
  /** The guarded outbound fetcher, returning parsed JSON. */
  fetchJson: (url: URL) => Promise<unknown>;
  /** Status lists this installation hosts, straight from the store; undefined when the URL is not ours. */
  localStatusList?: (url: string) => Promise<unknown>;
  trustedIssuers: TrustedIssuers;
  now: () => Date;
  /** Distinct remote documents (did:web, status lists) one request may fetch; default DEFAULT_MAX_REMOTE_FETCHES. */
  maxRemoteFetches?: number;
}

export const DEFAULT_MAX_REMOTE_FETCHES = 10;

/** One check as the API reports it. */
export interface ReportedCheck extends CheckResult {
  check: string;
}

export interface VerificationReport {
  verified: boolean;
  checks: ReportedCheck[];
  warnings: string[];
  errors: ReportedCheck[];
  issuer?: KnownIssuer;
}

function issuerIdOf(credential: unknown): string | undefined {
  const issuer = (credential as { issuer?: unknown } | null)?.issuer;
  if (typeof issuer === 'string') return issuer;
  if (issuer && typeof issuer === 'object' && typeof (issuer as { id?: unknown }).id === 'string') return (issuer as { id: string }).id;
  return undefined;
}

export function reportCredential(result: CredentialVerification, credential: unknown, trustedIssuers: TrustedIssuers): VerificationReport {
  const checks = CREDENTIAL_CHECKS.map((name) => ({ check: name, ...result.checks[name] }));
  const { known, warning } = issuerWarning(issuerIdOf(credential), trustedIssuers);
  return {
    verified: result.verified,
    checks,
    warnings: [...result.warnings, ...(warning ? [warning] : [])],
    errors: checks.filter((check) => check.status !== 'valid'),
    ...(known ? { issuer: known } : {}),
  };
}

/**
 * The verifier's checks, composed: did:web and remote status lists through the
 * guarded fetcher, our own lists from the store, the clock from outside.
 */
export function createVerifier(deps: VerifierDeps) {
  const limit = deps.maxRemoteFetches ?? DEFAULT_MAX_REMOTE_FETCHES;
  /**
   * Fresh per request: every did:web document and status list is read once
   * however many proofs and entries name it, and the remote ones count
   * against the request's limit. Across requests the guarded fetcher's
   * cache (TTL, ETag) applies. A list we host that cannot be read because
   * our own database is down says nothing about the credential: the
   * verification then fails as a whole (503, try again) instead of
   * reporting a status error.
   */
  function perRequest(now: Date) {
    const budget = createFetchBudget(deps.fetchJson, limit);
    const documentLoader = createDocumentLoader({ fetchDidWebDocument: (url) => budget.fetchJson(url) });
    let outage: unknown;
    const loadStatusList = memoize(async (url: string) => {
      const local = await Promise.resolve(deps.localStatusList?.(url)).catch((error: unknown) => {
        if (isDatabaseUnavailable(error)) outage ??= error;
        throw error;
      });
      return local ?? budget.fetchJson(new URL(url));
    });
    return {
      options: { documentLoader, now, checkStatus: createStatusChecker({ loadStatusList, documentLoader, now }) },
      throwOutage: () => {
        if (outage !== undefined) throw outage;
      },
    };
  }

  return {
    async verifyCredential(credential: unknown): Promise<{ result: CredentialVerification; report: VerificationReport }> {
      const request = perRequest(deps.now());
      const result = await verifyCredential(credential, request.options);
      request.throwOutage();
      return { result, report: reportCredential(result, credential, deps.trustedIssuers) };
    },

    /**
     * Several credentials as one request (a presentation's, shown one by one
     * on the page): one fetch budget for all. One after another, so when the
     * budget runs out it is the later credentials that could not be checked.
     */
    async verifyCredentials(credentials: unknown[]): Promise<{ result: CredentialVerification; report: VerificationReport }[]> {
      const request = perRequest(deps.now());
      const verified: { result: CredentialVerification; report: VerificationReport }[] = [];
      for (const credential of credentials) {
        const result = await verifyCredential(credential, request.options);
        verified.push({ result, report: reportCredential(result, credential, deps.trustedIssuers) });
      }
      request.throwOutage();
      return verified;
    },

    async verifyPresentation(presentation: unknown, options: { challenge: string; domain?: string }): Promise<{ result: PresentationVerification; report: VerificationReport }> {
      const request = perRequest(deps.now());
      const result = await verifyPresentation(presentation, { ...options, ...request.options });
      request.throwOutage();
      const credentialReports = result.credentials.map((credentialResult, index) =>
        reportCredential(credentialResult, ([] as unknown[]).concat((presentation as { verifiableCredential?: unknown }).verifiableCredential ?? [])[index], deps.trustedIssuers),
      );
      const checks: ReportedCheck[] = [
        { check: 'proof', ...result.checks.proof },
        { check: 'holder', ...result.checks.holder },
        ...credentialReports.flatMap((report, index) => report.checks.map((check) => ({ ...check, check: `credential[${index}].${check.check}` }))),
      ];
      return {
        result,
        report: {
          verified: result.verified,
          checks,
          // The presentation's own proof notes first, then each credential's.
          warnings: [...result.warnings, ...credentialReports.flatMap((report) => report.warnings)],
          errors: checks.filter((check) => check.status !== 'valid'),
        },
      };
    },
  };
}

export type Verifier = ReturnType<typeof createVerifier>;
