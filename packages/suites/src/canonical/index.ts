export { fastCanonize, lastRefusalReason } from './canonize.js';
