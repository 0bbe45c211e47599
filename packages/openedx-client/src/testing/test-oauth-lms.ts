import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHash, randomBytes } from 'node:crypto';

/** A user of the stand-in LMS: global staff or not, and their course-team roles. */
export interface TestLmsUser {
  username: string;
  isStaff: boolean;
  roles: { course_id: string; role: string }[];
}

/**
 * A small Open edX stand-in speaking the OAuth 2.0 authorization code grant
 * as Django OAuth Toolkit does (`/oauth2/authorize`, `/oauth2/access_token`,
 * PKCE S256 checked at the exchange; codes are single use) and the two APIs
 * read with the access token: `/api/user/v1/me` and `/api/enrollment/v1/roles/`.
 * The "browser" is already signed in to the LMS as `signedInAs`.
 */
export interface TestOAuthLms {
  readonly url: string;
  readonly clientId: string;
  readonly clientSecret: string;
  signedInAs: TestLmsUser | undefined;
  /** Token exchanges refused, with the OAuth error answered. */
  readonly refusals: string[];
  /** Token exchanges granted. */
  granted(): number;
  close(): Promise<void>;
}

export async function startTestOAuthLms(): Promise<TestOAuthLms> {
  const clientId = 'laurel-console';
  const clientSecret = randomBytes(12).toString('hex');
  const codes = new Map<string, { user: TestLmsUser; challenge: string; redirectUri: string }>();
  const tokens = new Map<string, TestLmsUser>();
  const refusals: string[] = [];
  let grants = 0;
  const json = (response: http.ServerResponse, status: number, body: unknown) => {
    response.writeHead(status, { 'content-type': 'application/json' });
    response.end(JSON.stringify(body));
  };

  const server = http.createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://lms.test');
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      if (request.method === 'GET' && url.pathname === '/oauth2/authorize') {
        const query = url.searchParams;
        const redirectUri = query.get('redirect_uri') ?? '';
        if (query.get('client_id') !== clientId || query.get('response_type') !== 'code' || query.get('code_challenge_method') !== 'S256' || !query.get('code_challenge')) return json(response, 400, { error: 'invalid_request' });
        if (!lms.signedInAs) return json(response, 401, { error: 'login_required' });
        const code = randomBytes(16).toString('hex');
        codes.set(code, { user: lms.signedInAs, challenge: query.get('code_challenge')!, redirectUri });
        const back = new URL(redirectUri);
        back.searchParams.set('code', code);
        back.searchParams.set('state', query.get('state') ?? '');
        response.writeHead(302, { location: back.toString() });
        return response.end();
      }
      if (request.method === 'POST' && url.pathname === '/oauth2/access_token') {
        const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
        const refuse = (error: string) => {
          refusals.push(error);
          json(response, error === 'invalid_client' ? 401 : 400, { error });
        };
        if (form.get('client_id') !== clientId || form.get('client_secret') !== clientSecret) return refuse('invalid_client');
        const grant = codes.get(form.get('code') ?? '');
        codes.delete(form.get('code') ?? '');
        if (form.get('grant_type') !== 'authorization_code' || !grant || grant.redirectUri !== form.get('redirect_uri')) return refuse('invalid_grant');
        const verifier = form.get('code_verifier') ?? '';
        if (createHash('sha256').update(verifier).digest('base64url') !== grant.challenge) return refuse('invalid_grant: code_verifier');
        const token = randomBytes(16).toString('hex');
        tokens.set(token, grant.user);
        grants++;
        return json(response, 200, { access_token: token, token_type: 'Bearer', expires_in: 36000, scope: 'profile email' });
      }
      const user = tokens.get((request.headers.authorization ?? '').replace(/^Bearer /, ''));
      if (!user) return json(response, 401, { detail: 'Authentication credentials were not provided.' });
      if (url.pathname === '/api/user/v1/me') return json(response, 200, { username: user.username });
      if (url.pathname === '/api/enrollment/v1/roles/') return json(response, 200, { roles: user.roles.map((role) => ({ org: role.course_id.split(/[:+]/)[1] ?? '', ...role })), is_staff: user.isStaff });
      return json(response, 404, { detail: 'Not found.' });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const lms: TestOAuthLms = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    clientId,
    clientSecret,
    signedInAs: undefined,
    refusals,
    granted: () => grants,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  return lms;
}
