// Public face of lib/export (issue 9, part 4): failing findings -> counterfactual fine-tuning material.
export { exportCounterfactuals, summariseExport, DEFAULT_EXPORT_FILES, type ExportOptions, type ExportResult } from './export.js';
export { selectCounterfactuals, SKIP_REASONS, type CounterfactualExample, type CounterfactualSelection, type FindingSelection, type ExampleSide, type RunReplies, type SkipReason } from './counterfactual.js';
export { toFineTuningLine, toFineTuningJsonl, toReviewCsv, promptText, EXPORT_FORMATS, REVIEW_CSV_COLUMNS, type ExportFormat } from './formats.js';
export { swapReply, promptsCorrespond, wordPattern, type Substitution, type SwapResult, type SwapFailure } from './swap.js';
export { renderSidecar, type SidecarInput } from './sidecar.js';
