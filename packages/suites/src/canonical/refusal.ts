/**
 * Thrown inside the fast canonical path when a document uses something the
 * path does not fully understand. It never leaves the package: the caller
 * catches it and canonicalizes with the stock library instead.
 */
export class Refusal extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'Refusal';
  }
}

export function refuse(reason: string): never {
  throw new Refusal(reason);
}
