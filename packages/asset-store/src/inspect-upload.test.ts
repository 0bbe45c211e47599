import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { AssetError } from './errors.js';
import { inspectUpload } from './inspect-upload.js';

const require = createRequire(import.meta.url);
const fontFile = (specifier: string) => new Uint8Array(readFileSync(require.resolve(specifier)));
const woff2 = fontFile('@fontsource/noto-sans-thai/files/noto-sans-thai-latin-400-normal.woff');
const text = (value: string) => new TextEncoder().encode(value);

function png(): Uint8Array {
  const image = new PNG({ width: 2, height: 2 });
  image.data.fill(200);
  return new Uint8Array(PNG.sync.write(image));
}

function refusal(run: () => unknown): AssetError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(AssetError);
    return error as AssetError;
  }
  throw new Error('expected a refusal');
}

const SVG = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 10 10">';

describe('uploads', () => {
  it('are recognised by their bytes: PNG, JPEG, safe SVG, WOFF fonts (with their family)', () => {
    expect(inspectUpload(png(), 'image/png')).toEqual({ kind: 'image', mediaType: 'image/png' });
    expect(inspectUpload(png(), undefined).mediaType).toBe('image/png');
    expect(inspectUpload(new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 16]), 'application/octet-stream').mediaType).toBe('image/jpeg');
    const svg = `<?xml version="1.0"?>\n<!-- logo -->\n${SVG}<defs><linearGradient id="g"><stop offset="0" stop-color="#fff"/></linearGradient></defs><rect width="10" height="10" fill="url(#g)"/><use xlink:href="#g"/><text x="1" y="5">Hi</text></svg>`;
    expect(inspectUpload(text(svg), 'image/svg+xml; charset=utf-8').mediaType).toBe('image/svg+xml');
    expect(inspectUpload(woff2, 'font/woff')).toEqual({ kind: 'font', mediaType: 'font/woff', fontFamily: 'Noto Sans Thai' });
  });

  it.each([
    ['a script', `${SVG}<script>alert(1)</script></svg>`],
    ['an event handler', `${SVG}<rect onclick="alert(1)" width="1" height="1"/></svg>`],
    ['an outside link', `${SVG}<use href="https://evil.example/x.svg#a"/></svg>`],
    ['an outside image', `${SVG}<image xlink:href="http://evil.example/a.png"/></svg>`],
    ['a javascript: URL', `${SVG}<use href="javascript:alert(1)"/></svg>`],
    ['a style element', `${SVG}<style>@import url(https://evil.example/a.css)</style></svg>`],
    ['a url() in a style attribute', `${SVG}<rect style="fill: url(https://evil.example/a)"/></svg>`],
    ['HTML inside', `${SVG}<foreignObject><div xmlns="http://www.w3.org/1999/xhtml">x</div></foreignObject></svg>`],
    ['a DTD with entities', `<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaa">]>${SVG}<text>&a;</text></svg>`],
    ['broken XML', `${SVG}<g></svg>`],
    ['a link', `${SVG}<a href="#x"><rect/></a></svg>`],
  ])('refuse an SVG with %s', (_, svg) => {
    const error = refusal(() => inspectUpload(text(svg), 'image/svg+xml'));
    expect(error.code).toBe('ASSET_UNSAFE');
    expect(error.details.field).toBe('body');
  });

  it('refuse other formats, a type that disagrees with the bytes, and oversized files, naming the field', () => {
    const html = refusal(() => inspectUpload(text('<html><script>x</script></html>'), 'text/html'));
    expect([html.code, html.details.field]).toEqual(['ASSET_TYPE_UNSUPPORTED', 'content-type']);
    const unknown = refusal(() => inspectUpload(text('GIF89a....'), undefined));
    expect([unknown.code, unknown.details.field]).toEqual(['ASSET_TYPE_UNSUPPORTED', 'body']);
    const mismatch = refusal(() => inspectUpload(png(), 'font/ttf'));
    expect([mismatch.code, mismatch.details.field]).toEqual(['ASSET_TYPE_UNSUPPORTED', 'content-type']);
    const notAFont = refusal(() => inspectUpload(new Uint8Array([0x77, 0x4f, 0x46, 0x32, 1, 2, 3, 4]), 'font/woff'));
    expect(notAFont.code).toBe('ASSET_TYPE_UNSUPPORTED');
    const big = refusal(() => inspectUpload(png(), 'image/png', { maxImageBytes: 10, maxFontBytes: 1_000_000 }));
    expect([big.code, big.details.limit]).toEqual(['ASSET_TOO_LARGE', 10]);
    expect(inspectUpload(woff2, undefined, { maxImageBytes: 10, maxFontBytes: 1_000_000 }).kind).toBe('font');
  });
});
