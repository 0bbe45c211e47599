import { describe, expect, it } from 'vitest';
import { badgeSvg } from './badge-image.js';
import { badgeImagePng } from './badge-files.js';
import { DEFAULT_THEME } from './theme.js';
import { bakePng } from './bake-png.js';
import { bakeSvg } from './bake-svg.js';
import { certificateFromCredential } from './certificate-data.js';
import { CredentialInputError, readCredentialInput } from './credential-input.js';
import { credentialLinkIn, readCredentialUrl, type FetchDocument, type FetchedDocument } from './credential-url.js';
import { renderCertificatePdf } from './pdf.js';
import { resolveTheme } from './theme.js';

/** Our default badge, with nothing baked in. */
const plainPng = await badgeImagePng({ design: { name: 'Data Science 101' }, theme: DEFAULT_THEME });

const credential = {
  '@context': ['https://www.w3.org/ns/credentials/v2'],
  id: 'https://issuer.test/credentials/abc',
  type: ['VerifiableCredential', 'OpenBadgeCredential'],
  issuer: { id: 'did:key:z6Mk', name: 'Example University' },
  validFrom: '2026-03-05T10:00:00Z',
  credentialSubject: { name: 'Zoë', achievement: { name: 'Data Science 101' } },
  proof: { type: 'DataIntegrityProof', proofValue: 'z123' },
};
const presentation = { '@context': ['https://www.w3.org/ns/credentials/v2'], type: ['VerifiablePresentation'], verifiableCredential: [credential, credential] };

async function readError(bytes: Uint8Array | string): Promise<CredentialInputError> {
  const error = await readCredentialInput(typeof bytes === 'string' ? Buffer.from(bytes) : bytes).catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(CredentialInputError);
  return error as CredentialInputError;
}

describe('readCredentialInput: Laurel\'s own forms round-trip', () => {
  it('JSON: a credential, a presentation, and VC-API envelopes', async () => {
    await expect(readCredentialInput(Buffer.from(JSON.stringify(credential)))).resolves.toEqual({ kind: 'credential', format: 'json', credential });
    await expect(readCredentialInput(Buffer.from(`\uFEFF ${JSON.stringify(presentation)}\n`))).resolves.toEqual({ kind: 'presentation', format: 'json', presentation });
    await expect(readCredentialInput(Buffer.from(JSON.stringify({ verifiableCredential: credential })))).resolves.toMatchObject({ kind: 'credential', credential });
    await expect(readCredentialInput(Buffer.from(JSON.stringify({ verifiablePresentation: presentation })))).resolves.toMatchObject({ kind: 'presentation', presentation });
  });

  it('a baked PNG badge', async () => {
    const png = bakePng(plainPng, credential);
    await expect(readCredentialInput(png, { fileName: 'badge.json' })).resolves.toEqual({ kind: 'credential', format: 'png', credential });
  });

  it('a baked SVG badge, and a presentation baked in one', async () => {
    const svg = Buffer.from(bakeSvg(`<?xml version="1.0"?>\n${badgeSvg({ name: 'Data Science 101' })}`, credential));
    await expect(readCredentialInput(svg)).resolves.toEqual({ kind: 'credential', format: 'svg', credential });
    await expect(readCredentialInput(Buffer.from(bakeSvg(badgeSvg({ name: 'x' }), presentation)))).resolves.toMatchObject({ kind: 'presentation', format: 'svg' });
  });

  it('a certificate PDF, through its credential.json attachment', async () => {
    const pdf = await renderCertificatePdf({ certificate: certificateFromCredential(credential, []), theme: resolveTheme({}), locale: 'en', credential });
    await expect(readCredentialInput(pdf)).resolves.toEqual({ kind: 'credential', format: 'pdf', credential });
  });
});

describe('readCredentialInput: says what it could not read', () => {
  it('empty, not JSON, not an object, HTML, a VC-JWT', async () => {
    expect((await readError('  \n')).code).toBe('EMPTY_INPUT');
    expect(await readError('{ not json')).toMatchObject({ code: 'NOT_JSON', message: 'That is not valid JSON.' });
    expect((await readError('[1, 2]')).code).toBe('NOT_AN_OBJECT');
    expect((await readError('<!doctype html><html></html>')).code).toBe('UNKNOWN_FORMAT');
    expect((await readError('eyJhbGciOiJFZERTQSJ9.eyJ2YyI6e319.c2ln')).code).toBe('UNSUPPORTED_JWT');
    expect((await readError(bakePng(plainPng, 'eyJhbGciOiJFZERTQSJ9.eyJ2YyI6e319.c2ln'))).code).toBe('UNSUPPORTED_JWT');
  });

  it('an image with nothing baked, and one altered after baking', async () => {
    expect(await readError(plainPng)).toMatchObject({ code: 'NOT_BAKED', message: expect.stringMatching(/no baked/) });
    const altered = Buffer.from(bakePng(plainPng, credential));
    altered.write('Zoe', altered.indexOf('Zoë'), 'utf8');
    expect(await readError(altered)).toMatchObject({ code: 'TAMPERED_IMAGE', message: expect.stringMatching(/altered.*CRC/) });
  });

  it('a PDF without an attachment, a broken PDF, and binary junk', async () => {
    const { PDFDocument } = await import('pdf-lib');
    const plain = await PDFDocument.create();
    plain.addPage();
    expect((await readError(await plain.save())).code).toBe('NO_ATTACHED_CREDENTIAL');
    expect((await readError('%PDF-1.7\nnothing else')).code).toBe('CORRUPT_PDF');
    const junk = await readCredentialInput(Buffer.from([0xff, 0xd8, 0xff, 0, 1, 2]), { fileName: 'photo.jpg' }).catch((error: unknown) => error);
    expect(junk).toMatchObject({ code: 'UNKNOWN_FORMAT', message: expect.stringContaining('"photo.jpg"') });
  });
});

describe('readCredentialUrl', () => {
  const answer = (status: number, contentType: string, body: string | Uint8Array, url = 'https://issuer.test/c/1'): FetchedDocument => ({
    url,
    status,
    contentType,
    bytes: typeof body === 'string' ? Buffer.from(body) : body,
  });
  function fetcher(answers: Record<string, FetchedDocument>): FetchDocument & { asked: string[] } {
    const asked: string[] = [];
    const fetch = async (url: URL) => {
      asked.push(url.href);
      const found = answers[url.href];
      if (!found) throw new Error('ENOTFOUND');
      return found;
    };
    return Object.assign(fetch, { asked });
  }

  it('JSON, a baked badge, and 410 as "revoked"', async () => {
    await expect(readCredentialUrl('https://issuer.test/c/1', fetcher({ 'https://issuer.test/c/1': answer(200, 'application/ld+json', JSON.stringify(credential)) }))).resolves.toMatchObject({ kind: 'credential', credential });
    await expect(readCredentialUrl('https://issuer.test/c/1', fetcher({ 'https://issuer.test/c/1': answer(200, 'image/png', bakePng(plainPng, credential)) }))).resolves.toMatchObject({ kind: 'credential', format: 'png' });
    await expect(readCredentialUrl('https://issuer.test/c/1', fetcher({ 'https://issuer.test/c/1': answer(410, 'application/problem+json', '') }))).resolves.toEqual({ kind: 'revoked', url: 'https://issuer.test/c/1' });
  });

  it('follows a web page\'s credential link once', async () => {
    const page = '<html><head><link rel="stylesheet" href="/s.css"><link rel="alternate" type="application/ld+json" href="/c/1.json"></head></html>';
    expect(credentialLinkIn(page, 'https://issuer.test/c/1')?.href).toBe('https://issuer.test/c/1.json');
    const fetch = fetcher({
      'https://issuer.test/c/1': answer(200, 'text/html; charset=utf-8', page),
      'https://issuer.test/c/1.json': answer(200, 'application/json', JSON.stringify(credential), 'https://issuer.test/c/1.json'),
    });
    await expect(readCredentialUrl('https://issuer.test/c/1', fetch)).resolves.toMatchObject({ kind: 'credential', credential });
    expect(fetch.asked).toEqual(['https://issuer.test/c/1', 'https://issuer.test/c/1.json']);
    // A page linking to a page is not followed further.
    const loop = fetcher({ 'https://issuer.test/c/1': answer(200, 'text/html', page), 'https://issuer.test/c/1.json': answer(200, 'text/html', page) });
    await expect(readCredentialUrl('https://issuer.test/c/1', loop)).rejects.toMatchObject({ code: 'UNKNOWN_FORMAT' });
    expect(loop.asked).toHaveLength(2);
  });

  it('names what went wrong: not a URL, another scheme, an HTTP error, no answer', async () => {
    const none = fetcher({});
    await expect(readCredentialUrl('not a url', none)).rejects.toMatchObject({ code: 'INVALID_URL' });
    await expect(readCredentialUrl('file:///etc/passwd', none)).rejects.toMatchObject({ code: 'INVALID_URL' });
    expect(none.asked).toEqual([]);
    await expect(readCredentialUrl('https://issuer.test/c/1', fetcher({ 'https://issuer.test/c/1': answer(404, 'application/json', '') }))).rejects.toMatchObject({
      code: 'FETCH_FAILED',
      message: expect.stringContaining('HTTP status 404'),
    });
    await expect(readCredentialUrl('https://issuer.test/c/2', none)).rejects.toMatchObject({ code: 'FETCH_FAILED', message: expect.stringContaining('ENOTFOUND') });
  });
});
