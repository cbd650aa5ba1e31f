import normalQuantileStdlib from '@stdlib/stats-base-dists-normal-quantile';
import tQuantileStdlib from '@stdlib/stats-base-dists-t-quantile';

// Quantiles used to build confidence intervals; normalQuantile is re-exported for the power figures.

/** Standard normal quantile Φ⁻¹(p) (SciPy `norm.ppf`, R `qnorm`). */
export function normalQuantile(p: number): number {
  return normalQuantileStdlib(p, 0, 1);
}

/** Student t quantile with `df` degrees of freedom (SciPy `t.ppf`, R `qt`). */
export function tQuantile(p: number, df: number): number {
  return tQuantileStdlib(p, df);
}

/** The two-sided critical value z_{1−α/2} for a confidence level 1 − α. */
export function twoSidedZ(confidence: number): number {
  return normalQuantile(0.5 + 0.5 * confidence);
}
