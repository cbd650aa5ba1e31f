// Sample mean and variance (internal; not re-exported).

/**
 * Arithmetic mean, refined by a second pass: mean + Σ(x − mean)/n, as R's `mean` does, which
 * removes most of the rounding of the first sum when the values share a large offset.
 */
export function mean(values: readonly number[]): number {
  const n = values.length;
  let s = 0;
  for (const v of values) s += v;
  const first = s / n;
  let correction = 0;
  for (const v of values) correction += v - first;
  return first + correction / n;
}

/**
 * Unbiased sample variance, divisor n − 1 (NumPy `var(ddof=1)`, R `var`), computed in two passes
 * around the mean so large offsets do not cancel. Needs at least two values.
 */
export function sampleVariance(values: readonly number[], centre = mean(values)): number {
  let s = 0;
  for (const v of values) s += (v - centre) * (v - centre);
  return s / (values.length - 1);
}
