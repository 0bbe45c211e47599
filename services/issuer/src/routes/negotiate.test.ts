import { expect, it } from 'vitest';
import { prefersHtml } from './negotiate.js';

it('gives browsers HTML and everyone else (no Accept, */*, JSON first) the credential JSON', () => {
  expect(prefersHtml('text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8')).toBe(true);
  expect(prefersHtml(undefined)).toBe(false);
  expect(prefersHtml('*/*')).toBe(false);
  expect(prefersHtml('application/ld+json')).toBe(false);
  expect(prefersHtml('application/json, text/html;q=0.5')).toBe(false);
  expect(prefersHtml('text/html;q=0')).toBe(false);
});
