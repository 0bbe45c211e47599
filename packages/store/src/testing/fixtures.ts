import { randomUUID } from 'node:crypto';
import { afterEach } from 'vitest';
import type { SuiteDatabase } from '../../../../test/support/databases.js';
import { openStore, type OpenStoreOptions, type Store } from '../open-store.js';
import type { Issuer } from '../repositories/issuers.js';
import type { Learner } from '../repositories/learners.js';
import type { Achievement, NewAchievement } from '../repositories/achievements.js';

/** A clock that moves 1 ms per reading, so "newest" is well defined in tests. */
export function steppingClock(start = '2026-01-01T00:00:00.000Z'): () => Date {
  let next = Date.parse(start);
  return () => new Date(next++);
}

/** Opens stores on the suite's database and closes them after each test. */
export function useStores(database: SuiteDatabase): (options?: Partial<OpenStoreOptions>) => Promise<Store> {
  const open: Store[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((store) => store.close()));
  });
  return async (options = {}) => {
    const store = await openStore({ databaseUrl: database.url, now: steppingClock(), ...options });
    open.push(store);
    return store;
  };
}

/** Deterministic uniform numbers in [0, 1) (mulberry32), so allocation tests can be replayed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

/** Suites share a database, so every seeded row gets unique identifiers. */
export function uniqueSuffix(): string {
  return randomUUID().slice(0, 8);
}

export function seedIssuer(store: Pick<Store, 'issuers'>, overrides: Partial<Parameters<Store['issuers']['create']>[0]> = {}): Promise<Issuer> {
  const suffix = uniqueSuffix();
  return store.issuers.create({
    slug: `issuer-${suffix}`,
    name: `Issuer ${suffix}`,
    did: `did:web:example.org:issuers:${suffix}`,
    didMethod: 'web',
    vcVersion: '2.0',
    suite: 'eddsa-rdfc-2022',
    ...overrides,
  });
}

export async function seedLearner(store: Pick<Store, 'learners'>, issuerId: string, name = 'Ada Lovelace'): Promise<Learner> {
  const { learner } = await store.learners.upsert({ issuerId, lmsUserId: `user-${uniqueSuffix()}`, name });
  return learner;
}

export function seedAchievement(
  store: Pick<Store, 'achievements'>,
  issuerId: string,
  overrides: Partial<NewAchievement> = {},
): Promise<Achievement> {
  return store.achievements.create({
    issuerId,
    externalId: `course-v1:Org+CS${uniqueSuffix()}+2026`,
    kind: 'course',
    name: 'Introduction to Computer Science',
    ...overrides,
  });
}
