import { z } from 'zod';
import { formatPath, LaurelError, webUrlSchema } from '@laurel/models';
import type { LtiPlatform, Store } from '@laurel/store';

export const LTI_LEARNER_CLAIMS = ['sub', 'username', 'email'] as const;

/** What an administrator registers: the values the platform shows when a tool is added to it. */
export const newLtiPlatformSchema = z.strictObject({
  issuerId: z.string().min(1).max(128).describe('The Laurel issuer whose learners and achievements this platform’s launches show'),
  name: z.string().min(1).max(200).describe('A label for people (e.g. “Moodle of the Faculty of Science”)'),
  platformIssuer: z.string().min(1).max(255).describe('The platform’s issuer (`iss` of its id_tokens), e.g. https://canvas.instructure.com'),
  clientId: z.string().min(1).max(255).describe('The client id the platform gave Laurel'),
  deploymentIds: z.array(z.string().min(1).max(255)).min(1).max(100).describe('The deployment ids launches may name'),
  authLoginUrl: webUrlSchema.describe('The platform’s OIDC authorization endpoint (where the login step sends the browser)'),
  jwksUrl: webUrlSchema.describe('Where the platform publishes its public keys (JWKS)'),
  accessTokenUrl: webUrlSchema.optional().describe('The platform’s OAuth 2.0 token endpoint (for LTI services; optional)'),
  learnerClaim: z.enum(LTI_LEARNER_CLAIMS).default('sub').describe(
    'Which claim names the Laurel learner: `sub` (the platform’s user id, the learner’s LMS user id in Laurel), `username` (preferred_username, e.g. the Open edX username) or `email`',
  ),
});
export type NewLtiPlatformInput = z.input<typeof newLtiPlatformSchema>;

export interface LtiPlatformDeps {
  store: Store;
  /** FETCH_ALLOW_HTTP: platform URLs may be plain http (local test platforms). */
  allowHttp?: boolean;
}

function invalid(path: string, message: string): LaurelError {
  return new LaurelError('INVALID_INPUT', `${path} ${message}.`, { issues: [{ path, message }] });
}

/**
 * Registers a platform for an issuer; audited as `lti-platform.register`.
 * The keys are fetched at launch time, so nothing is fetched here. CONFLICT
 * when the platform's (iss, client id) is registered already.
 */
export async function registerLtiPlatform(deps: LtiPlatformDeps, actor: string, input: NewLtiPlatformInput): Promise<LtiPlatform> {
  const parsed = newLtiPlatformSchema.safeParse(input);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => ({ path: formatPath(issue.path), message: issue.message }));
    throw new LaurelError('INVALID_INPUT', `The platform registration is not valid: ${issues.map((issue) => `${issue.path} ${issue.message}`).join('; ')}.`, { issues });
  }
  const { accessTokenUrl, ...settings } = parsed.data;
  if (!deps.allowHttp) {
    for (const field of ['authLoginUrl', 'jwksUrl', 'accessTokenUrl'] as const) {
      const value = parsed.data[field];
      if (value?.startsWith('http:')) throw invalid(field, 'must be an https URL (FETCH_ALLOW_HTTP=true allows http for local tests)');
    }
  }
  return deps.store.transaction(async (tx) => {
    if (!(await tx.issuers.get(settings.issuerId))) throw invalid('issuerId', 'names no issuer');
    const platform = await tx.ltiPlatforms.create({ ...settings, accessTokenUrl: accessTokenUrl ?? null });
    await tx.audit.record({ actor, action: 'lti-platform.register', targetType: 'lti_platform', targetId: platform.id, issuerId: platform.issuerId, details: { platformIssuer: platform.platformIssuer, clientId: platform.clientId } });
    return platform;
  });
}

export async function getLtiPlatform(deps: Pick<LtiPlatformDeps, 'store'>, id: string): Promise<LtiPlatform> {
  const platform = await deps.store.ltiPlatforms.get(id);
  if (!platform) throw new LaurelError('NOT_FOUND', `No LTI platform with id ${id}.`, { what: 'lti platform', id });
  return platform;
}

/** The platforms of one issuer, or of every issuer (null). */
export function listLtiPlatforms(deps: Pick<LtiPlatformDeps, 'store'>, issuerId: string | null): Promise<LtiPlatform[]> {
  return deps.store.ltiPlatforms.list(issuerId);
}

/** Forgets the platform (its launches are refused from now on); audited as `lti-platform.remove`. NOT_FOUND when there is none. */
export async function removeLtiPlatform(deps: Pick<LtiPlatformDeps, 'store'>, actor: string, platform: LtiPlatform): Promise<void> {
  await deps.store.transaction(async (tx) => {
    if (!(await tx.ltiPlatforms.delete(platform.id))) throw new LaurelError('NOT_FOUND', `No LTI platform with id ${platform.id}.`, { what: 'lti platform', id: platform.id });
    await tx.audit.record({ actor, action: 'lti-platform.remove', targetType: 'lti_platform', targetId: platform.id, issuerId: platform.issuerId, details: { platformIssuer: platform.platformIssuer, clientId: platform.clientId } });
  });
}
