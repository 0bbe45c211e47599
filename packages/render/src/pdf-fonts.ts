import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Readable } from 'node:stream';
import * as fontkit from 'fontkit';
import type { PDFDocument } from 'pdf-lib';

export type FontWeight = 'regular' | 'bold';

export class PdfFontError extends Error {
  constructor(
    readonly code: 'FONT_UNAVAILABLE' | 'FONT_UNREADABLE',
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'PdfFontError';
  }
}

interface Face {
  packageName: string;
  files: Record<FontWeight, string>;
  /**
   * `exported`: the package exports each file by its path (Fontsource:
   * `files/…woff`). Otherwise the files sit in fonts/ beside the package's
   * dist/ (the @embedpdf packages export only their JS entry).
   */
  layout?: 'exported';
}

/**
 * The Unicode fallback chain, tried in order for each character (see
 * pdf-text.ts). All Noto, all SIL OFL 1.1, all plain TTF/OTF files inside npm
 * packages, so nothing is fetched at run time. Noto Sans comes first because it
 * covers Latin (with Vietnamese), Greek, Cyrillic and Devanagari in 0.6 MB;
 * the CJK faces (8 MB each) come last so they are read only for text that
 * needs them. One Han face serves Chinese and Japanese kanji (Simplified
 * Chinese glyph forms; kana included); Hangul needs the Korean face. Thai
 * comes from Fontsource's WOFF files (fontkit reads WOFF; the PDF embeds a
 * TrueType subset). Scripts outside these (Bengali, Tamil, Georgian, …)
 * become "?" (pdf-text.ts).
 */
export const UNICODE_FACES: readonly Face[] = [
  { packageName: '@embedpdf/fonts-latin', files: { regular: 'NotoSans-Regular.ttf', bold: 'NotoSans-Bold.ttf' } },
  { packageName: '@embedpdf/fonts-arabic', files: { regular: 'NotoNaskhArabic-Regular.ttf', bold: 'NotoNaskhArabic-Bold.ttf' } },
  { packageName: '@embedpdf/fonts-hebrew', files: { regular: 'NotoSansHebrew-Regular.ttf', bold: 'NotoSansHebrew-Bold.ttf' } },
  { packageName: '@embedpdf/fonts-sc', files: { regular: 'NotoSansHans-Regular.otf', bold: 'NotoSansHans-Bold.otf' } },
  { packageName: '@embedpdf/fonts-kr', files: { regular: 'NotoSansKR-Regular.otf', bold: 'NotoSansKR-Bold.otf' } },
  { packageName: '@fontsource/noto-sans-thai', layout: 'exported', files: { regular: 'files/noto-sans-thai-thai-400-normal.woff', bold: 'files/noto-sans-thai-thai-700-normal.woff' } },
];

export interface LoadedFace {
  bytes: Uint8Array;
  font: fontkit.Font;
}

const requireFromHere = createRequire(import.meta.url);
// Font files are immutable, so each is read and parsed once per process.
const loaded = new Map<string, LoadedFace>();
const parsed = new WeakMap<Uint8Array, fontkit.Font>();

function fontPath(face: Face, weight: FontWeight): string {
  try {
    if (face.layout === 'exported') return requireFromHere.resolve(`${face.packageName}/${face.files[weight]}`);
    // The packages export only their JS entry, not fonts/, so find fonts/ beside its dist/.
    return path.join(path.dirname(requireFromHere.resolve(face.packageName)), '..', 'fonts', face.files[weight]);
  } catch (cause) {
    throw new PdfFontError('FONT_UNAVAILABLE', `The font package ${face.packageName} is not installed.`, { cause });
  }
}

/** The file of one face of the fallback chain (for renderers that load fonts from disk). */
export function faceFile(index: number, weight: FontWeight): string {
  return fontPath(UNICODE_FACES[index]!, weight);
}

function parse(bytes: Uint8Array, name: string): fontkit.Font {
  let font: fontkit.Font | fontkit.FontCollection;
  try {
    font = fontkit.create(bytes as Buffer);
  } catch (cause) {
    throw new PdfFontError('FONT_UNREADABLE', `${name} is not a font fontkit can read.`, { cause });
  }
  if ('fonts' in font) throw new PdfFontError('FONT_UNREADABLE', `${name} is a font collection, not one font.`);
  // pdf-lib reads subsets through encodeStream(), which fontkit 2 dropped (see fontkitForPdfLib).
  const createSubset = font.createSubset.bind(font);
  font.createSubset = () => {
    const subset = createSubset();
    return Object.assign(subset, { encodeStream: () => Readable.from([subset.encode()]) });
  };
  parsed.set(bytes, font);
  return font;
}

export function loadFace(index: number, weight: FontWeight): LoadedFace {
  const face = UNICODE_FACES[index]!;
  const key = `${index}:${weight}`;
  const cached = loaded.get(key);
  if (cached) return cached;
  const file = fontPath(face, weight);
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(file);
  } catch (cause) {
    throw new PdfFontError('FONT_UNAVAILABLE', `${face.files[weight]} is missing from ${face.packageName}.`, { cause });
  }
  const result = { bytes, font: parse(bytes, face.files[weight]) };
  loaded.set(key, result);
  return result;
}

type PdfLibFontkit = Parameters<PDFDocument['registerFontkit']>[0];

/**
 * fontkit 2 for pdf-lib. The @pdf-lib/fontkit fork pdf-lib suggests writes
 * corrupt subsets (Noto Sans glyphs go blank, CJK CFF fonts are rejected by
 * viewers); upstream fontkit 2 subsets them correctly but only offers
 * `subset.encode()`, while pdf-lib calls the older `encodeStream()`, so that
 * is supplied as a one-chunk stream. Parsed fonts are reused across documents.
 */
export const fontkitForPdfLib: PdfLibFontkit = {
  create(bytes: Uint8Array) {
    // The two type declarations describe the same object at different ages of its API.
    return (parsed.get(bytes) ?? parse(bytes, 'Embedded font')) as unknown as ReturnType<PdfLibFontkit['create']>;
  },
};
