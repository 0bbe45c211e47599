import type { Command } from 'commander';
import { verifyCredential, CREDENTIAL_CHECKS, type CheckResult, type CredentialVerification } from '@laurel/suites';
import { formatJson, readJsonInput, UsageError, type CliIo } from '../io.js';
import { readBakedCredential } from '../baked-input.js';
import { statusCheckerFromFiles } from '../status-from-files.js';
import { onlineChecks } from '../online-checks.js';

const SYMBOL = { valid: '✔', invalid: '✘', unknown: '?' } as const;
const WORD = { valid: 'valid', invalid: 'INVALID', unknown: 'could not check' } as const;

/** 0 when everything checked out, 1 when something is wrong, 2 when something could not be checked. */
export function exitCodeFor(result: CredentialVerification): number {
  const statuses = Object.values(result.checks).map((check) => check.status);
  if (statuses.includes('invalid')) return 1;
  if (statuses.includes('unknown')) return 2;
  return 0;
}

function line(name: string, check: CheckResult): string {
  return `${SYMBOL[check.status]} ${name.padEnd(9)}${WORD[check.status].padEnd(16)}${check.reason}\n`;
}

export function registerVerifyCommand(program: Command, io: CliIo, setExitCode: (code: number) => void): void {
  program
    .command('verify')
    .description('Verify a credential: one line per check (proof, validity, status, issuer, schema)')
    .argument('<file>', 'the credential JSON, a baked badge image (PNG or SVG), or - for standard input')
    .option('--status-list <file>', 'a status list credential to check revocation/suspension against (repeatable)', (value: string, previous: string[] = []) => [...previous, value])
    .option('--online', 'fetch status lists and did:web documents over the network, as the verifier service does')
    .option('--now <datetime>', 'verify as of this time instead of now (ISO 8601)')
    .option('--json', 'print the full result as JSON')
    .addHelpText('after', '\nExit codes: 0 valid, 1 invalid, 2 could not check (or a usage error).')
    .action(async (file: string, options: { statusList?: string[]; now?: string; json?: boolean; online?: boolean }) => {
      const now = options.now ? new Date(options.now) : new Date();
      if (Number.isNaN(now.getTime())) throw new UsageError(`--now "${options.now}" is not a date-time.`);
      const credential = (await readBakedCredential(file)) ?? (await readJsonInput(io, file, 'credential'));
      if (options.online && options.statusList?.length) throw new UsageError('Use either --online or --status-list, not both.');
      const online = options.online ? onlineChecks(now) : undefined;
      const checkStatus = online?.checkStatus ?? (options.statusList?.length ? await statusCheckerFromFiles(io, options.statusList, now) : undefined);
      const result = await verifyCredential(credential, { now, ...(checkStatus ? { checkStatus } : {}), ...(online ? { documentLoader: online.documentLoader } : {}) }).finally(() => online?.close());
      if (options.json) {
        io.stdout(formatJson(result));
      } else {
        for (const name of CREDENTIAL_CHECKS) io.stdout(line(name, result.checks[name]));
        const code = exitCodeFor(result);
        io.stdout(code === 0 ? 'The credential is valid.\n' : code === 1 ? 'The credential is NOT valid.\n' : 'The credential could not be fully checked.\n');
      }
      setExitCode(exitCodeFor(result));
    });
}
