// Public face of lib/review (issue 9, parts 1-2): draw a review sample, import people's labels, measure the scorer.
export { loadScoredRun, reviewId, reviewLabels, type ScoredItem, type ScoredRun } from './scored.js';
export { drawReviewSample, type SampleOptions as ReviewSampleDrawOptions, type SampledItem, type ReviewSample } from './sample.js';
export { parseCsv, toCsv, inertText, type CsvRecord } from './csv.js';
export { parseLabelCsv, readLabelCsv, REVIEW_COLUMNS, type HumanLabel, type LabelFile } from './labels.js';
export { renderLabellingPage, embedJson, type PageRow, type PageOptions } from './page.js';
export { labelQuality, kappaInterval, proportion, type LabelPair, type LabelQuality, type KappaInterval, type Proportion, type AxisError, type GroupError } from './quality.js';
export { writeReviewSample, importReview, summariseReview, REVIEW_FILES, type ReviewSampleOptions, type ReviewSampleResult, type ReviewResults } from './review.js';
export { fleissKappa, type FleissKappa } from './fleiss.js';
