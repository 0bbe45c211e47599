import { createHash, randomUUID } from 'node:crypto';
import { importJWK, SignJWT, type JWK } from 'jose';
import { recordCompletions, type IssuanceDeps } from '@laurel/issuance';
import { LaurelError } from '@laurel/models';
import type { LtiPlatform } from '@laurel/store';
import { openSealedSecretKeyWithAny } from '@laurel/suites';
import { courseOfLaunch, type LaunchClaims } from './claims.js';
import { launchLearner } from './launch-view.js';
import { TOOL_KEY_ALG, toolKeySealContext, toolJwks } from './tool-keys.js';

/** LTI Assignment and Grade Services 2.0 scopes this tool asks for: reading only. */
export const AGS_SCOPES = {
  lineItemsRead: 'https://purl.imsglobal.org/spec/lti-ags/scope/lineitem.readonly',
  resultsRead: 'https://purl.imsglobal.org/spec/lti-ags/scope/result.readonly',
} as const;

/** A JSON request through the guarded fetcher (its requestJson). */
export type AgsRequest = (request: { method: 'GET' | 'POST'; url: string; headers?: Record<string, string>; form?: Record<string, string> }) => Promise<{ status: number; json: unknown }>;

export interface AgsDeps extends IssuanceDeps {
  request: AgsRequest;
}

export interface AgsScore {
  lineItemId: string;
  /** The line item's tag, else its label: the assignment type the score counts for. */
  assignment: string;
  scoreMaximum: number;
  resultScore: number | null;
}

function unavailable(message: string, details: Record<string, unknown> = {}): LaurelError {
  return new LaurelError('LMS_UNAVAILABLE', message, details);
}

/** The tool's oldest key, opened (with the previous key-encryption key too, during a rotation). */
async function toolPrivateKey(deps: IssuanceDeps) {
  await toolJwks(deps);
  const [key] = await deps.store.ltiToolKeys.list();
  const jwk = JSON.parse(openSealedSecretKeyWithAny(key!.sealedPrivateKey, [deps.keyEncryptionKey, deps.previousKeyEncryptionKey], toolKeySealContext(key!.kid))) as JWK;
  return { kid: key!.kid, key: await importJWK(jwk, TOOL_KEY_ALG) };
}

/**
 * An access token for LTI services: OAuth 2.0 client credentials with a JWT
 * client assertion signed by the tool's key (1EdTech Security Framework
 * §4.1, RFC 7523), which the platform checks against /lti/jwks.json.
 */
export async function serviceToken(deps: AgsDeps, platform: LtiPlatform, scopes: readonly string[]): Promise<string> {
  if (!platform.accessTokenUrl) throw unavailable('The platform registration has no access token URL.');
  const { kid, key } = await toolPrivateKey(deps);
  const now = Math.floor(deps.now().getTime() / 1000);
  const assertion = await new SignJWT({})
    .setProtectedHeader({ alg: TOOL_KEY_ALG, kid, typ: 'JWT' })
    .setIssuer(platform.clientId)
    .setSubject(platform.clientId)
    .setAudience(platform.accessTokenUrl)
    .setIssuedAt(now)
    .setExpirationTime(now + 300)
    .setJti(randomUUID())
    .sign(key);
  const answer = await deps.request({
    method: 'POST',
    url: platform.accessTokenUrl,
    form: { grant_type: 'client_credentials', client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer', client_assertion: assertion, scope: scopes.join(' ') },
  });
  const token = (answer.json as { access_token?: unknown } | undefined)?.access_token;
  if (answer.status !== 200 || typeof token !== 'string') throw unavailable('The platform did not grant a service token.', { status: answer.status });
  return token;
}

const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);

/** The learner's scores in the line items of the launch's context (AGS 2.0 §3.2 line items, §3.3 results). */
export async function readAgsScores(deps: AgsDeps, platform: LtiPlatform, lineItemsUrl: string, userId: string): Promise<AgsScore[]> {
  const token = await serviceToken(deps, platform, [AGS_SCOPES.lineItemsRead, AGS_SCOPES.resultsRead]);
  const auth = { authorization: `Bearer ${token}` };
  const items = await deps.request({ method: 'GET', url: lineItemsUrl, headers: { ...auth, accept: 'application/vnd.ims.lis.v2.lineitemcontainer+json' } });
  if (items.status !== 200 || !Array.isArray(items.json)) throw unavailable('The platform did not list the line items.', { status: items.status });
  const scores: AgsScore[] = [];
  for (const item of items.json as Record<string, unknown>[]) {
    const id = text(item.id);
    const scoreMaximum = Number(item.scoreMaximum);
    if (!id || !(scoreMaximum > 0)) continue;
    const resultsUrl = new URL(`${id.replace(/\/$/, '')}/results`);
    resultsUrl.searchParams.set('user_id', userId);
    const results = await deps.request({ method: 'GET', url: resultsUrl.href, headers: { ...auth, accept: 'application/vnd.ims.lis.v2.resultcontainer+json' } });
    if (results.status !== 200 || !Array.isArray(results.json)) throw unavailable('The platform did not answer the results of a line item.', { status: results.status });
    const mine = (results.json as Record<string, unknown>[]).find((result) => result.userId === userId);
    const score = mine && typeof mine.resultScore === 'number' ? (mine.resultScore / (typeof mine.resultMaximum === 'number' && mine.resultMaximum > 0 ? mine.resultMaximum : scoreMaximum)) * scoreMaximum : null;
    scores.push({ lineItemId: id, assignment: text(item.tag) ?? text(item.label) ?? id, scoreMaximum, resultScore: score });
  }
  return scores;
}

const round = (value: number) => Math.round(value * 100) / 100;

/**
 * When the launch offers Assignment and Grade Services (its endpoint claim
 * with a line-items URL and the read scopes) and the platform has a token
 * URL, the learner's scores become a completion record for the course: the
 * grade over the graded line items, and each item's grade as its assignment
 * type's. Idempotent: the same scores make the same source event id.
 * Returns undefined when nothing was offered or nothing is graded yet.
 */
export async function recordAgsScores(deps: AgsDeps, platform: LtiPlatform, claims: LaunchClaims): Promise<{ gradePercent: number } | undefined> {
  const endpoint = claims.agsEndpoint as { lineitems?: unknown; scope?: unknown } | undefined;
  const scopes = Array.isArray(endpoint?.scope) ? endpoint.scope : [];
  const lineItems = text(endpoint?.lineitems);
  const courseId = courseOfLaunch(claims);
  if (!lineItems || !platform.accessTokenUrl || !courseId || !scopes.includes(AGS_SCOPES.resultsRead) || !scopes.includes(AGS_SCOPES.lineItemsRead)) return undefined;
  const learner = await launchLearner(deps, platform, claims);
  if (!learner) return undefined;
  const graded = (await readAgsScores(deps, platform, lineItems, claims.sub)).filter((score) => score.resultScore !== null);
  if (graded.length === 0) return undefined;
  const total = graded.reduce((sum, score) => sum + score.scoreMaximum, 0);
  const gradePercent = round((graded.reduce((sum, score) => sum + score.resultScore!, 0) / total) * 100);
  const assignmentGrades = Object.fromEntries(graded.map((score) => [score.assignment, round((score.resultScore! / score.scoreMaximum) * 100)]));
  const fingerprint = createHash('sha256').update(JSON.stringify([courseId, learner.id, graded.map((score) => [score.lineItemId, score.resultScore, score.scoreMaximum])])).digest('base64url').slice(0, 32);
  await recordCompletions(deps, `lti:${platform.id}`, platform.issuerId, [
    { learner: { lmsUserId: learner.lmsUserId }, courseId, gradePercent, assignmentGrades, sourceEventId: `lti-ags:${platform.id}:${fingerprint}` },
  ]);
  return { gradePercent };
}

