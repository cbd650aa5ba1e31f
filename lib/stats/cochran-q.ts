import { chiSquareUpperTail } from './chi-square-upper-tail.js';
import type { TestResult } from './types.js';
import { checkBinary, checkMatrix } from './validate.js';

/**
 * Cochran's Q test for k >= 2 related binary outcomes (rows = blocks, columns = groups, entries
 * 0/1): Q = (k − 1)(k Σ_j C_j² − N²) / (k N − Σ_i R_i²), referred to chi-square with k − 1 df,
 * where C_j are column totals, R_i row totals and N the grand total.
 * Cochran (1950), Biometrika 37:256-266; the same formula as statsmodels
 * `cochrans_q` and R `RVAideMemoire::cochran.qtest` (DESIGN.md `cochran-q`). For k = 2 it equals
 * McNemar's chi-square (b − c)²/(b + c) without continuity correction.
 * Rows that are all 0 or all 1 do not change Q. If every row is constant the denominator is 0 and
 * there is no evidence either way: { statistic: 0, pValue: 1, df: k − 1 }.
 * @example cochranQ([[1, 1, 0], [1, 0, 0], [1, 1, 1], [1, 0, 0], [0, 1, 0]]) // { statistic: 3.5, pValue: 0.17377…, df: 2 }
 */
export function cochranQ(data: number[][]): TestResult {
  checkMatrix('data', data, 1, 2, checkBinary);
  const k = (data[0] as number[]).length;
  const colTotals = new Array<number>(k).fill(0);
  let total = 0;
  let sumRowSquares = 0;
  for (const row of data) {
    let r = 0;
    row.forEach((v, j) => {
      colTotals[j] = (colTotals[j] as number) + v;
      r += v;
    });
    total += r;
    sumRowSquares += r * r;
  }
  const df = k - 1;
  const denominator = k * total - sumRowSquares;
  if (denominator === 0) return { statistic: 0, pValue: 1, df };
  const sumColSquares = colTotals.reduce((s, c) => s + c * c, 0);
  const statistic = ((k - 1) * (k * sumColSquares - total * total)) / denominator;
  return { statistic, pValue: chiSquareUpperTail(statistic, df), df };
}
