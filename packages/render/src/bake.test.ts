import { describe, expect, it } from 'vitest';
import { badgeSvg } from './badge-image.js';
import { badgeImagePng } from './badge-files.js';
import { DEFAULT_THEME } from './theme.js';
import { bakePng, unbakePngText } from './bake-png.js';
import { bakeSvg, unbakeSvgText } from './bake-svg.js';
import { readPngChunks } from './png.js';
import { UnbakeError, detectBakedImageFormat, unbakeCredential } from './unbake.js';

/** Our default badge, with nothing baked in. */
const plainPng = await badgeImagePng({ design: { name: 'Data Science 101' }, theme: DEFAULT_THEME });

const credential = { id: 'https://issuer.test/credentials/1', name: 'Tricky ]]> & <b>"quotes"</b> ñ', proof: { proofValue: 'z123' } };

describe('PNG baking', () => {
  it('round-trips the credential in one uncompressed openbadgecredential iTXt chunk', () => {
    const baked = bakePng(bakePng(plainPng, { old: true }), credential);
    const itxt = readPngChunks(baked).filter((chunk) => chunk.type === 'iTXt');
    expect(itxt).toHaveLength(1);
    expect(itxt[0]!.data.subarray(0, 20).toString('latin1')).toBe('openbadgecredential\0');
    expect(itxt[0]!.data[20]).toBe(0); // compression flag
    expect(JSON.parse(unbakePngText(baked)!)).toEqual(credential);
    expect(unbakeCredential(baked)).toEqual(credential);
  });

  it('refuses a PNG whose chunk was altered (CRC mismatch)', () => {
    const baked = Buffer.from(bakePng(plainPng, credential));
    const at = baked.indexOf('z123');
    baked.write('z999', at, 'latin1');
    expect(() => unbakeCredential(baked)).toThrow(UnbakeError);
    expect(() => unbakeCredential(baked)).toThrow(/CRC/);
  });

  it('says when a PNG has nothing baked in', () => {
    expect(() => unbakeCredential(plainPng)).toThrow(/no baked/);
  });
});

describe('SVG baking', () => {
  it('puts the namespace on the root and the credential directly after it, CDATA-safe', () => {
    const baked = bakeSvg(`<?xml version="1.0"?>\n${badgeSvg({ name: 'Data Science 101' })}`, credential);
    expect(baked).toMatch(/<svg xmlns:openbadges="https:\/\/purl\.imsglobal\.org\/ob\/v3p0"[^>]*><openbadges:credential><!\[CDATA\[/);
    expect(detectBakedImageFormat(Buffer.from(baked))).toBe('svg');
    expect(JSON.parse(unbakeSvgText(baked)!)).toEqual(credential);
    const again = bakeSvg(baked, { replaced: true });
    expect(again.match(/<openbadges:credential/g)).toHaveLength(1);
    expect(unbakeCredential(Buffer.from(again))).toEqual({ replaced: true });
  });

  it('reads a VC-JWT from the verify attribute', () => {
    const baked = bakeSvg('<svg xmlns="http://www.w3.org/2000/svg"></svg>', 'eyJhbGciOiJFZERTQSJ9.eyJ2YyI6e319.c2ln');
    expect(unbakeCredential(Buffer.from(baked))).toBe('eyJhbGciOiJFZERTQSJ9.eyJ2YyI6e319.c2ln');
  });

  it('rejects what is not an image', () => {
    expect(() => unbakeCredential(Buffer.from('{"a":1}'))).toThrow(/neither a PNG nor an SVG/);
  });
});
