import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeOpenEdxUser {
  username: string;
  /** Put in an id_token (with `user_id`) instead of being read from /api/user/v1/me. */
  idTokenUserId?: string;
  /** For /api/enrollment/v1/roles/: global staff, and course-team roles (CourseAccessRole). */
  isStaff?: boolean;
  roles?: { course_id: string; role: string }[];
}

export interface FakeOpenEdxOAuth {
  url: string;
  /** Who signs in at the next /oauth2/authorize (the LMS's own login is not played). */
  signInAs(user: FakeOpenEdxUser): void;
  /** Every POST /oauth2/access_token received, with whether it was accepted. */
  tokenRequests: { form: Record<string, string>; accepted: boolean; error?: string }[];
  close(): Promise<void>;
}

interface Grant {
  clientId: string;
  redirectUri: string;
  codeChallenge: string;
  user: FakeOpenEdxUser;
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

const base64url = (value: string | Buffer) => Buffer.from(value).toString('base64url');

/**
 * Plays the OAuth 2.0 provider of an Open edX LMS (django-oauth-toolkit under
 * /oauth2/): /oauth2/authorize issues a code for a registered client and
 * redirect URI, remembering the PKCE S256 challenge (RFC 7636 §4.3);
 * /oauth2/access_token takes a form (RFC 6749 §4.1.3), checks client, code,
 * redirect URI and the code_verifier against the challenge (§4.6), and
 * answers a Bearer token; /api/user/v1/me answers `{ username }` for it, and
 * /api/enrollment/v1/roles/ `{ roles, is_staff }`.
 */
export async function startFakeOpenEdxOAuth(client: { clientId: string; clientSecret: string; redirectUri: string }): Promise<FakeOpenEdxOAuth> {
  const grants = new Map<string, Grant>();
  const tokens = new Map<string, FakeOpenEdxUser>();
  const tokenRequests: FakeOpenEdxOAuth['tokenRequests'] = [];
  let nextUser: FakeOpenEdxUser = { username: 'nobody' };

  const server = createServer(async (request, response) => {
    const url = new URL(request.url ?? '/', 'http://lms.test');
    const json = (status: number, body: unknown) => {
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(body));
    };
    if (request.method === 'GET' && url.pathname === '/oauth2/authorize') {
      const q = Object.fromEntries(url.searchParams);
      if (q.client_id !== client.clientId || q.redirect_uri !== client.redirectUri) return json(400, { error: 'invalid_request' });
      if (q.response_type !== 'code' || q.code_challenge_method !== 'S256' || !q.code_challenge || !q.state) return json(400, { error: 'invalid_request' });
      const code = base64url(randomBytes(16));
      grants.set(code, { clientId: q.client_id, redirectUri: q.redirect_uri, codeChallenge: q.code_challenge, user: nextUser });
      const back = new URL(q.redirect_uri);
      back.searchParams.set('code', code);
      back.searchParams.set('state', q.state);
      response.writeHead(302, { location: back.href });
      return response.end();
    }
    if (request.method === 'POST' && url.pathname === '/oauth2/access_token') {
      if (!request.headers['content-type']?.startsWith('application/x-www-form-urlencoded')) return json(400, { error: 'invalid_request' });
      const form = Object.fromEntries(new URLSearchParams(await readBody(request)));
      const refuse = (error: string) => {
        tokenRequests.push({ form, accepted: false, error });
        return json(400, { error });
      };
      const grant = grants.get(form.code ?? '');
      if (form.client_id !== client.clientId || form.client_secret !== client.clientSecret) return refuse('invalid_client');
      if (form.grant_type !== 'authorization_code' || !grant || grant.redirectUri !== form.redirect_uri) return refuse('invalid_grant');
      grants.delete(form.code!);
      const challenge = createHash('sha256').update(form.code_verifier ?? '', 'ascii').digest('base64url');
      if (challenge !== grant.codeChallenge) return refuse('invalid_grant');
      tokenRequests.push({ form, accepted: true });
      const accessToken = base64url(randomBytes(24));
      tokens.set(accessToken, grant.user);
      const idToken = grant.user.idTokenUserId
        ? [base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' })), base64url(JSON.stringify({ iss: `${url.origin}/oauth2`, aud: client.clientId, exp: Math.floor(Date.now() / 1000) + 300, user_id: grant.user.idTokenUserId, preferred_username: grant.user.username })), base64url('signature')].join('.')
        : undefined;
      return json(200, { access_token: accessToken, token_type: 'Bearer', expires_in: 36000, scope: 'profile email', ...(idToken ? { id_token: idToken } : {}) });
    }
    if (request.method === 'GET' && url.pathname === '/api/user/v1/me') {
      const user = tokens.get(/^Bearer (\S+)$/.exec(request.headers.authorization ?? '')?.[1] ?? '');
      return user ? json(200, { username: user.username }) : json(401, { detail: 'Authentication credentials were not provided.' });
    }
    if (request.method === 'GET' && url.pathname === '/api/enrollment/v1/roles/') {
      // edx-platform's EnrollmentUserRolesView: the requesting user's roles and whether they are global staff.
      const user = tokens.get(/^Bearer (\S+)$/.exec(request.headers.authorization ?? '')?.[1] ?? '');
      if (!user) return json(401, { detail: 'Authentication credentials were not provided.' });
      return json(200, { roles: (user.roles ?? []).map((role) => ({ org: role.course_id.split(/[:+]/)[1] ?? '', ...role })), is_staff: user.isStaff === true });
    }
    json(404, { detail: 'Not found.' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    signInAs(user) {
      nextUser = user;
    },
    tokenRequests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
