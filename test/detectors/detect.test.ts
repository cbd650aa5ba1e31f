import assert from 'node:assert/strict';
import { DEFAULT_POLICY, detect } from '../../lib/detectors/index.js';
import { adjustHolm, cmh, mcnemarExact, wilsonInterval } from '../../lib/stats/index.js';
import { seededRng } from '../../lib/stats/rng.js';
import { stratifiedPermutation } from '../../lib/stats/stratified-permutation.js';
import type { Axis, Outcome, OutcomeSpec, Probe } from '../../lib/types.js';

const BINARY: OutcomeSpec = { type: 'binary', favourable: 'yes' };
const NUMERIC: OutcomeSpec = { type: 'numeric', min: 0, max: 1000, favourable: 'higher' };

function axis(id: string, groups: string[]): Axis {
  return { id, title: id, attribute: id, components: [id], groups };
}

/**
 * Probes and outcomes from a table of (block, group, values): each value is one sample of one probe;
 * `probesPerCell` splits a cell's values over that many probes (names).
 */
function build(ax: Axis, cells: { block: string; group: string; values: (number | 'refused' | 'unparsed')[] }[], probesPerCell = 1) {
  const probes: Probe[] = [];
  const outcomes: Outcome[] = [];
  for (const c of cells) {
    const perProbe = Math.ceil(c.values.length / probesPerCell);
    for (let p = 0; p < probesPerCell; p++) {
      const id = `${c.block}|${c.group}|${p}`;
      probes.push({ id, template: 't', messages: [], context: {}, attributes: { [ax.attribute]: `${c.group}${p}` }, groups: { [ax.id]: c.group }, blocks: { [ax.attribute]: c.block } });
      c.values.slice(p * perProbe, (p + 1) * perProbe).forEach((v, sample) => {
        if (typeof v === 'number') outcomes.push({ probeId: id, sample, status: 'scored', value: v, label: String(v), reason: '' });
        else outcomes.push({ probeId: id, sample, status: v, value: null, label: null, reason: '' });
      });
    }
  }
  return { probes, outcomes };
}

const policy = { ...DEFAULT_POLICY, minGroupSize: 1 };

describe('detect', () => {
  it('computes each group rate exactly as a direct count does (refused and unparsed left out, but counted)', () => {
    const ax = axis('race', ['A', 'B']);
    const cells = [
      { block: 'b1', group: 'A', values: [1, 1, 0, 'refused' as const, 1] },
      { block: 'b1', group: 'B', values: [0, 0, 1, 'unparsed' as const, 0] },
      { block: 'b2', group: 'A', values: [1, 0, 1, 1] },
      { block: 'b2', group: 'B', values: [0, 1, 0, 'refused' as const] },
    ];
    const { probes, outcomes } = build(ax, cells);
    const [f] = detect({ axes: [ax], outcome: BINARY }, probes, outcomes, { policy, seed: 1 });
    assert.ok(f);
    const b = f.groups.find((g) => g.group === 'B');
    // Recomputed directly: B's scored values are 0,0,1,0,0,1,0 -> 2 of 7.
    assert.equal(b?.n, 7);
    assert.equal(b?.value, 2 / 7);
    assert.deepEqual([b?.ciLow, b?.ciHigh], [wilsonInterval(2, 7).lower, wilsonInterval(2, 7).upper]);
    assert.equal(b?.refused, 1);
    assert.equal(b?.unparsed, 1);
    assert.equal(b?.total, 9);
    assert.equal(f.reference, 'A');
    assert.equal(f.worst, 'B');
    assert.equal(b?.impactRatio, 2 / 7 / (6 / 8));
    // Several replies per group and block: stratified by block.
    assert.equal(f.design, 'stratified');
    assert.equal(f.test, 'cmh');
    const expected = cmh([
      [[3, 1], [1, 3]],
      [[3, 1], [1, 2]],
    ]);
    assert.equal(f.pValue, expected.pValue);
  });

  it('uses McNemar on complete blocks when each holds one reply per group, dropping incomplete blocks', () => {
    const ax = axis('g', ['A', 'B']);
    const cells = [];
    // 9 blocks where A says yes and B no, 1 where B yes and A no, 5 concordant, 1 with B unparsed.
    for (let i = 0; i < 9; i++) cells.push({ block: `d${i}`, group: 'A', values: [1] }, { block: `d${i}`, group: 'B', values: [0] });
    cells.push({ block: 'e', group: 'A', values: [0] }, { block: 'e', group: 'B', values: [1] });
    for (let i = 0; i < 5; i++) cells.push({ block: `c${i}`, group: 'A', values: [1] }, { block: `c${i}`, group: 'B', values: [1] });
    cells.push({ block: 'x', group: 'A', values: [1] }, { block: 'x', group: 'B', values: ['unparsed' as const] });
    const { probes, outcomes } = build(ax, cells);
    const [f] = detect({ axes: [ax], outcome: BINARY }, probes, outcomes, { policy, seed: 1 });
    assert.equal(f?.design, 'paired');
    assert.equal(f?.test, 'mcnemar-exact');
    assert.equal(f?.pValue, mcnemarExact(9, 1).pValue);
    assert.deepEqual(f?.blocks, { total: 16, used: 15, dropped: 1 });
  });

  it("uses Cochran's Q for three groups, and chi-square / Fisher without blocks", () => {
    const ax = axis('g', ['A', 'B', 'C']);
    const cells = [];
    for (let i = 0; i < 12; i++) for (const [g, v] of [['A', 1], ['B', i % 2], ['C', 0]] as const) cells.push({ block: `b${i}`, group: g, values: [v] });
    let r = build(ax, cells);
    assert.equal(detect({ axes: [ax], outcome: BINARY }, r.probes, r.outcomes, { policy, seed: 1 })[0]?.test, 'cochran-q');
    // Each block holds one group only: nothing to pair or stratify.
    const lonely = [
      { block: 'b1', group: 'A', values: Array(30).fill(1) },
      { block: 'b2', group: 'B', values: [...Array(15).fill(1), ...Array(15).fill(0)] },
      { block: 'b3', group: 'C', values: [...Array(10).fill(1), ...Array(20).fill(0)] },
    ];
    r = build(ax, lonely);
    const f = detect({ axes: [ax], outcome: BINARY }, r.probes, r.outcomes, { policy, seed: 1 })[0];
    assert.equal(f?.design, 'independent');
    assert.equal(f?.test, 'chi-square');
    const two = axis('h', ['A', 'B']);
    r = build(two, [
      { block: 'b1', group: 'A', values: [1, 1, 1, 1] },
      { block: 'b2', group: 'B', values: [0, 0, 0, 1] },
    ]);
    assert.equal(detect({ axes: [two], outcome: BINARY }, r.probes, r.outcomes, { policy, seed: 1 })[0]?.test, 'fisher-exact');
  });

  it('chooses Wilcoxon, Friedman, a stratified permutation test, Welch or Kruskal-Wallis for numbers', () => {
    const two = axis('g', ['A', 'B']);
    const three = axis('g', ['A', 'B', 'C']);
    const paired2 = [];
    const paired3 = [];
    for (let i = 0; i < 10; i++) {
      paired2.push({ block: `b${i}`, group: 'A', values: [100 + i] }, { block: `b${i}`, group: 'B', values: [90 + i] });
      paired3.push({ block: `b${i}`, group: 'A', values: [100 + i] }, { block: `b${i}`, group: 'B', values: [90 + i] }, { block: `b${i}`, group: 'C', values: [95 + i] });
    }
    const t = (ax: Axis, cells: Parameters<typeof build>[1], per = 1) => {
      const r = build(ax, cells, per);
      return detect({ axes: [ax], outcome: NUMERIC }, r.probes, r.outcomes, { policy, seed: 1 })[0];
    };
    assert.equal(t(two, paired2)?.test, 'wilcoxon-signed-rank');
    assert.equal(t(three, paired3)?.test, 'friedman');
    const strat = t(two, [
      { block: 'x', group: 'A', values: [100, 104, 98, 101] },
      { block: 'x', group: 'B', values: [90, 93, 91, 89] },
      { block: 'y', group: 'A', values: [500, 510, 505] },
      { block: 'y', group: 'B', values: [480, 470, 475] },
    ], 2);
    assert.equal(strat?.test, 'permutation');
    assert.equal(strat?.design, 'stratified');
    assert.ok((strat?.pValue ?? 1) < 0.01);
    assert.equal(t(two, [{ block: 'x', group: 'A', values: [1, 2, 3] }, { block: 'y', group: 'B', values: [4, 5, 6] }])?.test, 'welch-t');
    assert.equal(t(three, [{ block: 'x', group: 'A', values: [1, 2] }, { block: 'y', group: 'B', values: [4, 5] }, { block: 'z', group: 'C', values: [7, 8] }])?.test, 'kruskal-wallis');
  });

  it('leaves out a numeric group with a single reply, says so in a note, and judges the rest as inconclusive', () => {
    const two = axis('g', ['A', 'B']);
    let r = build(two, [
      { block: 'x', group: 'A', values: [10, 12, 11] },
      { block: 'y', group: 'B', values: [9, 'unparsed' as const] },
    ]);
    assert.deepEqual(detect({ axes: [two], outcome: NUMERIC }, r.probes, r.outcomes, { policy: DEFAULT_POLICY, seed: 1 }), [], 'one group left: nothing to compare');
    const three = axis('g', ['A', 'B', 'C']);
    r = build(three, [
      { block: 'x', group: 'A', values: [10, 12, 11] },
      { block: 'y', group: 'B', values: [9, 'unparsed' as const] },
      { block: 'z', group: 'C', values: [10, 11, 13] },
    ]);
    const [f] = detect({ axes: [three], outcome: NUMERIC }, r.probes, r.outcomes, { policy: DEFAULT_POLICY, seed: 1 });
    assert.equal(f?.test, 'welch-t');
    assert.deepEqual(f?.groups.map((g) => g.group), ['A', 'C']);
    assert.match(f?.notes.join(' ') ?? '', /Left out of the tests and effect sizes, having fewer than two scored values: "B" \(1 scored, 0 refused, 1 unparsed, 0 failed\)/);
    assert.equal(f?.verdict, 'inconclusive');
    assert.match(f?.reason ?? '', /Too few scored replies to judge/);
  });

  it('takes the lowest mean as the reference when lower is favourable', () => {
    const ax = axis('g', ['A', 'B']);
    const cells = [];
    for (let i = 0; i < 10; i++) cells.push({ block: `b${i}`, group: 'A', values: [5 + i / 10] }, { block: `b${i}`, group: 'B', values: [6 + i / 10] });
    const r = build(ax, cells);
    const [f] = detect({ axes: [ax], outcome: { type: 'numeric', min: 0, max: 30, favourable: 'lower' } }, r.probes, r.outcomes, { policy, seed: 1 });
    assert.equal(f?.reference, 'A');
    assert.equal(f?.worst, 'B');
    assert.ok((f?.groups.find((g) => g.group === 'B')?.impactRatio ?? 1) < 1);
  });

  it('corrects across the axes of the audit (Holm); fails what is shown beyond the margin, passes what is shown within it', () => {
    const big = axis('big', ['A', 'B']);
    const small = axis('small', ['A', 'B']);
    const none = axis('none', ['A', 'B']);
    const rng = seededRng('fixture');
    const mk = (ax: Axis, pa: number, pb: number) =>
      Array.from({ length: 8 }, (_, i) => [
        { block: `${ax.id}${i}`, group: 'A', values: Array.from({ length: 150 }, () => (rng() < pa ? 1 : 0)) },
        { block: `${ax.id}${i}`, group: 'B', values: Array.from({ length: 150 }, () => (rng() < pb ? 1 : 0)) },
      ]).flat();
    const parts = [build(big, mk(big, 0.7, 0.4)), build(small, mk(small, 0.7, 0.66)), build(none, mk(none, 0.6, 0.6))];
    // Each axis is its own attribute: give the probes of one axis no group on the others.
    const probes = parts.flatMap((p) => p.probes);
    const outcomes = parts.flatMap((p) => p.outcomes);
    const findings = detect({ axes: [big, small, none], outcome: BINARY }, probes, outcomes, { policy, seed: 1 });
    assert.deepEqual(findings.map((f) => f.pAdjusted), adjustHolm(findings.map((f) => f.pValue)));
    const v = Object.fromEntries(findings.map((f) => [f.axis, f.verdict]));
    assert.equal(v.big, 'fail');
    assert.equal(v.none, 'pass');
    const s = findings.find((f) => f.axis === 'small');
    assert.ok(s && s.gap < 0.1 && s.minImpactRatio > 0.8);
    assert.ok(s.pAdjusted < 0.05, 'the 4-point gap is statistically shown ...');
    assert.equal(s.verdict, 'pass', '... and shown to be within the 10-point margin: it passes');
    assert.match(findings.find((f) => f.axis === 'big')?.summary ?? '', /^big: "B" got "yes" \d+\.\d points less often than "A"/);
  });

  it('says inconclusive, too few replies, when a group has fewer scored replies than the policy needs', () => {
    const ax = axis('g', ['A', 'B']);
    const r = build(ax, [
      { block: 'b', group: 'A', values: [1, 1, 1, 1, 1] },
      { block: 'b', group: 'B', values: [0, 0, 'refused' as const, 'refused' as const] },
    ]);
    const [f] = detect({ axes: [ax], outcome: BINARY }, r.probes, r.outcomes, { policy: { ...DEFAULT_POLICY, minGroupSize: 3 }, seed: 1 });
    assert.equal(f?.verdict, 'inconclusive');
    assert.match(f?.reason ?? '', /Too few scored replies to judge: "B" has 2; the policy needs at least 3 per group/);
  });
});

describe('stratifiedPermutation', () => {
  it('approaches the exact permutation p-value (full enumeration of within-stratum relabelings)', () => {
    // Two strata of 4 (2 per group): 6 x 6 = 36 equally likely relabelings, enumerated here.
    const s1 = [3.1, 4.2, 5.0, 6.3];
    const s2 = [10.5, 11.0, 12.2, 14.9];
    const strata = [s1, s2].map((vals) => vals.map((value, i) => ({ group: i < 2 ? 0 : 1, value })));
    const splits = [[0, 1], [0, 2], [0, 3], [1, 2], [1, 3], [2, 3]];
    const stat = (a: number[], b: number[]) => {
      const centre = (xs: number[]) => xs.map((x) => x - xs.reduce((p, q) => p + q, 0) / xs.length);
      const c1 = centre(s1);
      const c2 = centre(s2);
      let g0 = 0;
      let g1 = 0;
      c1.forEach((x, i) => (a.includes(i) ? (g0 += x) : (g1 += x)));
      c2.forEach((x, i) => (b.includes(i) ? (g0 += x) : (g1 += x)));
      return g0 ** 2 / 4 + g1 ** 2 / 4;
    };
    const observed = stat([0, 1], [0, 1]);
    let atLeast = 0;
    for (const a of splits) for (const b of splits) if (stat(a, b) >= observed - 1e-12) atLeast++;
    const exact = atLeast / 36;
    const r = stratifiedPermutation(strata, 2, seededRng(7), 20000);
    assert.ok(Math.abs(r.statistic - observed) < 1e-12);
    // Monte Carlo standard error at 20,000 resamples is sqrt(p(1-p)/20000) ~ 0.0018 for p ~ 0.11; allow 4 SE.
    assert.ok(Math.abs(r.pValue - exact) < 0.008, `permutation p ${r.pValue} vs exact ${exact}`);
  });

  it('is reproducible with the same seed and never returns 0', () => {
    const strata = [Array.from({ length: 20 }, (_, i) => ({ group: i % 2, value: i % 2 === 0 ? 100 + i : i }))];
    const a = stratifiedPermutation(strata, 2, seededRng(1), 999);
    assert.deepEqual(stratifiedPermutation(strata, 2, seededRng(1), 999), a);
    assert.equal(a.pValue, 1 / 1000);
  });
});
