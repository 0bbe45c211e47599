import type { Command } from 'commander';
import { verifyCredential, CREDENTIAL_CHECKS, type CheckResult, type CredentialVerification } from '@laurel/suites';
import { formatJson, UsageError, type CliIo } from '../io.js';
import { readVerificationInput } from '../verification-input.js';
import { statusCheckerFromFiles } from '../status-from-files.js';
import { fetcherFromEnvironment, onlineChecks } from '../online-checks.js';

const SYMBOL = { valid: '✔', invalid: '✘', unknown: '?' } as const;
const WORD = { valid: 'valid', invalid: 'INVALID', unknown: 'could not check' } as const;

/** 0 when everything checked out, 1 when something is wrong, 2 when something could not be checked. */
export function exitCodeFor(result: CredentialVerification): number {
  const statuses = Object.values(result.checks).map((check) => check.status);
  if (statuses.includes('invalid')) return 1;
  if (statuses.includes('unknown')) return 2;
  return 0;
}

/** The worst of several exit codes: invalid (1) over could not check (2) over valid (0). */
function worstOf(codes: number[]): number {
  return codes.includes(1) ? 1 : codes.includes(2) ? 2 : 0;
}

const VERDICT = ['The credential is valid.\n', 'The credential is NOT valid.\n', 'The credential could not be fully checked.\n'] as const;

function line(name: string, check: CheckResult): string {
  return `${SYMBOL[check.status]} ${name.padEnd(9)}${WORD[check.status].padEnd(16)}${check.reason}\n`;
}

export function registerVerifyCommand(program: Command, io: CliIo, setExitCode: (code: number) => void): void {
  program
    .command('verify')
    .description('Verify a credential, or each credential of a presentation: one line per check (proof, validity, status, issuer, schema)')
    .argument('<input>', 'a file (credential or presentation JSON, a baked PNG or SVG badge, a PDF certificate), - for standard input, or an http(s) URL')
    .option('--status-list <file>', 'a status list credential to check revocation/suspension against (repeatable)', (value: string, previous: string[] = []) => [...previous, value])
    .option('--online', 'fetch status lists and did:web documents over the network, as the verifier service does')
    .option('--now <datetime>', 'verify as of this time instead of now (ISO 8601)')
    .option('--json', 'print the full result as JSON')
    .addHelpText('after', '\nExit codes: 0 valid, 1 invalid, 2 could not check (or a usage error).')
    .action(async (source: string, options: { statusList?: string[]; now?: string; json?: boolean; online?: boolean }) => {
      const given = options.now ? new Date(options.now) : undefined;
      if (given && Number.isNaN(given.getTime())) throw new UsageError(`--now "${options.now}" is not a date-time.`);
      if (options.online && options.statusList?.length) throw new UsageError('Use either --online or --status-list, not both.');
      const input = await readVerificationInput(io, source, () => fetcherFromEnvironment(process.env));
      // "Now" is when the input has arrived: in `laurel issue | laurel verify -` both start together,
      // and the credential may be issued a second after verify started waiting for it.
      const now = given ?? new Date();
      if (input.kind === 'revoked') {
        // The issuer's own word, before any check: 410 Gone is how an issuer withdraws a credential's URL.
        if (options.json) io.stdout(formatJson({ verified: false, revoked: true, url: input.url }));
        else io.stdout(`✘ revoked   The credential was revoked by the issuer: ${input.url} answers 410 Gone.\n${VERDICT[1]}`);
        setExitCode(1);
        return;
      }
      const online = options.online ? onlineChecks(now) : undefined;
      const checkStatus = online?.checkStatus ?? (options.statusList?.length ? await statusCheckerFromFiles(io, options.statusList, now) : undefined);
      const verify = (credential: unknown) =>
        verifyCredential(credential, { now, ...(checkStatus ? { checkStatus } : {}), ...(online ? { documentLoader: online.documentLoader } : {}) });
      const credentials = input.kind === 'credential' ? [input.credential] : ([] as unknown[]).concat(input.presentation.verifiableCredential ?? []);
      if (credentials.length === 0) throw new UsageError(`${source === '-' ? 'standard input' : source}: the presentation holds no credentials.`);
      const results: CredentialVerification[] = [];
      try {
        // One after another, sharing the online fetches: a list named twice is read once.
        for (const credential of credentials) results.push(await verify(credential));
      } finally {
        await online?.close();
      }
      const codes = results.map(exitCodeFor);
      if (options.json) {
        io.stdout(formatJson(input.kind === 'credential' ? results[0] : { presentation: true, verified: results.every((result) => result.verified), credentials: results }));
      } else if (input.kind === 'credential') {
        for (const name of CREDENTIAL_CHECKS) io.stdout(line(name, results[0]!.checks[name]));
        io.stdout(VERDICT[codes[0]! as 0 | 1 | 2]);
      } else {
        io.stdout(`A presentation holding ${results.length} credential${results.length === 1 ? '' : 's'}; its own proof is not checked (it proves who presented it only against a challenge you issued).\n`);
        results.forEach((result, index) => {
          io.stdout(`\nCredential ${index + 1} of ${results.length}:\n`);
          for (const name of CREDENTIAL_CHECKS) io.stdout(line(name, result.checks[name]));
          io.stdout(VERDICT[codes[index]! as 0 | 1 | 2]);
        });
      }
      setExitCode(worstOf(codes));
    });
}
