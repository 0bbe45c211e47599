import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { copyJson } from './json.js';

describe('copyJson', () => {
  it('copies any JSON value as structuredClone does, sharing no object or array with it', () => {
    fc.assert(fc.property(fc.jsonValue(), (value) => {
      const copy = copyJson(value);
      expect(copy).toStrictEqual(structuredClone(value));
      const shared = new Set<unknown>();
      const walk = (node: unknown) => {
        if (typeof node !== 'object' || node === null) return;
        shared.add(node);
        for (const child of Object.values(node)) walk(child);
      };
      walk(value);
      const check = (node: unknown) => {
        if (typeof node !== 'object' || node === null) return;
        expect(shared.has(node)).toBe(false);
        for (const child of Object.values(node)) check(child);
      };
      check(copy);
    }));
  });

  it('copies objects without a prototype too, and a change to the copy leaves the original as it was', () => {
    const bare = Object.assign(Object.create(null) as Record<string, unknown>, { name: 'x', nested: { list: [1, { a: 2 }] } });
    const original = { '@context': ['a'], bare };
    const copy = copyJson(original);
    ((copy.bare.nested as { list: unknown[] }).list[1] as { a: number }).a = 3;
    copy['@context'].push('b');
    expect(original).toStrictEqual({ '@context': ['a'], bare: Object.assign(Object.create(null) as object, { name: 'x', nested: { list: [1, { a: 2 }] } }) });
  });

  it('keeps an own "__proto__" key as a property', () => {
    const parsed = JSON.parse('{"a":{"__proto__":{"polluted":true},"b":1}}') as { a: Record<string, unknown> };
    const copy = copyJson(parsed);
    expect(Object.getPrototypeOf(copy.a)).toBe(Object.prototype);
    expect(Object.keys(copy.a)).toEqual(['__proto__', 'b']);
    expect(JSON.stringify(copy)).toBe(JSON.stringify(parsed));
  });
});
