import { normalUpperTail } from '../stats/index.js';

export interface FleissKappa {
  kappa: number;
  /** Items rated by every rater (only those are counted). */
  items: number;
  raters: number;
  /** Standard error under κ = 0 (Fleiss, Nee & Landis 1979), its z and two-sided p: as R irr::kappam.fleiss. */
  se0: number;
  z: number;
  pValue: number;
}

/**
 * Fleiss' kappa for m ≥ 2 raters who each labelled the same N items: P̄ = mean over items of the
 * share of agreeing rater pairs, P_e = Σ_j p_j² from the pooled label shares, κ = (P̄ − P_e)/(1 − P_e).
 * Fleiss (1971), Psychol Bull 76:378-382. `ratings[i]` holds item i's m labels.
 */
export function fleissKappa(ratings: readonly (readonly string[])[]): FleissKappa {
  const n = ratings.length;
  if (n === 0) throw new RangeError('fleissKappa: expected at least one rated item, got none');
  const m = (ratings[0] as readonly string[]).length;
  if (m < 2) throw new RangeError(`fleissKappa: expected at least two raters per item, got ${m}`);
  const categories = [...new Set(ratings.flat())].sort();
  const totals = new Map(categories.map((c) => [c, 0]));
  let pBar = 0;
  for (const item of ratings) {
    if (item.length !== m) throw new RangeError(`fleissKappa: expected ${m} ratings for every item, got ${item.length}`);
    const counts = new Map<string, number>();
    for (const l of item) counts.set(l, (counts.get(l) ?? 0) + 1);
    let sq = 0;
    for (const [c, k] of counts) {
      sq += k * k;
      totals.set(c, (totals.get(c) ?? 0) + k);
    }
    pBar += (sq - m) / (m * (m - 1));
  }
  pBar /= n;
  const p = categories.map((c) => (totals.get(c) as number) / (n * m));
  const pe = p.reduce((s, x) => s + x * x, 0);
  // Every rating one label: agreement is perfect and chance explains it all (as cohenKappa).
  const kappa = pe === 1 ? 1 : (pBar - pe) / (1 - pe);
  const pq = p.reduce((s, x) => s + x * (1 - x), 0);
  const pqqp = p.reduce((s, x) => s + x * (1 - x) * (1 - 2 * x), 0);
  const se0 = pq === 0 ? 0 : (Math.sqrt(2 / (n * m * (m - 1))) * Math.sqrt(pq * pq - pqqp)) / pq;
  const z = se0 === 0 ? 0 : kappa / se0;
  return { kappa, items: n, raters: m, se0, z, pValue: se0 === 0 ? 1 : Math.min(1, 2 * normalUpperTail(Math.abs(z))) };
}
