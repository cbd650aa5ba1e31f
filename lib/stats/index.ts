// Public face of lib/stats: named re-exports only (STYLE.md, "Modules and files").
export type { Alternative, Interval, TestResult } from './types.js';

export { normalUpperTail } from './normal-upper-tail.js';
export { chiSquareUpperTail } from './chi-square-upper-tail.js';
export { tTwoSidedP } from './t-two-sided-p.js';
export { binomialCdf } from './binomial-cdf.js';

export { wilsonInterval } from './wilson-interval.js';
export { newcombeDifference } from './newcombe-difference.js';
export { meanInterval } from './mean-interval.js';
export { welchDifferenceInterval } from './welch-difference-interval.js';

export { chiSquareIndependence } from './chi-square-independence.js';
export { fisherExact } from './fisher-exact.js';
export { mcnemarExact } from './mcnemar-exact.js';
export { cochranQ } from './cochran-q.js';
export { cmh } from './cmh.js';
export { welchT } from './welch-t.js';
export { mannWhitneyU } from './mann-whitney-u.js';
export { kruskalWallis } from './kruskal-wallis.js';
export { wilcoxonSignedRank } from './wilcoxon-signed-rank.js';
export { friedman } from './friedman.js';

export { adjustPValues } from './adjust-p-values.js';
export type { AdjustMethod } from './adjust-p-values.js';
export { adjustHolm } from './adjust-holm.js';
export { adjustBh } from './adjust-bh.js';
export { adjustBonferroni } from './adjust-bonferroni.js';

export { cohenH, cohenHInterval } from './cohen-h.js';
export { cramersVInterval } from './cramers-v-interval.js';
export { cohenD } from './cohen-d.js';
export { cliffsDelta } from './cliffs-delta.js';
export { hodgesLehmann } from './hodges-lehmann.js';
export { riskRatio, riskRatioTest, type RiskRatio } from './risk-ratio.js';
export { newcombeTest } from './newcombe-test.js';
export { ratioTest, fiellerInterval, type RatioOfMeans, type VariancePiece } from './ratio-of-means.js';

export { noncentralChiSquareCdf, noncentralChiSquareUpperTail } from './noncentral-chi-square.js';
export { chiSquareCritical } from './chi-square-quantile.js';
export { chiSquarePower, noncentralityForPower } from './chi-square-power.js';
export { studentizedRangeCdf } from './studentized-range.js';
export { normalQuantile } from './quantiles.js';
export { cramersV } from './cramers-v.js';
export { seededRng, fnv1a, type Rng } from './rng.js';
export { stratifiedPermutation, type StratifiedPermutationResult } from './stratified-permutation.js';
