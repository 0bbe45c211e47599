import { describe, expect, it } from 'vitest';
import { composeMail } from './compose.js';
import { parseMailbox } from './transport.js';

describe('learner mail content', () => {
  const base = { achievementName: 'Data <b>101</b>', issuerName: 'Uni & Co', credentialUrl: 'https://issuer.test/credentials/1', locales: [] };

  it('escapes names in the HTML, keeps them as written in the text', () => {
    const mail = composeMail({ ...base, kind: 'issued', learnerName: '<script>x</script>', claim: { url: 'https://issuer.test/claim/t?a=1&b=2', expiresAt: '2026-03-04T00:00:00Z' } });
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).toContain('&lt;script&gt;x&lt;/script&gt;');
    expect(mail.html).toContain('href="https://issuer.test/claim/t?a=1&amp;b=2"');
    expect(mail.text).toContain('Hello <script>x</script>,');
    expect(mail.text).toContain('works until March 4, 2026');
    expect(mail.subject).toBe('You earned Data <b>101</b>');
  });

  it('falls back to English for a language it does not have, and picks Spanish for es-*', () => {
    expect(composeMail({ ...base, kind: 'revoked', learnerName: null, locales: ['fr', null] })).toMatchObject({ locale: 'en', subject: 'Your credential for Data <b>101</b> was revoked' });
    // A learner language mail is not written in: the issuer's, when it is.
    expect(composeMail({ ...base, kind: 'revoked', learnerName: null, locales: ['fr', 'es'] }).locale).toBe('es');
    const es = composeMail({ ...base, kind: 'revoked', learnerName: null, reason: 'Error', locales: ['es-AR'] });
    expect(es.text).toMatch(/^Hola:\n/);
    expect(es.text).toContain('Motivo indicado: Error');
  });

  it('an issue mail without a claim link says how to get one', () => {
    expect(composeMail({ ...base, kind: 'issued', learnerName: 'Ann', locales: [] }).text).toContain('ask your learning platform for a new wallet link');
  });
});

describe('MAIL_FROM', () => {
  it('reads `Name <address>`, a quoted name, or a bare address; refuses anything else', () => {
    expect(parseMailbox('Laurel <no-reply@example.edu>')).toEqual({ name: 'Laurel', address: 'no-reply@example.edu' });
    expect(parseMailbox('"Registrar, Example U" <r@example.edu>')).toEqual({ name: 'Registrar, Example U', address: 'r@example.edu' });
    expect(parseMailbox('r@example.edu')).toEqual({ address: 'r@example.edu' });
    expect(() => parseMailbox('Laurel')).toThrow();
  });
});
