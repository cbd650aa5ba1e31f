export { detect, judge, formatP } from './detect.js';
export type { DetectOptions } from './detect.js';
export { DEFAULT_POLICY, resolvePolicy } from './policy.js';
export { observationsFor } from './observations.js';
export type { Observation } from './observations.js';
export { summarise } from './summary.js';
