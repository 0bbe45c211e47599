import type { Command } from 'commander';
import { generateIssuerKey } from '@laurel/suites';
import { formatJson, UsageError, writeSecretFile, type CliIo } from '../io.js';

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
  keys
    .command('rotate-kek')
    .description('Re-seal every issuer key, badge platform API key and LTI tool key under a new key-encryption key (one transaction; safe to run again)')
    .action(async () => {
      const env = process.env;
      if (!env.LAUREL_KEY_ENCRYPTION_KEY || !env.LAUREL_PREVIOUS_KEY_ENCRYPTION_KEY) {
        throw new UsageError('Set LAUREL_KEY_ENCRYPTION_KEY to the new key and LAUREL_PREVIOUS_KEY_ENCRYPTION_KEY to the current one (base64 of 32 bytes each), with DATABASE_URL.');
      }
      // Loaded here, not at start-up: other commands need no database.
      const { decodeKeyEncryptionKey, issuanceEnvSchema, rotateKeyEncryptionKey } = await import('@laurel/issuance');
      const { openStore } = await import('@laurel/store');
      const to = decodeKeyEncryptionKey(env.LAUREL_KEY_ENCRYPTION_KEY, 'LAUREL_KEY_ENCRYPTION_KEY');
      const from = decodeKeyEncryptionKey(env.LAUREL_PREVIOUS_KEY_ENCRYPTION_KEY, 'LAUREL_PREVIOUS_KEY_ENCRYPTION_KEY');
      const store = await openStore({ databaseUrl: issuanceEnvSchema.parse(env).DATABASE_URL });
      try {
        const report = await rotateKeyEncryptionKey(store, { from, to });
        io.stdout(formatJson(report));
        io.stderr('Every key now opens with LAUREL_KEY_ENCRYPTION_KEY. Remove LAUREL_PREVIOUS_KEY_ENCRYPTION_KEY from every process.\n');
      } finally {
        await store.close();
      }
    });
}
