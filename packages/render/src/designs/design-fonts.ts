import * as fontkit from 'fontkit';
import { UNICODE_FACES, loadFace, type FontWeight } from '../pdf-fonts.js';

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

const fallbackFaces = new Map<string, DesignFace>();

/** The built-in Noto chain (pdf-fonts.ts), read lazily face by face: CJK files only for text that needs them. */
function fallbackFace(index: number, weight: FontWeight): DesignFace {
  const key = `noto-${index}-${weight}`;
  const cached = fallbackFaces.get(key);
  if (cached) return cached;
  const loaded = loadFace(index, weight);
  const face = { key, bytes: loaded.bytes, covers: (codePoint: number) => loaded.font.hasGlyphForCodePoint(codePoint) };
  fallbackFaces.set(key, face);
  return face;
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
export function splitRuns(text: string, chosen: DesignFace | undefined, weight: FontWeight): Run[] {
  const runs: Run[] = [];
  const faceFor = (codePoint: number): DesignFace => {
    if (chosen?.covers(codePoint)) return chosen;
    for (let index = 0; index < UNICODE_FACES.length; index += 1) {
      const face = fallbackFace(index, weight);
      if (face.covers(codePoint)) return face;
    }
    return chosen ?? fallbackFace(0, weight);
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
