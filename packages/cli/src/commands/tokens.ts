import type { Command } from 'commander';
import { openStore } from '@laurel/store';
import { formatJson, UsageError, type CliIo } from '../io.js';

const SCOPES = ['read', 'issue', 'admin'];

function collectScope(value: string, previous: string[] | undefined): string[] {
  if (!SCOPES.includes(value)) throw new UsageError(`--scope must be one of ${SCOPES.join(', ')}, not "${value}".`);
  return [...(previous ?? []), value];
}

export function registerTokenCommands(program: Command, io: CliIo): void {
  const tokens = program.command('tokens').description('Manage API tokens of the issuer service (works on its database)');
  tokens
    .command('create')
    .description('Create an API token; it is printed once and only its hash is stored')
    .option('--scope <scope>', `${SCOPES.join(', ')} (repeatable; admin implies issue implies read)`, collectScope)
    .option('--issuer <id>', 'restrict the token to one issuer (tenant); default: every issuer')
    .option('--name <name>', 'what the token is for, shown in the audit log', 'cli')
    .option('--database <url>', 'database URL (default: $DATABASE_URL or sqlite:data/laurel.db)')
    .option('--json', 'print the token record as JSON')
    .action(async (options: { scope?: string[]; issuer?: string; name: string; database?: string; json?: boolean }) => {
      const scopes = options.scope?.length ? options.scope : ['read'];
      const store = await openStore({ databaseUrl: options.database ?? process.env.DATABASE_URL ?? 'sqlite:data/laurel.db' });
      try {
        if (options.issuer && !(await store.issuers.get(options.issuer))) throw new UsageError(`No issuer with id ${options.issuer}.`);
        const { createApiToken } = await import('@laurel/issuance');
        const { token, record } = await createApiToken({ store }, 'cli', { issuerId: options.issuer ?? null, name: options.name, scopes });
        io.stdout(options.json ? formatJson({ token, ...record }) : `${token}\n`);
        io.stderr(`Token "${record.name}" (${scopes.join(', ')}${record.issuerId ? `, issuer ${record.issuerId}` : ', every issuer'}). Store it now: it is not shown again.\n`);
      } finally {
        await store.close();
      }
    });
  tokens
    .command('revoke')
    .description('Revoke an API token by its id')
    .argument('<id>', 'the token id (from "tokens create --json")')
    .option('--database <url>', 'database URL (default: $DATABASE_URL or sqlite:data/laurel.db)')
    .action(async (id: string, options: { database?: string }) => {
      const store = await openStore({ databaseUrl: options.database ?? process.env.DATABASE_URL ?? 'sqlite:data/laurel.db' });
      try {
        const { revokeApiToken } = await import('@laurel/issuance');
        await revokeApiToken({ store }, 'cli', id);
        io.stderr(`Revoked token ${id}.\n`);
      } finally {
        await store.close();
      }
    });
}
