import { StandardFonts, type PDFDocument, type PDFFont } from 'pdf-lib';
import { segment, type FaceChooser } from './pdf-bidi.js';
import { UNICODE_FACES, fontkitForPdfLib, loadFace, type FontWeight } from './pdf-fonts.js';

export interface Run {
  text: string;
  font: PDFFont;
}

function chooserFor(weight: FontWeight): FaceChooser {
  const covers = (face: number, codePoint: number) => loadFace(face, weight).font.hasGlyphForCodePoint(codePoint);
  return {
    covers,
    faceFor(codePoint) {
      // In chain order, so the large CJK files are read only when nothing before them has the character.
      for (let face = 0; face < UNICODE_FACES.length; face += 1) if (covers(face, codePoint)) return face;
      return undefined;
    },
  };
}

/**
 * A character no face has: invisible format characters (ZWJ, bidi marks) are
 * dropped; others become their compatibility form without accents (𝐀 → A,
 * ﬁ → fi) when that is covered, and "?" as a last resort, rather than failing
 * the whole PDF.
 */
function substitute(char: string, chooser: FaceChooser): string[] {
  if (/\p{Cf}/u.test(char)) return [];
  const plain = [...char.normalize('NFKD').replace(/\p{M}/gu, '')];
  return plain.length > 0 && plain.every((part) => chooser.faceFor(part.codePointAt(0)!) !== undefined) ? plain : ['?'];
}

/**
 * Picks fonts for each line. A line the theme's standard PDF font can encode
 * (WinAnsi: Latin-1 and a few more) keeps it, so Latin-1 certificates keep
 * their Times or Helvetica look and stay a few kilobytes. Any other line is
 * set entirely in the embedded Noto faces (see pdf-fonts.ts), subset to the
 * glyphs drawn, so one name never mixes Times with Noto Sans.
 */
export class Typesetter {
  private readonly embedded = new Map<string, Promise<PDFFont>>();

  private constructor(
    private readonly pdf: PDFDocument,
    private readonly standard: Record<FontWeight, PDFFont>,
  ) {}

  static async create(pdf: PDFDocument, serif: boolean): Promise<Typesetter> {
    pdf.registerFontkit(fontkitForPdfLib);
    const regular = await pdf.embedFont(serif ? StandardFonts.TimesRoman : StandardFonts.Helvetica);
    const bold = await pdf.embedFont(serif ? StandardFonts.TimesRomanBold : StandardFonts.HelveticaBold);
    return new Typesetter(pdf, { regular, bold });
  }

  /** The line's runs in drawing order (left to right), each with its font. */
  async runs(raw: string, weight: FontWeight): Promise<Run[]> {
    // A drawn line is one line: control characters would otherwise print as "?".
    const text = raw.replace(/\p{Cc}/gu, ' ').normalize('NFC');
    const standard = this.standard[weight];
    const winAnsi = new Set(standard.getCharacterSet());
    if ([...text].every((char) => winAnsi.has(char.codePointAt(0)!))) return [{ text, font: standard }];
    const chooser = chooserFor(weight);
    const chars = [...text].flatMap((char) => (chooser.faceFor(char.codePointAt(0)!) === undefined ? substitute(char, chooser) : [char]));
    return Promise.all(segment(chars, chooser).map(async (run) => ({ text: run.text, font: await this.embed(run.face, weight) })));
  }

  private embed(face: number, weight: FontWeight): Promise<PDFFont> {
    const key = `${face}:${weight}`;
    let font = this.embedded.get(key);
    if (!font) {
      const { bytes, font: parsed } = loadFace(face, weight);
      // "ABCDEF+Name" marks a subset for viewers and pdffonts; a fixed tag (not pdf-lib's random suffix) keeps output reproducible.
      const tag = `LAUR${String.fromCharCode(65 + face)}${weight === 'bold' ? 'B' : 'R'}`;
      font = this.pdf.embedFont(bytes, { subset: true, customName: `${tag}+${parsed.postscriptName}` });
      this.embedded.set(key, font);
    }
    return font;
  }
}

export function widthOf(runs: Run[], size: number): number {
  return runs.reduce((total, run) => total + run.font.widthOfTextAtSize(run.text, size), 0);
}
