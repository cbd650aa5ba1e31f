import { chiSquareIndependence } from './chi-square-independence.js';
import { checkCount, checkMatrix } from './validate.js';

/**
 * Cramér's V for an r × c table of counts: √(X² / (N · (min(r, c) − 1))), X² the Pearson
 * statistic without continuity correction. Cramér (1946), Mathematical Methods of Statistics,
 * §21.9. Matches SciPy `scipy.stats.contingency.association(table, method='cramer')`.
 * As in chiSquareIndependence, all-zero rows and columns are dropped first (r and c count the
 * rest); with fewer than two non-empty rows or columns V is 0.
 * @example cramersV([[10, 20], [30, 25]]) // 0.20309…
 */
export function cramersV(table: number[][]): number {
  checkMatrix('table', table, 1, 1, checkCount);
  const { statistic } = chiSquareIndependence(table);
  const rows = table.filter((row) => row.some((v) => v > 0)).length;
  const cols = (table[0] as number[]).filter((_, j) => table.some((row) => (row[j] as number) > 0)).length;
  if (rows < 2 || cols < 2) return 0;
  const total = table.reduce((s, row) => s + row.reduce((t, v) => t + v, 0), 0);
  return Math.sqrt(statistic / (total * (Math.min(rows, cols) - 1)));
}
