export { LTI_CLAIMS, LTI_VERSION, RESOURCE_LINK_REQUEST, courseOfLaunch, type LaunchClaims } from './claims.js';
export { launchRefused, platformKeysUnavailable, isLaunchRefused, type LaunchRefusal } from './errors.js';
export { createPlatformKeys, type PlatformKeys, type PlatformKeysOptions } from './platform-keys.js';
export { LOGIN_STATE_SECONDS, stateCookieName, encodeLoginState, decodeLoginState, loginStateKey, type LoginState } from './login-state.js';
export { startLogin, loginParamsSchema, type LoginDeps, type StartedLogin } from './login.js';
export { verifyLaunch, type LaunchDeps, type LaunchRequest, type VerifiedLaunch } from './launch.js';
export { launchView, type LaunchView } from './launch-view.js';
export { toolJwks, TOOL_KEY_ALG, toolKeySealContext, type ToolKeyDeps } from './tool-keys.js';
export { registerLtiPlatform, getLtiPlatform, listLtiPlatforms, removeLtiPlatform, newLtiPlatformSchema, LTI_LEARNER_CLAIMS, type NewLtiPlatformInput, type LtiPlatformDeps } from './platforms.js';
