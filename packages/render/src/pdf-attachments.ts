import { PDFArray, PDFDict, PDFDocument, PDFName, PDFRawStream, PDFString, PDFHexString, decodePDFRawStream } from 'pdf-lib';

export interface PdfAttachment {
  name: string;
  bytes: Uint8Array;
}

function nameOf(value: unknown): string {
  return value instanceof PDFString || value instanceof PDFHexString ? value.decodeText() : '';
}

/** Walks a name tree (flat Names or nested Kids) collecting [name, file spec] pairs. */
function collect(node: PDFDict, out: [string, PDFDict][]): void {
  const names = node.lookup(PDFName.of('Names'));
  if (names instanceof PDFArray) {
    for (let index = 0; index + 1 < names.size(); index += 2) {
      const spec = names.lookup(index + 1);
      if (spec instanceof PDFDict) out.push([nameOf(names.lookup(index)), spec]);
    }
  }
  const kids = node.lookup(PDFName.of('Kids'));
  if (kids instanceof PDFArray) for (let index = 0; index < kids.size(); index += 1) {
    const kid = kids.lookup(index);
    if (kid instanceof PDFDict) collect(kid, out);
  }
}

/** The files embedded in a PDF (its EmbeddedFiles name tree), decoded. */
export async function readPdfAttachments(bytes: Uint8Array): Promise<PdfAttachment[]> {
  const pdf = await PDFDocument.load(bytes, { updateMetadata: false });
  const names = pdf.catalog.lookup(PDFName.of('Names'));
  const tree = names instanceof PDFDict ? names.lookup(PDFName.of('EmbeddedFiles')) : undefined;
  if (!(tree instanceof PDFDict)) return [];
  const specs: [string, PDFDict][] = [];
  collect(tree, specs);
  return specs.flatMap(([name, spec]) => {
    const files = spec.lookup(PDFName.of('EF'));
    const stream = files instanceof PDFDict ? files.lookup(PDFName.of('F')) : undefined;
    if (!(stream instanceof PDFRawStream)) return [];
    return [{ name: nameOf(spec.lookup(PDFName.of('UF'))) || nameOf(spec.lookup(PDFName.of('F'))) || name, bytes: decodePDFRawStream(stream).decode() }];
  });
}
