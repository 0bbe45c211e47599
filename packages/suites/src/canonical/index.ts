export { canonicalPathCounts, fastCanonize, lastRefusalReason } from './canonize.js';
