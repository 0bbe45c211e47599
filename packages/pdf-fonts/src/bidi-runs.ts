/**
 * Splits one line of text into runs that each use one font and one writing
 * direction, in the order they are drawn (left to right). This is a small
 * subset of the Unicode Bidirectional Algorithm, enough for names and titles:
 * the paragraph takes the direction of its first letter, spaces and
 * punctuation take the direction around them, and runs are reordered by
 * embedding level (rule L2). Right-to-left runs of Arabic or Hebrew letters
 * are handed to fontkit in logical order: its layout shapes them (Arabic
 * joining) and reverses their glyphs itself. A right-to-left run without such
 * letters (a bracket or space drawn in another font) is reversed and its
 * brackets mirrored here, since fontkit leaves it left to right. Not handled:
 * numbers inside right-to-left text (they are not reordered as numbers) and
 * explicit bidi controls (dropped before this runs).
 */

export interface Segment {
  text: string;
  face: number;
  rtl: boolean;
}

export interface FaceChooser {
  /** The first face whose cmap has the character, if any. */
  faceFor(codePoint: number): number | undefined;
  covers(face: number, codePoint: number): boolean;
}

type Kind = 'L' | 'R' | 'N';

const RTL_LETTER = /[\p{Script=Hebrew}\p{Script=Arabic}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}]/u;
const MARK = /\p{M}/u;
const DIGIT = /\p{Nd}/u;
const TERMINATOR = /[%‰‱°#\p{Sc}]/u;
const MIRRORED: Record<string, string> = { '(': ')', ')': '(', '[': ']', ']': '[', '{': '}', '}': '{', '<': '>', '>': '<', '«': '»', '»': '«' };

function kindOf(char: string): Kind {
  if (/[\p{L}\p{N}]/u.test(char)) return RTL_LETTER.test(char) && /\p{L}/u.test(char) ? 'R' : 'L';
  return 'N';
}

function nearestStrong(kinds: Kind[], from: number, step: 1 | -1): Kind | undefined {
  for (let index = from; index >= 0 && index < kinds.length; index += step) if (kinds[index] !== 'N') return kinds[index];
  return undefined;
}

/** Every character must be covered by some face (substitute first). */
export function segment(chars: string[], chooser: FaceChooser): Segment[] {
  const cps = chars.map((char) => char.codePointAt(0)!);
  // A combining mark belongs to the letter before it, in face and direction.
  const kinds: Kind[] = [];
  chars.forEach((char, index) => kinds.push(MARK.test(char) && index > 0 ? kinds[index - 1]! : kindOf(char)));
  // Rule W5, simplified: a terminator touching a number ("88%", "$5") belongs to the number, so "%" stays beside its digits in right-to-left lines.
  chars.forEach((char, index) => {
    if (TERMINATOR.test(char) && (DIGIT.test(chars[index - 1] ?? '') || DIGIT.test(chars[index + 1] ?? ''))) kinds[index] = 'L';
  });
  const paragraph = nearestStrong(kinds, 0, 1) ?? 'L';

  const faces: number[] = [];
  cps.forEach((cp, index) => {
    const previous = faces[index - 1];
    if (kinds[index] === 'N' || MARK.test(chars[index]!)) {
      // Neutral characters stay in the surrounding font, so a space does not start a new run.
      if (previous !== undefined && chooser.covers(previous, cp)) return void faces.push(previous);
      const next = kinds.findIndex((kind, at) => at > index && kind !== 'N');
      const nextFace = next < 0 ? undefined : chooser.faceFor(cps[next]!);
      if (nextFace !== undefined && chooser.covers(nextFace, cp)) return void faces.push(nextFace);
    }
    faces.push(chooser.faceFor(cp) ?? 0);
  });

  const directions = kinds.map((kind, index) => {
    if (kind !== 'N') return kind;
    const before = nearestStrong(kinds, index - 1, -1) ?? paragraph;
    const after = nearestStrong(kinds, index + 1, 1) ?? paragraph;
    return before === after ? before : paragraph;
  });

  const runs: (Segment & { level: number })[] = [];
  chars.forEach((char, index) => {
    const rtl = directions[index] === 'R';
    const last = runs.at(-1);
    if (last && last.face === faces[index] && last.rtl === rtl) last.text += char;
    else runs.push({ text: char, face: faces[index]!, rtl, level: rtl ? 1 : paragraph === 'R' ? 2 : 0 });
  });
  return reorder(runs).map(({ text, face, rtl }) => ({ text: rtl && !RTL_LETTER.test(text) ? [...text].reverse().map((char) => MIRRORED[char] ?? char).join('') : text, face, rtl }));
}

/** Rule L2: from the highest level down to 1, reverse each stretch of runs at that level or higher. */
function reorder<T extends { level: number }>(runs: T[]): T[] {
  const result = [...runs];
  const highest = Math.max(0, ...runs.map((run) => run.level));
  for (let level = highest; level >= 1; level -= 1) {
    for (let start = 0; start < result.length; start += 1) {
      if (result[start]!.level < level) continue;
      let end = start;
      while (end + 1 < result.length && result[end + 1]!.level >= level) end += 1;
      result.splice(start, end - start + 1, ...result.slice(start, end + 1).reverse());
      start = end;
    }
  }
  return result;
}
