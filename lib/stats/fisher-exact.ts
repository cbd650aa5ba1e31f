import { checkCount, checkMatrix } from './validate.js';

/** Relative tolerance for "as likely as the observed table" (R `fisher.test`'s relErr = 1 + 1e-7). */
const RELATIVE_TOLERANCE = 1e-7;

/**
 * Fisher's exact test for a 2 × 2 table [[a, b], [c, d]], two-sided, and the sample odds ratio
 * ad/(bc). Fisher (1935), The Design of Experiments.
 * Same conventions as SciPy `scipy.stats.fisher_exact(table)` (DESIGN.md `fisher-exact`):
 * - the p-value sums the hypergeometric probabilities (margins fixed) of every table no more
 *   likely than the observed one, "no more likely" allowing a relative tolerance for rounding.
 *   SciPy uses 1e-14 around its own pmf; the pmf here is built by ratios from the mode, whose
 *   rounding differs, so the tolerance is R `fisher.test`'s 1e-7 — both only ever merge tables
 *   that are equally likely in exact arithmetic;
 * - the odds ratio is the unconditional (sample) estimate ad/(bc), Infinity when b or c is 0
 *   (R `fisher.test` reports the conditional MLE instead);
 * - a row or column that is all zero gives { pValue: 1, oddsRatio: NaN }.
 * @example fisherExact([[3, 7], [9, 1]]) // { pValue: 0.019766611097880…, oddsRatio: 0.047619… }
 */
export function fisherExact(table: [[number, number], [number, number]]): { pValue: number; oddsRatio: number } {
  checkMatrix('table', table, 2, 2, checkCount);
  if (table.length !== 2 || table[0].length !== 2) {
    throw new RangeError(`table must be 2 x 2, got ${JSON.stringify(table)}`);
  }
  const [[a, b], [c, d]] = table;
  const row1 = a + b;
  const row2 = c + d;
  const col1 = a + c;
  const col2 = b + d;
  if (row1 === 0 || row2 === 0 || col1 === 0 || col2 === 0) return { pValue: 1, oddsRatio: NaN };
  const oddsRatio = b > 0 && c > 0 ? (a * d) / (b * c) : Infinity;

  // Hypergeometric law of the top-left cell x given the margins, on lo..hi, as weights relative
  // to the mode: w(x+1)/w(x) = (row1 − x)(col1 − x) / ((x + 1)(row2 − col1 + x + 1)).
  const lo = Math.max(0, col1 - row2);
  const hi = Math.min(row1, col1);
  const mode = Math.floor(((col1 + 1) * (row1 + 1)) / (row1 + row2 + 2));
  const weights = new Float64Array(hi - lo + 1);
  weights[mode - lo] = 1;
  for (let x = mode; x < hi; x++) {
    weights[x + 1 - lo] = ((weights[x - lo] as number) * (row1 - x) * (col1 - x)) / ((x + 1) * (row2 - col1 + x + 1));
  }
  for (let x = mode; x > lo; x--) {
    weights[x - 1 - lo] = ((weights[x - lo] as number) * x * (row2 - col1 + x)) / ((row1 - x + 1) * (col1 - x + 1));
  }
  const observed = (weights[a - lo] as number) * (1 + RELATIVE_TOLERANCE);
  let total = 0;
  let asExtreme = 0;
  for (const w of weights) {
    total += w;
    if (w <= observed) asExtreme += w;
  }
  return { pValue: Math.min(1, asExtreme / total), oddsRatio };
}
