import { LaurelError } from '@laurel/models';

/**
 * A font the PDF needs and cannot have: its package or file is not installed
 * (`FONT_UNAVAILABLE`, 503: install @laurel/pdf-fonts) or the file is not a
 * font (`FONT_UNREADABLE`).
 */
export class FontError extends LaurelError {
  constructor(code: 'FONT_UNAVAILABLE' | 'FONT_UNREADABLE', message: string, details: Record<string, unknown> = {}, options?: ErrorOptions) {
    super(code, message, details, options);
  }
}
