import { LaurelError } from '@laurel/models';

export class NotFoundError extends LaurelError {
  constructor(what: string, id: string) {
    super('NOT_FOUND', `No ${what} with id ${id}.`, { what, id });
  }
}

export class ConflictError extends LaurelError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super('CONFLICT', message, details);
  }
}
