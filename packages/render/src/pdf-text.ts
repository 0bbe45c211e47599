import { WHOLE_RUN } from './pdf.js';
import type { FontRun, FontSet, FontStyle, FontWeight } from '@laurel/pdf-fonts';

export interface Run {
  text: string;
  /** The PDFKit font name the run's face is registered under. */
  font: string;
}

/**
 * Picks fonts for each line of a PDFKit document: every character goes to
 * the first Noto face of the font set that has it (see @laurel/pdf-fonts),
 * each face is registered with the document on first use, and PDFKit embeds
 * only the glyphs drawn (a subset). Every font is embedded: no standard PDF
 * fonts, as PDF/UA asks.
 */
export class Typesetter {
  private readonly registered = new Set<string>();

  constructor(
    private readonly doc: PDFKit.PDFDocument,
    private readonly fonts: FontSet,
    private readonly style: FontStyle,
  ) {}

  /** The line's runs in drawing order (left to right), each with its font. */
  runs(text: string, weight: FontWeight): Run[] {
    return this.fonts.runs(text, weight, this.style).map((run) => ({ text: run.text, font: this.register(run) }));
  }

  /** The width of runs set at `size`, in points. */
  width(runs: readonly Run[], size: number): number {
    return runs.reduce((total, run) => total + this.doc.font(run.font).fontSize(size).widthOfString(run.text, { features: WHOLE_RUN }), 0);
  }

  private register(run: FontRun): string {
    const name = run.face.key;
    if (!this.registered.has(name)) {
      this.doc.registerFont(name, this.fonts.bytes(run.face));
      this.registered.add(name);
    }
    return name;
  }
}
