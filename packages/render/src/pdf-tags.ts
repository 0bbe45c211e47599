/** The structure roles a certificate uses (PDF 32000-1 §14.8.4). */
export type StructureRole = 'H1' | 'P' | 'Figure';

/**
 * A tagged PDF's logical structure (PDF 32000-1 §14.7–14.8, PDF/UA-minded),
 * on PDFKit's marked content: every text block and image is a structure
 * element under one Document element, in drawing order, which is the reading
 * order; figures carry alternate text; borders and rules are artifacts.
 * Drawing callbacks run synchronously, inside their element's marked content.
 */
export class StructureTree {
  private readonly root: PDFKit.PDFStructureElement;

  constructor(
    private readonly doc: PDFKit.PDFDocument,
    lang: string,
  ) {
    this.root = doc.struct('Document', { lang });
    doc.addStructure(this.root);
  }

  /** Draws inside one structure element: its content is read as one block; `alt` describes a figure. */
  tagged(role: StructureRole, draw: () => void, alt?: string): void {
    this.root.add(this.doc.struct(role, alt ? { alt } : {}, () => draw()));
  }

  /** Decoration a reader skips (borders, backgrounds, rules). */
  artifact(draw: () => void): void {
    this.doc.markContent('Artifact', { type: 'Layout' });
    draw();
    this.doc.endMarkedContent();
  }

  /** Closes the tree; PDFKit writes it, the parent tree and MarkInfo when the document ends. */
  finish(): void {
    this.root.end();
  }
}

/**
 * Scripts whose shaping draws glyphs out of the order they are read: in
 * Devanagari "ि" is written before the consonant it follows in speech, and
 * conjuncts merge letters into one glyph. Text extraction follows glyph order,
 * so a reader would get "उपलिब्ध" for "उपलब्धि".
 */
const REORDERED = /[\p{Script=Devanagari}\p{Script=Bengali}\p{Script=Gurmukhi}\p{Script=Gujarati}\p{Script=Oriya}\p{Script=Tamil}\p{Script=Telugu}\p{Script=Kannada}\p{Script=Malayalam}\p{Script=Sinhala}\p{Script=Myanmar}\p{Script=Khmer}]/u;

/**
 * Draws text in such a script inside a `/Span <</ActualText …>> BDC … EMC`
 * (PDF 32000-1 §14.9.4), which tells extraction, search, copy and screen
 * readers the text as written. Other text is drawn as it is. Arabic is
 * not wrapped: poppler reverses right-to-left ActualText a second time.
 */
export function withActualText(doc: PDFKit.PDFDocument, text: string, draw: () => void): void {
  if (!REORDERED.test(text)) return draw();
  // PDFKit flips the page to count y down, and flips back inside each text
  // object. Readers place ActualText with the transformation in force at EMC,
  // so the span opens and closes unflipped, as the glyphs inside were drawn,
  // and the drawing inside gets PDFKit's flipped space back.
  const flip = () => doc.transform(1, 0, 0, -1, 0, doc.page.height);
  doc.save();
  flip();
  doc.markContent('Span', { actual: text });
  doc.save();
  flip();
  draw();
  doc.restore();
  doc.endMarkedContent();
  doc.restore();
}
