/**
 * bias-audit's public API: everything the `bias-audit` binary does is reachable from here.
 * Pipeline: loadProbeSet -> expand -> run -> score -> detect -> renderReport (DESIGN.md).
 */
export { audit, regenerateReport, analyse, summariseResults, defaultRunDir, readRunDir, RUN_FILES, toolVersion } from './audit/index.js';
export type { AuditOptions, AuditResult } from './audit/index.js';
export { loadProbeSet, parseProbeSet, expand } from './probes/index.js';
export { run, keyFor, readJournal, requestKey, DEFAULT_RETRY } from './runner/index.js';
export type { RetryPolicy, RunOptions, RunProgress, RunSummary } from './runner/index.js';
export { score, scoreText, scoreYesNo, scoreNumber, scoreChoice, isRefusal } from './scorers/index.js';
export { detect, DEFAULT_POLICY, resolvePolicy, formatP } from './detectors/index.js';
export { writeReports as renderReport, renderHtml, renderMarkdown, renderJunit, renderCharts, packageRoot } from './report/index.js';
export {
  createProvider,
  createOpenAIProvider,
  createAnthropicProvider,
  loadModuleProvider,
  parseModelSpec,
} from './providers/index.js';
export { createSimProvider, loadSimProfile, describeSimProfile } from './providers/sim/index.js';
export type { SimProfile } from './providers/sim/index.js';
export * from './errors.js';
export type * from './types.js';
