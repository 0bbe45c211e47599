import { deflateSync } from 'node:zlib';

/** PNG's 8-byte signature. */
export const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export interface PngChunk {
  type: string;
  data: Buffer;
}

// CRC-32 as PNG defines it (ISO 3309); node:zlib's crc32 is missing before Node 20.15.
const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

export function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = CRC_TABLE[(crc ^ byte) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

export function isPng(bytes: Uint8Array): boolean {
  return bytes.length >= 8 && Buffer.from(bytes.subarray(0, 8)).equals(PNG_SIGNATURE);
}

export class PngFormatError extends Error {
  readonly code = 'INVALID_PNG';
}

/** Splits a PNG into chunks, checking every CRC: an altered chunk is refused, not read. */
export function readPngChunks(bytes: Uint8Array): PngChunk[] {
  const buffer = Buffer.from(bytes);
  if (!isPng(buffer)) throw new PngFormatError('Not a PNG image.');
  const chunks: PngChunk[] = [];
  let offset = 8;
  while (offset < buffer.length) {
    if (offset + 12 > buffer.length) throw new PngFormatError('The PNG ends in the middle of a chunk.');
    const length = buffer.readUInt32BE(offset);
    const end = offset + 12 + length;
    if (end > buffer.length) throw new PngFormatError('A PNG chunk runs past the end of the file.');
    const typeAndData = buffer.subarray(offset + 4, offset + 8 + length);
    const type = typeAndData.subarray(0, 4).toString('latin1');
    if (crc32(typeAndData) !== buffer.readUInt32BE(offset + 8 + length)) throw new PngFormatError(`The PNG's ${type} chunk is corrupt (CRC mismatch).`);
    chunks.push({ type, data: Buffer.from(typeAndData.subarray(4)) });
    offset = end;
    if (type === 'IEND') break;
  }
  if (chunks[0]?.type !== 'IHDR' || chunks.at(-1)?.type !== 'IEND') throw new PngFormatError('A PNG must start with IHDR and end with IEND.');
  return chunks;
}

export function encodeChunk(chunk: PngChunk): Buffer {
  const typeAndData = Buffer.concat([Buffer.from(chunk.type, 'latin1'), chunk.data]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(chunk.data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typeAndData));
  return Buffer.concat([length, typeAndData, crc]);
}

export function writePngChunks(chunks: PngChunk[]): Buffer {
  return Buffer.concat([PNG_SIGNATURE, ...chunks.map(encodeChunk)]);
}

/** An 8-bit RGBA image as PNG (filter 0 on every row; small images only). */
export function encodeRgbaPng(width: number, height: number, rgba: Uint8Array): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 6, 0, 0, 0], 8); // depth 8, colour type RGBA, deflate, adaptive filtering, no interlace
  const raw = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y += 1) Buffer.from(rgba.buffer, rgba.byteOffset + y * width * 4, width * 4).copy(raw, y * (width * 4 + 1) + 1);
  return writePngChunks([{ type: 'IHDR', data: header }, { type: 'IDAT', data: deflateSync(raw) }, { type: 'IEND', data: Buffer.alloc(0) }]);
}
