import { chiSquareCritical } from './chi-square-quantile.js';
import { noncentralChiSquareUpperTail } from './noncentral-chi-square.js';

/**
 * Power of a chi-square test with `df` degrees of freedom at level `alpha` when the statistic's
 * noncentrality is `ncp`: P(χ²'(df, ncp) > χ²_{1−alpha}(df)). Cohen (1988), Statistical Power
 * Analysis for the Behavioral Sciences, 2nd ed., ch. 7: for k groups of sizes n_g with rates p_g
 * around the pooled rate p̄, a test of equal rates has ncp = Σ n_g (p_g − p̄)² / (p̄(1 − p̄)).
 * Matches R `pchisq(qchisq(alpha, df, lower.tail = FALSE), df, ncp, lower.tail = FALSE)` and
 * R `power.prop.test` for two groups without continuity correction (df = 1).
 * @example chiSquarePower(7.84886, 1, 0.05) // 0.8000…
 */
export function chiSquarePower(ncp: number, df: number, alpha: number): number {
  return noncentralChiSquareUpperTail(chiSquareCritical(alpha, df), df, ncp);
}

/**
 * The noncentrality at which a chi-square test with `df` degrees of freedom at level `alpha` has
 * the given power (bisection on the monotone power curve, to 1e-12 relative).
 * @example noncentralityForPower(1, 0.05, 0.8) // 7.84887… (= (1.95996 + 0.84162)²)
 */
export function noncentralityForPower(df: number, alpha: number, power: number): number {
  if (!(power > 0 && power < 1)) throw new RangeError(`power must be strictly between 0 and 1, got ${power}`);
  const critical = chiSquareCritical(alpha, df);
  const at = (ncp: number): number => noncentralChiSquareUpperTail(critical, df, ncp);
  if (at(0) >= power) return 0;
  let lo = 0;
  let hi = 1;
  while (at(hi) < power) {
    lo = hi;
    hi *= 2;
    if (hi > 1e9) throw new RangeError(`no noncentrality below 1e9 reaches power ${power} (df ${df}, alpha ${alpha})`);
  }
  for (let i = 0; i < 200 && hi - lo > 1e-12 * hi; i++) {
    const mid = (lo + hi) / 2;
    if (at(mid) < power) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}
