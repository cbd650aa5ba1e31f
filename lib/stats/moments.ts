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
 * Unbiased sample variance, divisor n − 1 (NumPy `var(ddof=1)`, R `var`), by the corrected
 * two-pass algorithm Σ(x − m)² − (Σ(x − m))²/n (Chan, Golub & LeVeque 1983, Am Stat 37:242-247),
 * which also cancels the rounding of the mean m itself when the values share a large offset.
 * Needs at least two values.
 */
export function sampleVariance(values: readonly number[], centre = mean(values)): number {
  let squares = 0;
  let sum = 0;
  for (const v of values) {
    const d = v - centre;
    squares += d * d;
    sum += d;
  }
  return (squares - (sum * sum) / values.length) / (values.length - 1);
}
