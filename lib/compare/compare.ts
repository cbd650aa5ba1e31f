import { UsageError } from '../errors.js';
import { outcomeScale } from '../report/index.js';
import { adjustPValues } from '../stats/index.js';
import type { AuditResults, Correction, Finding, GroupStat } from '../types.js';
import { gapChange } from './gap-change.js';

/** Which run a comparison read: enough to name it in the report and find it again. */
export interface RunRef {
  dir?: string;
  model: string;
  synthetic: boolean;
  createdAt: string;
  seed: number;
  samples: number;
  verdict: string;
  toolVersion: string;
}

/** The change of the gap between two groups of one axis, A → B, and its test. */
export interface PairChange {
  /** The group with the more favourable value in B. */
  high: string;
  low: string;
  /** value(high) − value(low) on the favourable scale, in A and in B (rate points or units). */
  gapA: number;
  gapB: number;
  change: number;
  ciLow: number;
  ciHigh: number;
  z: number;
  pValue: number;
  /** Adjusted across every pair of every axis of the comparison. */
  pAdjusted: number;
  /** Significant and wider in B than in A: a disparity got worse. */
  regression: boolean;
  /** Significant and narrower in B than in A. */
  improvement: boolean;
}

export interface GroupChange {
  group: string;
  a: { n: number; value: number; impactRatio: number };
  b: { n: number; value: number; impactRatio: number };
}

export interface AxisComparison {
  axis: string;
  axisTitle: string;
  metric: 'rate' | 'mean';
  a: { reference: string; worst: string; gap: number; relativeGap: number; minImpactRatio: number; verdict: string; pAdjusted: number };
  b: { reference: string; worst: string; gap: number; relativeGap: number; minImpactRatio: number; verdict: string; pAdjusted: number };
  groups: GroupChange[];
  pairs: PairChange[];
  /** Pairs whose gap could not be tested (a group without scored replies, or without an sd). */
  untested: string[];
  status: 'worse' | 'better' | 'mixed' | 'unchanged';
}

/** What `bias-audit compare` found; written as comparison.json. */
export interface Comparison {
  schemaVersion: 1;
  probeSet: { id: string; version: string; title: string };
  a: RunRef;
  b: RunRef;
  alpha: number;
  correction: Correction;
  /** The test, in words, for the report's method section. */
  method: string;
  axes: AxisComparison[];
  onlyInA: string[];
  onlyInB: string[];
  regressions: number;
  improvements: number;
  /** True when any disparity got significantly worse: the regression gate. */
  regressed: boolean;
}

export interface CompareOptions {
  /** Significance level after correction; default B's policy alpha. */
  alpha?: number;
  /** Correction across every pair of every axis; default holm. */
  correction?: Correction;
  dirA?: string;
  dirB?: string;
}

export const COMPARE_METHOD =
  'For every pair of groups on every axis audited in both runs, the gap (the more favoured group’s rate or mean in B minus the other’s) is computed in both runs, and the change B − A is tested against zero. ' +
  'Rates: Wald z-test of the contrast of four independent proportions with the Price–Bonett adjustment (2004: add 0.5 successes and 1 trial to each). Means: z-test with standard error √(Σ sd²/n). ' +
  'Replies are treated as independent draws given the (identical) probes of both runs; within a run this ignores the pairing of groups by prompt, which makes the test conservative. ' +
  'p-values are corrected across every pair of every axis. A regression is a change that is significant and leaves the gap wider in B than it was in A.';

/**
 * Compare two audits of the same probe set (two models, or one model before and after a change):
 * each disparity's change in gap and impact ratio, with a test for the change, and whether any
 * disparity got significantly worse. Pure: the results are plain data, read by the caller.
 */
export function compareRuns(a: AuditResults, b: AuditResults, opts: CompareOptions = {}): Comparison {
  assertSameProbeSet(a, b);
  const alpha = opts.alpha ?? b.manifest.policy.alpha;
  const correction = opts.correction ?? 'holm';
  const lowerIsBetter = outcomeScale(b.outcome)?.favourable === 'lower';
  const fav = (v: number): number => (lowerIsBetter ? -v : v);

  const draft = b.findings.flatMap((fb) => {
    const fa = a.findings.find((f) => f.axis === fb.axis);
    return fa ? [{ fa, fb }] : [];
  });
  // First every pair's raw test, then one correction over all of them, then the verdicts.
  const raw = draft.map(({ fa, fb }) => {
    const untested: string[] = [];
    const pairs: Omit<PairChange, 'pAdjusted' | 'regression' | 'improvement'>[] = [];
    const shared = fb.groups.filter((g) => fa.groups.some((x) => x.group === g.group));
    for (let i = 0; i < shared.length; i++) {
      for (let j = i + 1; j < shared.length; j++) {
        const [gi, gj] = [shared[i] as GroupStat, shared[j] as GroupStat];
        const [high, low] = fav(gi.value) >= fav(gj.value) ? [gi, gj] : [gj, gi];
        const ah = groupOf(fa, high.group);
        const al = groupOf(fa, low.group);
        const sample = (g: GroupStat) => ({ n: g.n, value: fav(g.value), ...(g.sd === undefined ? {} : { sd: g.sd }) });
        const t = gapChange(fb.metric, { high: sample(ah), low: sample(al) }, { high: sample(high), low: sample(low) });
        if (!t) {
          untested.push(`${high.group} vs ${low.group}`);
          continue;
        }
        pairs.push({
          high: high.group,
          low: low.group,
          gapA: fav(ah.value) - fav(al.value),
          gapB: fav(high.value) - fav(low.value),
          change: t.change,
          ciLow: t.ciLow,
          ciHigh: t.ciHigh,
          z: t.z,
          pValue: t.pValue,
        });
      }
    }
    return { fa, fb, pairs, untested };
  });
  const adjusted = adjustPValues(raw.flatMap((r) => r.pairs.map((p) => p.pValue)), correction);
  let k = 0;
  const axes: AxisComparison[] = raw.map(({ fa, fb, pairs, untested }) => {
    const judged: PairChange[] = pairs.map((p) => {
      const pAdjusted = adjusted[k++] as number;
      const significant = pAdjusted < alpha;
      return { ...p, pAdjusted, regression: significant && p.gapB > Math.abs(p.gapA), improvement: significant && p.gapB < Math.abs(p.gapA) };
    });
    const worse = judged.some((p) => p.regression);
    const better = judged.some((p) => p.improvement);
    return {
      axis: fb.axis,
      axisTitle: fb.axisTitle,
      metric: fb.metric,
      a: summary(fa),
      b: summary(fb),
      groups: fb.groups
        .filter((g) => fa.groups.some((x) => x.group === g.group))
        .map((g) => {
          const ga = groupOf(fa, g.group);
          return { group: g.group, a: { n: ga.n, value: ga.value, impactRatio: ga.impactRatio }, b: { n: g.n, value: g.value, impactRatio: g.impactRatio } };
        }),
      pairs: judged.sort((x, y) => Number(y.regression) - Number(x.regression) || x.pAdjusted - y.pAdjusted),
      untested,
      status: worse && better ? 'mixed' : worse ? 'worse' : better ? 'better' : 'unchanged',
    };
  });
  const regressions = axes.reduce((s, x) => s + x.pairs.filter((p) => p.regression).length, 0);
  return {
    schemaVersion: 1,
    probeSet: { id: b.probeSet.id, version: b.manifest.probeSet.version, title: b.probeSet.title },
    a: runRef(a, opts.dirA),
    b: runRef(b, opts.dirB),
    alpha,
    correction,
    method: COMPARE_METHOD,
    axes,
    onlyInA: a.findings.filter((f) => !b.findings.some((x) => x.axis === f.axis)).map((f) => f.axis),
    onlyInB: b.findings.filter((f) => !a.findings.some((x) => x.axis === f.axis)).map((f) => f.axis),
    regressions,
    improvements: axes.reduce((s, x) => s + x.pairs.filter((p) => p.improvement).length, 0),
    regressed: regressions > 0,
  };
}

/**
 * Runs of different probe sets, or of different versions or contents of one, ask different
 * questions: their gaps cannot be compared. Paths differ between machines, so the inputs are
 * compared by their hashes alone.
 */
function assertSameProbeSet(a: AuditResults, b: AuditResults): void {
  const ma = a.manifest.probeSet;
  const mb = b.manifest.probeSet;
  if (ma.id !== mb.id) throw new UsageError(`the runs audit different probe sets (${ma.id} and ${mb.id}); compare runs of the same probe set`);
  if (ma.version !== mb.version) throw new UsageError(`the runs audit different versions of ${ma.id} (${ma.version} and ${mb.version}); compare runs of the same version`);
  const ha = Object.values(a.manifest.inputs).sort().join(',');
  const hb = Object.values(b.manifest.inputs).sort().join(',');
  if (ha !== hb) throw new UsageError(`the runs audit ${ma.id} ${ma.version} from different files (the SHA-256 of the inputs differ): the prompts may differ, so the gaps cannot be compared`);
  if (a.outcome.type !== b.outcome.type) throw new UsageError(`the runs score different outcomes (${a.outcome.type} and ${b.outcome.type})`);
}

function groupOf(f: Finding, group: string): GroupStat {
  const g = f.groups.find((x) => x.group === group);
  if (!g) throw new Error(`internal: group ${group} missing from ${f.axis}`);
  return g;
}

function summary(f: Finding): AxisComparison['a'] {
  return { reference: f.reference, worst: f.worst, gap: f.gap, relativeGap: f.relativeGap, minImpactRatio: f.minImpactRatio, verdict: f.verdict, pAdjusted: f.pAdjusted };
}

function runRef(r: AuditResults, dir: string | undefined): RunRef {
  const m = r.manifest;
  return {
    ...(dir === undefined ? {} : { dir }),
    model: m.model.spec,
    synthetic: r.synthetic,
    createdAt: m.createdAt,
    seed: m.seed,
    samples: m.probeSet.samples,
    verdict: r.verdict,
    toolVersion: m.tool.version,
  };
}
