import type { GuardedFetcher, JsonRequest, JsonResponse } from '@laurel/guarded-fetch';
import { InvalidInputError } from '@laurel/models';
import { fetchError, statusError } from './errors.js';

/** One call through the guarded fetcher: 2xx answers come back, everything else is a BadgePlatformError. */
export async function call(fetcher: GuardedFetcher, platform: string, what: string, request: JsonRequest): Promise<JsonResponse> {
  let response: JsonResponse;
  try {
    response = await fetcher.requestJson(request);
  } catch (error) {
    throw fetchError(platform, what, error);
  }
  if (response.status < 200 || response.status > 299) throw statusError(platform, what, response);
  return response;
}

/** The base URL without a trailing slash; http(s) only, else bad input naming `baseUrl` (a 400, not a 500). */
export function normalizeBaseUrl(baseUrl: string): string {
  const url = URL.canParse(baseUrl) ? new URL(baseUrl) : undefined; // URL.parse needs Node 22
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) throw new InvalidInputError([{ path: 'baseUrl', message: 'must be an http(s) URL' }], 'badge platform base URL');
  return url.href.replace(/\/+$/, '');
}

/** Only follow pagination links on the platform's own origin, so the key never goes elsewhere. */
export function sameOrigin(link: string, baseUrl: string): URL | undefined {
  try {
    const url = new URL(link, baseUrl);
    return url.origin === new URL(baseUrl).origin ? url : undefined;
  } catch {
    return undefined;
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function idOf(value: unknown): string | undefined {
  if (typeof value === 'string' && value.length > 0) return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}
