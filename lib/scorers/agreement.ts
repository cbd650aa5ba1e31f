/**
 * Cohen's kappa: agreement of two raters on the same items, corrected for the agreement their label
 * frequencies alone would give. κ = (p_o − p_e) / (1 − p_e), p_o the share of items they agree on and
 * p_e = Σ_k p_A(k)·p_B(k). Cohen (1960), Educ Psychol Meas 20:37-46. Matches scikit-learn
 * `cohen_kappa_score(a, b)` (unweighted).
 * @example cohenKappa([...20×'y', 5 'y', 10 'n', 15 'n'] vs ...) // 0.4 (the 2×2 example of Cohen's kappa on Wikipedia)
 */
export interface Agreement {
  kappa: number;
  /** Share of items both raters labelled alike. */
  observed: number;
  /** Agreement expected from the two raters' label frequencies alone. */
  expected: number;
  n: number;
}

export function cohenKappa(a: readonly string[], b: readonly string[]): Agreement {
  if (a.length !== b.length) throw new RangeError(`cohenKappa: expected two label lists of one length, got ${a.length} and ${b.length}`);
  const n = a.length;
  if (n === 0) throw new RangeError('cohenKappa: expected at least one labelled item, got none');
  const countA = new Map<string, number>();
  const countB = new Map<string, number>();
  let agree = 0;
  for (let i = 0; i < n; i++) {
    const x = a[i] as string;
    const y = b[i] as string;
    if (x === y) agree++;
    countA.set(x, (countA.get(x) ?? 0) + 1);
    countB.set(y, (countB.get(y) ?? 0) + 1);
  }
  const observed = agree / n;
  let expected = 0;
  for (const [label, k] of countA) expected += (k / n) * ((countB.get(label) ?? 0) / n);
  // Both raters used one and the same label throughout: agreement is perfect and chance explains it all.
  const kappa = expected === 1 ? 1 : (observed - expected) / (1 - expected);
  return { kappa, observed, expected, n };
}
