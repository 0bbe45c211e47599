export { problem, problemFromError, retryAfterSeconds, PROBLEM_CONTENT_TYPE, type Problem } from './problem.js';
export { problemResponse, problemErrorHandler, notFoundHandler, validationProblemHook, issuesFromZod, limitBody } from './hono.js';
export { createLogger, REDACTED_PATHS, type Logger } from './logger.js';
export { clientAddress, reachedOverHttps } from './client-address.js';
export { rateLimitEnvShape, trustProxySchema, type RateLimitEnv } from './rate-limit-config.js';
export { createRateLimits, type RateLimits, type RateLimitOptions } from './rate-limit.js';
export { securityHeaders, pagePolicy, inlineScriptHash, type SecurityHeaderOptions } from './security-headers.js';
