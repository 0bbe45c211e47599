import { z } from 'zod';
import { formatPath, LaurelError } from '@laurel/models';
import type { Store } from '@laurel/store';
import { launchRefused } from './errors.js';
import { LOGIN_STATE_SECONDS, newStateAndNonce, type LoginState } from './login-state.js';

/** The parameters of a third-party-initiated login (1EdTech Security Framework 1.0 §5.1.1.1; LTI Core 1.3 §4.1). */
export const loginParamsSchema = z.object({
  iss: z.string().min(1).max(255),
  login_hint: z.string().min(1).max(2048),
  target_link_uri: z.string().min(1).max(2048),
  lti_message_hint: z.string().max(4096).optional(),
  lti_deployment_id: z.string().max(255).optional(),
  client_id: z.string().max(255).optional(),
});

export interface LoginDeps {
  store: Pick<Store, 'ltiPlatforms'>;
  now: () => Date;
  /** Where the platform posts the id_token: `${public URL}/lti/launch`. */
  launchUrl: string;
}

export interface StartedLogin {
  /** The platform's authorization endpoint with the authentication request. */
  redirectTo: string;
  state: string;
  loginState: LoginState;
}

/**
 * Validates a login against a registered platform and builds the OIDC
 * authentication request (response_type id_token, form_post, prompt none)
 * with a fresh state and nonce. Nothing is written: the state lives in the
 * browser's signed cookie, the nonce is recorded when the launch uses it.
 */
export async function startLogin(deps: LoginDeps, raw: Record<string, unknown>): Promise<StartedLogin> {
  const parsed = loginParamsSchema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => ({ path: formatPath(issue.path), message: issue.message }));
    throw new LaurelError('INVALID_INPUT', `The platform's login request is incomplete: ${issues.map((issue) => issue.path).join(', ')}.`, { issues });
  }
  const params = parsed.data;
  const platform = await deps.store.ltiPlatforms.findRegistration(params.iss, params.client_id || undefined);
  if (!platform) throw launchRefused('unknown-platform', 'This learning platform is not registered with Laurel (or the client id it sent is not the one registered). Ask your administrator to register it.');
  if (params.lti_deployment_id && !platform.deploymentIds.includes(params.lti_deployment_id)) {
    throw launchRefused('deployment', 'This deployment of the tool is not registered with Laurel. Ask your administrator to add its deployment id.');
  }
  const launch = new URL(deps.launchUrl);
  let target: URL | undefined;
  try {
    target = new URL(params.target_link_uri);
  } catch {
    target = undefined;
  }
  // Only ever back to this tool: the launch URL is where the id_token goes, and nowhere else.
  if (!target || target.origin !== launch.origin || !target.pathname.startsWith('/lti/')) {
    throw launchRefused('target', 'The link the platform launched points somewhere other than this tool.');
  }
  const { state, nonce } = newStateAndNonce();
  const request = new URL(platform.authLoginUrl);
  const query: Record<string, string> = {
    scope: 'openid',
    response_type: 'id_token',
    response_mode: 'form_post',
    prompt: 'none',
    client_id: platform.clientId,
    redirect_uri: launch.href,
    login_hint: params.login_hint,
    state,
    nonce,
    ...(params.lti_message_hint ? { lti_message_hint: params.lti_message_hint } : {}),
  };
  for (const [name, value] of Object.entries(query)) request.searchParams.set(name, value);
  return { redirectTo: request.href, state, loginState: { nonce, platformId: platform.id, expiresAt: deps.now().getTime() + LOGIN_STATE_SECONDS * 1000 } };
}
