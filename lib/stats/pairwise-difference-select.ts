// The k-th smallest of the n_x·n_y differences x_i − y_j without forming them (internal; used by
// hodgesLehmann). Johnson & Mizoguchi (1978), SIAM J Comput 7:147-153, "selecting the Kth element
// in X + Y": with x ascending and y descending every row of the implicit matrix x_i − y_j is
// ascending, and each round keeps, per row, only the window of columns that may still hold the
// answer. The pivot is the weighted median of the windows' middle elements, so at least a quarter
// of the remaining candidates go each round: O((n_x + n_y) log(n_x n_y)) comparisons in all.

/**
 * The k-th smallest (1-based) of x_i − y_j over all pairs. `x` must be sorted ascending and `y`
 * ascending too (the function reads it backwards).
 */
export function kthPairwiseDifference(x: readonly number[], y: readonly number[], k: number): number {
  const nx = x.length;
  const ny = y.length;
  if (!(Number.isInteger(k) && k >= 1 && k <= nx * ny)) throw new RangeError(`k must be a whole number in 1..${nx * ny}, got ${k}`);
  // Row i, column j holds x[i] − y[ny − 1 − j], ascending in j.
  const at = (i: number, j: number): number => (x[i] as number) - (y[ny - 1 - j] as number);
  const low = new Int32Array(nx); // first column still possible
  const high = new Int32Array(nx).fill(ny); // one past the last
  const below = new Int32Array(nx);
  const atMost = new Int32Array(nx);
  for (;;) {
    const candidates: { value: number; weight: number }[] = [];
    let remaining = 0;
    for (let i = 0; i < nx; i++) {
      const width = (high[i] as number) - (low[i] as number);
      if (width <= 0) continue;
      remaining += width;
      candidates.push({ value: at(i, (low[i] as number) + ((width - 1) >> 1)), weight: width });
    }
    if (remaining === 0) throw new Error('kthPairwiseDifference: no candidate left (internal error)');
    candidates.sort((p, q) => p.value - q.value);
    let cumulative = 0;
    let pivot = (candidates[0] as { value: number }).value;
    for (const c of candidates) {
      cumulative += c.weight;
      pivot = c.value;
      if (2 * cumulative >= remaining) break;
    }
    // Per row: how many columns hold a value < pivot, and <= pivot. Both counts fall as i grows,
    // since x_i − y_j <= v  <=>  y_j >= x_i − v.
    let less = 0;
    let lessOrEqual = 0;
    let jl = ny;
    let je = ny;
    for (let i = 0; i < nx; i++) {
      while (jl > 0 && at(i, jl - 1) >= pivot) jl--;
      while (je > 0 && at(i, je - 1) > pivot) je--;
      below[i] = jl;
      atMost[i] = je;
      less += jl;
      lessOrEqual += je;
    }
    if (k > less && k <= lessOrEqual) return pivot;
    if (k <= less) for (let i = 0; i < nx; i++) high[i] = Math.min(high[i] as number, below[i] as number);
    else for (let i = 0; i < nx; i++) low[i] = Math.max(low[i] as number, atMost[i] as number);
  }
}
