import * as fontkit from 'fontkit';
import type { loadFontSet } from '../pdf-fonts.js';

type FontSet = Awaited<ReturnType<typeof loadFontSet>>;
type FontWeight = 'regular' | 'bold';

/** One face a text run is set in: its bytes (for embedding) and its parsed form (for coverage). */
export interface DesignFace {
  /** Unique within a document: PDFKit registers faces by name, HTML by font-family. */
  key: string;
  bytes: Uint8Array;
  covers(codePoint: number): boolean;
}

export interface Run {
  face: DesignFace;
  text: string;
}

/** A face of the Noto set (@laurel/pdf-fonts) as a design face. */
function fallbackFace(fonts: FontSet, face: ReturnType<FontSet['chain']>[number]): DesignFace {
  return { key: face.key, bytes: fonts.bytes(face), covers: (codePoint: number) => fonts.covers(face, codePoint) };
}

/** An uploaded font (validated when uploaded) as a face. */
export function uploadedFace(key: string, bytes: Uint8Array): DesignFace {
  const font = fontkit.create(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  if (!('hasGlyphForCodePoint' in font)) throw new Error(`Font ${key} is a collection.`);
  return { key, bytes, covers: (codePoint) => font.hasGlyphForCodePoint(codePoint) };
}

/**
 * Splits text into runs of one face each: the chosen face wherever it has
 * the character, else the first face of the Noto chain that does (so an
 * uploaded Latin font still prints a Thai name). Spaces stay with the run
 * they are in; a character nothing covers stays in the chosen face.
 */
export function splitRuns(text: string, chosen: DesignFace | undefined, weight: FontWeight, fonts: FontSet): Run[] {
  const runs: Run[] = [];
  const faceFor = (codePoint: number): DesignFace => {
    if (chosen?.covers(codePoint)) return chosen;
    const face = fonts.faceFor(codePoint, weight);
    if (face) return fallbackFace(fonts, face);
    return chosen ?? fallbackFace(fonts, fonts.chain(weight)[0]!);
  };
  for (const char of text) {
    const codePoint = char.codePointAt(0)!;
    const last = runs.at(-1);
    const face = /\s/.test(char) && last ? last.face : faceFor(codePoint);
    if (last && last.face.key === face.key) last.text += char;
    else runs.push({ face, text: char });
  }
  return runs;
}
