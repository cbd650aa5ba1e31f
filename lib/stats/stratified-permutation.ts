import type { Rng } from './rng.js';
import type { TestResult } from './types.js';

export interface StratifiedPermutationResult extends TestResult {
  resamples: number;
}

/**
 * Permutation test of "the group does not matter" for a numeric outcome observed in strata
 * (counterfactual blocks). Group labels are shuffled within each stratum only, so stratum effects
 * (a nurse's salary vs an engineer's) never look like group effects. The statistic is the
 * between-group sum of squares of stratum-centred values, Σ_g n_g · (mean_g of centred values)²,
 * which for one stratum orders permutations exactly as the one-way ANOVA F does.
 * p = (1 + #{T* >= T}) / (1 + resamples) (Phipson & Smyth 2010), so it is never 0.
 * Good (2005), Permutation, Parametric and Bootstrap Tests of Hypotheses, ch. 3 (stratified designs).
 * @example stratifiedPermutation([[{group:0,value:1},{group:1,value:3}]], 2, seededRng(1), 999)
 */
export function stratifiedPermutation(
  strata: readonly (readonly { group: number; value: number }[])[],
  groups: number,
  rng: Rng,
  resamples = 9999,
): StratifiedPermutationResult {
  if (groups < 2) throw new RangeError(`groups must be at least 2; got ${groups}`);
  if (!Number.isInteger(resamples) || resamples < 1) throw new RangeError(`resamples must be a positive whole number; got ${resamples}`);
  const labels: Int32Array[] = [];
  const centred: Float64Array[] = [];
  const counts = new Float64Array(groups);
  for (const s of strata) {
    if (s.length < 2) continue;
    const m = s.reduce((acc, o) => acc + o.value, 0) / s.length;
    labels.push(Int32Array.from(s, (o) => o.group));
    centred.push(Float64Array.from(s, (o) => o.value - m));
    for (const o of s) counts[o.group] = (counts[o.group] ?? 0) + 1;
  }
  const sums = new Float64Array(groups);
  const statistic = (ls: readonly Int32Array[]): number => {
    sums.fill(0);
    ls.forEach((l, i) => {
      const c = centred[i] as Float64Array;
      for (let j = 0; j < l.length; j++) {
        const g = l[j] as number;
        sums[g] = (sums[g] as number) + (c[j] as number);
      }
    });
    let t = 0;
    for (let g = 0; g < groups; g++) if ((counts[g] as number) > 0) t += ((sums[g] as number) ** 2) / (counts[g] as number);
    return t;
  };
  const observed = statistic(labels);
  const work = labels.map((l) => Int32Array.from(l));
  // Relative tolerance so that permutations equal to the observed statistic up to rounding count as >=.
  const threshold = observed * (1 - 1e-12);
  let atLeast = 0;
  for (let r = 0; r < resamples; r++) {
    for (const l of work) shuffle(l, rng);
    if (statistic(work) >= threshold) atLeast++;
  }
  return { statistic: observed, pValue: (1 + atLeast) / (1 + resamples), resamples };
}

function shuffle(a: Int32Array, rng: Rng): void {
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    const t = a[i] as number;
    a[i] = a[j] as number;
    a[j] = t;
  }
}
