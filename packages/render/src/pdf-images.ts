import type { PDFDocument, PDFImage } from 'pdf-lib';

const INLINE_IMAGE = /^data:image\/(png|jpeg);base64,([A-Za-z0-9+/=\s]+)$/;

/**
 * An inline (data:) PNG or JPEG embedded in the PDF, or undefined. Remote
 * images are never fetched while rendering (nothing leaves the process at run
 * time but through guarded fetch), and a broken image leaves a gap rather
 * than failing the certificate.
 */
export async function embedInlineImage(pdf: PDFDocument, url: string | undefined): Promise<PDFImage | undefined> {
  const match = INLINE_IMAGE.exec(url ?? '');
  if (!match) return undefined;
  const bytes = Buffer.from(match[2]!, 'base64');
  try {
    return match[1] === 'png' ? await pdf.embedPng(bytes) : await pdf.embedJpg(bytes);
  } catch {
    return undefined;
  }
}

/** The image scaled to fit a box, keeping its proportions. */
export function fitInto(image: PDFImage, maxWidth: number, maxHeight: number): { width: number; height: number } {
  const scale = Math.min(maxWidth / image.width, maxHeight / image.height, 1);
  return { width: image.width * scale, height: image.height * scale };
}
