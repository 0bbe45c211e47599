export { NOTO_FAMILIES, CSS_WEIGHT, fileName, type FamilySpec, type FontStyle, type FontWeight } from './catalogue.js';
export { FontSet, notoFontSet, notoFontSet as fontSet, parseFont, type FontFace } from './font-set.js';
export { fontRuns, type FontRun } from './font-runs.js';
export { segment as bidiRuns, type Segment, type FaceChooser } from './bidi-runs.js';
export { FontError } from './font-error.js';
export { parseUnicodeRange, inRanges, type Ranges } from './unicode-ranges.js';
