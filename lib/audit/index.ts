export { audit, regenerateReport, toolVersion } from './audit.js';
export type { AuditOptions, AuditResult } from './audit.js';
export { analyse } from './results.js';
export { summarise as summariseResults } from './summary.js';
export { defaultRunDir, readRunDir, RUN_FILES } from './run-dir.js';
export { estimateAudit, type AuditEstimate } from './estimate.js';
export { mergeRuns, type MergeOptions } from './merge.js';
export { BATCH_LOG } from './runner-options.js';
export { analyzeOutcomes, type AnalyzeOptions } from './analyze-outcomes.js';
