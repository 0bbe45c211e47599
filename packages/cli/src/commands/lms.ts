import type { Command } from 'commander';
import { DATABASE_OPTION_HELP, databaseUrlOf, requireDatabase } from '../database.js';
import { formatJson, UsageError, writeOutput, type CliIo } from '../io.js';

interface ReconcileCliOptions {
  course: string;
  issuer?: string;
  after?: string;
  perMinute?: string;
  report?: string;
  progress: boolean;
  database?: string;
}

export function registerLmsCommands(program: Command, io: CliIo): void {
  const lms = program.command('lms').description('Read what the Open edX LMS knows (grades, assignment types, completion) into completion records');
  lms
    .command('reconcile')
    .description(
      'For every learner with records in a course, fetch their current standing from the LMS and record it; ' +
        'unchanged standings record nothing, changes are judged by each achievement\'s rules and laterRecords policy. ' +
        'Settings: LMS_BASE_URL, LMS_CLIENT_ID, LMS_CLIENT_SECRET, LMS_COMPLETION_SOURCE, FETCH_*, ' +
        'and the issuer\'s DATABASE_URL, LAUREL_KEY_ENCRYPTION_KEY (or LAUREL_KEYS_DIR)',
    )
    .requiredOption('--course <id>', 'course key, e.g. course-v1:Org+CS101+2026')
    .option('--issuer <id>', 'issuer id or slug; default EVENT_BUS_ISSUER_ID')
    .option('--after <learnerId>', 'resume: only learners after this one (the "last" of an interrupted run\'s report)')
    .option('--per-minute <n>', 'at most this many learners a minute (4 LMS calls each); default: as fast as the LMS answers')
    .option('--report <file>', 'write the report (JSON) here; default standard output')
    .option('--no-progress', 'no progress bar')
    .option('--database <url>', DATABASE_OPTION_HELP)
    .action(async (options: ReconcileCliOptions) => {
      const issuerRef = options.issuer ?? process.env.EVENT_BUS_ISSUER_ID;
      if (!issuerRef) throw new UsageError('Say which issuer: --issuer or EVENT_BUS_ISSUER_ID.');
      const perMinute = options.perMinute === undefined ? 0 : Number(options.perMinute);
      if (!Number.isInteger(perMinute) || perMinute < 0) throw new UsageError('--per-minute must be a whole number of learners.');
      const { lmsClientFromConfig, loadEventBusConfig, reconcileCourse } = await import('@laurel/event-bus');
      const { fetchEnvShape, fetcherOptionsFromEnv } = await import('@laurel/guarded-fetch');
      const { findIssuerByIdOrSlug, issuanceEnvSchema, openIssuanceDeps, withPublicUrlDefaults } = await import('@laurel/issuance');
      const config = loadEventBusConfig({ ...process.env, EVENT_BUS_ISSUER_ID: issuerRef });
      const url = databaseUrlOf(options.database);
      requireDatabase(url);
      const env = issuanceEnvSchema.extend(fetchEnvShape(10_000)).parse(withPublicUrlDefaults({ ...process.env, DATABASE_URL: url }));
      const connection = lmsClientFromConfig(config, fetcherOptionsFromEnv(env));
      if (!connection) throw new UsageError('Set LMS_BASE_URL, LMS_CLIENT_ID and LMS_CLIENT_SECRET: the LMS to read from.');
      const { deps } = await openIssuanceDeps(env);
      const { SingleBar, Presets } = await import('cli-progress');
      // On the terminal (stderr) only: a report piped to a file stays clean.
      const bar = options.progress && process.stderr.isTTY ? new SingleBar({ format: 'reconcile [{bar}] {value}/{total} learners', stream: process.stderr }, Presets.shades_classic) : undefined;
      try {
        const issuer = await findIssuerByIdOrSlug(deps.store, issuerRef);
        if (!issuer) throw new UsageError(`No issuer ${issuerRef}.`);
        const report = await reconcileCourse(deps, 'cli:lms-reconcile', issuer.id, connection.client, options.course, {
          ...(options.after ? { after: options.after } : {}),
          perMinute,
          onProgress: (done, total) => {
            if (done === 1) bar?.start(total, 0);
            bar?.update(done);
          },
        });
        bar?.stop();
        await writeOutput(io, options.report, formatJson(report));
        io.stderr(
          `${report.learners} learners: ${report.recorded} new records, ${report.unchanged} unchanged, ${report.issued.length} issued, ${report.revoked.length} revoked, ${report.skipped.length} skipped, ${report.failed.length} failed.\n`,
        );
      } finally {
        bar?.stop();
        await connection.close();
        await deps.store.close();
      }
    });
}
