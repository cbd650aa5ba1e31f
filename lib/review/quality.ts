import { cohenKappa } from '../scorers/agreement.js';
import { chiSquareIndependence, fisherExact, normalQuantile, wilsonInterval } from '../stats/index.js';

/** One reviewed reply: what the scorer read and what people read. */
export interface LabelPair {
  id: string;
  scorer: string;
  human: string;
  weight: number;
  /** Axis id -> group (from the run, never from the label file). */
  groups: Record<string, string>;
}

/** A proportion with its Wilson interval; `estimate` is null when nothing was counted. */
export interface Proportion {
  estimate: number | null;
  lower: number;
  upper: number;
  successes: number;
  trials: number;
}

export interface KappaInterval {
  kappa: number;
  observed: number;
  expected: number;
  n: number;
  se: number;
  lower: number;
  upper: number;
}

export interface GroupError {
  group: string;
  /** The scorer's error rate in this group: share of its reviewed replies the scorer labelled differently from people. */
  errorRate: Proportion;
}

export interface AxisError {
  axis: string;
  groups: GroupError[];
  /** Whether the error rates differ: Fisher's exact test for two groups, chi-square for more; null with fewer than two. */
  test: { name: 'fisher-exact' | 'chi-square'; pValue: number; statistic?: number; df?: number } | null;
}

export interface LabelQuality {
  n: number;
  confidence: number;
  accuracy: Proportion;
  /** Accuracy with each reply weighted by its sampling weight: an estimate for the whole run. */
  weightedAccuracy: number | null;
  perLabel: { label: string; precision: Proportion; recall: Proportion }[];
  /** Cohen's kappa, scorer vs people. */
  kappa: KappaInterval | null;
  perAxis: AxisError[];
}

export function proportion(successes: number, trials: number, confidence: number): Proportion {
  const { lower, upper } = wilsonInterval(successes, trials, confidence);
  return { estimate: trials === 0 ? null : successes / trials, lower, upper, successes, trials };
}

/**
 * Cohen's kappa with the large-sample interval κ ± z·SE, SE = √(p_o(1 − p_o) / (n(1 − p_e)²))
 * (Cohen 1960, eq. 9), clipped to [−1, 1]. Rough for small n; it is what a reviewer reads as
 * "how sure": the test writes the R computation it matches.
 */
export function kappaInterval(a: readonly string[], b: readonly string[], confidence = 0.95): KappaInterval {
  const k = cohenKappa(a, b);
  const z = normalQuantile(1 - (1 - confidence) / 2);
  const se = k.expected === 1 ? 0 : Math.sqrt((k.observed * (1 - k.observed)) / (k.n * (1 - k.expected) ** 2));
  return { ...k, se, lower: Math.max(-1, k.kappa - z * se), upper: Math.min(1, k.kappa + z * se) };
}

/** How good the scorer's labels are against people's, overall, per label and per group. */
export function labelQuality(pairs: readonly LabelPair[], opts: { confidence?: number } = {}): LabelQuality {
  const confidence = opts.confidence ?? 0.95;
  const n = pairs.length;
  const right = pairs.filter((p) => p.scorer === p.human);
  const totalW = pairs.reduce((s, p) => s + p.weight, 0);
  const labels = [...new Set(pairs.flatMap((p) => [p.scorer, p.human]))].sort();
  const perLabel = labels.map((label) => {
    const said = pairs.filter((p) => p.scorer === label);
    const truly = pairs.filter((p) => p.human === label);
    return {
      label,
      precision: proportion(said.filter((p) => p.human === label).length, said.length, confidence),
      recall: proportion(truly.filter((p) => p.scorer === label).length, truly.length, confidence),
    };
  });
  const axes = [...new Set(pairs.flatMap((p) => Object.keys(p.groups)))].sort();
  const perAxis = axes.map((axis) => axisError(axis, pairs, confidence));
  return {
    n,
    confidence,
    accuracy: proportion(right.length, n, confidence),
    weightedAccuracy: totalW > 0 ? right.reduce((s, p) => s + p.weight, 0) / totalW : null,
    perLabel,
    kappa: n === 0 ? null : kappaInterval(pairs.map((p) => p.scorer), pairs.map((p) => p.human), confidence),
    perAxis,
  };
}

function axisError(axis: string, pairs: readonly LabelPair[], confidence: number): AxisError {
  const counts = new Map<string, { errors: number; n: number }>();
  for (const p of pairs) {
    const g = p.groups[axis];
    if (g === undefined) continue;
    const c = counts.get(g) ?? { errors: 0, n: 0 };
    c.n++;
    if (p.scorer !== p.human) c.errors++;
    counts.set(g, c);
  }
  const names = [...counts.keys()].sort();
  const groups = names.map((group) => {
    const c = counts.get(group) as { errors: number; n: number };
    return { group, errorRate: proportion(c.errors, c.n, confidence) };
  });
  const table = names.map((g) => {
    const c = counts.get(g) as { errors: number; n: number };
    return [c.errors, c.n - c.errors];
  });
  let test: AxisError['test'] = null;
  if (table.length === 2) {
    test = { name: 'fisher-exact', pValue: fisherExact(table as [[number, number], [number, number]]).pValue };
  } else if (table.length > 2) {
    const r = chiSquareIndependence(table);
    test = { name: 'chi-square', pValue: r.pValue, statistic: r.statistic, ...(r.df === undefined ? {} : { df: r.df }) };
  }
  return { axis, groups, test };
}
