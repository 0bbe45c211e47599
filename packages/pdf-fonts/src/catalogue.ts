/** The two weights certificates draw: body text and emphasis. */
export type FontWeight = 'regular' | 'bold';

/** A theme's type: serif themes draw Latin, Greek and Cyrillic in Noto Serif, every other script in its Noto Sans face. */
export type FontStyle = 'sans' | 'serif';

/** The CSS weight of each weight, which names Fontsource's files. */
export const CSS_WEIGHT: Record<FontWeight, 400 | 700> = { regular: 400, bold: 700 };

/** One Noto family as a Fontsource package ships it: one WOFF file per subset and weight. */
export interface FamilySpec {
  /** The npm package (`@fontsource/…`), a dependency of this package. */
  packageName: string;
  /** Fontsource's id, the prefix of every file name (`noto-sans-thai`). */
  id: string;
  family: string;
  /** `serif` families are tried only for serif themes, before the sans chain. */
  style: FontStyle;
  /**
   * The subsets used, in the order tried. Fontsource also cuts the CJK
   * families into ~100 numbered web chunks; the one-file script subsets
   * (`chinese-simplified`, `korean`) are used instead, so a Chinese name is
   * one font run and one embedded font.
   */
  subsets: readonly string[];
}

const LATIN_GREEK_CYRILLIC = ['latin', 'latin-ext', 'vietnamese', 'greek', 'greek-ext', 'cyrillic', 'cyrillic-ext'] as const;

/**
 * The fallback chain, tried in order for each character (all SIL OFL 1.1;
 * Noto everywhere but Arabic script, see below).
 * Noto Sans comes first (Latin, Greek, Cyrillic, Devanagari); each script
 * family after it is read only when a character needs it, and the CJK faces
 * (1–1.6 MB a weight) come last. One Han face serves Chinese and Japanese
 * (Simplified Chinese glyph forms; kana and common traditional characters
 * included); Hangul needs the Korean face.
 */
export const NOTO_FAMILIES: readonly FamilySpec[] = [
  { packageName: '@fontsource/noto-serif', id: 'noto-serif', family: 'Noto Serif', style: 'serif', subsets: LATIN_GREEK_CYRILLIC },
  { packageName: '@fontsource/noto-sans', id: 'noto-sans', family: 'Noto Sans', style: 'sans', subsets: [...LATIN_GREEK_CYRILLIC, 'devanagari'] },
  // Arabic script is not Noto: Google's current Noto Arabic builds draw ب ت ث ن ي from one dotless glyph plus dot marks, and
  // fontkit's shaping then credits the wrong letter to the glyphs (text extraction reads "بنجاح" as "ننجاح"). Vazirmatn
  // (OFL, a sans that sits well beside Noto Sans; Arabic, Persian, Urdu) has whole letters and extracts exactly.
  { packageName: '@fontsource/vazirmatn', id: 'vazirmatn', family: 'Vazirmatn', style: 'sans', subsets: ['arabic'] },
  { packageName: '@fontsource/noto-sans-hebrew', id: 'noto-sans-hebrew', family: 'Noto Sans Hebrew', style: 'sans', subsets: ['hebrew'] },
  { packageName: '@fontsource/noto-sans-bengali', id: 'noto-sans-bengali', family: 'Noto Sans Bengali', style: 'sans', subsets: ['bengali'] },
  { packageName: '@fontsource/noto-sans-tamil', id: 'noto-sans-tamil', family: 'Noto Sans Tamil', style: 'sans', subsets: ['tamil'] },
  { packageName: '@fontsource/noto-sans-telugu', id: 'noto-sans-telugu', family: 'Noto Sans Telugu', style: 'sans', subsets: ['telugu'] },
  { packageName: '@fontsource/noto-sans-kannada', id: 'noto-sans-kannada', family: 'Noto Sans Kannada', style: 'sans', subsets: ['kannada'] },
  { packageName: '@fontsource/noto-sans-malayalam', id: 'noto-sans-malayalam', family: 'Noto Sans Malayalam', style: 'sans', subsets: ['malayalam'] },
  { packageName: '@fontsource/noto-sans-gujarati', id: 'noto-sans-gujarati', family: 'Noto Sans Gujarati', style: 'sans', subsets: ['gujarati'] },
  { packageName: '@fontsource/noto-sans-gurmukhi', id: 'noto-sans-gurmukhi', family: 'Noto Sans Gurmukhi', style: 'sans', subsets: ['gurmukhi'] },
  { packageName: '@fontsource/noto-sans-oriya', id: 'noto-sans-oriya', family: 'Noto Sans Oriya', style: 'sans', subsets: ['oriya'] },
  { packageName: '@fontsource/noto-sans-sinhala', id: 'noto-sans-sinhala', family: 'Noto Sans Sinhala', style: 'sans', subsets: ['sinhala'] },
  { packageName: '@fontsource/noto-sans-thai', id: 'noto-sans-thai', family: 'Noto Sans Thai', style: 'sans', subsets: ['thai'] },
  { packageName: '@fontsource/noto-sans-lao', id: 'noto-sans-lao', family: 'Noto Sans Lao', style: 'sans', subsets: ['lao'] },
  { packageName: '@fontsource/noto-sans-khmer', id: 'noto-sans-khmer', family: 'Noto Sans Khmer', style: 'sans', subsets: ['khmer'] },
  { packageName: '@fontsource/noto-sans-myanmar', id: 'noto-sans-myanmar', family: 'Noto Sans Myanmar', style: 'sans', subsets: ['myanmar'] },
  { packageName: '@fontsource/noto-sans-georgian', id: 'noto-sans-georgian', family: 'Noto Sans Georgian', style: 'sans', subsets: ['georgian'] },
  { packageName: '@fontsource/noto-sans-armenian', id: 'noto-sans-armenian', family: 'Noto Sans Armenian', style: 'sans', subsets: ['armenian'] },
  { packageName: '@fontsource/noto-sans-ethiopic', id: 'noto-sans-ethiopic', family: 'Noto Sans Ethiopic', style: 'sans', subsets: ['ethiopic'] },
  { packageName: '@fontsource/noto-sans-sc', id: 'noto-sans-sc', family: 'Noto Sans SC', style: 'sans', subsets: ['chinese-simplified'] },
  { packageName: '@fontsource/noto-sans-kr', id: 'noto-sans-kr', family: 'Noto Sans KR', style: 'sans', subsets: ['korean'] },
];

/** The file name of one subset in one weight (WOFF 1.0: fontkit reads it, and it unwraps to TrueType for resvg). */
export function fileName(spec: FamilySpec, subset: string, weight: FontWeight): string {
  return `${spec.id}-${subset}-${CSS_WEIGHT[weight]}-normal.woff`;
}
