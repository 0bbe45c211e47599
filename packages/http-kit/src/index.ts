export { problem, problemFromError, retryAfterSeconds, PROBLEM_CONTENT_TYPE, type Problem } from './problem.js';
export { problemResponse, problemErrorHandler, notFoundHandler, validationProblemHook, issuesFromZod, limitBody } from './hono.js';
export { createLogger, REDACTED_PATHS, type Logger } from './logger.js';
export { checkPublicUrl, checkPublicUrlAndLog, startPublicUrlCheck, listeningUrl, newInstanceId, INSTANCE_HEADER, PUBLIC_URL_CHECK_FETCH, type PublicUrlCheck, type PublicUrlCheckOptions } from './public-url-check.js';
