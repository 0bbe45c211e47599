import { PngFormatError, readPngChunks, writePngChunks, type PngChunk } from './png.js';

/** The iTXt keyword Open Badges 3.0 bakes a credential under (OB 3.0 §"Baking", PNG). */
export const PNG_KEYWORD = 'openbadgecredential';

function itxtKeyword(data: Buffer): string {
  const end = data.indexOf(0);
  return end < 0 ? '' : data.subarray(0, end).toString('latin1');
}

/**
 * An uncompressed iTXt chunk: keyword, NUL, compression flag 0, method 0,
 * empty language tag, NUL, empty translated keyword, NUL, UTF-8 text.
 */
function itxtChunk(text: string): PngChunk {
  return { type: 'iTXt', data: Buffer.concat([Buffer.from(PNG_KEYWORD, 'latin1'), Buffer.from([0, 0, 0, 0, 0]), Buffer.from(text, 'utf8')]) };
}

/**
 * Bakes a credential into a PNG. The spec allows one such chunk, so an
 * existing one is replaced; the chunk goes right after IHDR so a reader that
 * stops at the first match reads little.
 */
export function bakePng(image: Uint8Array, credential: unknown): Buffer {
  const chunks = readPngChunks(image).filter((chunk) => !(chunk.type === 'iTXt' && itxtKeyword(chunk.data) === PNG_KEYWORD));
  const text = typeof credential === 'string' ? credential : JSON.stringify(credential);
  return writePngChunks([chunks[0]!, itxtChunk(text), ...chunks.slice(1)]);
}

/** The text baked into a PNG (JSON or a compact JWS), or undefined when there is none. Throws for a corrupt PNG. */
export function unbakePngText(image: Uint8Array): string | undefined {
  for (const chunk of readPngChunks(image)) {
    if (chunk.type !== 'iTXt' || itxtKeyword(chunk.data) !== PNG_KEYWORD) continue;
    const data = chunk.data;
    const afterKeyword = PNG_KEYWORD.length + 1;
    if (data[afterKeyword] !== 0) throw new PngFormatError('The baked credential is compressed, which Open Badges forbids.');
    const languageEnd = data.indexOf(0, afterKeyword + 2);
    const translatedEnd = languageEnd < 0 ? -1 : data.indexOf(0, languageEnd + 1);
    if (translatedEnd < 0) throw new PngFormatError('The openbadgecredential iTXt chunk is malformed.');
    return data.subarray(translatedEnd + 1).toString('utf8');
  }
  return undefined;
}
