import type { Command } from 'commander';
import { DATABASE_OPTION_HELP, openExistingStore } from '../database.js';
import { formatJson, UsageError, type CliIo } from '../io.js';
import { validated } from '../validated.js';

const SCOPES = ['read', 'revoke', 'issue', 'admin'];

function collectScope(value: string, previous: string[] | undefined): string[] {
  if (!SCOPES.includes(value)) throw new UsageError(`--scope must be one of ${SCOPES.join(', ')}, not "${value}".`);
  return [...(previous ?? []), value];
}

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

interface ListOptions {
  issuer?: string;
  includeRevoked?: boolean;
  database?: string;
  json?: boolean;
}

/** `tokens list` (also `admin tokens list`): every token, never a secret. */
export async function listTokens(io: CliIo, options: ListOptions): Promise<void> {
  const store = await openExistingStore(options.database);
  try {
    const { listApiTokens } = await import('@laurel/issuance');
    const tokens = [];
    for (let cursor: string | undefined, more = true; more; ) {
      const page = await listApiTokens({ store }, { issuerId: options.issuer ?? null, includeRevoked: options.includeRevoked }, { limit: 500, ...(cursor ? { cursor } : {}) });
      tokens.push(...page.items);
      cursor = page.nextCursor ?? undefined;
      more = page.nextCursor !== null;
    }
    if (options.json) {
      io.stdout(formatJson(tokens));
      return;
    }
    for (const token of tokens) {
      const reach = token.limitedTo ? ` courses ${[...token.limitedTo.courseIds, ...token.limitedTo.achievementIds].join(' ')}` : '';
      io.stdout(`${token.id}\t${token.name}\t${token.scopes.join(',')}\t${token.issuerId ?? 'every issuer'}${reach}\t${token.revokedAt ? `revoked ${token.revokedAt}` : `created ${token.createdAt}`}\n`);
    }
  } finally {
    await store.close();
  }
}

export function listCommand(parent: Command, io: CliIo): void {
  parent
    .command('list')
    .description('List API tokens (id, name, scopes, issuer); never their secrets')
    .option('--issuer <id>', "only this issuer's tokens")
    .option('--include-revoked', 'list revoked tokens too')
    .option('--database <url>', DATABASE_OPTION_HELP)
    .option('--json', 'print the token records as JSON')
    .action((options: ListOptions) => listTokens(io, options));
}

export function registerTokenCommands(program: Command, io: CliIo): void {
  const tokens = program.command('tokens').description('Manage API tokens of the issuer service (works on its database)');
  tokens
    .command('create')
    .description('Create an API token; it is printed once and only its hash is stored')
    .option('--scope <scope>', `${SCOPES.join(', ')} (repeatable; admin implies issue implies revoke implies read)`, collectScope)
    .option('--issuer <id>', 'restrict the token to one issuer (tenant); default: every issuer')
    .option('--course <courseId>', 'course staff: only this course’s credentials (repeatable; needs --issuer, scopes read/revoke)', collect)
    .option('--achievement <id>', 'course staff: only this achievement’s credentials (repeatable)', collect)
    .option('--name <name>', 'what the token is for, shown in the audit log', 'cli')
    .option('--database <url>', DATABASE_OPTION_HELP)
    .option('--json', 'print the token record as JSON')
    .action(async (options: { scope?: string[]; issuer?: string; course?: string[]; achievement?: string[]; name: string; database?: string; json?: boolean }) => {
      const store = await openExistingStore(options.database);
      try {
        if (options.issuer && !(await store.issuers.get(options.issuer))) throw new UsageError(`No issuer with id ${options.issuer}.`);
        const { apiTokenFromInput, createApiToken } = await import('@laurel/issuance');
        const input = validated(() => apiTokenFromInput({
          name: options.name,
          scopes: (options.scope?.length ? options.scope : ['read']) as ('read' | 'revoke' | 'issue' | 'admin')[],
          ...(options.issuer ? { issuerId: options.issuer } : {}),
          ...(options.course ? { courseIds: options.course } : {}),
          ...(options.achievement ? { achievementIds: options.achievement } : {}),
        }));
        const { token, record } = await createApiToken({ store }, 'cli', input);
        // The secret alone on stdout, so TOKEN=$(laurel tokens create) keeps working; the id (to revoke it) on stderr.
        io.stdout(options.json ? formatJson({ token, ...record }) : `${token}\n`);
        io.stderr(`Token ${record.id} "${record.name}" (${record.scopes.join(', ')}${record.issuerId ? `, issuer ${record.issuerId}` : ', every issuer'}). Store it now: it is not shown again.\n`);
      } finally {
        await store.close();
      }
    });
  tokens
    .command('revoke')
    .description('Revoke an API token by its id')
    .argument('<id>', 'the token id (from "tokens create" or "tokens list")')
    .option('--database <url>', DATABASE_OPTION_HELP)
    .action(async (id: string, options: { database?: string }) => {
      const store = await openExistingStore(options.database);
      try {
        const { revokeApiToken } = await import('@laurel/issuance');
        await revokeApiToken({ store }, 'cli', id);
        io.stderr(`Revoked token ${id}.\n`);
      } finally {
        await store.close();
      }
    });
  listCommand(tokens, io);
}
