export { loadProbeSet, parseProbeSet, sha256, AXIS_JOIN, GROUP_JOIN } from './load.js';
export { expand } from './expand.js';
export { templateVariables } from './template-vars.js';
export { parseCsvTable } from './csv-table.js';
export { sampleProbes } from './sample.js';
export type { SampleOptions } from './sample.js';
export { listProbeSets } from './catalog.js';
export type { ProbeSetEntry } from './catalog.js';
export { scaffoldProbeSet } from './scaffold.js';
