const INLINE_IMAGE = /^data:image\/(png|jpeg);base64,([A-Za-z0-9+/=\s]+)$/;

export interface PdfImage {
  bytes: Buffer;
  width: number;
  height: number;
}

/**
 * An inline (data:) PNG or JPEG that PDFKit can draw, or undefined. Remote
 * images are never fetched while rendering (nothing leaves the process at run
 * time but through guarded fetch), and a broken image leaves a gap rather
 * than failing the certificate.
 */
export function inlineImage(doc: PDFKit.PDFDocument, url: string | undefined): PdfImage | undefined {
  const match = INLINE_IMAGE.exec(url ?? '');
  if (!match) return undefined;
  const bytes = Buffer.from(match[2]!, 'base64');
  try {
    // openImage parses the image (and caches nothing in the document until it is drawn).
    const image = (doc as unknown as { openImage(src: Buffer): { width: number; height: number } }).openImage(bytes);
    return image.width > 0 && image.height > 0 ? { bytes, width: image.width, height: image.height } : undefined;
  } catch {
    return undefined;
  }
}

/** The image scaled to fit a box, keeping its proportions. */
export function fitInto(image: PdfImage, maxWidth: number, maxHeight: number): { width: number; height: number } {
  const scale = Math.min(maxWidth / image.width, maxHeight / image.height, 1);
  return { width: image.width * scale, height: image.height * scale };
}
