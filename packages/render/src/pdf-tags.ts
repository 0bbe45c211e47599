import { PDFHexString, PDFName, PDFNumber, PDFOperator, PDFOperatorNames, beginMarkedContent, endMarkedContent, type PDFDocument, type PDFPage, type PDFRef } from 'pdf-lib';

/** The structure roles a certificate uses (PDF 32000-1 §14.8.4). */
export type StructureRole = 'H1' | 'P' | 'Figure';

/**
 * A tagged PDF's logical structure (PDF 32000-1 §14.7–14.8, PDF/UA-minded):
 * every text block and image is marked content with an MCID, owned by a
 * structure element in drawing order (the reading order); figures carry
 * alternate text; borders and backgrounds are artifacts. One page.
 */
export class StructureTree {
  private readonly elements: PDFRef[] = [];
  private readonly documentRef: PDFRef;
  private readonly rootRef: PDFRef;

  constructor(
    private readonly pdf: PDFDocument,
    private readonly page: PDFPage,
    private readonly lang: string,
  ) {
    this.documentRef = pdf.context.nextRef();
    this.rootRef = pdf.context.nextRef();
  }

  /** Draws inside one structure element: its content is read as one block, `alt` describes a figure. */
  async tagged<T>(role: StructureRole, draw: () => T | Promise<T>, alt?: string): Promise<T> {
    const mcid = this.elements.length;
    const element = this.pdf.context.register(
      this.pdf.context.obj({
        Type: 'StructElem',
        S: role,
        P: this.documentRef,
        Pg: this.page.ref,
        K: mcid,
        ...(alt ? { Alt: PDFHexString.fromText(alt) } : {}),
      }),
    );
    this.elements.push(element);
    // `/P <</MCID n>> BDC`: pdf-lib's operator type omits dictionaries, which it serializes like any other object.
    const properties = this.pdf.context.obj({ MCID: PDFNumber.of(mcid) }) as unknown as PDFName;
    this.page.pushOperators(PDFOperator.of(PDFOperatorNames.BeginMarkedContentSequence, [PDFName.of(role), properties]));
    const result = await draw();
    this.page.pushOperators(endMarkedContent());
    return result;
  }

  /** Decoration a reader skips (borders, backgrounds, rules). */
  artifact(draw: () => void): void {
    this.page.pushOperators(beginMarkedContent('Artifact'));
    draw();
    this.page.pushOperators(endMarkedContent());
  }

  /** Writes the tree, the parent tree and the catalog entries that mark the file as tagged. */
  finish(): void {
    const { context, catalog } = this.pdf;
    context.assign(this.documentRef, context.obj({ Type: 'StructElem', S: 'Document', P: this.rootRef, K: this.elements, Lang: PDFHexString.fromText(this.lang) }));
    const parentTree = context.register(context.obj({ Nums: [0, this.elements] }));
    context.assign(this.rootRef, context.obj({ Type: 'StructTreeRoot', K: this.documentRef, ParentTree: parentTree, ParentTreeNextKey: 1 }));
    catalog.set(PDFName.of('StructTreeRoot'), this.rootRef);
    catalog.set(PDFName.of('MarkInfo'), context.obj({ Marked: true }));
    this.page.node.set(PDFName.of('StructParents'), PDFNumber.of(0));
    // Tab order follows the structure.
    this.page.node.set(PDFName.of('Tabs'), PDFName.of('S'));
    this.pdf.catalog.getOrCreateViewerPreferences().setDisplayDocTitle(true);
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
export function withActualText(page: PDFPage, text: string, draw: () => void): void {
  if (!REORDERED.test(text)) return draw();
  const properties = page.doc.context.obj({ ActualText: PDFHexString.fromText(text) }) as unknown as PDFName;
  page.pushOperators(PDFOperator.of(PDFOperatorNames.BeginMarkedContentSequence, [PDFName.of('Span'), properties]));
  draw();
  page.pushOperators(endMarkedContent());
}
