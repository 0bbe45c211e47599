import { LaurelError } from '@laurel/models';

/** A JSON-LD context or document URL that Laurel does not bundle. We never fetch it. */
export class UnknownContextError extends LaurelError {
  readonly url: string;
  constructor(url: string) {
    super(
      'UNKNOWN_CONTEXT',
      `Unknown JSON-LD document "${url}": Laurel only uses the contexts it bundles and never fetches one.`,
      { url },
    );
    this.url = url;
  }
}

/** A DID that cannot be resolved: malformed, unsupported method, or no resolver configured. */
export class DidResolutionError extends LaurelError {
  readonly did: string;
  constructor(did: string, reason: string, options?: ErrorOptions) {
    super('DID_RESOLUTION_FAILED', `Cannot resolve "${did}": ${reason}`, { did, reason }, options);
    this.did = did;
  }
}
