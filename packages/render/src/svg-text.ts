/**
 * Line breaking for SVG text, which has no wrapping of its own. Widths are
 * estimated from character counts (an ideograph counts as two), which is
 * close enough for centred titles: lines are kept short of the space they have.
 */
const WIDE = /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u;

export function textUnits(text: string): number {
  return [...text].reduce((total, char) => total + (WIDE.test(char) ? 2 : 1), 0);
}

/** Words (or, for text without spaces, characters) into at most `maxLines` lines of `maxUnits`; the last ends in "…" if cut. */
export function wrapText(text: string, maxUnits: number, maxLines: number): string[] {
  const spaced = /\s/.test(text.trim());
  const tokens = spaced ? text.trim().split(/\s+/) : [...text.trim()];
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
  for (const char of text) {
    if (textUnits(out + char) > maxUnits - 1) break;
    out += char;
  }
  return `${out.trimEnd()}…`;
}
