import QRCode from 'qrcode';

/** The QR code's modules (true = dark), row by row; medium error correction survives a printed smudge. */
export function qrMatrix(text: string): boolean[][] {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const rows: boolean[][] = [];
  for (let y = 0; y < modules.size; y += 1) {
    const row: boolean[] = [];
    for (let x = 0; x < modules.size; x += 1) row.push(modules.get(x, y) === 1);
    rows.push(row);
  }
  return rows;
}

/** An SVG of the QR code: one path, a 4-module quiet zone, crisp at any size. */
export function qrSvg(text: string, options: { size?: number; label?: string } = {}): string {
  const matrix = qrMatrix(text);
  const quiet = 4;
  const span = matrix.length + quiet * 2;
  let path = '';
  matrix.forEach((row, y) => row.forEach((dark, x) => {
    if (dark) path += `M${x + quiet} ${y + quiet}h1v1h-1z`;
  }));
  const size = options.size ?? 160;
  const label = (options.label ?? 'QR code').replace(/[&<>"]/g, '');
  return `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="${label}" width="${size}" height="${size}" viewBox="0 0 ${span} ${span}" shape-rendering="crispEdges"><rect width="${span}" height="${span}" fill="#fff"/><path d="${path}" fill="#000"/></svg>`;
}
