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
import { LaurelError } from '@laurel/models';
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

interface VerifyOptions {
  statusList?: string[];
  trustedIssuers?: string;
  registry?: string[];
  requireTrusted?: boolean;
  now?: string;
  json?: boolean;
  online?: boolean;
  progress: boolean;
}

interface Checked {
  result: CredentialVerification;
  recognition: IssuerRecognition;
  verdict: Verdict;
}

/** What one input came to: its credentials' results, the issuer's 410 for its URL, or (several inputs only) why it could not be read. */
type InputOutcome = ReadInput | { source: string; kind: 'revoked'; url: string } | { source: string; kind: 'unreadable'; message: string; verdict: Verdict };

/** An input that held credentials: `results[i]` is filled in once `credentials[i]` is verified. */
interface ReadInput {
  source: string;
  kind: 'credential' | 'presentation';
  credentials: unknown[];
  results: Checked[];
}

const heldCredentials = (outcome: InputOutcome): outcome is ReadInput => outcome.kind === 'credential' || outcome.kind === 'presentation';

function verdictOfInput(outcome: InputOutcome): Verdict {
  if (outcome.kind === 'revoked') return 'invalid';
  if (outcome.kind === 'unreadable') return outcome.verdict;
  return combineVerdicts(outcome.results.map(({ verdict }) => verdict));
}

const withVerdict = ({ result, recognition, verdict }: Checked) => ({ ...result, verdict, recognition });

/** One input's result as JSON: the shape `laurel verify --json` has always printed for a single input. */
function inputJson(outcome: InputOutcome): Record<string, unknown> {
  if (outcome.kind === 'revoked') return { verified: false, verdict: 'invalid', revoked: true, url: outcome.url };
  if (outcome.kind === 'unreadable') return { verified: false, verdict: outcome.verdict, error: outcome.message };
  if (outcome.kind === 'credential') return withVerdict(outcome.results[0]!);
  const { results } = outcome;
  return { presentation: true, verified: results.every(({ result }) => result.verified), verdict: verdictOfInput(outcome), credentials: results.map(withVerdict) };
}

function printInput(io: CliIo, outcome: InputOutcome): void {
  if (outcome.kind === 'revoked') {
    // The issuer's own word, before any check: 410 Gone is how an issuer withdraws a credential's URL.
    io.stdout(`${VERDICT_HEADINGS.invalid} It was revoked by the issuer: ${outcome.url} answers 410 Gone.\n`);
  } else if (outcome.kind === 'unreadable') {
    io.stdout(`${VERDICT_HEADINGS[outcome.verdict]} ${outcome.message}\n`);
  } else if (outcome.kind === 'credential') {
    const [only] = outcome.results;
    report(io, only!.verdict, only!.result, only!.recognition);
  } else {
    const { results } = outcome;
    io.stdout(`A presentation holding ${results.length} credential${results.length === 1 ? '' : 's'}; its own proof is not checked (it proves who presented it only against a challenge you issued).\n`);
    results.forEach(({ result, recognition, verdict }, index) => {
      io.stdout(`\nCredential ${index + 1} of ${results.length}: `);
      report(io, verdict, result, recognition);
    });
  }
}

/** After several inputs: how many came to each verdict. */
function summaryLine(outcomes: InputOutcome[]): string {
  const count = (verdict: Verdict) => outcomes.filter((outcome) => verdictOfInput(outcome) === verdict).length;
  return `${outcomes.length} inputs: ${count('trusted')} authentic from a recognised issuer, ${count('unrecognized-issuer')} authentic from an issuer not recognised, ${count('invalid')} invalid, ${count('indeterminate')} could not be checked.\n`;
}

/** A progress bar on the terminal (stderr) only, so output piped to a file stays clean. */
async function progressBar(enabled: boolean, total: number) {
  if (!enabled || total < 2 || !process.stderr.isTTY) return undefined;
  const { SingleBar, Presets } = await import('cli-progress');
  const bar = new SingleBar({ format: 'verify [{bar}] {value}/{total} credentials', stream: process.stderr }, Presets.shades_classic);
  bar.start(total, 0);
  return bar;
}

export function registerVerifyCommand(program: Command, io: CliIo, setExitCode: (code: number) => void): void {
  program
    .command('verify')
    .description('Verify a credential, or each credential of a presentation: the verdict first, then one line per check (proof, validity, status, issuer, schema), then whether the issuer is recognised. Several inputs are verified in one run, each reported under its name, then counted')
    .argument('<inputs...>', 'each a file (credential or presentation JSON, a baked PNG or SVG badge, a PDF certificate), - for standard input (once), or an http(s) URL')
    .option('--status-list <file>', 'a status list credential to check revocation/suspension against (repeatable)', repeatable)
    .option('--trusted-issuers <file>', 'issuers you recognise: a JSON array of { "id": DID, "name", "url"? } (the verifier\'s TRUSTED_ISSUERS_FILE format)')
    .option('--registry <file>', 'an issuer registry in the DCC registry.json format (repeatable)', repeatable)
    .option('--require-trusted', 'exit 3 when the credential is authentic but its issuer is not recognised')
    .option('--online', 'fetch status lists, did:web documents and did:web domain linkage over the network, as the verifier service does')
    .option('--now <datetime>', 'verify as of this time instead of now (ISO 8601)')
    .option('--json', 'print the full result as JSON')
    .option('--no-progress', 'no progress bar (it is shown on a terminal for more than one credential)')
    .addHelpText(
      'after',
      '\nExit codes: 0 authentic (every check passed), 1 invalid, 2 could not check (or a usage error),' +
        '\n3 authentic but the issuer is not recognised, with --require-trusted only.' +
        '\nWithout --require-trusted an unrecognised issuer still exits 0, and the first line says so:' +
        '\na credential can be signed by anyone, and the name it gives its issuer is only a claim.' +
        '\nWith several inputs the worst decides (invalid, then could not check, then not recognised), and an' +
        '\ninput that cannot be read is reported as "could not check" while the others are still verified.',
    )
    .action(async (sources: string[], options: VerifyOptions) => {
      const given = options.now ? new Date(options.now) : undefined;
      if (given && Number.isNaN(given.getTime())) throw new UsageError(`--now "${options.now}" is not a date-time.`);
      if (options.online && options.statusList?.length) throw new UsageError('Use either --online or --status-list, not both.');
      if (sources.filter((source) => source === '-').length > 1) throw new UsageError('Standard input (-) can be read only once.');
      const several = sources.length > 1;
      const outcomes = await readInputs(io, sources, several);
      // "Now" is when the inputs have arrived: in `laurel issue | laurel verify -` both start together,
      // and the credential may be issued a second after verify started waiting for it.
      const now = given ?? new Date();
      const online = options.online ? onlineChecks(now) : undefined;
      try {
        const checkStatus = online?.checkStatus ?? (options.statusList?.length ? await statusCheckerFromFiles(io, options.statusList, now) : undefined);
        const documentLoader = online?.documentLoader ?? createDocumentLoader();
        const verify = (credential: unknown): Promise<CredentialVerification> =>
          verifyCredential(credential, { now, ...(checkStatus ? { checkStatus } : {}), ...(online ? { documentLoader: online.documentLoader } : {}) });
        const recognizer = await recognizerFrom(options, online?.fetchJson);
        const tasks = outcomes.filter(heldCredentials).flatMap((outcome) => outcome.credentials.map((credential, index) => ({ outcome, credential, index })));
        const bar = await progressBar(options.progress, tasks.length);
        // One after another, sharing the online fetches: a list named twice is read once.
        for (const { outcome, credential, index } of tasks) {
          const result = await verify(credential);
          const recognition = await recognizeCredentialIssuer(result, credential, recognizer, { documentLoader, now });
          const verdict = verdictOf(CREDENTIAL_CHECKS.map((name) => result.checks[name]), recognition.recognized);
          outcome.results[index] = { result, recognition, verdict };
          bar?.increment();
        }
        bar?.stop();
      } finally {
        await online?.close();
      }
      // The worst input decides: invalid over could not check over unrecognised.
      const verdict = combineVerdicts(outcomes.map(verdictOfInput));
      if (options.json) {
        io.stdout(formatJson(several ? { verdict, inputs: outcomes.map((outcome) => ({ input: outcome.source, ...inputJson(outcome) })) } : inputJson(outcomes[0]!)));
      } else if (several) {
        for (const outcome of outcomes) {
          io.stdout(`\n== ${outcome.source === '-' ? 'standard input' : outcome.source} ==\n`);
          printInput(io, outcome);
        }
        io.stdout(`\n${summaryLine(outcomes)}`);
      } else {
        printInput(io, outcomes[0]!);
      }
      setExitCode(exitCodeFor(verdict, options.requireTrusted));
    });
}

/**
 * Reads every input before any is verified. With one input, what cannot be
 * read ends the command as before (a usage error, exit 2; a badge altered
 * after baking, exit 1); with several, it is that input's outcome and the
 * others still run.
 */
async function readInputs(io: CliIo, sources: string[], several: boolean): Promise<InputOutcome[]> {
  const outcomes: InputOutcome[] = [];
  for (const source of sources) {
    try {
      const input = await readVerificationInput(io, source, () => fetcherFromEnvironment(process.env));
      if (input.kind === 'revoked') {
        outcomes.push({ source, kind: 'revoked', url: input.url });
        continue;
      }
      const credentials = input.kind === 'credential' ? [input.credential] : ([] as unknown[]).concat(input.presentation.verifiableCredential ?? []);
      if (credentials.length === 0) throw new UsageError(`${source === '-' ? 'standard input' : source}: the presentation holds no credentials.`);
      outcomes.push({ source, kind: input.kind, credentials, results: [] });
    } catch (error) {
      if (!several || !(error instanceof LaurelError)) throw error;
      outcomes.push({ source, kind: 'unreadable', message: error.message, verdict: error.code === 'TAMPERED_BADGE' ? 'invalid' : 'indeterminate' });
    }
  }
  return outcomes;
}
