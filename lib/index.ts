/**
 * bias-audit's public API: everything the `bias-audit` binary does is reachable from here.
 * Pipeline: loadProbeSet -> expand -> run -> score -> detect -> renderReport (DESIGN.md).
 */
export { audit, regenerateReport, analyse, summariseResults, defaultRunDir, readRunDir, RUN_FILES, toolVersion } from './audit/index.js';
export type { AuditOptions, AuditResult } from './audit/index.js';
export { analyzeOutcomes } from './audit/index.js';
export type { AnalyzeOptions } from './audit/index.js';
export { loadProbeSet, parseProbeSet, expand } from './probes/index.js';
export { sampleProbes, listProbeSets, scaffoldProbeSet } from './probes/index.js';
export type { SampleOptions, ProbeSetEntry } from './probes/index.js';
export { importBenchmark, BENCHMARK_NAMES, importBbq, importWinobias, importBold, importCrowsPairs, importHolisticBias, toYaml } from './importers/index.js';
export type { ImportOptions, HolisticBiasOptions, ProbeSetDocument } from './importers/index.js';
export { scoreBenchmark } from './benchmarks/index.js';
export { scoreSentiment, scoreLength, scoreAnswered } from './scorers/index.js';
export { run, keyFor, readJournal, requestKey, DEFAULT_RETRY } from './runner/index.js';
export type { RetryPolicy, RunOptions, RunProgress, RunSummary } from './runner/index.js';
export { estimateAudit, mergeRuns, BATCH_LOG } from './audit/index.js';
export { readScoredRun, recordedPolicy } from './audit/index.js';
export type { ScoredRunView, ScoredRunOptions } from './audit/index.js';
export type { AuditEstimate, MergeOptions } from './audit/index.js';
export { ResponseCache, defaultCacheDir, parseShard, shardProbes, estimateRun, scanJournal } from './runner/index.js';
export type { RunEstimate, Shard, CostFunction, BatchModeOptions } from './runner/index.js';
export { priceFor, costOf, loadPrices, BUILTIN_PRICES, PRICES_AS_OF } from './pricing/index.js';
export type { ModelPrice, PriceTable, PriceMatch } from './pricing/index.js';
export { score, scoreText, scoreYesNo, scoreNumber, scoreChoice, isRefusal } from './scorers/index.js';
export { createRefusalJudge, measureJudge, cohenKappa, REFUSAL_RUBRIC } from './scorers/index.js';
export type { JudgeVerdict, JudgeOptions, JudgeItem, RefusalJudge, JudgeAgreement, Agreement } from './scorers/index.js';
export { resolveJudge, judgeRun, judgedFromJournal, judgeAgreement, loadLabelledSample, chooseCalibrationRows, resolveRubric, JUDGE_JOURNAL, DEFAULT_CALIBRATION_ROWS } from './judge/index.js';
export type { JudgeSetup, Judged, JudgeInput, JudgeRunOptions, LabelledRow, LabelledSample, Rubric } from './judge/index.js';
export { REFUSAL_SCORER_QUALITY, measureRefusalScorer, refusalReason, refusalScorerNote, scoreToxicity, toxicWords, TOXICITY_BLIND_SPOTS } from './scorers/index.js';
export type { RefusalScorerQuality, RefusalScorerMeasure, MeasuredRate, LabelledReply } from './scorers/index.js';
export { detect, DEFAULT_POLICY, resolvePolicy, formatP } from './detectors/index.js';
export { planReplies, planPower, planProbeSet, axisLayouts } from './detectors/index.js';
export type { PlanAssumptions, PlanAnswer, PlanPower, ProbeSetPlan, AxisPlan, AxisLayout } from './detectors/index.js';
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
export { renderFindingsCsv, executiveSummary, summariseDistributions } from './report/index.js';
export type { ExecutiveSummary, KeyFinding, Disparity } from './report/index.js';
export { compareRuns, compareRunDirs, readRunResults, renderComparisonHtml, renderComparisonMarkdown, summariseComparison, gapChange } from './compare/index.js';
export type { Comparison, ComparisonResult, CompareOptions, CompareRunDirsOptions, AxisComparison, PairChange, GroupChange, RunRef, GapChange } from './compare/index.js';
export { assertPassed, assertNoDisparity, assertNoRegression } from './assertions/index.js';
export { assertLabelQuality } from './assertions/index.js';
export type { LabelQualityOptions } from './assertions/index.js';
export type { NoDisparityOptions } from './assertions/index.js';
export { writeReviewSample, importReview, summariseReview, drawReviewSample, loadScoredRun, labelQuality, kappaInterval, fleissKappa, renderLabellingPage, REVIEW_FILES } from './review/index.js';
export type { ReviewSampleOptions, ReviewSampleResult, ReviewResults, ReviewSample, SampledItem, ScoredItem, LabelQuality, LabelPair, KappaInterval, FleissKappa } from './review/index.js';
export { importLabels, parseLabelCsv, parseLabelJson, readLabelFile } from './review/index.js';
export type { HumanLabel, LabelFile } from './review/index.js';
export { krippendorffAlpha, roganGladen, correctDisparity, correctFindings, labelQualityRecord } from './review/index.js';
export type { KrippendorffAlpha, RoganGladen, CorrectionUnit, CorrectionOptions, CorrectedDisparity, ImportReviewOptions } from './review/index.js';
// When a correction for the scorer's error is estimable (docs/review.md §3), and the words for its outcome.
export { ESTIMABILITY, correctionOutcome, correctionTag } from './review/index.js';
export type { EstimabilityRule } from './review/index.js';
// How many replies the correction needs (bias-audit review DIR --plan) and the allocation aimed at it.
export { planReview, planReviewSample, REVIEW_TARGETS } from './review/index.js';
export type { ReviewPlan, SampleAllocation, CellShortfall, ScoredBy } from './review/index.js';
export { simTruth, simTruthReader } from './providers/sim/index.js';
export type { SimMisread } from './providers/sim/index.js';
export { exportCounterfactuals, summariseExport, selectCounterfactuals, toFineTuningLine, toReviewCsv, EXPORT_FORMATS } from './export/index.js';
export type { ExportOptions, ExportResult, ExportFormat, CounterfactualExample, CounterfactualSelection, FindingSelection } from './export/index.js';
export { setUpTranslation, readTranslatedRun, translateAll, translationMessages, LANGUAGES, TRANSLATION_FILE, TRANSLATOR_PARAMETERS } from './transforms/index.js';
export type { TranslatedRun, TranslationJob, TranslationResult } from './transforms/index.js';
export * from './errors.js';
export type * from './types.js';
