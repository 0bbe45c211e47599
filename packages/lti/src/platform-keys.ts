import { createLocalJWKSet, errors, type JSONWebKeySet, type JWTVerifyGetKey } from 'jose';
import { platformKeysUnavailable } from './errors.js';

export interface PlatformKeysOptions {
  /** Fetches a JWKS document: the guarded fetcher in production. */
  loadJson: (url: string) => Promise<unknown>;
  now?: () => number;
  /** Keys are fetched again after this long (default 10 minutes). */
  ttlMs?: number;
  /** A token naming an unknown key fetches the set again at most this often (default 1 minute): the platform may have rotated. */
  refreshMs?: number;
}

/** The platforms' public keys, per JWKS URL, fetched on demand and cached. */
export interface PlatformKeys {
  /** A key resolver for jose's jwtVerify; throws LTI_PLATFORM_KEYS_UNAVAILABLE when the set cannot be had. */
  resolverFor(jwksUrl: string): JWTVerifyGetKey;
}

interface Cached {
  keys: JWTVerifyGetKey;
  loadedAt: number;
}

export function createPlatformKeys(options: PlatformKeysOptions): PlatformKeys {
  const now = options.now ?? Date.now;
  const ttl = options.ttlMs ?? 10 * 60_000;
  const refresh = options.refreshMs ?? 60_000;
  const cache = new Map<string, Cached>();
  const loading = new Map<string, Promise<Cached>>();

  function load(url: string): Promise<Cached> {
    const pending = loading.get(url);
    if (pending) return pending;
    const started = (async () => {
      try {
        const keys = createLocalJWKSet((await options.loadJson(url)) as JSONWebKeySet);
        const entry = { keys, loadedAt: now() };
        cache.set(url, entry);
        return entry;
      } catch (error) {
        // A stale set beats none while the platform is briefly unreachable.
        const stale = cache.get(url);
        if (stale) return stale;
        throw platformKeysUnavailable(url, error);
      } finally {
        loading.delete(url);
      }
    })();
    loading.set(url, started);
    return started;
  }

  return {
    resolverFor(url) {
      return async (header, token) => {
        let entry = cache.get(url);
        if (!entry || now() - entry.loadedAt >= ttl) entry = await load(url);
        try {
          return await entry.keys(header, token);
        } catch (error) {
          if (!(error instanceof errors.JWKSNoMatchingKey) || now() - entry.loadedAt < refresh) throw error;
          return (await load(url)).keys(header, token);
        }
      };
    },
  };
}
