import { cliffsDelta, cohenD, cohenHInterval, cramersVInterval, hodgesLehmann, newcombeDifference, riskRatio } from '../stats/index.js';
import type { EffectSize } from '../types.js';

const CONFIDENCE = 0.95;

/**
 * Effect sizes of a group (x favourable of n) against the reference (xr of nr): the rate
 * difference (Newcombe), the impact ratio (Katz log interval; Haldane–Anscombe counts when a
 * count is 0, said in the method) and Cohen's h.
 */
export function rateEffectSizes(x: number, n: number, xr: number, nr: number): EffectSize[] {
  const d = newcombeDifference(x, n, xr, nr, CONFIDENCE);
  const rr = riskRatio(x, n, xr, nr, CONFIDENCE);
  const h = cohenHInterval(x, n, xr, nr, CONFIDENCE);
  const out: EffectSize[] = [
    { measure: 'rate-difference', estimate: d.difference, ciLow: d.lower, ciHigh: d.upper, confidence: CONFIDENCE, method: 'Newcombe hybrid score interval (Newcombe 1998, method 10)' },
  ];
  if (Number.isFinite(rr.ratio) && Number.isFinite(rr.lower) && Number.isFinite(rr.upper)) {
    out.push({
      measure: 'impact-ratio',
      estimate: rr.ratio,
      ciLow: rr.lower,
      ciHigh: rr.upper,
      confidence: CONFIDENCE,
      method: rr.corrected ? 'Katz log interval with 0.5 added to each count (a count is 0)' : 'Katz log interval (Katz et al. 1978)',
    });
  }
  out.push({ measure: 'cohen-h', estimate: h.estimate, ciLow: h.lower, ciHigh: h.upper, confidence: CONFIDENCE, method: 'arcsine-square-root difference ± z·√(1/n1 + 1/n2) (Cohen 1988, §6.2)' });
  return out;
}

/** Cramér's V of the k × 2 table of favourable and unfavourable counts, noncentral chi-square interval. */
export function cramersVEffect(counts: readonly { x: number; n: number }[]): EffectSize {
  const v = cramersVInterval(counts.map((c) => [c.x, c.n - c.x]), CONFIDENCE);
  return { measure: 'cramers-v', estimate: v.estimate, ciLow: v.lower, ciHigh: v.upper, confidence: CONFIDENCE, method: 'noncentral chi-square interval (Smithson 2003), marginal counts' };
}

/**
 * Effect sizes of a group's values against the reference's (both with at least two values):
 * Cohen's d (pooled sd), Cliff's delta and the Hodges–Lehmann shift, from the marginal values.
 * A measure that cannot be computed (no spread at all) is left out and the reason returned.
 */
export function meanEffectSizes(values: number[], reference: number[]): { sizes: EffectSize[]; notes: string[] } {
  const sizes: EffectSize[] = [];
  const notes: string[] = [];
  const d = cohenD(values, reference, CONFIDENCE);
  if (Number.isFinite(d.estimate) && d.sd > 0) {
    sizes.push({ measure: 'cohen-d', estimate: d.estimate, ciLow: d.lower, ciHigh: d.upper, confidence: CONFIDENCE, method: 'pooled sd; interval d ± t·√((n1+n2)/(n1 n2) + d²/(2(n1+n2))) (Hedges & Olkin 1985)' });
  } else {
    notes.push("Cohen's d not computed: neither group's values vary, so there is no standard deviation to scale by.");
  }
  const c = cliffsDelta(values, reference, { confidence: CONFIDENCE });
  sizes.push({ measure: 'cliffs-delta', estimate: c.estimate, ciLow: c.lower, ciHigh: c.upper, confidence: CONFIDENCE, method: 'Feng & Cliff (2004) interval, unbiased variance, t quantile (as R effsize::cliff.delta)' });
  const hl = hodgesLehmann(values, reference, CONFIDENCE);
  sizes.push({
    measure: 'hodges-lehmann',
    estimate: hl.estimate,
    ciLow: hl.lower,
    ciHigh: hl.upper,
    confidence: CONFIDENCE,
    method: hl.method === 'exact' ? 'median of pairwise differences; exact Moses interval (as R wilcox.test)' : 'median of pairwise differences; Moses interval, normal approximation with ties, rounded outwards',
  });
  return { sizes, notes };
}
