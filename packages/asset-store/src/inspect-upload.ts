import * as fontkit from 'fontkit';
import type { AssetKind } from '@laurel/store';
import { AssetError } from './errors.js';
import { ASSET_MEDIA_TYPES, isAssetMediaType, sniffMediaType, type AssetMediaType } from './media-types.js';
import { assertSafeSvg } from './svg-safety.js';

export interface AssetLimits {
  /** Largest image accepted, bytes. */
  maxImageBytes: number;
  /** Largest font accepted, bytes. */
  maxFontBytes: number;
}

export const DEFAULT_ASSET_LIMITS: AssetLimits = { maxImageBytes: 2 * 1024 * 1024, maxFontBytes: 8 * 1024 * 1024 };

export interface InspectedAsset {
  kind: AssetKind;
  mediaType: AssetMediaType;
  /** A font's family name, as the font names itself. */
  fontFamily?: string;
}

const ACCEPTED = Object.keys(ASSET_MEDIA_TYPES).join(', ');

function declaredType(contentType: string | undefined): string | undefined {
  const type = contentType?.split(';')[0]?.trim().toLowerCase();
  return type === '' || type === 'application/octet-stream' ? undefined : type;
}

function checkFont(bytes: Uint8Array, mediaType: AssetMediaType): string {
  let font: fontkit.Font | fontkit.FontCollection;
  try {
    font = fontkit.create(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  } catch (cause) {
    throw new AssetError('ASSET_TYPE_UNSUPPORTED', `The body looks like ${mediaType} but is not a readable font.`, { field: 'body' }, { cause });
  }
  if (font.type === 'TTC' || font.type === 'DFont' || !('familyName' in font)) {
    throw new AssetError('ASSET_TYPE_UNSUPPORTED', 'Font collections are not accepted: upload one font file per face.', { field: 'body' });
  }
  if (font.numGlyphs < 2) throw new AssetError('ASSET_TYPE_UNSUPPORTED', 'The font has no glyphs.', { field: 'body' });
  return font.familyName;
}

/**
 * Decides what an upload is from its bytes, and whether it may be kept:
 * the declared Content-Type (when not generic) must agree with the bytes,
 * each kind has its size limit, an SVG must only draw (svg-safety.ts), and a
 * font must parse as one face.
 */
export function inspectUpload(bytes: Uint8Array, contentType: string | undefined, limits: AssetLimits = DEFAULT_ASSET_LIMITS): InspectedAsset {
  const declared = declaredType(contentType);
  if (declared !== undefined && !isAssetMediaType(declared)) {
    throw new AssetError('ASSET_TYPE_UNSUPPORTED', `Content-Type ${declared} is not accepted; upload one of ${ACCEPTED}.`, { field: 'content-type', accepted: Object.keys(ASSET_MEDIA_TYPES) });
  }
  const sniffed = sniffMediaType(bytes);
  if (sniffed === undefined) {
    throw new AssetError('ASSET_TYPE_UNSUPPORTED', `The body is none of ${ACCEPTED}.`, { field: 'body', accepted: Object.keys(ASSET_MEDIA_TYPES) });
  }
  if (declared !== undefined && declared !== sniffed) {
    throw new AssetError('ASSET_TYPE_UNSUPPORTED', `Content-Type says ${declared} but the body is ${sniffed}.`, { field: 'content-type' });
  }
  const kind = ASSET_MEDIA_TYPES[sniffed];
  const limit = kind === 'font' ? limits.maxFontBytes : limits.maxImageBytes;
  if (bytes.byteLength > limit) {
    throw new AssetError('ASSET_TOO_LARGE', `The ${kind} is ${bytes.byteLength} bytes; at most ${limit} are accepted.`, { field: 'body', limit });
  }
  if (sniffed === 'image/svg+xml') assertSafeSvg(bytes);
  if (kind === 'font') return { kind, mediaType: sniffed, fontFamily: checkFont(bytes, sniffed) };
  return { kind, mediaType: sniffed };
}
