import { Command, CommanderError } from 'commander';
import { LaurelError } from '@laurel/models';
import { processIo, type CliIo } from './io.js';
import { registerKeysCommands } from './commands/keys.js';
import { registerDidCommands } from './commands/did.js';
import { registerIssueCommand } from './commands/issue.js';
import { registerVerifyCommand } from './commands/verify.js';
import { registerStatusListCommands } from './commands/status-list.js';
import { registerTokenCommands } from './commands/tokens.js';
import { registerConsumeCommand } from './commands/consume.js';
import { registerSimulateLmsCommand } from './commands/simulate-lms.js';
import { registerBadgeWorkerCommand } from './commands/badge-worker.js';
import { registerAdminCommands } from './commands/admin.js';
import { registerLmsCommands } from './commands/lms.js';
import { createRequire } from 'node:module';

/** This package's version, from its package.json (one folder above dist/ and src/). */
const VERSION = (createRequire(import.meta.url)('../package.json') as { version: string }).version;

export const USAGE_EXIT_CODE = 2;

/**
 * Runs the `laurel` command line and returns the exit code. Output goes
 * through `io`, so tests run it in-process exactly as a shell would.
 */
export async function main(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  let exitCode = 0;
  const program = new Command('laurel')
    .description('Issue, sign and verify Open Badges 3.0 / W3C Verifiable Credentials')
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .version(VERSION, '-V, --version', 'print the version')
    .exitOverride();
  registerKeysCommands(program, io);
  registerDidCommands(program, io);
  registerIssueCommand(program, io);
  registerVerifyCommand(program, io, (code) => (exitCode = code));
  registerStatusListCommands(program, io, (code) => (exitCode = code));
  registerTokenCommands(program, io);
  registerConsumeCommand(program, io);
  registerSimulateLmsCommand(program, io);
  registerBadgeWorkerCommand(program, io);
  registerAdminCommands(program, io);
  registerLmsCommands(program, io);

  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end through here too, with exit code 0.
      return error.exitCode === 0 ? 0 : USAGE_EXIT_CODE;
    }
    if (error instanceof LaurelError) {
      io.stderr(`laurel: ${error.message}\n`);
      for (const issue of listedIssues(error)) io.stderr(`  - ${issue}\n`);
      return error.code === 'USAGE' || error.code === 'INVALID_INPUT' ? USAGE_EXIT_CODE : 1;
    }
    io.stderr(`laurel: unexpected error: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
    return 1;
  }
}

function listedIssues(error: LaurelError): string[] {
  const issues = (error as LaurelError & { issues?: { path: string; message: string }[] }).issues;
  return Array.isArray(issues) ? issues.map((issue) => `${issue.path || '(root)'}: ${issue.message}`) : [];
}
