import { chiSquareUpperTail } from './chi-square-upper-tail.js';
import { psdQuadraticForm } from './psd-quadratic-form.js';
import type { TestResult } from './types.js';
import { checkCount, checkMatrix } from './validate.js';

/**
 * Cochran–Mantel–Haenszel test of no association between group and a binary outcome,
 * stratified (e.g. by counterfactual block). Each stratum is a k × 2 table
 * [group][favourable, unfavourable]; no continuity correction (DESIGN.md `cmh`).
 *
 * Over strata s with total n_s, favourable total c_s and group totals r_s, the favourable counts of
 * groups 1..k−1 have hypergeometric mean m_s = r_s c_s / n_s and covariance
 * V_s = c_s (n_s − c_s) (n_s diag(r_s) − r_s r_sᵀ) / (n_s² (n_s − 1)); the statistic is
 * (Σ(n − m))ᵀ (Σ V_s)⁻¹ (Σ(n − m)), chi-square with k − 1 df.
 * Mantel & Haenszel (1959), JNCI 22:719-748 (k = 2); Landis, Heyman & Koch (1978), Int Stat Rev
 * 46:237-254 (generalized, "general association"). Matches R
 * `mantelhaen.test(x, correct = FALSE)` on the 2 × 2 × K (k = 2) or k × 2 × K array; for k = 2 it
 * is the classic (Σ(a − E a))² / Σ Var(a).
 *
 * Conventions where R stops with an error:
 * - strata with fewer than 2 observations contribute nothing;
 * - if Σ V_s is singular (a group absent from every informative stratum), the form uses a
 *   generalized inverse and df is the rank of Σ V_s, which is k − 1 whenever R gives an answer;
 * - zero variance altogether (no informative stratum): { statistic: 0, pValue: 1, df: 0 }.
 * @example cmh([[[3, 1], [1, 3]], [[4, 2], [2, 4]]]) // { statistic: 2.87850…, pValue: 0.089769…, df: 1 }
 */
export function cmh(strata: number[][][]): TestResult {
  if (!Array.isArray(strata) || strata.length === 0) {
    throw new RangeError(`strata must be a non-empty array of k x 2 tables, got ${JSON.stringify(strata)}`);
  }
  const k = Array.isArray(strata[0]) ? strata[0].length : 0;
  strata.forEach((table, s) => {
    checkMatrix(`strata[${s}]`, table, 2, 2, checkCount);
    if (table.length !== k || (table[0] as number[]).length !== 2) {
      throw new RangeError(`strata[${s}] must be a ${k} x 2 table like strata[0], got ${JSON.stringify(table)}`);
    }
  });

  const size = k - 1;
  const deviation = new Array<number>(size).fill(0);
  const covariance = Array.from({ length: size }, () => new Array<number>(size).fill(0));
  for (const table of strata) {
    const rowTotals = table.map(([fav, unfav]) => (fav as number) + (unfav as number));
    const total = rowTotals.reduce((s, v) => s + v, 0);
    if (total < 2) continue;
    const favourable = table.reduce((s, row) => s + (row[0] as number), 0);
    const scale = (favourable * (total - favourable)) / (total * total * (total - 1));
    for (let i = 0; i < size; i++) {
      const ri = rowTotals[i] as number;
      deviation[i] = (deviation[i] as number) + ((table[i] as number[])[0] as number) - (ri * favourable) / total;
      const row = covariance[i] as number[];
      for (let j = 0; j < size; j++) {
        const rj = rowTotals[j] as number;
        row[j] = (row[j] as number) + scale * ((i === j ? total * ri : 0) - ri * rj);
      }
    }
  }
  const { value, rank } = psdQuadraticForm(covariance, deviation);
  if (rank === 0) return { statistic: 0, pValue: 1, df: 0 };
  return { statistic: value, pValue: chiSquareUpperTail(value, rank), df: rank };
}
