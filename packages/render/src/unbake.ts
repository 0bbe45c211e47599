import { isPng } from './png.js';
import { unbakePngText } from './bake-png.js';
import { unbakeSvgText } from './bake-svg.js';

export type BakedImageFormat = 'png' | 'svg';

/** PNG by its signature; SVG by an <svg element near the start of text. */
export function detectBakedImageFormat(bytes: Uint8Array): BakedImageFormat | undefined {
  if (isPng(bytes)) return 'png';
  const head = Buffer.from(bytes.subarray(0, 4096)).toString('utf8').replace(/^\uFEFF/, '').trimStart();
  if (/^(<\?xml[\s\S]*?\?>\s*)?(<!--[\s\S]*?-->\s*)*(<!DOCTYPE[^>]*>\s*)?<svg\b/i.test(head)) return 'svg';
  return undefined;
}

export class UnbakeError extends Error {
  constructor(
    readonly code: 'NOT_AN_IMAGE' | 'NOT_BAKED' | 'CORRUPT_IMAGE' | 'NOT_JSON',
    message: string,
  ) {
    super(message);
  }
}

/**
 * The credential baked into a PNG or SVG, parsed. A JWS-baked credential is
 * returned as its compact string; an embedded-proof one as an object.
 */
export function unbakeCredential(bytes: Uint8Array): Record<string, unknown> | string {
  const format = detectBakedImageFormat(bytes);
  if (!format) throw new UnbakeError('NOT_AN_IMAGE', 'This is neither a PNG nor an SVG image.');
  let text: string | undefined;
  try {
    text = format === 'png' ? unbakePngText(bytes) : unbakeSvgText(Buffer.from(bytes).toString('utf8'));
  } catch (error) {
    throw new UnbakeError('CORRUPT_IMAGE', error instanceof Error ? error.message : String(error));
  }
  if (text === undefined) throw new UnbakeError('NOT_BAKED', `The ${format.toUpperCase()} image has no baked Open Badges credential.`);
  if (/^[\w-]+\.[\w-]+\.[\w-]*$/.test(text)) return text;
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // reported below
  }
  throw new UnbakeError('NOT_JSON', 'The baked credential is not a JSON object.');
}
