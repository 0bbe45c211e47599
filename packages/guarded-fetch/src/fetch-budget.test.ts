import { describe, expect, it } from 'vitest';
import { createFetchBudget, FetchBudgetExceededError, memoize } from './fetch-budget.js';

describe('createFetchBudget', () => {
  it('fetches each URL once, even when asked concurrently, and hands out copies', async () => {
    const asked: string[] = [];
    const budget = createFetchBudget(async (url) => (asked.push(url.href), { url: url.href }), 5);
    const a = new URL('https://a.test/did.json');
    const [first, second] = await Promise.all([budget.fetchJson(a), budget.fetchJson(a)]);
    (first as { url: string }).url = 'changed';
    expect(second).toEqual({ url: a.href });
    expect(await budget.fetchJson(a)).toEqual({ url: a.href });
    expect(asked).toEqual([a.href]);
  });

  it('refuses a URL past the limit of distinct ones, but still serves those already fetched', async () => {
    const asked: string[] = [];
    const budget = createFetchBudget(async (url) => asked.push(url.href), 2);
    await budget.fetchJson(new URL('https://a.test/1'));
    await budget.fetchJson(new URL('https://a.test/2'));
    await expect(budget.fetchJson(new URL('https://a.test/3'))).rejects.toBeInstanceOf(FetchBudgetExceededError);
    await expect(budget.fetchJson(new URL('https://a.test/3'))).rejects.toMatchObject({ code: 'FETCH_BUDGET_EXCEEDED', message: expect.stringContaining('limit of 2') });
    await budget.fetchJson(new URL('https://a.test/1'));
    expect(asked).toEqual(['https://a.test/1', 'https://a.test/2']);
    expect(budget.fetched).toBe(2);
  });

  it('fetchShared hands every caller the one answer, counted against the same limit', async () => {
    const asked: string[] = [];
    const budget = createFetchBudget(async (url) => (asked.push(url.href), Object.freeze({ url: url.href })), 2);
    const a = new URL('https://a.test/list');
    const [first, second] = await Promise.all([budget.fetchShared(a), budget.fetchShared(a)]);
    expect(first).toBe(second);
    const copy = await budget.fetchJson(a);
    expect(copy).toEqual(first);
    expect(copy).not.toBe(first);
    await budget.fetchJson(new URL('https://a.test/did.json'));
    await expect(budget.fetchShared(new URL('https://a.test/3'))).rejects.toBeInstanceOf(FetchBudgetExceededError);
    expect(asked).toEqual([a.href, 'https://a.test/did.json']);
  });

  it('remembers a failure for the rest of the request (one attempt per URL)', async () => {
    let attempts = 0;
    const budget = createFetchBudget(async () => {
      attempts += 1;
      throw new Error('down');
    }, 5);
    await expect(budget.fetchJson(new URL('https://a.test/x'))).rejects.toThrow('down');
    await expect(budget.fetchJson(new URL('https://a.test/x'))).rejects.toThrow('down');
    expect(attempts).toBe(1);
  });
});

describe('memoize', () => {
  it('loads each key once', async () => {
    let loads = 0;
    const load = memoize(async (key) => ((loads += 1), { key }));
    await Promise.all([load('a'), load('a'), load('b')]);
    expect(loads).toBe(2);
  });

  it('hands out copies, or with shared the one loaded value', async () => {
    const copies = memoize(async (key) => ({ key }));
    expect(await copies('a')).not.toBe(await copies('a'));
    const shared = memoize(async (key) => ({ key }), { shared: true });
    expect(await shared('a')).toBe(await shared('a'));
  });
});
