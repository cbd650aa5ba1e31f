import { mean, sampleVariance } from './moments.js';

// Standard error and degrees of freedom of a difference of two means with unequal variances
// (internal; shared by welchT and welchDifferenceInterval).

export interface WelchParts {
  difference: number;
  /** √(s_a²/n_a + s_b²/n_b). */
  standardError: number;
  /** Welch–Satterthwaite df; NaN when both variances are 0. */
  df: number;
}

/**
 * Welch (1947), Biometrika 34:28-35; Satterthwaite (1946), Biometrics Bulletin 2:110-114:
 * df = (v_a + v_b)² / (v_a²/(n_a − 1) + v_b²/(n_b − 1)) with v = s²/n.
 * Same formula as SciPy `ttest_ind(equal_var=False)` and R `t.test(var.equal = FALSE)`.
 */
export function welchParts(a: readonly number[], b: readonly number[]): WelchParts {
  const meanA = mean(a);
  const meanB = mean(b);
  const va = sampleVariance(a, meanA) / a.length;
  const vb = sampleVariance(b, meanB) / b.length;
  const df = (va + vb) ** 2 / ((va * va) / (a.length - 1) + (vb * vb) / (b.length - 1));
  return { difference: meanA - meanB, standardError: Math.sqrt(va + vb), df };
}
