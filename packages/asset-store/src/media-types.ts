import type { AssetKind } from '@laurel/store';

/** The formats an issuer may upload, by media type. */
export const ASSET_MEDIA_TYPES = {
  'image/png': 'image',
  'image/jpeg': 'image',
  'image/svg+xml': 'image',
  'font/ttf': 'font',
  'font/otf': 'font',
  'font/woff': 'font',
  'font/woff2': 'font',
} as const satisfies Record<string, AssetKind>;

export type AssetMediaType = keyof typeof ASSET_MEDIA_TYPES;

export function isAssetMediaType(value: string): value is AssetMediaType {
  return Object.hasOwn(ASSET_MEDIA_TYPES, value);
}

const startsWith = (bytes: Uint8Array, signature: readonly number[]) => signature.every((byte, index) => bytes[index] === byte);
const ascii = (bytes: Uint8Array, text: string) => startsWith(bytes, [...text].map((char) => char.charCodeAt(0)));

/**
 * What the bytes are, from their first bytes (never from the name or the
 * declared type). SVG is recognised as text whose first element is <svg>;
 * svg-safety.ts then decides whether it may be kept.
 */
export function sniffMediaType(bytes: Uint8Array): AssetMediaType | undefined {
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(bytes, [0x00, 0x01, 0x00, 0x00]) || ascii(bytes, 'true')) return 'font/ttf';
  if (ascii(bytes, 'OTTO')) return 'font/otf';
  if (ascii(bytes, 'wOF2')) return 'font/woff2';
  if (ascii(bytes, 'wOFF')) return 'font/woff';
  const head = new TextDecoder('utf-8', { fatal: false }).decode(bytes.subarray(0, 1024)).replace(/^\uFEFF/, '');
  // An XML declaration, comments, a DOCTYPE (refused later) and whitespace may come before the root element.
  if (/^\s*(<\?xml[^>]*\?>\s*)?(<!--[\s\S]*?-->\s*)*(<!DOCTYPE[^[>]*(\[[\s\S]*?\])?\s*>\s*)?(<!--[\s\S]*?-->\s*)*<svg[\s>/]/i.test(head)) return 'image/svg+xml';
  return undefined;
}
