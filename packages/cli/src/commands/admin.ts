import type { Command } from 'commander';
import type { ImportRowReport, IssuanceDeps } from '@laurel/issuance';
import { openReportWriter } from '../import-report.js';
import { DATABASE_OPTION_HELP, databaseUrlOf, openExistingStore, requireDatabase } from '../database.js';
import { formatJson, readInput, readJsonInput, requireReadable, UsageError, type CliIo } from '../io.js';
import { validated } from '../validated.js';
import { listCommand } from './tokens.js';
import { registerLtiCommands } from './lti.js';

const ACTOR = 'cli';

/** For commands that sign (revocations publish status lists): the issuer's full settings, its key-encryption key included. */
async function openSigningDeps(database: string | undefined): Promise<IssuanceDeps> {
  const url = databaseUrlOf(database);
  requireDatabase(url);
  const { issuanceEnvSchema, openIssuanceDeps } = await import('@laurel/issuance');
  // A one-off command says at once that the database is down (DATABASE_WAIT_MS may still ask it to wait).
  const { deps } = await openIssuanceDeps(issuanceEnvSchema.parse({ DATABASE_WAIT_MS: '0', ...process.env, DATABASE_URL: url }));
  return deps;
}

function registerAchievementCommands(admin: Command, io: CliIo): void {
  const achievements = admin.command('achievements').description('Update or archive achievements');
  achievements
    .command('update')
    .description('Update an achievement; new rules become its next rules version (future evaluations only)')
    .argument('<issuer>', 'issuer id')
    .argument('<achievement>', 'achievement id')
    .option('--patch <file>', 'JSON object of the fields to change (- for standard input), as PATCH /v1/issuers/{id}/achievements/{id} takes')
    .option('--name <name>', 'new name')
    .option('--rules <json>', 'new rules as JSON, e.g. {"minGradePercent":80}')
    .option('--database <url>', DATABASE_OPTION_HELP)
    .action(async (issuerId: string, achievementId: string, options: { patch?: string; name?: string; rules?: string; database?: string }) => {
      const patch: Record<string, unknown> = options.patch ? await readJsonInput(io, options.patch, 'patch') : {};
      if (options.name !== undefined) patch.name = options.name;
      if (options.rules !== undefined) {
        try {
          patch.rules = JSON.parse(options.rules) as unknown;
        } catch {
          throw new UsageError('--rules must be a JSON object.');
        }
      }
      if (Object.keys(patch).length === 0) throw new UsageError('Say what to change: --patch, --name or --rules.');
      const store = await openExistingStore(options.database);
      try {
        const { achievementPatchSchema, updateAchievement } = await import('@laurel/issuance');
        const data = validated(() => achievementPatchSchema.parse(patch));
        const updated = await updateAchievement({ store }, ACTOR, issuerId, achievementId, data);
        io.stdout(formatJson(updated));
        io.stderr(`Updated achievement ${updated.id} (rules version ${updated.rulesVersion}).\n`);
      } finally {
        await store.close();
      }
    });
  achievements
    .command('archive')
    .description('Archive an achievement: nothing new is issued for it; issued credentials are untouched')
    .argument('<issuer>', 'issuer id')
    .argument('<achievement>', 'achievement id')
    .option('--database <url>', DATABASE_OPTION_HELP)
    .action(async (issuerId: string, achievementId: string, options: { database?: string }) => {
      const store = await openExistingStore(options.database);
      try {
        const { archiveAchievement } = await import('@laurel/issuance');
        const archived = await archiveAchievement({ store, now: () => new Date() }, ACTOR, issuerId, achievementId);
        io.stderr(`Archived achievement ${archived.id} (${archived.archivedAt}).\n`);
      } finally {
        await store.close();
      }
    });
}

interface SearchOptions {
  issuer: string;
  q?: string;
  achievement?: string;
  state?: string;
  from?: string;
  to?: string;
  limit: string;
  database?: string;
  json?: boolean;
}

function instantOption(value: string | undefined, name: string): string | undefined {
  if (value === undefined) return undefined;
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw new UsageError(`${name} must be a date or date-time, e.g. 2026-01-31.`);
  return date.toISOString();
}

function registerCredentialCommands(admin: Command, io: CliIo): void {
  const credentials = admin.command('credentials').description('Search and revoke credentials, set their lifecycle status');
  credentials
    .command('search')
    .description("Search an issuer's credentials, newest first")
    .requiredOption('--issuer <id>', 'issuer id')
    .option('--q <text>', "contained in the learner's name, email or LMS user id")
    .option('--achievement <id>', 'only this achievement')
    .option('--state <state>', 'active, suspended or revoked')
    .option('--from <date>', 'issued at or after')
    .option('--to <date>', 'issued at or before')
    .option('--limit <n>', 'at most this many', '50')
    .option('--database <url>', DATABASE_OPTION_HELP)
    .option('--json', 'print JSON')
    .action(async (options: SearchOptions) => {
      const limit = Number(options.limit);
      if (!Number.isInteger(limit) || limit < 1 || limit > 500) throw new UsageError('--limit must be a whole number from 1 to 500.');
      if (options.state !== undefined && !['active', 'suspended', 'revoked'].includes(options.state)) throw new UsageError('--state must be active, suspended or revoked.');
      const filter = {
        issuerId: options.issuer,
        q: options.q,
        achievementId: options.achievement,
        state: options.state as 'active' | 'suspended' | 'revoked' | undefined,
        issuedFrom: instantOption(options.from, '--from'),
        issuedTo: instantOption(options.to, '--to'),
      };
      const store = await openExistingStore(options.database);
      try {
        const { searchCredentials } = await import('@laurel/issuance');
        const page = await searchCredentials({ store }, filter, { limit });
        if (options.json) io.stdout(formatJson(page.items));
        else for (const hit of page.items) io.stdout(`${hit.id}\t${hit.state}\t${hit.issuedAt}\t${hit.learner.name ?? ''}\t${hit.learner.email ?? ''}\t${hit.learner.lmsUserId}\n`);
        if (page.nextCursor) io.stderr(`More than ${limit} match: narrow the search or raise --limit.\n`);
      } finally {
        await store.close();
      }
    });
  credentials
    .command('revoke')
    .description('Revoke a credential (permanent) and publish its status list')
    .argument('<credential>', 'credential id')
    .option('--reason <text>', 'why, kept in the audit log')
    .option('--database <url>', DATABASE_OPTION_HELP)
    .action(async (credentialId: string, options: { reason?: string; database?: string }) => {
      const deps = await openSigningDeps(options.database);
      try {
        const { changeCredentialState, getCredential } = await import('@laurel/issuance');
        const credential = await getCredential(deps.store, undefined, credentialId);
        const revoked = await changeCredentialState(deps, ACTOR, credential.issuerId, credentialId, 'revoke', options.reason);
        io.stderr(`Credential ${revoked.id} is ${revoked.state}.\n`);
      } finally {
        await deps.store.close();
      }
    });
  credentials
    .command('lifecycle')
    .description('Set a credential\'s lifecycle status (active, pending, expired, suspended) and publish its lifecycle list')
    .argument('<credential>', 'credential id')
    .argument('<state>', 'active (the only value verifiers accept as valid), pending, expired or suspended')
    .option('--reason <text>', 'why, kept in the audit log')
    .option('--database <url>', DATABASE_OPTION_HELP)
    .action(async (credentialId: string, state: string, options: { reason?: string; database?: string }) => {
      const { LIFECYCLE_STATES, getCredential, setLifecycleStatus } = await import('@laurel/issuance');
      if (!(LIFECYCLE_STATES as readonly string[]).includes(state)) throw new UsageError(`<state> must be one of ${LIFECYCLE_STATES.join(', ')}.`);
      const deps = await openSigningDeps(options.database);
      try {
        const credential = await getCredential(deps.store, undefined, credentialId);
        const change = await setLifecycleStatus(deps, ACTOR, credential.issuerId, credentialId, state as (typeof LIFECYCLE_STATES)[number], options.reason);
        io.stderr(`Credential ${change.credentialId} is ${change.lifecycle} (0x${change.value.toString(16)})${change.changed ? '' : ', unchanged'}.\n`);
      } finally {
        await deps.store.close();
      }
    });
}

function registerImportCommand(admin: Command, io: CliIo): void {
  admin
    .command('import')
    .description('Import awards from CSV (row_key, achievement, lms_user_id, name, email, issued_at, reason); idempotent on row_key')
    .argument('<csv>', 'the CSV file (- for standard input)')
    .requiredOption('--issuer <id>', 'issuer id')
    .option('--report <file>', 'write the per-row report (JSON) here; default standard output')
    .option('--no-progress', 'no progress bar')
    .option('--database <url>', DATABASE_OPTION_HELP)
    .action(async (file: string, options: { issuer: string; report?: string; progress: boolean; database?: string }) => {
      // A file is streamed (memory stays flat at 100,000 rows); standard input is read whole.
      if (file !== '-') await requireReadable(file);
      const csv = file === '-' ? await readInput(io, file) : undefined;
      const deps = await openSigningDeps(options.database);
      const { SingleBar, Presets } = await import('cli-progress');
      // On the terminal (stderr) only: a report piped to a file stays clean.
      const bar = options.progress && process.stderr.isTTY ? new SingleBar({ format: 'import [{bar}] {value}/{total} rows', stream: process.stderr }, Presets.shades_classic) : undefined;
      const report = await openReportWriter(io, options.report);
      try {
        const { importAwardsCsvFile, importAwardsCsvText } = await import('@laurel/issuance');
        const onEntry = async (entry: ImportRowReport, done: number, total: number) => {
          if (done === 1) bar?.start(total, 0);
          bar?.update(done);
          await report.entry(entry);
        };
        const summary = csv !== undefined
          ? await importAwardsCsvText(deps, ACTOR, options.issuer, csv, onEntry)
          : await importAwardsCsvFile(deps, ACTOR, options.issuer, file, onEntry);
        bar?.stop();
        await report.end(summary);
        io.stderr(`${summary.rows} rows: ${summary.issued} issued, ${summary.existing} already held, ${summary.duplicate} imported before, ${summary.failed} failed.\n`);
      } finally {
        bar?.stop();
        await report.close();
        await deps.store.close();
      }
    });
}

/** `laurel admin …`: what operators script against the issuer's database. */
export function registerAdminCommands(program: Command, io: CliIo): void {
  const admin = program.command('admin').description("Operate the issuer from its database: tokens, achievements, credentials, imports, LTI platforms (audited as actor \"cli\")");
  listCommand(admin.command('tokens').description('API tokens'), io);
  registerAchievementCommands(admin, io);
  registerCredentialCommands(admin, io);
  registerImportCommand(admin, io);
  registerLtiCommands(admin, io);
}
