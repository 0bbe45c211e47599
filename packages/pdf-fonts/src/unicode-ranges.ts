/** Inclusive code point ranges, as CSS `unicode-range` lists them. */
export type Ranges = readonly (readonly [number, number])[];

/** Parses `U+0E01-0E5B,U+200C-200D,U+25CC` (Fontsource's unicode.json values). */
export function parseUnicodeRange(value: string): Ranges {
  return value.split(',').flatMap((part) => {
    const match = /^\s*U\+([0-9a-f]+)(?:-([0-9a-f]+))?\s*$/i.exec(part);
    if (!match) return [];
    const start = Number.parseInt(match[1]!, 16);
    return [[start, match[2] ? Number.parseInt(match[2], 16) : start] as const];
  });
}

export function inRanges(ranges: Ranges, codePoint: number): boolean {
  return ranges.some(([start, end]) => codePoint >= start && codePoint <= end);
}
