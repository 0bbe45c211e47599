import type { GuardedFetcher } from '@laurel/guarded-fetch';
import { LmsRequestError } from './errors.js';

/** Where the LMS is, and the one way out to it. */
export interface LmsApiAccess {
  baseUrl: string;
  fetcher: GuardedFetcher;
}

const rootOf = (baseUrl: string) => baseUrl.replace(/\/+$/, '');

/** A signed-in LMS user's staff standing: global staff, and the courses where they are course staff. */
export interface LmsStaffStanding {
  username: string;
  isStaff: boolean;
  /** Course ids where the user has a course-team role that manages learners (staff or instructor). */
  staffCourseIds: string[];
}

/** Course-team roles (CourseAccessRole.role) that Laurel treats as course staff. */
export const COURSE_STAFF_ROLES: readonly string[] = ['instructor', 'staff'];

/**
 * Who the access token's user is (`GET /api/user/v1/me`) and their roles
 * (`GET /api/enrollment/v1/roles/`, edx-platform's EnrollmentUserRolesView:
 * `{ roles: [{ org, course_id, role }], is_staff }` for the requesting user).
 */
export async function lmsStaffStanding(client: LmsApiAccess, accessToken: string): Promise<LmsStaffStanding> {
  const get = async (path: string, what: string) => {
    const response = await client.fetcher.requestJson({ method: 'GET', url: `${rootOf(client.baseUrl)}${path}`, headers: { authorization: `Bearer ${accessToken}` } });
    if (response.status !== 200) throw new LmsRequestError(response.status === 401 || response.status === 403 ? 'auth' : 'rejected', `The LMS answered HTTP ${response.status} for ${what}.`, response.status);
    return response.json as Record<string, unknown> | undefined;
  };
  const me = await get('/api/user/v1/me', 'the signed-in user');
  const roles = await get('/api/enrollment/v1/roles/', "the user's course roles");
  const username = me?.username;
  if (typeof username !== 'string' || username === '' || !Array.isArray(roles?.roles)) {
    throw new LmsRequestError('rejected', 'The LMS answered without a username or a roles list.');
  }
  const staffCourseIds = (roles.roles as { course_id?: unknown; role?: unknown }[])
    .filter((entry) => typeof entry.course_id === 'string' && entry.course_id !== '' && typeof entry.role === 'string' && COURSE_STAFF_ROLES.includes(entry.role))
    .map((entry) => entry.course_id as string);
  return { username, isStaff: roles.is_staff === true, staffCourseIds: [...new Set(staffCourseIds)].sort() };
}
