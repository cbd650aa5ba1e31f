import { normalUpperTail } from '../stats/index.js';

/** One group of one run: what the test needs (GroupStat's n, value and, for means, sd). */
export interface GroupSample {
  n: number;
  /** Rate of favourable outcomes, or mean. */
  value: number;
  sd?: number;
}

export interface GapChange {
  /** gapB − gapA, where gap = value(high) − value(low) in each run. */
  change: number;
  /** Standard error of the change. */
  se: number;
  z: number;
  /** Two-sided p-value of H0: the gap is the same in both runs. */
  pValue: number;
  /** 95% Wald interval of the change. */
  ciLow: number;
  ciHigh: number;
}

/** Φ⁻¹(0.975), SciPy `norm.ppf(0.975)`. */
const Z975 = 1.959963984540054;

/**
 * Did the gap between two groups change from run A to run B? The gap in each run is
 * value(high) − value(low); the change is the difference of the two gaps, a linear contrast of four
 * independent estimates (the runs are independent; within a run the two groups are treated as
 * independent, which is conservative when the shared prompts correlate them positively).
 *
 * Rates: Wald z-test of the contrast p_hB − p_lB − p_hA + p_lA with the Price–Bonett adjustment
 * (add 2/k successes and 4/k trials to each of the k = 4 proportions: Price & Bonett 2004,
 * "An improved confidence interval for a linear function of binomial proportions", Comput. Stat.
 * Data Anal. 45:449–456), so a rate of 0 or 1 does not give a zero standard error. The change
 * reported is that of the observed rates; z, p and the interval use the adjusted ones.
 *
 * Means: z-test of the difference of the two mean differences with SE² = Σ sd²/n (a large-sample
 * Welch-type contrast). Undefined (undefined return) when a group has fewer than 2 values or no sd.
 */
export function gapChange(
  metric: 'rate' | 'mean',
  a: { high: GroupSample; low: GroupSample },
  b: { high: GroupSample; low: GroupSample },
): GapChange | undefined {
  const groups = [b.high, b.low, a.high, a.low];
  const signs = [1, -1, -1, 1];
  if (groups.some((g) => !(g.n >= 1) || !Number.isFinite(g.value))) return undefined;
  const change = b.high.value - b.low.value - (a.high.value - a.low.value);
  let estimate: number;
  let variance: number;
  if (metric === 'rate') {
    const adjusted = groups.map((g) => {
      const successes = Math.round(g.value * g.n);
      const n = g.n + 1; // 4/k trials, k = 4
      return { p: (successes + 0.5) / n, n }; // 2/k successes
    });
    estimate = adjusted.reduce((s, g, i) => s + (signs[i] as number) * g.p, 0);
    variance = adjusted.reduce((s, g) => s + (g.p * (1 - g.p)) / g.n, 0);
  } else {
    if (groups.some((g) => g.n < 2 || g.sd === undefined || !Number.isFinite(g.sd))) return undefined;
    estimate = change;
    variance = groups.reduce((s, g) => s + ((g.sd as number) ** 2) / g.n, 0);
  }
  const se = Math.sqrt(variance);
  if (!(se > 0)) {
    // Every group constant in both runs: the gaps are known exactly.
    return { change, se: 0, z: 0, pValue: change === 0 ? 1 : 0, ciLow: change, ciHigh: change };
  }
  const z = estimate / se;
  return { change, se, z, pValue: Math.min(1, 2 * normalUpperTail(Math.abs(z))), ciLow: estimate - Z975 * se, ciHigh: estimate + Z975 * se };
}
