import { createHash, randomBytes } from 'node:crypto';
import type { GuardedFetcher } from '@laurel/guarded-fetch';
import { LmsRequestError } from './errors.js';

/** An OAuth application of the LMS (Django OAuth Toolkit, "Authorization code" grant, confidential client). */
export interface LmsOAuthClient {
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  fetcher: GuardedFetcher;
}

/** What to send the browser to, and what to keep (server-side or in a signed cookie) until it comes back. */
export interface AuthorizationStart {
  url: string;
  state: string;
  codeVerifier: string;
}

const rootOf = (baseUrl: string) => baseUrl.replace(/\/+$/, '');

/**
 * The LMS's authorization URL (RFC 6749 §4.1.1) with a random `state` (§10.12)
 * and a PKCE S256 challenge (RFC 7636 §4.2): Open edX's `/oauth2/authorize`.
 */
export function startAuthorization(client: Pick<LmsOAuthClient, 'baseUrl' | 'clientId'>, redirectUri: string, scope = 'profile email'): AuthorizationStart {
  const state = randomBytes(24).toString('base64url');
  const codeVerifier = randomBytes(32).toString('base64url');
  const url = new URL(`${rootOf(client.baseUrl)}/oauth2/authorize`);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: client.clientId,
    redirect_uri: redirectUri,
    scope,
    state,
    code_challenge: createHash('sha256').update(codeVerifier).digest('base64url'),
    code_challenge_method: 'S256',
  }).toString();
  return { url: url.toString(), state, codeVerifier };
}

/** Exchanges the code at `/oauth2/access_token` (RFC 6749 §4.1.3, with the PKCE verifier) for a Bearer access token. */
export async function exchangeAuthorizationCode(client: LmsOAuthClient, code: string, redirectUri: string, codeVerifier: string): Promise<string> {
  const response = await client.fetcher.requestJson({
    method: 'POST',
    url: `${rootOf(client.baseUrl)}/oauth2/access_token`,
    form: { grant_type: 'authorization_code', code, redirect_uri: redirectUri, client_id: client.clientId, client_secret: client.clientSecret, code_verifier: codeVerifier },
  });
  const token = (response.json as { access_token?: unknown } | undefined)?.access_token;
  if (response.status !== 200 || typeof token !== 'string' || token === '') {
    // 400 invalid_grant / 401 invalid_client (RFC 6749 §5.2): the code or the client was refused.
    const refusedCode = response.status === 400 || response.status === 401;
    throw new LmsRequestError(refusedCode ? 'auth' : response.status >= 500 ? 'transient' : 'rejected', `The LMS refused the sign-in code (HTTP ${response.status}).`, response.status);
  }
  return token;
}

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
export async function lmsStaffStanding(client: Pick<LmsOAuthClient, 'baseUrl' | 'fetcher'>, accessToken: string): Promise<LmsStaffStanding> {
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
