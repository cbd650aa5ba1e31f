export { loadProbeSet, parseProbeSet, sha256, AXIS_JOIN, GROUP_JOIN } from './load.js';
export { expand } from './expand.js';
export { templateVariables } from './template-vars.js';
export { parseCsvTable } from './csv-table.js';
