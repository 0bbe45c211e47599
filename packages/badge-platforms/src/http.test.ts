import { InvalidInputError } from '@laurel/models';
import { describe, expect, it } from 'vitest';
import { normalizeBaseUrl } from './http.js';

describe('normalizeBaseUrl', () => {
  it('keeps an https base URL, without its trailing slash', () => {
    expect(normalizeBaseUrl('https://api.accredible.com/')).toBe('https://api.accredible.com');
  });

  it.each(['file:///etc/passwd', 'ftp://api.example/', 'javascript:alert(1)', 'data:text/plain,hi', 'not a url'])('refuses %s as bad input naming baseUrl (a 400, not a 500)', (baseUrl) => {
    const error = (() => {
      try {
        normalizeBaseUrl(baseUrl);
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as InvalidInputError).issues.map((issue) => issue.path)).toEqual(['baseUrl']);
  });
});
