import { describe, expect, it } from 'vitest';
import { loadIssuerConfig } from './config.js';

describe('issuer config: STATUS_LIST_LENGTH', () => {
  it('defaults to the spec minimum', () => {
    expect(loadIssuerConfig({}).STATUS_LIST_LENGTH).toBe(131_072);
  });

  it.each([['64', 64], ['8', 8], ['262144', 262_144]])('accepts %s', (value, expected) => {
    expect(loadIssuerConfig({ STATUS_LIST_LENGTH: value }).STATUS_LIST_LENGTH).toBe(expected);
  });

  it.each(['0', '-8', '63', '12.5', 'many', String(2 ** 27 + 8)])('refuses %s (not a positive multiple of 8 within the cap)', (value) => {
    expect(() => loadIssuerConfig({ STATUS_LIST_LENGTH: value })).toThrow(/STATUS_LIST_LENGTH/);
  });
});

describe('issuer config: STATUS_SLOT_BLOCK', () => {
  it('defaults to 64 (slots reserved a block at a time, outside the issuance transaction)', () => {
    expect(loadIssuerConfig({}).STATUS_SLOT_BLOCK).toBe(64);
  });

  it.each([['1', 1], ['64', 64], ['4096', 4_096]])('accepts %s', (value, expected) => {
    expect(loadIssuerConfig({ STATUS_SLOT_BLOCK: value }).STATUS_SLOT_BLOCK).toBe(expected);
  });

  it.each(['0', '-1', '2.5', 'many', '4097'])('refuses %s', (value) => {
    expect(() => loadIssuerConfig({ STATUS_SLOT_BLOCK: value })).toThrow(/STATUS_SLOT_BLOCK/);
  });
});

describe('issuer config: console sign-in through the LMS (CONSOLE_LMS_*)', () => {
  it('is off by default', () => {
    expect(loadIssuerConfig({}).CONSOLE_LMS_CLIENT_ID).toBeUndefined();
  });

  it('with a client id, needs the LMS base URL, the secret and the issuer, each named', () => {
    expect(() => loadIssuerConfig({ CONSOLE_LMS_CLIENT_ID: 'laurel-console' })).toThrow(/LMS_BASE_URL[\s\S]*CONSOLE_LMS_CLIENT_SECRET[\s\S]*CONSOLE_LMS_ISSUER_ID/);
    const config = loadIssuerConfig({ CONSOLE_LMS_CLIENT_ID: 'laurel-console', CONSOLE_LMS_CLIENT_SECRET: 's3cret', CONSOLE_LMS_ISSUER_ID: 'demo', LMS_BASE_URL: 'https://lms.example.org' });
    expect(config).toMatchObject({ CONSOLE_LMS_CLIENT_ID: 'laurel-console', CONSOLE_LMS_ISSUER_ID: 'demo', LMS_BASE_URL: 'https://lms.example.org' });
  });
});

describe('issuer config: learner e-mail', () => {
  it('is off by default, with a sender and an interval that run out of the box', () => {
    const config = loadIssuerConfig({});
    expect(config.SMTP_URL).toBeUndefined();
    expect(config).toMatchObject({ MAIL_FROM: 'Laurel <laurel@localhost>', MAIL_WORKER: true, MAIL_WORKER_INTERVAL_MS: 5_000, SMTP_TIMEOUT_MS: 30_000 });
  });

  it.each(['smtp://user:secret@mail.example.edu:587', 'smtps://mail.example.edu'])('accepts SMTP_URL %s', (value) => {
    expect(loadIssuerConfig({ SMTP_URL: value }).SMTP_URL).toBe(value);
  });

  it.each(['http://mail.example.edu', 'mail.example.edu:25'])('refuses SMTP_URL %s', (value) => {
    expect(() => loadIssuerConfig({ SMTP_URL: value })).toThrow(/SMTP_URL/);
  });

  it('refuses a MAIL_FROM that is no mailbox', () => {
    expect(() => loadIssuerConfig({ MAIL_FROM: 'Laurel' })).toThrow(/MAIL_FROM/);
  });
});
