export { main, USAGE_EXIT_CODE } from './main.js';
export { type CliIo } from './io.js';
