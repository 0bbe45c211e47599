import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createAchievement, createApiToken, createIssuer, type IssuanceDeps } from '@laurel/issuance';
import type { IssuerConfig } from './config.js';

export const DEMO_COURSE_ID = 'course-v1:Laurel+VC101+2026';
/** A second demo course with Open edX's default rule (passed is enough), for the LMS simulator. */
export const DEMO_OPENEDX_COURSE_ID = 'course-v1:Laurel+EDX101+2026';

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

/**
 * First-start chores: the bootstrap admin token (how containers and scripts
 * get in without a shell) and, when asked, a demo issuer and achievement so
 * `npm start` shows something working.
 */
/** Who the audit log names for what the service does on first start. */
const BOOTSTRAP = 'system:bootstrap';

export async function bootstrap(deps: IssuanceDeps, config: IssuerConfig): Promise<BootstrapReport> {
  const freshDatabase = (await deps.store.issuers.list()).length === 0;
  const report: BootstrapReport = { freshDatabase };
  if (config.LAUREL_BOOTSTRAP_TOKEN && freshDatabase && !(await deps.store.tokens.findByToken(config.LAUREL_BOOTSTRAP_TOKEN))) {
    await createApiToken(deps, BOOTSTRAP, { issuerId: null, name: 'bootstrap', scopes: ['admin'], token: config.LAUREL_BOOTSTRAP_TOKEN });
  }
  if (!config.LAUREL_SEED_DEMO) return report;

  const file = devTokenFile(config);
  if (freshDatabase) {
    const issuer = await createIssuer(deps, BOOTSTRAP, {
      slug: 'demo',
      name: 'Laurel Demo University',
      url: config.ISSUER_PUBLIC_URL,
      description: 'A demonstration issuer created by npm start.',
      didMethod: 'key',
    });
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
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(file, `${token}\n`, { mode: 0o600 });
      report.adminToken = token;
    }
  } else {
    const [issuer] = await deps.store.issuers.list();
    const achievements = issuer ? await deps.store.achievements.listForIssuer(issuer.id) : [];
    const achievement = achievements.find((entry) => entry.externalId === DEMO_COURSE_ID) ?? achievements[0];
    const openEdx = achievements.find((entry) => entry.externalId === DEMO_OPENEDX_COURSE_ID);
    if (issuer && achievement) {
      report.demo = { issuerId: issuer.id, achievementId: achievement.id, courseId: achievement.externalId, ...(openEdx ? { openEdxCourseId: openEdx.externalId } : {}) };
    }
    report.adminToken = (await readFile(file, 'utf8').catch(() => '')).trim() || undefined;
  }
  return report;
}
