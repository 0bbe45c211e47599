import { errors, jwtVerify, type JWTPayload } from 'jose';
import { LaurelError } from '@laurel/models';
import type { LtiPlatform, Store } from '@laurel/store';
import { launchClaimsOf, LTI_CLAIMS, LTI_VERSION, RESOURCE_LINK_REQUEST, type LaunchClaims } from './claims.js';
import { launchRefused } from './errors.js';
import type { LoginState } from './login-state.js';
import type { PlatformKeys } from './platform-keys.js';

/** Platforms sign with RS256 (required of every platform); the others are accepted from platforms that use them. */
const ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'ES256'];
/** Clocks differ a little between platform and tool. */
const CLOCK_TOLERANCE_SECONDS = 60;
/** An id_token is made for the post that carries it: one issued longer ago than this is not a fresh launch. */
const MAX_TOKEN_AGE = '10m';

export interface LaunchDeps {
  store: Pick<Store, 'ltiPlatforms' | 'ltiNonces'>;
  now: () => Date;
  platformKeys: PlatformKeys;
}

export interface LaunchRequest {
  idToken?: string | undefined;
  /** The platform's error answer to the authentication request (e.g. login_required). */
  error?: string | undefined;
  errorDescription?: string | undefined;
  /** What the login step left in this browser for the posted state; undefined when there is none (or it expired). */
  loginState: LoginState | undefined;
}

export interface VerifiedLaunch {
  platform: LtiPlatform;
  claims: LaunchClaims;
}

/** jose's verdict, as a refusal a learner can read. */
function refusalOf(error: unknown): LaurelError {
  if (error instanceof LaurelError) return error;
  if (error instanceof errors.JWTExpired) {
    return error.claim === 'exp'
      ? launchRefused('expired', 'The launch has expired. Open the tool again from your course.', { cause: error })
      : launchRefused('issued-at', 'The launch is too old. Open the tool again from your course.', { cause: error });
  }
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === 'iss') return launchRefused('issuer', 'The launch came from another platform than the one it started on.', { cause: error });
    if (error.claim === 'aud') return launchRefused('audience', 'The launch was meant for another tool (its audience is not this tool’s client id).', { cause: error });
    if (error.claim === 'nonce') return launchRefused('nonce', 'The launch carries no nonce, so it could be a replay.', { cause: error });
    if (error.claim === 'iat' || error.claim === 'nbf') return launchRefused('issued-at', 'The launch is dated in the future: the platform’s clock may be wrong.', { cause: error });
  }
  if (error instanceof errors.JWSSignatureVerificationFailed) return launchRefused('signature', 'The launch was not signed by the learning platform’s key.', { cause: error });
  if (error instanceof errors.JWKSNoMatchingKey || error instanceof errors.JWKSMultipleMatchingKeys) {
    return launchRefused('unknown-key', 'The launch was signed with a key the learning platform does not publish.', { cause: error });
  }
  return launchRefused('malformed', 'The launch token is malformed or signed in a way this tool does not accept.', { cause: error });
}

/**
 * Checks a launch as LTI Core 1.3 §5.1.3 and the Security Framework §5.1.3
 * ask: the login's state came back in this browser; the id_token is signed
 * by the platform (its JWKS, fetched and cached), from its issuer, for this
 * client id (and azp when several audiences), not expired nor too old,
 * carrying the login's nonce; a registered deployment, a resource link
 * launch of version 1.3.0 naming its user. The nonce is recorded last, so
 * only a launch that passes everything uses it up, and only once.
 */
export async function verifyLaunch(deps: LaunchDeps, request: LaunchRequest): Promise<VerifiedLaunch> {
  if (request.error) {
    const said = request.errorDescription ? `${request.error}: ${request.errorDescription}` : request.error;
    throw launchRefused('platform-error', `The learning platform did not launch the tool (${said}). Sign in to your course and try again.`);
  }
  if (!request.idToken) throw launchRefused('missing-token', 'The platform sent no launch token (id_token).');
  const { loginState } = request;
  if (!loginState) throw launchRefused('state', 'This launch did not start in this browser, or took too long. Open the tool again from your course.');
  const platform = await deps.store.ltiPlatforms.get(loginState.platformId);
  if (!platform) throw launchRefused('unknown-platform', 'This learning platform is no longer registered with Laurel.');

  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(request.idToken, deps.platformKeys.resolverFor(platform.jwksUrl), {
      issuer: platform.platformIssuer,
      audience: platform.clientId,
      algorithms: ALGORITHMS,
      requiredClaims: ['exp', 'iat', 'nonce'],
      maxTokenAge: MAX_TOKEN_AGE,
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
      currentDate: deps.now(),
    }));
  } catch (error) {
    throw refusalOf(error);
  }
  const audiences = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
  const azp = (payload as { azp?: unknown }).azp;
  if ((audiences.length > 1 || azp !== undefined) && azp !== platform.clientId) {
    throw launchRefused('authorized-party', 'The launch names several audiences but not this tool as the authorized party (azp).');
  }
  if (payload.nonce !== loginState.nonce) throw launchRefused('nonce', 'The launch does not answer the login this browser started (nonce).');
  const claims = payload as Record<string, unknown>;
  const deploymentId = claims[LTI_CLAIMS.deploymentId];
  if (typeof deploymentId !== 'string' || !platform.deploymentIds.includes(deploymentId)) {
    throw launchRefused('deployment', 'This deployment of the tool is not registered with Laurel. Ask your administrator to add its deployment id.');
  }
  if (claims[LTI_CLAIMS.messageType] !== RESOURCE_LINK_REQUEST) throw launchRefused('message-type', 'This tool only answers resource link launches (not deep linking or other messages).');
  if (claims[LTI_CLAIMS.version] !== LTI_VERSION) throw launchRefused('version', 'The launch is not LTI version 1.3.0.');
  if (typeof payload.sub !== 'string' || payload.sub === '') throw launchRefused('anonymous', 'The launch does not say who you are (anonymous launch), so your record cannot be shown.');
  const resourceLink = claims[LTI_CLAIMS.resourceLink] as { id?: unknown } | undefined;
  if (typeof resourceLink?.id !== 'string' || resourceLink.id === '') throw launchRefused('resource-link', 'The launch names no resource link.');

  // Kept until the token could no longer pass the expiry check: a replay after that is refused as expired.
  const keepUntil = new Date(((payload.exp as number) + CLOCK_TOLERANCE_SECONDS) * 1000);
  if (!(await deps.store.ltiNonces.useOnce(platform.id, loginState.nonce, keepUntil))) {
    throw launchRefused('replayed', 'This launch was used already. Open the tool again from your course.');
  }
  return { platform, claims: { sub: payload.sub, deploymentId, resourceLinkId: resourceLink.id, ...launchClaimsOf(claims) } };
}
