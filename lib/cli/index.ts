export { main } from './main.js';
export type { CliIO } from './main.js';
