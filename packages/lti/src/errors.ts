import { LaurelError } from '@laurel/models';

/** Why a launch (or the login that starts it) was refused: stable, for logs and tests; the message says it in plain words. */
export type LaunchRefusal =
  | 'platform-error'
  | 'missing-token'
  | 'state'
  | 'unknown-platform'
  | 'target'
  | 'signature'
  | 'unknown-key'
  | 'malformed'
  | 'expired'
  | 'issued-at'
  | 'issuer'
  | 'audience'
  | 'authorized-party'
  | 'nonce'
  | 'replayed'
  | 'deployment'
  | 'message-type'
  | 'version'
  | 'anonymous'
  | 'resource-link';

/** LTI_LAUNCH_REFUSED (401): the launch cannot be trusted; the learner sees a page saying why. */
export function launchRefused(reason: LaunchRefusal, message: string, options?: ErrorOptions): LaurelError {
  return new LaurelError('LTI_LAUNCH_REFUSED', message, { reason }, options);
}

/** LTI_PLATFORM_KEYS_UNAVAILABLE (503): the platform's JWKS could not be fetched, so no verdict on the launch. */
export function platformKeysUnavailable(jwksUrl: string, cause: unknown): LaurelError {
  const code = (cause as { code?: unknown }).code;
  return new LaurelError(
    'LTI_PLATFORM_KEYS_UNAVAILABLE',
    'The learning platform’s keys could not be fetched, so the launch could not be checked; try again in a moment.',
    { jwksUrl, ...(typeof code === 'string' ? { cause: code } : {}) },
    { cause },
  );
}

export function isLaunchRefused(error: unknown): error is LaurelError {
  return error instanceof LaurelError && error.code === 'LTI_LAUNCH_REFUSED';
}
