// Exact null distribution of the signed-rank sum W+ (internal; used by wilcoxonSignedRank).

/**
 * Number of sign assignments giving each value of W+ = Σ (weights of the positive terms), for
 * integer weights: entry s counts the subsets of `weights` summing to s (2^n subsets in all).
 * Under H0 each difference is equally likely positive or negative, so W+ has this law divided by
 * 2^n (Wilcoxon 1945, Biometrics Bulletin 1:80-83). With weights 1..n it is SciPy's
 * `_get_wilcoxon_distr(n)`; with doubled mid-ranks it is the exact sign-flip permutation
 * distribution SciPy enumerates for tied data. Counts stay below 2^53 for n <= 52.
 */
export function subsetSumCounts(weights: readonly number[]): Float64Array {
  const maxSum = weights.reduce((s, w) => s + w, 0);
  const counts = new Float64Array(maxSum + 1);
  counts[0] = 1;
  let reach = 0;
  for (const w of weights) {
    for (let s = reach; s >= 0; s--) {
      const c = counts[s] as number;
      if (c !== 0) counts[s + w] = (counts[s + w] as number) + c;
    }
    reach += w;
  }
  return counts;
}

/** 2·min(P(W+ <= observed), P(W+ >= observed)), capped at 1, for the counts above. */
export function twoSidedFromCounts(counts: Float64Array, observed: number): number {
  let below = 0;
  let above = 0;
  let total = 0;
  counts.forEach((c, s) => {
    total += c;
    if (s <= observed) below += c;
    if (s >= observed) above += c;
  });
  return Math.min(1, (2 * Math.min(below, above)) / total);
}
