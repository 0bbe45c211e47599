import path from 'node:path';
import type { Command } from 'commander';
import { createDocumentLoader } from '@laurel/contexts';
import { verifyCredential, CREDENTIAL_CHECKS, type CheckResult, type CredentialVerification } from '@laurel/suites';
import {
  VERDICT_HEADINGS,
  combineVerdicts,
  createIssuerRecognizer,
  failureReason,
  fileIssuerRegistry,
  loadTrustedIssuers,
  recognizeCredentialIssuer,
  verdictOf,
  type IssuerRecognition,
  type IssuerRecognizer,
  type Verdict,
} from '@laurel/trust';
import { formatJson, UsageError, type CliIo } from '../io.js';
import { readVerificationInput } from '../verification-input.js';
import { statusCheckerFromFiles } from '../status-from-files.js';
import { fetcherFromEnvironment, onlineChecks } from '../online-checks.js';

const SYMBOL = { valid: '✔', invalid: '✘', unknown: '?' } as const;
const WORD = { valid: 'valid', invalid: 'INVALID', unknown: 'could not check' } as const;

/**
 * 0 authentic (every check passed, whoever the issuer is), 1 invalid, 2 could not check;
 * 3 an authentic credential from an unrecognised issuer, only when the caller requires a trusted one.
 */
export function exitCodeFor(verdict: Verdict, requireTrusted = false): number {
  if (verdict === 'invalid') return 1;
  if (verdict === 'indeterminate') return 2;
  return verdict === 'unrecognized-issuer' && requireTrusted ? 3 : 0;
}

function line(name: string, check: CheckResult): string {
  return `${SYMBOL[check.status]} ${name.padEnd(9)}${WORD[check.status].padEnd(16)}${check.reason}\n`;
}

function sources(recognition: IssuerRecognition): string {
  return recognition.sources.map((source) => source.name).join('; ');
}

/** Whether a list or registry names the issuer (else only a domain is known, and its name stays a claim). */
function named(recognition: IssuerRecognition): boolean {
  return recognition.sources.some((source) => source.type !== 'domain-linkage');
}

/** The verdict in the verify page's words, then who issued it, said only as far as it is known. */
function verdictLine(verdict: Verdict, result: CredentialVerification, recognition: IssuerRecognition): string {
  const heading = VERDICT_HEADINGS[verdict];
  if (verdict === 'trusted') {
    const domains = recognition.domains.join(', ');
    return named(recognition)
      ? `${heading} Issued by ${recognition.name} (source: ${sources(recognition)}).${domains ? ` It controls ${domains}.` : ''}`
      : `${heading} Issued by ${recognition.id}, which controls ${domains} (source: ${sources(recognition)}).`;
  }
  if (verdict === 'unrecognized-issuer') {
    const claimed = recognition.claimedName ? `, who claims to be "${recognition.claimedName}" (claimed, not verified)` : '';
    return `${heading} Signed by ${recognition.id}${claimed}.`;
  }
  const reason = verdict === 'invalid' ? failureReason(CREDENTIAL_CHECKS.map((check) => ({ check, ...result.checks[check] }))) : undefined;
  return reason ? `${heading} ${reason}` : heading;
}

/** Issuer identity as one more line after the checks, so the checks alone never read as "all good". */
function identityLine(recognition: IssuerRecognition): string {
  const notes = recognition.notes.length ? ` (Could not consult: ${recognition.notes.join(' ')})` : '';
  if (!recognition.checked) return '? Issuer identity: not checked, as the credential is not shown to be signed by the issuer it names.\n';
  if (recognition.recognized) {
    const who = named(recognition) ? recognition.name : `${recognition.id}, which controls ${recognition.domains.join(', ')}`;
    return `✔ Issuer identity: recognised. ${who} (source: ${sources(recognition)}).${notes}\n`;
  }
  return `! Issuer identity: NOT recognised. ${recognition.id} is on no list given with --trusted-issuers or --registry.${notes}\n`;
}

function report(io: CliIo, verdict: Verdict, result: CredentialVerification, recognition: IssuerRecognition): void {
  io.stdout(`${verdictLine(verdict, result, recognition)}\n`);
  for (const name of CREDENTIAL_CHECKS) io.stdout(line(name, result.checks[name]));
  io.stdout(identityLine(recognition));
}

async function recognizerFrom(options: { trustedIssuers?: string; registry?: string[] }, fetchJson: ((url: URL) => Promise<unknown>) | undefined): Promise<IssuerRecognizer> {
  const read = async <T>(file: string, load: () => Promise<T>): Promise<T> => {
    try {
      return await load();
    } catch (error) {
      throw new UsageError(`${file}: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  const trustedIssuers = options.trustedIssuers ? await read(options.trustedIssuers, () => loadTrustedIssuers(options.trustedIssuers)) : undefined;
  const registries = await Promise.all(
    (options.registry ?? []).map((file) => read(file, () => fileIssuerRegistry(`the issuer registry ${path.basename(file)}`, file))),
  );
  return createIssuerRecognizer({
    ...(trustedIssuers ? { trustedIssuers } : {}),
    registries,
    // With --online, a did:web issuer's domain linkage is checked through the same guarded fetcher.
    ...(fetchJson ? { domainLinkage: { fetchJson } } : {}),
  });
}

const repeatable = (value: string, previous: string[] = []) => [...previous, value];

export function registerVerifyCommand(program: Command, io: CliIo, setExitCode: (code: number) => void): void {
  program
    .command('verify')
    .description('Verify a credential, or each credential of a presentation: the verdict first, then one line per check (proof, validity, status, issuer, schema), then whether the issuer is recognised')
    .argument('<input>', 'a file (credential or presentation JSON, a baked PNG or SVG badge, a PDF certificate), - for standard input, or an http(s) URL')
    .option('--status-list <file>', 'a status list credential to check revocation/suspension against (repeatable)', repeatable)
    .option('--trusted-issuers <file>', 'issuers you recognise: a JSON array of { "id": DID, "name", "url"? } (the verifier\'s TRUSTED_ISSUERS_FILE format)')
    .option('--registry <file>', 'an issuer registry in the DCC registry.json format (repeatable)', repeatable)
    .option('--require-trusted', 'exit 3 when the credential is authentic but its issuer is not recognised')
    .option('--online', 'fetch status lists, did:web documents and did:web domain linkage over the network, as the verifier service does')
    .option('--now <datetime>', 'verify as of this time instead of now (ISO 8601)')
    .option('--json', 'print the full result as JSON')
    .addHelpText(
      'after',
      '\nExit codes: 0 authentic (every check passed), 1 invalid, 2 could not check (or a usage error),' +
        '\n3 authentic but the issuer is not recognised, with --require-trusted only.' +
        '\nWithout --require-trusted an unrecognised issuer still exits 0, and the first line says so:' +
        '\na credential can be signed by anyone, and the name it gives its issuer is only a claim.',
    )
    .action(async (source: string, options: { statusList?: string[]; trustedIssuers?: string; registry?: string[]; requireTrusted?: boolean; now?: string; json?: boolean; online?: boolean }) => {
      const given = options.now ? new Date(options.now) : undefined;
      if (given && Number.isNaN(given.getTime())) throw new UsageError(`--now "${options.now}" is not a date-time.`);
      if (options.online && options.statusList?.length) throw new UsageError('Use either --online or --status-list, not both.');
      const input = await readVerificationInput(io, source, () => fetcherFromEnvironment(process.env));
      // "Now" is when the input has arrived: in `laurel issue | laurel verify -` both start together,
      // and the credential may be issued a second after verify started waiting for it.
      const now = given ?? new Date();
      if (input.kind === 'revoked') {
        // The issuer's own word, before any check: 410 Gone is how an issuer withdraws a credential's URL.
        if (options.json) io.stdout(formatJson({ verified: false, verdict: 'invalid', revoked: true, url: input.url }));
        else io.stdout(`${VERDICT_HEADINGS.invalid} It was revoked by the issuer: ${input.url} answers 410 Gone.\n`);
        setExitCode(1);
        return;
      }
      const online = options.online ? onlineChecks(now) : undefined;
      const checkStatus = online?.checkStatus ?? (options.statusList?.length ? await statusCheckerFromFiles(io, options.statusList, now) : undefined);
      const documentLoader = online?.documentLoader ?? createDocumentLoader();
      const verify = (credential: unknown) =>
        verifyCredential(credential, { now, ...(checkStatus ? { checkStatus } : {}), ...(online ? { documentLoader: online.documentLoader } : {}) });
      const credentials = input.kind === 'credential' ? [input.credential] : ([] as unknown[]).concat(input.presentation.verifiableCredential ?? []);
      if (credentials.length === 0) throw new UsageError(`${source === '-' ? 'standard input' : source}: the presentation holds no credentials.`);
      const results: { result: CredentialVerification; recognition: IssuerRecognition; verdict: Verdict }[] = [];
      try {
        const recognizer = await recognizerFrom(options, online?.fetchJson);
        // One after another, sharing the online fetches: a list named twice is read once.
        for (const credential of credentials) {
          const result = await verify(credential);
          const recognition = await recognizeCredentialIssuer(result, credential, recognizer, { documentLoader, now });
          const verdict = verdictOf(CREDENTIAL_CHECKS.map((name) => result.checks[name]), recognition.recognized);
          results.push({ result, recognition, verdict });
        }
      } finally {
        await online?.close();
      }
      const withVerdict = ({ result, recognition, verdict }: (typeof results)[number]) => ({ ...result, verdict, recognition });
      if (options.json) {
        io.stdout(
          formatJson(
            input.kind === 'credential'
              ? withVerdict(results[0]!)
              : { presentation: true, verified: results.every(({ result }) => result.verified), verdict: combineVerdicts(results.map(({ verdict }) => verdict)), credentials: results.map(withVerdict) },
          ),
        );
      } else if (input.kind === 'credential') {
        report(io, results[0]!.verdict, results[0]!.result, results[0]!.recognition);
      } else {
        io.stdout(`A presentation holding ${results.length} credential${results.length === 1 ? '' : 's'}; its own proof is not checked (it proves who presented it only against a challenge you issued).\n`);
        results.forEach(({ result, recognition, verdict }, index) => {
          io.stdout(`\nCredential ${index + 1} of ${results.length}: `);
          report(io, verdict, result, recognition);
        });
      }
      // The worst credential decides: invalid over could not check over unrecognised.
      setExitCode(exitCodeFor(combineVerdicts(results.map(({ verdict }) => verdict)), options.requireTrusted));
    });
}
