import type { Command } from 'commander';
import { generateIssuerKey } from '@laurel/suites';
import { formatJson, writeSecretFile, type CliIo } from '../io.js';

export function registerKeysCommands(program: Command, io: CliIo): void {
  const keys = program.command('keys').description('Create and inspect issuer signing keys');
  keys
    .command('new')
    .description('Create a new Ed25519 issuer key (did:key unless --controller names a did:web DID)')
    .option('-o, --out <file>', 'write the key to this file (owner-only permissions) instead of standard output')
    .option('--controller <did>', 'the DID that controls the key, e.g. did:web:credentials.example.edu')
    .option('--force', 'replace --out if it exists')
    .action(async (options: { out?: string; controller?: string; force?: boolean }) => {
      const key = await generateIssuerKey(options.controller ? { controller: options.controller } : {});
      const json = formatJson(key);
      if (options.out) {
        await writeSecretFile(options.out, json, Boolean(options.force));
        io.stderr(`Wrote the key for ${key.controller} to ${options.out}. Keep it secret: it signs credentials.\n`);
      } else {
        io.stdout(json);
      }
    });
}
