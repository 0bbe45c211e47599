import { LaurelError } from '@laurel/models';

/** A key that cannot be used: malformed, secret and public halves disagree, or no secret to sign with. */
export class InvalidKeyError extends LaurelError {
  constructor(message: string, options?: ErrorOptions) {
    super('INVALID_KEY', message, {}, options);
  }
}

/** A sealed secret key that does not open with the given key-encryption key (wrong key or tampered data). */
export class KeyDecryptionError extends LaurelError {
  constructor(message = 'The sealed secret key could not be opened: wrong key-encryption key or altered data.') {
    super('KEY_DECRYPTION_FAILED', message);
  }
}

/** Signing refused: the document or the options break a rule we enforce before signing. */
export class SigningError extends LaurelError {
  constructor(code: string, message: string, details: Record<string, unknown> = {}, options?: ErrorOptions) {
    super(code, message, details, options);
  }
}

/**
 * jsonld and jsonld-signatures wrap the errors our document loader throws
 * (an unknown context, an unresolvable DID); find ours inside the wrapping.
 */
export function findLaurelCause(error: unknown, depth = 0): LaurelError | undefined {
  if (error instanceof LaurelError) return error;
  if (depth > 8 || typeof error !== 'object' || error === null) return undefined;
  const wrapper = error as { cause?: unknown; details?: { cause?: unknown } };
  return findLaurelCause(wrapper.cause, depth + 1) ?? findLaurelCause(wrapper.details?.cause, depth + 1);
}
