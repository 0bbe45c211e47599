/**
 * Line breaking for SVG text, which has no wrapping of its own. Widths are
 * estimated from character counts (an ideograph counts as two), which is
 * close enough for centred titles: lines are kept short of the space they have.
 */
const WIDE = /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u;

export function textUnits(text: string): number {
  // Combining marks (Thai vowels and tones, accents) sit on the letter before them.
  return [...text].reduce((total, char) => total + (WIDE.test(char) ? 2 : /\p{M}/u.test(char) ? 0 : 1), 0);
}

/** Text without spaces (Thai, Chinese) broken where the locale's word rules allow, never inside a letter and its marks. */
function unspacedTokens(text: string): string[] {
  return [...new Intl.Segmenter(undefined, { granularity: 'word' }).segment(text)].flatMap(({ segment }) =>
    textUnits(segment) > 6 ? [...new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(segment)].map((part) => part.segment) : [segment],
  );
}

/** Words (or, for text without spaces, characters) into at most `maxLines` lines of `maxUnits`; the last ends in "…" if cut. */
export function wrapText(text: string, maxUnits: number, maxLines: number): string[] {
  const spaced = /\s/.test(text.trim());
  const tokens = spaced ? text.trim().split(/\s+/) : unspacedTokens(text.trim());
  const glue = spaced ? ' ' : '';
  const lines: string[] = [];
  let line = '';
  for (const token of tokens) {
    const candidate = line ? `${line}${glue}${token}` : token;
    if (line && textUnits(candidate) > maxUnits) {
      lines.push(line);
      line = token;
    } else line = candidate;
  }
  if (line) lines.push(line);
  if (lines.length <= maxLines) return lines.map((each) => clip(each, maxUnits));
  const kept = lines.slice(0, maxLines);
  kept[maxLines - 1] = clip(`${kept[maxLines - 1]!}${glue}${lines[maxLines]!}`, maxUnits - 1, true);
  return kept.map((each) => clip(each, maxUnits));
}

function clip(text: string, maxUnits: number, force = false): string {
  if (!force && textUnits(text) <= maxUnits) return text;
  let out = '';
  for (const { segment } of new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(text)) {
    if (textUnits(out + segment) > maxUnits - 1) break;
    out += segment;
  }
  return `${out.trimEnd()}…`;
}
