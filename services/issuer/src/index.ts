export { createIssuerApp, type IssuerAppDeps } from './app.js';
export { loadIssuerConfig, lmsOAuthSettings, issuerConfigSchema, type IssuerConfig } from './config.js';
export type { LmsOAuthSettings } from './lms-oauth.js';
export { startIssuer, type RunningIssuer, type StartIssuerOptions } from './main.js';
export { DEMO_COURSE_ID, DEMO_OPENEDX_COURSE_ID, type BootstrapReport } from './bootstrap.js';
export type { BackgroundWorkers } from './workers.js';
export { serveIssuer } from './serve.js';
