// One notation for error paths everywhere (issue 15 item 6).
import { describe, expect, it } from 'vitest';
import { formatPath } from './validation-issue.js';

describe('formatPath: the one formatter of error paths', () => {
  it('dots keys and brackets list positions', () => {
    expect(formatPath(['credentialSubject', 'result', 0, 'value'])).toBe('credentialSubject.result[0].value');
    expect(formatPath([])).toBe('');
    expect(formatPath([2, 'id'])).toBe('[2].id');
    expect(formatPath(['@context', 1])).toBe('@context[1]');
  });

  it('quotes keys that would make the path ambiguous', () => {
    expect(formatPath(['assignmentTypeMinimums', 'Final Exam'])).toBe('assignmentTypeMinimums["Final Exam"]');
    expect(formatPath(['registry', 'did:web:a.example', 'name'])).toBe('registry["did:web:a.example"].name');
    expect(formatPath(['map', ''])).toBe('map[""]');
    expect(formatPath(['a', 'b[0]'])).toBe('a["b[0]"]');
  });

  it('starts from a prefix that says where the value came from', () => {
    expect(formatPath(['limit'], 'query')).toBe('query.limit');
    expect(formatPath([0], 'body')).toBe('body[0]');
  });
});
