import { randomInt } from 'node:crypto';
import { Argument, type Command } from 'commander';
import type { LmsCourse, LmsLearner } from '@laurel/event-bus';
import { UsageError, type CliIo } from '../io.js';

const EVENTS = ['certificate-created', 'certificate-revoked', 'passing-status', 'ccx-passing-status'] as const;
type SimulatedEvent = (typeof EVENTS)[number];

interface SimulateOptions {
  username?: string;
  email?: string;
  name?: string;
  userId?: number;
  course?: string;
  courseName: string;
  mode: string;
  grade?: string;
  status: string;
  passing?: boolean;
  notPassing?: boolean;
  count: number;
  redisUrl?: string;
  prefix?: string;
  json?: boolean;
}

function positiveInteger(flag: string) {
  return (value: string): number => {
    const number = Number(value);
    if (!Number.isSafeInteger(number) || number < 1) throw new UsageError(`${flag} must be a positive integer, not "${value}".`);
    return number;
  };
}

function grade(value: string): string {
  const number = Number(value);
  if (value.trim() === '' || !Number.isFinite(number) || number < 0) throw new UsageError(`--grade must be a non-negative number such as 0.85, not "${value}".`);
  return value;
}

/** One learner as given, or `count` generated ones with consecutive user ids (fresh ones unless --user-id). */
function learners(options: SimulateOptions): LmsLearner[] {
  if (options.count > 1 && (options.username || options.email || options.name)) {
    throw new UsageError('--username, --email and --name describe one learner; with --count the learners are generated (use --user-id for the first id).');
  }
  // Random by default, so that repeated runs are new learners rather than repeats.
  const firstId = options.userId ?? randomInt(100_000, 1_000_000_000);
  return Array.from({ length: options.count }, (_, index) => {
    const id = firstId + index;
    const username = options.username ?? `learner${id}`;
    return { id, username, email: options.email ?? `${username}@example.org`, name: options.name ?? `Learner ${id}` };
  });
}

function defaultCourse(event: SimulatedEvent): string {
  return event === 'ccx-passing-status' ? 'ccx-v1:Laurel+Demo101+2026+ccx@1' : 'course-v1:Laurel+Demo101+2026';
}

export function registerSimulateLmsCommand(program: Command, io: CliIo): void {
  program
    .command('simulate-lms')
    .description('Publish Open edX events to the Redis event bus as the LMS does (for demos and tests of "laurel consume")')
    .addArgument(new Argument('<event>', 'the event to publish').choices(EVENTS))
    .option('--username <username>', 'learner username (default: learner<user id>)')
    .option('--email <email>', 'learner email (default: <username>@example.org)')
    .option('--name <name>', 'learner full name (default: Learner <user id>)')
    .option('--user-id <id>', 'LMS user id (default: random; with --count, the first of consecutive ids)', positiveInteger('--user-id'))
    .option('--course <key>', 'course key (course-v1:… ; ccx-v1:… for ccx-passing-status)')
    .option('--course-name <name>', 'course display name', 'Demo Course')
    .option('--mode <mode>', 'certificate mode', 'verified')
    .option('--grade <grade>', 'certificate grade, a fraction such as 0.85 (default: none)', grade)
    .option('--status <status>', 'certificate status', 'downloadable')
    .option('--passing', 'passing-status events: the learner passes (the default)')
    .option('--not-passing', 'passing-status events: the learner does not pass')
    .option('--count <n>', 'publish N events, for N generated learners', positiveInteger('--count'), 1)
    .option('--redis-url <url>', 'Redis URL (default: $REDIS_URL or redis://127.0.0.1:6379)')
    .option('--prefix <prefix>', 'stream prefix (default: $EVENT_BUS_TOPIC_PREFIX or dev)')
    .option('--json', 'print one JSON object per event')
    .action(async (event: SimulatedEvent, options: SimulateOptions) => {
      if (options.passing && options.notPassing) throw new UsageError('Use either --passing or --not-passing, not both.');
      const isPassingEvent = event === 'passing-status' || event === 'ccx-passing-status';
      if (!isPassingEvent && (options.passing || options.notPassing)) throw new UsageError(`--passing and --not-passing apply to passing-status events, not ${event}.`);
      const people = learners(options);
      const course: LmsCourse = { key: options.course ?? defaultCourse(event), name: options.courseName };
      // Loaded here, not at start-up: other commands do not need Redis.
      const bus = await import('@laurel/event-bus');
      const build = (learner: LmsLearner) => {
        switch (event) {
          case 'certificate-created':
          case 'certificate-revoked':
            return {
              type: event === 'certificate-created' ? bus.CERTIFICATE_CREATED : bus.CERTIFICATE_REVOKED,
              data: bus.certificateEventData(learner, course, { mode: options.mode, grade: options.grade ?? '', status: options.status }),
            };
          case 'passing-status':
            return { type: bus.COURSE_PASSING_STATUS_UPDATED, data: bus.passingStatusEventData(learner, course, !options.notPassing) };
          case 'ccx-passing-status':
            return { type: bus.CCX_COURSE_PASSING_STATUS_UPDATED, data: bus.ccxPassingStatusEventData(learner, course, !options.notPassing) };
        }
      };
      const prefix = options.prefix ?? (process.env.EVENT_BUS_TOPIC_PREFIX?.trim() || 'dev');
      const redis = await bus.connectEventBus(options.redisUrl ?? (process.env.REDIS_URL?.trim() || 'redis://127.0.0.1:6379'));
      const progress = people.length > 1 && process.stderr.isTTY ? await progressBar(people.length) : undefined;
      try {
        for (const learner of people) {
          const { type, data } = build(learner);
          const published = await bus.publishOpenEdxEvent(redis, { prefix, type, data });
          io.stdout(options.json ? `${JSON.stringify({ ...published, type, userId: learner.id })}\n` : `${published.stream} ${published.messageId} ${published.eventId}\n`);
          progress?.increment();
        }
      } finally {
        progress?.stop();
        await redis.quit().catch(() => redis.disconnect());
      }
    });
}

/** A bar on stderr, only for a terminal: piped output stays clean. */
async function progressBar(total: number) {
  const { default: cliProgress } = await import('cli-progress');
  const bar = new cliProgress.SingleBar({ stream: process.stderr, format: 'publishing [{bar}] {value}/{total}', hideCursor: true }, cliProgress.Presets.shades_classic);
  bar.start(total, 0);
  return bar;
}
