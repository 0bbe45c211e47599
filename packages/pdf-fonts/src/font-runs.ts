import { segment, type FaceChooser } from './bidi-runs.js';
import type { FontStyle, FontWeight } from './catalogue.js';
import type { FontFace, FontSet } from './font-set.js';

/** A stretch of one line drawn in one face and one direction; runs come in drawing order (left to right). */
export interface FontRun {
  text: string;
  face: FontFace;
  rtl: boolean;
}

/**
 * A character no face has: invisible format characters (ZWJ, bidi marks) are
 * dropped; others become their compatibility form without accents (𝐀 → A,
 * ﬁ → fi) when that is covered, and "?" as a last resort, rather than failing
 * the whole document.
 */
function substitute(char: string, covered: (codePoint: number) => boolean): string[] {
  if (/\p{Cf}/u.test(char)) return [];
  const plain = [...char.normalize('NFKD').replace(/\p{M}/gu, '')];
  return plain.length > 0 && plain.every((part) => covered(part.codePointAt(0)!)) ? plain : ['?'];
}

/**
 * Splits one line into font runs: each character goes to the first face of
 * the chain that has it, neutral characters (spaces, punctuation) stay in the
 * face around them, and right-to-left runs are ordered for drawing (see
 * bidi-runs.ts). Control characters become spaces (a drawn line is one line).
 */
export function fontRuns(fonts: FontSet, raw: string, weight: FontWeight, style: FontStyle = 'sans'): FontRun[] {
  const text = raw.replace(/\p{Cc}/gu, ' ').normalize('NFC');
  if (text === '') return [];
  const chain = fonts.chain(weight, style);
  const indexOf = new Map(chain.map((face, index) => [face.key, index]));
  const chooser: FaceChooser = {
    covers: (index, codePoint) => fonts.covers(chain[index]!, codePoint),
    faceFor(codePoint) {
      const face = fonts.faceFor(codePoint, weight, style);
      return face ? indexOf.get(face.key) : undefined;
    },
  };
  const covered = (codePoint: number) => chooser.faceFor(codePoint) !== undefined;
  const chars = [...text].flatMap((char) => (covered(char.codePointAt(0)!) ? [char] : substitute(char, covered)));
  if (chars.length === 0) return [];
  return segment(chars, chooser).map((run) => ({ text: run.text, face: chain[run.face]!, rtl: run.rtl }));
}
