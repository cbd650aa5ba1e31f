// Public face of lib/review (issue 9, parts 1-2): draw a review sample, import people's labels, measure the scorer.
export { loadScoredRun, reviewId, reviewLabels, type ScoredItem, type ScoredRun } from './scored.js';
export { drawReviewSample, type SampleOptions as ReviewSampleDrawOptions, type SampledItem, type ReviewSample } from './sample.js';
export { planReviewSample, REVIEW_TARGETS, type ReviewTargets, type ReviewPlan, type SampleAllocation, type CellShortfall } from './sample.js';
export { parseCsv, toCsv, inertText, type CsvRecord } from './csv.js';
export { parseLabelCsv, readLabelCsv, parseLabelJson, readLabelFile, REVIEW_COLUMNS, type HumanLabel, type LabelFile } from './labels.js';
export { renderLabellingPage, embedJson, type PageRow, type PageOptions } from './page.js';
export { labelQuality, kappaInterval, proportion, type LabelPair, type LabelQuality, type KappaInterval, type Proportion, type AxisError, type GroupError } from './quality.js';
export { planReview, type ScoredBy } from './review.js';
export { writeReviewSample, importReview, summariseReview, REVIEW_FILES, type ReviewSampleOptions, type ReviewSampleResult, type ReviewResults, type ImportReviewOptions } from './review.js';
// importLabels: the name for the library call that reads label files (CSV or JSON) and measures the scorer.
export { importReview as importLabels } from './review.js';
export { fleissKappa, type FleissKappa } from './fleiss.js';
export { krippendorffAlpha, type KrippendorffAlpha } from './krippendorff.js';
export { roganGladen, type RoganGladen } from './rogan-gladen.js';
export { correctDisparity, BOOTSTRAP_METHOD, ESTIMABILITY, type CorrectionUnit, type CorrectionOptions, type CorrectedDisparity, type EstimabilityRule, type ReadFlags } from './correct.js';
export { correctFindings, peopleOutcome, type CorrectFindingsOptions } from './corrected-findings.js';
export { correctionOutcome, correctionTag } from './correction-wording.js';
export { labelQualityRecord, type LabelQualityParts } from './record.js';
