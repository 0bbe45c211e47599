import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createAchievement, createApiToken, createIssuer, type IssuanceDeps } from '@laurel/issuance';
import { LaurelError } from '@laurel/models';
import type { Issuer } from '@laurel/store';
import type { IssuerConfig } from './config.js';

/** Who the audit log names for what the service does on first start. */
const BOOTSTRAP = 'system:bootstrap';

export const DEMO_COURSE_ID = 'course-v1:Laurel+VC101+2026';
/** A second demo course with Open edX's default rule (passed is enough), for the LMS simulator. */
export const DEMO_OPENEDX_COURSE_ID = 'course-v1:Laurel+EDX101+2026';
const DEMO_SLUG = 'demo';

export interface BootstrapReport {
  /** Set when the database was new. */
  freshDatabase: boolean;
  /** A development admin token, when one was made or kept in the data folder. */
  adminToken?: string;
  demo?: { issuerId: string; achievementId: string; courseId: string; openEdxCourseId?: string };
}

function devTokenFile(config: IssuerConfig): string {
  const sqlite = /^sqlite:(.+)$/.exec(config.DATABASE_URL)?.[1];
  const folder = sqlite && sqlite !== ':memory:' ? path.dirname(sqlite) : 'data';
  return path.join(folder, 'dev-admin-token');
}

/** CONFLICT (a unique key already taken) means another process starting at the same time did it first. */
function isConflict(error: unknown): boolean {
  return error instanceof LaurelError && error.code === 'CONFLICT';
}

/** Written whole or not at all (temp file, then rename): a process starting alongside never reads half a token. */
async function writeTokenFile(file: string, token: string): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(temporary, `${token}\n`, { mode: 0o600 });
  await rename(temporary, file);
}

/** The demo issuer: made here, or by a process that started alongside and won the unique slug (then read). */
async function demoIssuer(deps: IssuanceDeps, config: IssuerConfig): Promise<{ issuer: Issuer; created: boolean } | undefined> {
  try {
    const issuer = await createIssuer(deps, BOOTSTRAP, {
      slug: DEMO_SLUG,
      name: 'Laurel Demo University',
      url: config.ISSUER_PUBLIC_URL,
      description: 'A demonstration issuer created by npm start.',
      didMethod: 'key',
    });
    return { issuer, created: true };
  } catch (error) {
    if (!isConflict(error)) throw error;
    const issuer = await deps.store.issuers.getBySlug(DEMO_SLUG);
    return issuer && { issuer, created: false };
  }
}

/** What an existing demo shows: its achievements as far as they exist yet, and the development token if one was kept. */
async function existingDemo(deps: IssuanceDeps, issuer: Issuer | undefined, file: string): Promise<Pick<BootstrapReport, 'adminToken' | 'demo'>> {
  const achievements = issuer ? await deps.store.achievements.listForIssuer(issuer.id) : [];
  const achievement = achievements.find((entry) => entry.externalId === DEMO_COURSE_ID) ?? achievements[0];
  const openEdx = achievements.find((entry) => entry.externalId === DEMO_OPENEDX_COURSE_ID);
  const adminToken = (await readFile(file, 'utf8').catch(() => '')).trim() || undefined;
  return {
    ...(adminToken ? { adminToken } : {}),
    ...(issuer && achievement ? { demo: { issuerId: issuer.id, achievementId: achievement.id, courseId: achievement.externalId, ...(openEdx ? { openEdxCourseId: openEdx.externalId } : {}) } } : {}),
  };
}

/**
 * First-start chores: the bootstrap admin token (how containers and scripts
 * get in without a shell) and, when asked, a demo issuer and achievement so
 * `npm start` shows something working.
 *
 * Any number of processes may run this at once on one new database (replicas
 * starting together): each step is decided by a unique key, and a conflict
 * means another process did that step, so its result is read, not made again.
 * Only the process that created the demo issuer creates its achievements
 * (they have no unique key of their own) and the development token.
 */
export async function bootstrap(deps: IssuanceDeps, config: IssuerConfig): Promise<BootstrapReport> {
  const freshDatabase = (await deps.store.issuers.list()).length === 0;
  const report: BootstrapReport = { freshDatabase };
  if (config.LAUREL_BOOTSTRAP_TOKEN && freshDatabase && !(await deps.store.tokens.findByToken(config.LAUREL_BOOTSTRAP_TOKEN))) {
    try {
      await createApiToken(deps, BOOTSTRAP, { issuerId: null, name: 'bootstrap', scopes: ['admin'], token: config.LAUREL_BOOTSTRAP_TOKEN });
    } catch (error) {
      // The same token, stored by a process that started alongside.
      if (!isConflict(error)) throw error;
    }
  }
  if (!config.LAUREL_SEED_DEMO) return report;

  const file = devTokenFile(config);
  if (!freshDatabase) {
    const [issuer] = await deps.store.issuers.list();
    return { ...report, ...(await existingDemo(deps, issuer, file)) };
  }
  const seeded = await demoIssuer(deps, config);
  if (!seeded?.created) return { ...report, ...(await existingDemo(deps, seeded?.issuer, file)) };

  const { issuer } = seeded;
  const achievement = await createAchievement(deps, BOOTSTRAP, issuer.id, {
    externalId: DEMO_COURSE_ID,
    name: 'Introduction to Verifiable Credentials',
    description: 'Completed VC101: what verifiable credentials are and how to check one.',
    achievementType: 'Certificate',
    tier: 'Completion',
    rules: { minCompletionPercent: 80, minGradePercent: 70 },
    reportGrade: true,
  });
  await createAchievement(deps, BOOTSTRAP, issuer.id, {
    externalId: DEMO_OPENEDX_COURSE_ID,
    name: 'Open edX Demo Course',
    description: 'Passed the Open edX demo course (awarded from the LMS event bus).',
    achievementType: 'Certificate',
    tier: 'Completion',
    rules: {},
  });
  report.demo = { issuerId: issuer.id, achievementId: achievement.id, courseId: DEMO_COURSE_ID, openEdxCourseId: DEMO_OPENEDX_COURSE_ID };
  if (!config.LAUREL_BOOTSTRAP_TOKEN) {
    const { token } = await createApiToken(deps, BOOTSTRAP, { issuerId: null, name: 'development admin', scopes: ['admin'] });
    await writeTokenFile(file, token);
    report.adminToken = token;
  }
  return report;
}
