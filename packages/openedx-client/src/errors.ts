import { LaurelError } from '@laurel/models';

/**
 * Why a call to the LMS did not succeed:
 * - auth: the LMS refused our client credentials; retrying cannot help.
 * - not-found: no such course, learner or enrollment (404).
 * - rejected: any other 4xx, or an answer we cannot read.
 * - refused: the guarded fetcher would not make the call (scheme, address, size): a configuration problem.
 * - transient: 5xx, 408, 429, timeouts and connection failures that outlasted every retry.
 */
export type LmsFailure = 'auth' | 'not-found' | 'rejected' | 'refused' | 'transient';

export class LmsRequestError extends LaurelError {
  constructor(
    readonly failure: LmsFailure,
    message: string,
    readonly status?: number,
    options?: ErrorOptions,
  ) {
    super('LMS_REQUEST_FAILED', message, { failure, ...(status !== undefined ? { status } : {}) }, options);
  }
}
