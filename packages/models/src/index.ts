export { LaurelError } from './errors.js';
