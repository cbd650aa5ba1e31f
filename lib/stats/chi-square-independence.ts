import { chiSquareUpperTail } from './chi-square-upper-tail.js';
import type { TestResult } from './types.js';
import { checkCount, checkMatrix } from './validate.js';

/**
 * Pearson's chi-square test of independence for an r × c table of counts, without continuity
 * correction: X² = Σ (O − E)² / E, E = row total · column total / N, df = (r − 1)(c − 1).
 * Pearson (1900); matches SciPy `scipy.stats.chi2_contingency(table, correction=False)` and R
 * `chisq.test(table, correct = FALSE)` (DESIGN.md `chi-square`).
 *
 * Rows or columns that are all zero carry no information and would make E zero (SciPy throws):
 * they are dropped before the test, so r and c count only non-empty rows and columns. `expected`
 * keeps the input's shape; the dropped cells have expectation 0. With fewer than two non-empty
 * rows or columns there is nothing to test: { statistic: 0, pValue: 1, df: 0 }.
 * @example chiSquareIndependence([[10, 20], [30, 25]]) // { statistic: 3.50589…, pValue: 0.061150…, df: 1, expected: [[14.117…, 15.882…], [25.882…, 29.117…]] }
 */
export function chiSquareIndependence(table: number[][]): TestResult & { expected: number[][] } {
  checkMatrix('table', table, 1, 1, checkCount);
  const rowTotals = table.map((row) => row.reduce((s, v) => s + v, 0));
  const colTotals = (table[0] as number[]).map((_, j) => table.reduce((s, row) => s + (row[j] as number), 0));
  const total = rowTotals.reduce((s, v) => s + v, 0);
  const expected = table.map((row, i) =>
    row.map((_, j) => (total === 0 ? 0 : ((rowTotals[i] as number) * (colTotals[j] as number)) / total)),
  );
  const rows = rowTotals.filter((t) => t > 0).length;
  const cols = colTotals.filter((t) => t > 0).length;
  if (rows < 2 || cols < 2) return { statistic: 0, pValue: 1, df: 0, expected };
  let statistic = 0;
  table.forEach((row, i) => {
    row.forEach((observed, j) => {
      const e = (expected[i] as number[])[j] as number;
      if (e > 0) statistic += ((observed - e) * (observed - e)) / e;
    });
  });
  const df = (rows - 1) * (cols - 1);
  return { statistic, pValue: chiSquareUpperTail(statistic, df), df, expected };
}
