import type { Command } from 'commander';
import { DATABASE_OPTION_HELP, databaseUrlOf, requireDatabase } from '../database.js';
import { formatJson, readInput, UsageError, writeOutput, type CliIo } from '../io.js';

interface LmsCliOptions {
  issuer?: string;
  instance?: string;
  database?: string;
}

interface ReconcileCliOptions extends LmsCliOptions {
  course: string;
  after?: string;
  perMinute?: string;
  report?: string;
  progress: boolean;
}

interface CatalogSyncCliOptions extends LmsCliOptions {
  report?: string;
  progress: boolean;
}

interface CatalogDefaultsCliOptions extends LmsCliOptions {
  set?: string;
}

const LMS_SETTINGS_HELP =
  'Settings: LMS_BASE_URL, LMS_CLIENT_ID, LMS_CLIENT_SECRET, LMS_COMPLETION_SOURCE (or LMS_INSTANCES_FILE with --instance), FETCH_*, ' +
  "and the issuer's DATABASE_URL, LAUREL_KEY_ENCRYPTION_KEY (or LAUREL_KEYS_DIR)";

/** The issuance deps over the database the options name, with the fetch settings of the environment. */
async function openDeps(options: LmsCliOptions) {
  const { fetchEnvShape, fetcherOptionsFromEnv } = await import('@laurel/guarded-fetch');
  const { issuanceEnvSchema, openIssuanceDeps, withPublicUrlDefaults } = await import('@laurel/issuance');
  const url = databaseUrlOf(options.database);
  requireDatabase(url);
  // A one-off command says at once that the database is down (DATABASE_WAIT_MS may still ask it to wait).
  const env = issuanceEnvSchema.extend(fetchEnvShape(10_000)).parse(withPublicUrlDefaults({ DATABASE_WAIT_MS: '0', ...process.env, DATABASE_URL: url }));
  const { deps } = await openIssuanceDeps(env);
  return { deps, fetchOptions: fetcherOptionsFromEnv(env) };
}

/**
 * The LMS and issuer a command works on: an instance of LMS_INSTANCES_FILE
 * (--instance; its issuer unless --issuer says the same one), or the
 * single-LMS settings with --issuer or EVENT_BUS_ISSUER_ID.
 */
async function lmsTarget(options: LmsCliOptions, needsClient: boolean) {
  const { lmsClientFromConfig, lmsClientOf, loadEventBusConfig } = await import('@laurel/event-bus');
  const { findIssuerByIdOrSlug } = await import('@laurel/issuance');
  const issuerRef = options.issuer ?? process.env.EVENT_BUS_ISSUER_ID;
  const config = loadEventBusConfig({ ...process.env, ...(issuerRef ? { EVENT_BUS_ISSUER_ID: issuerRef } : {}), ...(options.instance ? {} : { LMS_INSTANCES_FILE: '' }) });
  const instance = options.instance ? config.LMS_INSTANCES?.find((candidate) => candidate.id === options.instance) : undefined;
  if (options.instance && !instance) throw new UsageError(config.LMS_INSTANCES ? `LMS_INSTANCES_FILE has no instance ${options.instance} (it has ${config.LMS_INSTANCES.map((candidate) => candidate.id).join(', ')}).` : '--instance needs LMS_INSTANCES_FILE.');
  const ref = instance ? (options.issuer ?? instance.issuerId) : issuerRef;
  if (!ref) throw new UsageError('Say which issuer: --issuer or EVENT_BUS_ISSUER_ID (or --instance).');
  const { deps, fetchOptions } = await openDeps(options);
  try {
    const issuer = await findIssuerByIdOrSlug(deps.store, ref);
    if (!issuer) throw new UsageError(`No issuer ${ref}.`);
    if (instance && options.issuer) {
      const own = await findIssuerByIdOrSlug(deps.store, instance.issuerId);
      if (own?.id !== issuer.id) throw new UsageError(`Instance ${instance.id} feeds issuer ${instance.issuerId}, not ${options.issuer}.`);
    }
    const connection = !needsClient ? undefined : instance ? lmsClientOf(instance, fetchOptions) : lmsClientFromConfig(config, fetchOptions);
    if (needsClient && !connection) throw new UsageError('Set LMS_BASE_URL, LMS_CLIENT_ID and LMS_CLIENT_SECRET (or LMS_INSTANCES_FILE and --instance): the LMS to read from.');
    return {
      deps,
      issuerId: issuer.id,
      client: connection?.client,
      instanceId: instance?.id,
      async close() {
        await connection?.close();
        await deps.store.close();
      },
    };
  } catch (error) {
    await deps.store.close();
    throw error;
  }
}

/** A progress bar on the terminal (stderr) only: a report piped to a file stays clean. */
async function progressBar(enabled: boolean, format: string) {
  if (!enabled || !process.stderr.isTTY) return undefined;
  const { SingleBar, Presets } = await import('cli-progress');
  return new SingleBar({ format, stream: process.stderr }, Presets.shades_classic);
}

export function registerLmsCommands(program: Command, io: CliIo): void {
  const lms = program.command('lms').description('Read what the Open edX LMS knows (grades, assignment types, completion, the course list) into Laurel');
  lms
    .command('reconcile')
    .description(
      'For every learner with records in a course, fetch their current standing from the LMS and record it; ' +
        'unchanged standings record nothing, changes are judged by each achievement\'s rules and laterRecords policy. ' +
        LMS_SETTINGS_HELP,
    )
    .requiredOption('--course <id>', 'course key, e.g. course-v1:Org+CS101+2026')
    .option('--issuer <id>', 'issuer id or slug; default EVENT_BUS_ISSUER_ID (or the instance\'s)')
    .option('--instance <id>', 'an LMS of LMS_INSTANCES_FILE instead of LMS_BASE_URL')
    .option('--after <learnerId>', 'resume: only learners after this one (the "last" of an interrupted run\'s report)')
    .option('--per-minute <n>', 'at most this many learners a minute (4–5 LMS calls each); default: as fast as the LMS answers')
    .option('--report <file>', 'write the report (JSON) here; default standard output')
    .option('--no-progress', 'no progress bar')
    .option('--database <url>', DATABASE_OPTION_HELP)
    .action(async (options: ReconcileCliOptions) => {
      const perMinute = options.perMinute === undefined ? 0 : Number(options.perMinute);
      if (!Number.isInteger(perMinute) || perMinute < 0) throw new UsageError('--per-minute must be a whole number of learners.');
      const { reconcileCourse } = await import('@laurel/event-bus');
      const target = await lmsTarget(options, true);
      const bar = await progressBar(options.progress, 'reconcile [{bar}] {value}/{total} learners');
      try {
        const report = await reconcileCourse(target.deps, 'cli:lms-reconcile', target.issuerId, target.client!, options.course, {
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
        await target.close();
      }
    });

  const catalog = lms.command('catalog').description('The LMS course catalog: achievements made for new courses from per-issuer defaults');
  catalog
    .command('defaults')
    .description('Print the issuer\'s catalog defaults (JSON), or set them with --set (a file, or - for standard input). Settings: DATABASE_URL')
    .option('--issuer <id>', 'issuer id or slug; default EVENT_BUS_ISSUER_ID (or the instance\'s)')
    .option('--instance <id>', 'the issuer of this LMS_INSTANCES_FILE instance')
    .option('--set <file>', 'new defaults: { "tiers": [{ "tier", "name" ({course} = the course name), "rules", "reportGrade", "laterRecords", "earningModes" }], "template", "theme" }')
    .option('--database <url>', DATABASE_OPTION_HELP)
    .action(async (options: CatalogDefaultsCliOptions) => {
      const { getCatalogDefaults, putCatalogDefaults } = await import('@laurel/issuance');
      let input: unknown;
      if (options.set !== undefined) {
        const text = await readInput(io, options.set);
        try {
          input = JSON.parse(text);
        } catch (error) {
          throw new UsageError(`--set ${options.set} is not JSON: ${(error as Error).message}`);
        }
      }
      const target = await lmsTarget(options, false);
      try {
        const stored = input === undefined ? await getCatalogDefaults(target.deps, target.issuerId) : await putCatalogDefaults(target.deps, 'cli:lms-catalog', target.issuerId, input as never);
        io.stdout(formatJson(stored));
      } finally {
        await target.close();
      }
    });
  catalog
    .command('sync')
    .description('Read the LMS course list (Courses API, every page) and create achievements from the issuer\'s catalog defaults for courses seen for the first time; idempotent. ' + LMS_SETTINGS_HELP)
    .option('--issuer <id>', 'issuer id or slug; default EVENT_BUS_ISSUER_ID (or the instance\'s)')
    .option('--instance <id>', 'an LMS of LMS_INSTANCES_FILE instead of LMS_BASE_URL')
    .option('--report <file>', 'write the report (JSON) here; default standard output')
    .option('--no-progress', 'no progress bar')
    .option('--database <url>', DATABASE_OPTION_HELP)
    .action(async (options: CatalogSyncCliOptions) => {
      const { syncCatalog } = await import('@laurel/event-bus');
      const target = await lmsTarget(options, true);
      const bar = await progressBar(options.progress, 'catalog [{bar}] {value}/{total} courses');
      try {
        const report = await syncCatalog(target.deps, 'cli:lms-catalog', target.issuerId, target.client!, {
          ...(target.instanceId ? { lmsInstance: target.instanceId } : {}),
          onProgress: (done, total) => {
            if (done === 1) bar?.start(total, 0);
            bar?.setTotal(total);
            bar?.update(done);
          },
        });
        bar?.stop();
        await writeOutput(io, options.report, formatJson(report));
        io.stderr(`${report.courses} courses: ${report.created.length} new with achievements, ${report.existingAchievements.length} new with achievements made before, ${report.known} known, ${report.failed.length} failed.\n`);
      } finally {
        bar?.stop();
        await target.close();
      }
    });
}
