// Mid-ranks with tie bookkeeping, shared by the rank tests (internal; not re-exported).

export interface Ranking {
  /** 1-based ranks, ties receiving the average of the ranks they span (SciPy `rankdata(method='average')`). */
  ranks: number[];
  /** Size of every group of tied values, including groups of one. */
  tieSizes: number[];
}

/**
 * Average ranks of `values` (SciPy `scipy.stats.rankdata(values, method='average')`).
 * Ties are exact equality of the numbers as given.
 */
export function averageRanks(values: readonly number[]): Ranking {
  const order = values.map((_, i) => i).sort((i, j) => (values[i] as number) - (values[j] as number));
  const ranks = new Array<number>(values.length).fill(0);
  const tieSizes: number[] = [];
  let start = 0;
  while (start < order.length) {
    let end = start + 1;
    while (end < order.length && values[order[end] as number] === values[order[start] as number]) end++;
    // Positions start..end-1 hold ranks start+1..end; their average is (start + 1 + end) / 2.
    const rank = (start + 1 + end) / 2;
    for (let p = start; p < end; p++) ranks[order[p] as number] = rank;
    tieSizes.push(end - start);
    start = end;
  }
  return { ranks, tieSizes };
}

/** Σ (t³ − t) over tie groups, the quantity every tie correction is built from. */
export function tieSum(tieSizes: readonly number[]): number {
  let s = 0;
  for (const t of tieSizes) s += t * t * t - t;
  return s;
}
