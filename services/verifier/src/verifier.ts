import { createDocumentLoader, oneVerificationLoader } from '@laurel/contexts';
import { createFetchBudget, memoize, type JsonFetcher } from '@laurel/guarded-fetch';
import { createStatusChecker, type VerifiedStatusLists } from '@laurel/status-list';
import {
  CREDENTIAL_CHECKS,
  verifyCredential,
  verifyPresentation,
  type CheckResult,
  type CredentialVerification,
  type PresentationVerification,
} from '@laurel/suites';
import { isDatabaseUnavailable } from '@laurel/store';
import type { CryptoPool } from '@laurel/crypto-pool';
import {
  combineVerdicts,
  createIssuerRecognizer,
  issuerIdOf,
  issuerWarning,
  recognizeCredentialIssuer,
  verdictOf,
  type IssuerRecognition,
  type IssuerRecognizer,
  type KnownIssuer,
  type TrustedIssuers,
  type Verdict,
} from '@laurel/trust';

export interface VerifierDeps {
  /**
   * The guarded outbound fetcher, returning parsed JSON. It may hand out
   * shared, deeply frozen documents (`asJsonFetcher({ shared: true })`): the
   * verifier gives a copy of its own to whatever might change one (DID
   * documents, DID configurations) and reads status lists in place. Each
   * call carries the headers of the request it is made for (its X-Request-Id).
   */
  fetchJson: JsonFetcher;
  /** Status lists this installation hosts, straight from the store; undefined when the URL is not ours. */
  localStatusList?: (url: string) => Promise<unknown>;
  trustedIssuers: TrustedIssuers;
  /** Who the signing DIDs are (lists, registries, domain linkage); default: `trustedIssuers` and did:web domain linkage. */
  issuerRecognizer?: IssuerRecognizer;
  now: () => Date;
  /** Distinct remote documents (did:web, status lists) one request may fetch; default DEFAULT_MAX_REMOTE_FETCHES. */
  maxRemoteFetches?: number;
  /** Status list verifications reused across requests while a list is unchanged; none without it. */
  verifiedStatusLists?: VerifiedStatusLists;
  /**
   * Proofs checked on worker threads (CRYPTO_WORKERS); without it, on this thread. Either way the
   * status lists and did:web documents are read here, through the request's budget and caches.
   */
  cryptoPool?: Pick<CryptoPool, 'verifyCredential' | 'verifyPresentation'>;
}

export const DEFAULT_MAX_REMOTE_FETCHES = 10;

/** The request a verification is made for, as its outbound calls name it (X-Request-Id). */
export interface ForRequest {
  requestHeaders?: Readonly<Record<string, string>>;
}

/** A fetcher whose every answer is the caller's own copy, whatever the underlying one hands out. */
export function copiedJson(fetchJson: JsonFetcher): JsonFetcher {
  return async (url, init) => structuredClone(await fetchJson(url, init));
}

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
  /** The overall answer: every check, then whether the issuer is recognised. */
  verdict: Verdict;
  /** A credential's issuer as the verifier knows it, apart from what the credential claims. */
  recognition?: IssuerRecognition;
  /** A presentation's credentials, each with its own verdict and issuer. */
  credentials?: { verdict: Verdict; recognition: IssuerRecognition }[];
}

export function reportCredential(result: CredentialVerification, credential: unknown, trustedIssuers: TrustedIssuers, recognition: IssuerRecognition): VerificationReport {
  const checks = CREDENTIAL_CHECKS.map((name) => ({ check: name, ...result.checks[name] }));
  const { known, warning } = issuerWarning(issuerIdOf(credential), trustedIssuers);
  return {
    verified: result.verified,
    checks,
    warnings: [...result.warnings, ...(warning ? [warning] : [])],
    errors: checks.filter((check) => check.status !== 'valid'),
    ...(known ? { issuer: known } : {}),
    verdict: verdictOf(checks, recognition.recognized),
    recognition,
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
  function perRequest(now: Date, forRequest: ForRequest) {
    const { requestHeaders } = forRequest;
    const budget = createFetchBudget(requestHeaders ? (url) => deps.fetchJson(url, { requestHeaders }) : deps.fetchJson, limit);
    const fetchDidWebDocument = (url: URL) => budget.fetchJson(url);
    const documentLoader = oneVerificationLoader(createDocumentLoader({ fetchDidWebDocument }));
    let outage: unknown;
    // Status lists are only read (the checker verifies a copy of a list it has not seen): not copied per entry.
    const loadStatusList = memoize(
      async (url: string) => {
        const local = await Promise.resolve(deps.localStatusList?.(url)).catch((error: unknown) => {
          if (isDatabaseUnavailable(error)) outage ??= error;
          throw error;
        });
        return local ?? budget.fetchShared(new URL(url));
      },
      { shared: true },
    );
    return {
      options: { documentLoader, now, checkStatus: createStatusChecker({ loadStatusList, documentLoader, now, ...(deps.verifiedStatusLists ? { verifiedLists: deps.verifiedStatusLists } : {}) }) },
      fetchDidWebDocument,
      budget,
      throwOutage: () => {
        if (outage !== undefined) throw outage;
      },
    };
  }
  const recognizer = deps.issuerRecognizer ?? createIssuerRecognizer({ trustedIssuers: deps.trustedIssuers, domainLinkage: { fetchJson: copiedJson(deps.fetchJson) } });

  // The issuer is looked up only once the credential is shown to be signed by it: for anything
  // else, who the DID is says nothing about the credential (and costs fetches for nothing).
  // Its remote lookups (a did:web domain's /.well-known/did-configuration.json) go through the
  // request's budget like the DID documents and status lists: each distinct URL once per
  // verification (a presentation's credentials from one domain share one fetch), counted against
  // the cap. A credential names its own issuer, so an uncounted fetch there would let a hostile
  // presentation name as many domains as it holds credentials. Once the budget is spent the fetch
  // is refused, not made: recognition then rests on the sources that need no fetch (the trusted
  // issuers list, registries already loaded) and its notes say which source could not be consulted.
  // URL registries are not counted: the operator chose them, and they are refreshed on a timer
  // shared by all requests, whatever the credentials name.
  async function recognize(result: CredentialVerification, credential: unknown, request: ReturnType<typeof perRequest>): Promise<IssuerRecognition> {
    const { documentLoader, now } = request.options;
    return recognizeCredentialIssuer(result, credential, recognizer, { documentLoader, now, fetchJson: (url) => request.budget.fetchJson(url) });
  }

  const pool = deps.cryptoPool;
  function checkCredential(credential: unknown, request: ReturnType<typeof perRequest>): Promise<CredentialVerification> {
    const { now, checkStatus } = request.options;
    return pool ? pool.verifyCredential(credential, { now, checkStatus, fetchDidWebDocument: request.fetchDidWebDocument }) : verifyCredential(credential, request.options);
  }
  function checkPresentation(presentation: unknown, options: { challenge: string; domain?: string }, request: ReturnType<typeof perRequest>): Promise<PresentationVerification> {
    const { now, checkStatus } = request.options;
    return pool
      ? pool.verifyPresentation(presentation, { ...options, now, checkStatus, fetchDidWebDocument: request.fetchDidWebDocument })
      : verifyPresentation(presentation, { ...options, ...request.options });
  }

  return {
    async verifyCredential(credential: unknown, forRequest: ForRequest = {}): Promise<{ result: CredentialVerification; report: VerificationReport }> {
      const request = perRequest(deps.now(), forRequest);
      const result = await checkCredential(credential, request);
      request.throwOutage();
      return { result, report: reportCredential(result, credential, deps.trustedIssuers, await recognize(result, credential, request)) };
    },

    /**
     * Several credentials as one request (a presentation's, shown one by one
     * on the page): one fetch budget for all. One after another, so when the
     * budget runs out it is the later credentials that could not be checked.
     */
    async verifyCredentials(credentials: unknown[], forRequest: ForRequest = {}): Promise<{ result: CredentialVerification; report: VerificationReport }[]> {
      const request = perRequest(deps.now(), forRequest);
      const verified: { result: CredentialVerification; report: VerificationReport }[] = [];
      for (const credential of credentials) {
        const result = await checkCredential(credential, request);
        verified.push({ result, report: reportCredential(result, credential, deps.trustedIssuers, await recognize(result, credential, request)) });
      }
      request.throwOutage();
      return verified;
    },

    async verifyPresentation(presentation: unknown, options: { challenge: string; domain?: string }, forRequest: ForRequest = {}): Promise<{ result: PresentationVerification; report: VerificationReport }> {
      const request = perRequest(deps.now(), forRequest);
      const result = await checkPresentation(presentation, options, request);
      request.throwOutage();
      const credentialReports = await Promise.all(
        result.credentials.map(async (credentialResult, index) => {
          const credential = ([] as unknown[]).concat((presentation as { verifiableCredential?: unknown }).verifiableCredential ?? [])[index];
          return reportCredential(credentialResult, credential, deps.trustedIssuers, await recognize(credentialResult, credential, request));
        }),
      );
      const checks: ReportedCheck[] = [
        { check: 'proof', ...result.checks.proof },
        { check: 'holder', ...result.checks.holder },
        { check: 'schema', ...result.checks.schema },
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
          // The presentation's own checks (its issuer is the holder: nothing to recognise), then the worst credential.
          verdict: combineVerdicts([verdictOf([result.checks.proof, result.checks.holder, result.checks.schema], true), ...credentialReports.map((report) => report.verdict)]),
          credentials: credentialReports.map((report) => ({ verdict: report.verdict, recognition: report.recognition! })),
        },
      };
    },
  };
}

export type Verifier = ReturnType<typeof createVerifier>;
