/**
 * Every error Laurel raises on purpose is a LaurelError with a stable `code`,
 * so services can map it to a problem response without parsing messages.
 */
export class LaurelError extends Error {
  readonly code: string;
  /** Extra machine-readable facts (a URL, a list of failing paths, ...). */
  readonly details: Record<string, unknown>;

  constructor(code: string, message: string, details: Record<string, unknown> = {}, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
    this.details = details;
  }
}
