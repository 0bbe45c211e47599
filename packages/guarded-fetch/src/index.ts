export { createGuardedFetcher, type BytesRequest, type BytesResponse, type FetchJsonInit, type GuardedFetcher, type JsonFetcher, type JsonRequest, type JsonResponse } from './fetcher.js';
export type { CacheTtl, FetchJsonResult, GuardedFetchCacheOptions, GuardedFetchOptions } from './options.js';
export type { LookupFunction } from './connector.js';
export { FETCH_ERROR_CODES, FetchRefusedError, type FetchErrorCode } from './errors.js';
export { classifyAddress, isAddressAllowed, type AddressCategory, type AddressPolicy } from './address-policy.js';
export { envFlag, fetchEnvShape, fetcherOptionsFromEnv, type FetchEnv } from './env.js';
export { createFetchBudget, memoize, FetchBudgetExceededError, type FetchBudget } from './fetch-budget.js';
