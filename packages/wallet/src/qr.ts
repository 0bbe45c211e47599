import QRCode from 'qrcode';

/** QR codes as data URLs, ready for an <img> or a JSON answer. Medium error correction survives a phone screen's glare. */
export async function qrDataUrls(text: string): Promise<{ svg: string; png: string }> {
  const options = { errorCorrectionLevel: 'M' as const, margin: 4 };
  const svg = await QRCode.toString(text, { ...options, type: 'svg' });
  const png = await QRCode.toDataURL(text, { ...options, type: 'image/png', width: 320 });
  return { svg: `data:image/svg+xml;base64,${Buffer.from(svg, 'utf8').toString('base64')}`, png };
}
