import { addCatalogCourse, getCatalogDefaults, type CatalogCourseOutcome, type IssuanceDeps } from '@laurel/issuance';
import type { OpenEdxClient } from '@laurel/openedx-client';

export interface CatalogSyncOptions {
  /** The LMS instance (LMS_INSTANCES_FILE id) the courses come from; remembered with each course. */
  lmsInstance?: string;
  /** Courses per page asked of the LMS (the Courses API caps it at 100). */
  pageSize?: number;
  /** Told after each course: how many are done of how many the LMS lists. */
  onProgress?: (done: number, total: number) => void;
}

export interface CatalogSyncReport {
  /** Courses the LMS listed. */
  courses: number;
  /** New courses and the achievements made for them from the issuer's catalog defaults. */
  created: { courseKey: string; achievementIds: string[] }[];
  /** New to the catalog, but with achievements made by hand already: left as they are. */
  existingAchievements: string[];
  /** Listed before: names kept current, nothing created. */
  known: number;
  failed: { courseKey: string; error: string }[];
}

/**
 * Reads the LMS's course list (every page) and creates achievements from the
 * issuer's catalog defaults for courses seen for the first time. Idempotent:
 * a course's key is remembered in the transaction that creates its
 * achievements, so a second run (or two at once) creates nothing more. A
 * course that fails is reported and the run goes on; a failing page stops it
 * (the client has already retried), and the next run picks up where the list is.
 */
export async function syncCatalog(deps: IssuanceDeps, actor: string, issuerId: string, client: OpenEdxClient, options: CatalogSyncOptions = {}): Promise<CatalogSyncReport> {
  const { defaults } = await getCatalogDefaults(deps, issuerId);
  const report: CatalogSyncReport = { courses: 0, created: [], existingAchievements: [], known: 0, failed: [] };
  for await (const page of client.courses(options.pageSize)) {
    for (const course of page.courses) {
      let outcome: CatalogCourseOutcome | undefined;
      try {
        outcome = await addCatalogCourse(deps, actor, issuerId, course, defaults, options.lmsInstance);
      } catch (error) {
        report.failed.push({ courseKey: course.key, error: error instanceof Error ? error.message : String(error) });
      }
      if (outcome?.outcome === 'created') report.created.push({ courseKey: outcome.courseKey, achievementIds: outcome.achievementIds });
      else if (outcome?.outcome === 'existing-achievements') report.existingAchievements.push(outcome.courseKey);
      else if (outcome?.outcome === 'known') report.known++;
      report.courses++;
      options.onProgress?.(report.courses, Math.max(page.count, report.courses));
    }
  }
  return report;
}
