import assert from 'node:assert/strict';
import { DEFAULT_POLICY, detect } from '../../lib/detectors/index.js';
import { rateMargin, ratioBandLower } from '../../lib/detectors/margin.js';
import { minDetectableGap, passProbability, samplesNeeded } from '../../lib/detectors/power.js';
import { adjustHolm, newcombeTest, noncentralityForPower, normalQuantile, ratioTest, riskRatioTest, seededRng, studentizedRangeCdf } from '../../lib/stats/index.js';
import type { Axis, Finding, Outcome, OutcomeSpec, Probe } from '../../lib/types.js';

const BINARY: OutcomeSpec = { type: 'binary', favourable: 'yes' };
const NUMERIC: OutcomeSpec = { type: 'numeric', min: 0, max: 1e6, favourable: 'higher' };

function axis(id: string, groups: string[]): Axis {
  return { id, title: id, attribute: id, components: [id], groups };
}

/** One probe per (block, group); its values are the samples. */
function build(ax: Axis, cells: { block: string; group: string; values: (number | 'refused')[] }[]) {
  const probes: Probe[] = [];
  const outcomes: Outcome[] = [];
  for (const c of cells) {
    const id = `${ax.id}|${c.block}|${c.group}`;
    probes.push({ id, template: 't', messages: [], context: {}, attributes: { [ax.attribute]: c.group }, groups: { [ax.id]: c.group }, blocks: { [ax.attribute]: c.block } });
    c.values.forEach((v, sample) => outcomes.push(typeof v === 'number' ? { probeId: id, sample, status: 'scored', value: v, label: String(v), reason: '' } : { probeId: id, sample, status: v, value: null, label: null, reason: '' }));
  }
  return { probes, outcomes };
}

/** Binary cells: per block, per group, `n` replies with a favourable rate `rates[g]`. */
function binaryCells(prefix: string, rates: Record<string, number>, blocks: number, n: number, seed: string) {
  const rng = seededRng(seed);
  return Array.from({ length: blocks }, (_, b) => Object.entries(rates).map(([group, p]) => ({ block: `${prefix}${b}`, group, values: Array.from({ length: n }, () => (rng() < p ? 1 : 0)) }))).flat();
}

function counts(f: Finding): { group: string; x: number; n: number }[] {
  return f.groups.map((g) => ({ group: g.group, x: Math.round(g.value * g.n), n: g.n }));
}

/** Every number finite: JSON would turn NaN and Infinity into null. */
function assertJsonSafe(value: unknown, path = 'finding'): void {
  assert.notEqual(value, null, `${path} is null`);
  if (typeof value === 'number') assert.ok(Number.isFinite(value), `${path} = ${value}`);
  else if (Array.isArray(value)) value.forEach((v, i) => assertJsonSafe(v, `${path}[${i}]`));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) assertJsonSafe(v, `${path}.${k}`);
}

describe('margin tests and verdicts', () => {
  const policy = { ...DEFAULT_POLICY, minGroupSize: 1 };

  it('equivalence is the largest TOST p-value over every pair and both rules (recomputed directly)', () => {
    const ax = axis('race', ['A', 'B', 'C']);
    const r = build(ax, binaryCells('b', { A: 0.7, B: 0.68, C: 0.72 }, 10, 60, 'eq'));
    const [f] = detect({ axes: [ax], outcome: BINARY }, r.probes, r.outcomes, { policy, seed: 1 });
    assert.ok(f);
    const c = counts(f);
    let largest = 0;
    for (let i = 0; i < c.length; i++) {
      for (let j = i + 1; j < c.length; j++) {
        const [hi, lo] = (c[i] as { x: number; n: number }).x / (c[i] as { n: number }).n >= (c[j] as { x: number; n: number }).x / (c[j] as { n: number }).n ? [c[i], c[j]] : [c[j], c[i]];
        if (!hi || !lo) continue;
        largest = Math.max(
          largest,
          newcombeTest(hi.x, hi.n, lo.x, lo.n, { margin: 0.1, alternative: 'less' }).pValue,
          newcombeTest(hi.x, hi.n, lo.x, lo.n, { margin: -0.1, alternative: 'greater' }).pValue,
          riskRatioTest(lo.x, lo.n, hi.x, hi.n, { bound: 0.8, alternative: 'greater' }).pValue,
          riskRatioTest(lo.x, lo.n, hi.x, hi.n, { bound: 1.25, alternative: 'less' }).pValue,
        );
      }
    }
    assert.equal(f.margin.pairs, 3);
    assert.equal(f.margin.equivalence.pValue, largest);
    assert.equal(f.margin.equivalence.shown, largest < 0.05);
    assert.equal(f.verdict, largest < 0.05 ? 'pass' : 'inconclusive');
  });

  it('a fail needs the omnibus and the beyond-margin test: max of the two, Bonferroni over pair tests, Holm across axes', () => {
    const big = axis('big', ['A', 'B', 'C']);
    const other = axis('other', ['A', 'B']);
    const r1 = build(big, binaryCells('x', { A: 0.8, B: 0.75, C: 0.45 }, 8, 40, 'big'));
    const r2 = build(other, binaryCells('y', { A: 0.6, B: 0.55 }, 8, 40, 'other'));
    const findings = detect({ axes: [big, other], outcome: BINARY }, [...r1.probes, ...r2.probes], [...r1.outcomes, ...r2.outcomes], { policy, seed: 1 });
    const raw = findings.map((f) => {
      const c = counts(f);
      let smallest = 1;
      for (let i = 0; i < c.length; i++) {
        for (let j = i + 1; j < c.length; j++) {
          const [hi, lo] = (c[i] as { x: number; n: number }).x / (c[i] as { n: number }).n >= (c[j] as { x: number; n: number }).x / (c[j] as { n: number }).n ? [c[i], c[j]] : [c[j], c[i]];
          if (!hi || !lo) continue;
          smallest = Math.min(smallest, newcombeTest(hi.x, hi.n, lo.x, lo.n, { margin: 0.1, alternative: 'greater' }).pValue, riskRatioTest(lo.x, lo.n, hi.x, hi.n, { bound: 0.8, alternative: 'less' }).pValue);
        }
      }
      const tests = f.margin.pairs * 2;
      assert.equal(f.margin.beyond.tests, tests);
      return Math.max(f.pValue, Math.min(1, tests * smallest));
    });
    assert.deepEqual(findings.map((f) => f.margin.beyond.pValue), raw);
    assert.deepEqual(findings.map((f) => f.margin.beyond.pAdjusted), adjustHolm(raw));
    const b = findings.find((f) => f.axis === 'big');
    assert.equal(b?.verdict, 'fail');
    assert.deepEqual(b?.margin.beyond.pair, ['A', 'C']);
    assert.ok((b?.margin.beyond.pAdjusted ?? 1) >= (b?.pAdjusted ?? 0), 'a fail p-value is never below the omnibus one');
  });

  it('gates pairwise comparisons by the omnibus test: adjusted p = max(within-axis, omnibus adjusted)', () => {
    const ax = axis('g', ['A', 'B', 'C']);
    const r = build(ax, binaryCells('z', { A: 0.7, B: 0.69, C: 0.71 }, 6, 30, 'gate'));
    const [f] = detect({ axes: [ax], outcome: BINARY }, r.probes, r.outcomes, { policy, seed: 1 });
    assert.ok(f);
    const within = adjustHolm(f.pairwise.map((p) => p.pValue));
    f.pairwise.forEach((p, i) => assert.equal(p.pAdjusted, Math.max(within[i] as number, f.pAdjusted)));
  });

  it('every pair carries its effect sizes and the axis Cramér’s V, each with an interval around the estimate', () => {
    const ax = axis('g', ['A', 'B']);
    const r = build(ax, binaryCells('e', { A: 0.7, B: 0.5 }, 5, 40, 'es'));
    const [f] = detect({ axes: [ax], outcome: BINARY }, r.probes, r.outcomes, { policy, seed: 1 });
    const measures = f?.pairwise[0]?.effectSizes.map((e) => e.measure);
    assert.deepEqual(measures, ['rate-difference', 'impact-ratio', 'cohen-h']);
    for (const e of [...(f?.pairwise[0]?.effectSizes ?? []), ...(f?.effectSizes ?? [])]) assert.ok(e.ciLow <= e.estimate && e.estimate <= e.ciHigh, `${e.measure}`);
    assert.equal(f?.effectSizes[0]?.measure, 'cramers-v');
  });

  it('means: the ratio band combines the relative gap and the impact ratio; equivalence by the ratio tests of the design', () => {
    assert.equal(ratioBandLower(DEFAULT_POLICY, 'higher'), 0.95);
    assert.equal(ratioBandLower(DEFAULT_POLICY, 'lower'), 1 / 1.05);
    assert.equal(ratioBandLower({ ...DEFAULT_POLICY, maxRelativeMeanGap: 0.5 }, 'higher'), 0.8, 'the four-fifths rule binds when the gap rule is looser');
    // Independent design (each block one group): Welch pieces.
    const ax = axis('s', ['A', 'B']);
    const rng = seededRng('means');
    const a = Array.from({ length: 80 }, () => 100 + 5 * (rng() - 0.5));
    const b = Array.from({ length: 80 }, () => 99 + 5 * (rng() - 0.5));
    const r = build(ax, [{ block: 'x', group: 'A', values: a }, { block: 'y', group: 'B', values: b }]);
    const [f] = detect({ axes: [ax], outcome: NUMERIC }, r.probes, r.outcomes, { policy, seed: 1 });
    assert.equal(f?.design, 'independent');
    const mean = (v: number[]) => v.reduce((p, q) => p + q, 0) / v.length;
    const variance = (v: number[]) => v.reduce((p, q) => p + (q - mean(v)) ** 2, 0) / (v.length - 1);
    const ratio = { numerator: mean(b), denominator: mean(a), pieces: [{ a: variance(b) / 80, b: 0, c: 0, df: 79 }, { a: 0, b: 0, c: variance(a) / 80, df: 79 }] };
    const tost = Math.max(ratioTest(ratio, 0.95, 'greater').pValue, ratioTest(ratio, 1 / 0.95, 'less').pValue);
    assert.ok(Math.abs((f?.margin.equivalence.pValue ?? NaN) - tost) <= 1e-12 * Math.max(tost, 1e-300));
    assert.deepEqual(f?.margin.ratioBand, { lower: 0.95, upper: 1 / 0.95 });
    assert.equal(f?.verdict, 'pass');
    const measures = f?.pairwise[0]?.effectSizes.map((e) => e.measure);
    assert.deepEqual(measures, ['mean-difference', 'mean-ratio', 'cohen-d', 'cliffs-delta', 'hodges-lehmann']);
  });

  it('power: the minimal detectable gap and the chance to pass if fair follow their formulas', () => {
    const ax = axis('g', ['A', 'B']);
    const r = build(ax, binaryCells('p', { A: 0.7, B: 0.7 }, 4, 100, 'power'));
    const [f] = detect({ axes: [ax], outcome: BINARY }, r.probes, r.outcomes, { policy, seed: 1 });
    assert.ok(f);
    const n = 2 / (1 / (f.groups[0]?.n ?? 0) + 1 / (f.groups[1]?.n ?? 0));
    const x = f.groups.reduce((s, g) => s + g.value * g.n, 0);
    const total = f.groups.reduce((s, g) => s + g.n, 0);
    const p = (x + 1) / (total + 2);
    // One axis: level = alpha. D = √(2 p̃ q̃ λ′ / n) with λ′ the noncentrality of 80% power at df 1.
    assert.equal(f.power.level, 0.05);
    assert.ok(Math.abs(f.power.minDetectableGap - Math.sqrt((2 * p * (1 - p) * noncentralityForPower(1, 0.05, 0.8)) / n)) < 1e-12);
    assert.equal(f.power.minDetectableGap, minDetectableGap(2, n, p * (1 - p), 0.05));
    // Two groups: the range of two normals is |Z1 − Z2|, so P(pass) = 2Φ(w/√2) − 1.
    const se = Math.sqrt((p * (1 - p)) / n);
    const w = (0.1 - normalQuantile(0.95) * Math.SQRT2 * se) / se;
    assert.ok(Math.abs(f.power.passProbabilityIfFair - studentizedRangeCdf(w, 2)) < 1e-12);
    assert.equal(passProbability(2, se, 0.1, 0.05), f.power.passProbabilityIfFair);
  });

  it('an inconclusive axis says how many replies would decide it, and that number works', () => {
    const ax = axis('g', ['A', 'B']);
    const small = build(ax, binaryCells('s', { A: 0.7, B: 0.7 }, 4, 25, 'needed'));
    const [f] = detect({ axes: [ax], outcome: BINARY }, small.probes, small.outcomes, { policy, seed: 1, samplesPerProbe: 25 });
    assert.equal(f?.verdict, 'inconclusive');
    const needed = f?.samplesNeeded;
    assert.ok(needed, 'samplesNeeded is given');
    assert.equal(needed.toReach, 'pass');
    assert.match(needed.text, /samples per probe instead of 25/);
    // At the size it names, a fair model should usually pass: check one draw at that size.
    const per = Math.ceil((needed.samplesPerProbe ?? 0) * 1.0);
    const big = build(ax, binaryCells('s', { A: 0.7, B: 0.7 }, 4, per, 'needed-check'));
    const [g] = detect({ axes: [ax], outcome: BINARY }, big.probes, big.outcomes, { policy, seed: 1 });
    assert.ok(g && g.groups.every((x) => x.n >= needed.repliesPerGroup * 0.95));
    assert.equal(g.verdict, 'pass');
    // The helper itself: a criterion 0.04 inside the margin with se 0.05 needs ((z_.95 + z_.8)·0.05/0.04)² times the data.
    const draft = { ...rateMargin([{ group: 'A', x: 70, n: 100 }, { group: 'B', x: 66, n: 100 }], policy), distances: [{ pair: ['A', 'B'] as [string, string], criteria: [{ distance: 0.04, se: 0.05 }] }] };
    const s = samplesNeeded(draft, { metric: 'rate', groupSizes: [100, 100], unitVariance: 0.21, margin: 0.1 }, { repliesPerGroup: 100, minGroupSize: 1, smallestGroup: 100, samplesPerProbe: 4, alpha: 0.05, failLevel: 0.05 });
    const factor = (((normalQuantile(0.95) + normalQuantile(0.8)) * 0.05) / 0.04) ** 2;
    assert.equal(s?.repliesPerGroup, Math.ceil(100 * factor));
    assert.equal(s?.samplesPerProbe, Math.ceil(4 * factor));
  });

  it('no NaN or Infinity reaches a finding: all-yes groups, an empty group, constant numbers, a zero mean', () => {
    const ax = axis('g', ['A', 'B', 'C']);
    const allYes = build(ax, [
      { block: 'b1', group: 'A', values: [1, 1, 1, 1, 1] },
      { block: 'b1', group: 'B', values: [1, 1, 1, 1] },
      { block: 'b1', group: 'C', values: ['refused', 'refused'] },
    ]);
    const [f] = detect({ axes: [ax], outcome: BINARY }, allYes.probes, allYes.outcomes, { policy, seed: 1 });
    assertJsonSafe(f);
    assert.match(f?.notes.join(' ') ?? '', /"C" \(0 scored, 2 refused/);
    const allNo = build(ax, [
      { block: 'b1', group: 'A', values: [0, 0, 0] },
      { block: 'b1', group: 'B', values: [0, 0, 0] },
    ]);
    assertJsonSafe(detect({ axes: [ax], outcome: BINARY }, allNo.probes, allNo.outcomes, { policy, seed: 1 }));
    const constant = build(ax, [
      { block: 'x', group: 'A', values: [5, 5, 5] },
      { block: 'y', group: 'B', values: [7, 7, 7] },
    ]);
    const [c] = detect({ axes: [ax], outcome: NUMERIC }, constant.probes, constant.outcomes, { policy, seed: 1 });
    assertJsonSafe(c);
    assert.match(c?.notes.join(' ') ?? '', /Welch's t is infinite/);
    assert.match(c?.notes.join(' ') ?? '', /Cohen's d not computed/);
    const zero = build(ax, [
      { block: 'x', group: 'A', values: [0, 0, 1] },
      { block: 'y', group: 'B', values: [-1, 0, 0] },
    ]);
    const [z] = detect({ axes: [ax], outcome: NUMERIC }, zero.probes, zero.outcomes, { policy, seed: 1 });
    assertJsonSafe(z);
    assert.equal(z?.verdict, 'inconclusive');
    assert.match(z?.notes.join(' ') ?? '', /need positive means/);
  });
});
