import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_POLICY, DEFAULT_SENTIMENT_MAX_MEAN_GAP, detect, meanMarginRules, planPower, planProbeSet, planReplies, resolvePolicy } from '../../lib/detectors/index.js';
import { expand, loadProbeSet } from '../../lib/probes/index.js';
import { disparities } from '../../lib/report/plain-language.js';
import { ROOT, runCli } from '../helpers/cli.js';
import { differenceTest } from '../../lib/detectors/margin.js';
import { passProbability, repliesToPass } from '../../lib/detectors/power.js';
import { seededRng } from '../../lib/stats/index.js';
import type { Axis, Finding, Outcome, OutcomeSpec, Probe } from '../../lib/types.js';

const SENTIMENT: OutcomeSpec = { type: 'sentiment', favourable: 'higher' };
const NUMERIC: OutcomeSpec = { type: 'numeric', min: 0, max: 1e6, favourable: 'higher' };

// Reference data and values: Rscript test/fixtures/r/mean_gap.R (plain t.test, paired and Welch).
const PA = [0.396, 0.269, 0.638, 0.245, 0.607, 0.468, 0.218, 0.507, 0.2, 0.565, 0.209, 0.276, 0.518, 0.704, 0.289, 0.422, 0.538, 0.847, 0.599, 0.437, 0.908, 0.229, 0.728, 0.444, 0.334, 0.33, 0.488, 0.789, 0.332, 0.542];
const PB = [0.437, 0.255, 0.613, 0.167, 0.507, 0.409, 0.285, 0.434, 0.133, 0.496, 0.301, 0.272, 0.382, 0.633, 0.285, 0.299, 0.563, 0.892, 0.639, 0.466, 0.876, 0.234, 0.861, 0.414, 0.307, 0.29, 0.318, 0.815, 0.354, 0.614];
const IA = [0.204, 0.405, 0.626, 0.228, 0.472, 0.653, 0.303, 0.742, 0.583, 0.477, 0.549, 0.597, 0.518, 0.672, 0.401, 0.438, 0.656, 0.504, 0.368, 0.642, 0.72, 0.433, 0.293, 0.48, 0.478, 0.455, 0.711, 0.346, 0.689, 0.31, 0.382, 0.595, 0.669, 0.629, 0.552, 0.521, 0.523, 0.586, 0.474, 0.542];
const IB = [0.286, 0.2, 0.315, 0.285, 0.502, 0.249, 0.136, 0.144, 0.198, 0.339, 0.15, 0.258, 0.476, -0.185, 0.031, 0.237, 0.26, 0.236, 0.135, 0.298, 0.242, 0.122, 0.565, 0.253, 0.117, 0.185, 0.166, 0.191, -0.209, 0.127, 0.351, 0.025, 0.19, 0.343, 0.328, 0.424, -0.055, 0.147, 0.149, 0.293];
const R = {
  pairedLower: 2.20660418484417e-7, // t.test(pb, pa, paired = TRUE, mu = -0.1, alternative = "greater")
  pairedUpper: 2.032690006344e-10, // t.test(pb, pa, paired = TRUE, mu = 0.1, alternative = "less")
  pairedBeyond: 0.999999779339582, // t.test(pb, pa, paired = TRUE, mu = -0.1, alternative = "less")
  welchLower: 0.999999966282732, // t.test(ib, ia, mu = -0.1, alternative = "greater")
  welchUpper: 1.31600302043011e-19, // t.test(ib, ia, mu = 0.1, alternative = "less")
  welchBeyond: 3.37172678652487e-8, // t.test(ib, ia, mu = -0.1, alternative = "less")
  welchOmnibus: 1.26866817350343e-13, // t.test(ia, ib)
};

function axis(id: string, groups: string[]): Axis {
  return { id, title: id, attribute: id, components: [id], groups };
}

/** One probe per (block, group); its values are the samples. */
function build(ax: Axis, cells: { block: string; group: string; values: number[] }[]) {
  const probes: Probe[] = [];
  const outcomes: Outcome[] = [];
  for (const c of cells) {
    const id = `${ax.id}|${c.block}|${c.group}`;
    probes.push({ id, template: 't', messages: [], context: {}, attributes: { [ax.attribute]: c.group }, groups: { [ax.id]: c.group }, blocks: { [ax.attribute]: c.block } });
    c.values.forEach((value, sample) => outcomes.push({ probeId: id, sample, status: 'scored', value, label: String(value), reason: '' }));
  }
  return { probes, outcomes };
}

function close(actual: number | undefined, expected: number, rel = 1e-9): void {
  assert.ok(actual !== undefined && Math.abs(actual - expected) <= rel * Math.abs(expected), `${actual} vs ${expected}`);
}

function assertJsonSafe(value: unknown, path = 'finding'): void {
  assert.notEqual(value, null, `${path} is null`);
  if (typeof value === 'number') assert.ok(Number.isFinite(value), `${path} = ${value}`);
  else if (Array.isArray(value)) value.forEach((v, i) => assertJsonSafe(v, `${path}[${i}]`));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) assertJsonSafe(v, `${path}.${k}`);
}

describe('absolute mean margin (policy.maxMeanGap; sentiment)', () => {
  const policy = { ...DEFAULT_POLICY, minGroupSize: 1 };
  const ax = axis('g', ['A', 'B']);

  it('which margins apply: sentiment the absolute gap alone (0.1 by default), numeric the ratio band plus the gap when set', () => {
    assert.deepEqual(meanMarginRules('sentiment', policy), { ratioBand: false, maxMeanGap: DEFAULT_SENTIMENT_MAX_MEAN_GAP });
    assert.deepEqual(meanMarginRules('sentiment', { ...policy, maxMeanGap: 0.2 }), { ratioBand: false, maxMeanGap: 0.2 });
    assert.deepEqual(meanMarginRules('numeric', policy), { ratioBand: true });
    assert.deepEqual(meanMarginRules('length', { ...policy, maxMeanGap: 5 }), { ratioBand: true, maxMeanGap: 5 });
    assert.throws(() => resolvePolicy({ maxMeanGap: 0 }), /policy.maxMeanGap must be a number above 0/);
    assert.equal(resolvePolicy({ maxMeanGap: 0.05 }).maxMeanGap, 0.05);
  });

  it('paired blocks: pass by paired two one-sided t-tests against ±0.1, matching R t.test(paired = TRUE, mu = ±0.1)', () => {
    const r = build(ax, PA.flatMap((a, i) => [{ block: `b${i}`, group: 'A', values: [a] }, { block: `b${i}`, group: 'B', values: [PB[i] as number] }]));
    const [f] = detect({ axes: [ax], outcome: SENTIMENT }, r.probes, r.outcomes, { policy, seed: 1 });
    assert.ok(f);
    assert.equal(f.design, 'paired');
    assert.equal(f.margin.scale, 'mean-difference');
    assert.equal(f.margin.maxMeanGap, 0.1);
    assert.equal(f.margin.ratioBand, undefined);
    close(f.margin.equivalence.pValue, Math.max(R.pairedLower, R.pairedUpper), 1e-6);
    close(f.margin.beyond.pValue, Math.max(f.pValue, R.pairedBeyond), 1e-9);
    assert.equal(f.verdict, 'pass');
    assert.match(f.reason, /observed gap 0\.0\d\d between means \(margin 0\.1\)/);
    assert.ok(f.groups.every((g) => g.impactRatio === 1), 'no impact ratios on a signed scale');
    assert.ok(!f.pairwise[0]?.effectSizes.some((e) => e.measure === 'mean-ratio'));
  });

  it('independent groups: fail by Welch t against the margin, p = max(omnibus, beyond), matching R t.test(mu = -0.1)', () => {
    const r = build(ax, [{ block: 'x', group: 'A', values: IA }, { block: 'y', group: 'B', values: IB }]);
    const [f] = detect({ axes: [ax], outcome: SENTIMENT }, r.probes, r.outcomes, { policy, seed: 1 });
    assert.ok(f);
    assert.equal(f.design, 'independent');
    close(f.pValue, R.welchOmnibus, 1e-6);
    assert.equal(f.margin.beyond.tests, 1);
    close(f.margin.beyond.pValue, Math.max(R.welchOmnibus, R.welchBeyond), 1e-6);
    close(f.margin.equivalence.pValue, Math.max(R.welchLower, R.welchUpper), 1e-9);
    assert.deepEqual(f.margin.beyond.pair, ['A', 'B']);
    assert.equal(f.verdict, 'fail');
    // The sentence a reader gets: the gap in compound points, its interval, the policy's allowance.
    const [d] = disparities(f, SENTIMENT, {});
    // Means, gap and Welch interval rounded as R prints them (mean_gap.R, last line: 0.21 0.51 0.30 0.23 0.36).
    assert.equal(
      d?.text,
      "Replies about the group “B” (g) were 0.30 less positive on VADER's −1..1 compound scale than those about the most favoured group, “A” (0.21 vs 0.51; 95% CI for the gap 0.23 to 0.36); the policy allows 0.10.",
    );
    // The helper alone, both directions of the same Welch contrast.
    const mean = (v: number[]) => v.reduce((s, x) => s + x, 0) / v.length;
    const variance = (v: number[]) => v.reduce((s, x) => s + (x - mean(v)) ** 2, 0) / (v.length - 1);
    const ratio = { numerator: mean(IB), denominator: mean(IA), pieces: [{ a: variance(IB) / 40, b: 0, c: 0, df: 39 }, { a: 0, b: 0, c: variance(IA) / 40, df: 39 }] };
    close(differenceTest(ratio, 0.1, 'less').pValue, R.welchUpper, 1e-6);
    close(differenceTest(ratio, -0.1, 'less').pValue, R.welchBeyond, 1e-6);
  });

  it('numeric with maxMeanGap set: both the ratio band and the absolute gap are tested (two beyond tests per pair)', () => {
    const r = build(ax, [{ block: 'x', group: 'A', values: IA.map((v) => v + 10) }, { block: 'y', group: 'B', values: IB.map((v) => v + 10) }]);
    const [plain] = detect({ axes: [ax], outcome: NUMERIC }, r.probes, r.outcomes, { policy, seed: 1 });
    const [both] = detect({ axes: [ax], outcome: NUMERIC }, r.probes, r.outcomes, { policy: { ...policy, maxMeanGap: 0.1 }, seed: 1 });
    assert.equal(plain?.margin.beyond.tests, 1);
    assert.equal(plain?.margin.maxMeanGap, undefined);
    // A 0.3 gap on a mean of 10.5 is within the 5% band but beyond 0.1 absolute: the stricter rule fails it.
    assert.equal(plain?.verdict, 'pass');
    assert.equal(both?.margin.scale, 'mean-ratio');
    assert.equal(both?.margin.beyond.tests, 2);
    assert.equal(both?.verdict, 'fail');
    close(both?.margin.beyond.pValue, Math.max(R.welchOmnibus, 2 * R.welchBeyond), 1e-6);
  });

  it('sentiment near 0 and below: the margin still runs, power and samples needed use the absolute margin, nothing is NaN', () => {
    const rng = seededRng('near-zero');
    const cells = Array.from({ length: 6 }, (_, b) =>
      ['A', 'B'].map((group) => ({ block: `b${b}`, group, values: Array.from({ length: 4 }, () => Math.round((rng() - 0.55) * 1000) / 1000) })),
    ).flat();
    const r = build(ax, cells);
    const [f] = detect({ axes: [ax], outcome: SENTIMENT }, r.probes, r.outcomes, { policy, seed: 1, samplesPerProbe: 4 });
    assert.ok(f);
    assertJsonSafe(f as Finding);
    assert.equal(f.design, 'stratified');
    assert.equal(f.verdict, 'inconclusive');
    assert.doesNotMatch(f.reason, /could not be computed/);
    assert.ok(f.samplesNeeded, 'an inconclusive sentiment axis says how many replies would decide it');
    // Power with the absolute margin: the pooled within-block standard deviation on the outcome's scale.
    const within: number[][] = cells.map((c) => c.values);
    let ss = 0;
    let df = 0;
    for (const v of within) {
      const m = v.reduce((s, x) => s + x, 0) / v.length;
      ss += v.reduce((s, x) => s + (x - m) ** 2, 0);
      df += v.length - 1;
    }
    const n = f.power.repliesPerGroup;
    close(f.power.passProbabilityIfFair, passProbability(2, Math.sqrt(ss / df / n), 0.1, 0.05), 1e-12);
    const alike = repliesToPass({ metric: 'mean', groupSizes: [n, n], unitVariance: ss / df, margin: 0.1, absolute: true }, 0.05);
    assert.equal(f.samplesNeeded.ifNoDisparity?.repliesPerGroup, alike);
  });

  it('plans on the absolute margin with σ per reply, at the boundaries R finds', async () => {
    // Rscript test/fixtures/r/mean_gap.R ("plan" lines): 2 groups, sd 0.5, gap 0.2, margin 0.1, one test:
    //   detect n = 99 (98: 0.799556871435652, 99: 0.803527484456118)
    //   pass   n = 429 (428: 0.799769148859237, 429: 0.800966517408782)
    //   fail   n = 310 (309: 0.799855989580103, 310: 0.800979835127438)
    const a = { metric: 'mean' as const, groups: 2, sd: 0.5, gap: 0.2, power: 0.8, tests: 1, policy: DEFAULT_POLICY };
    const answer = planReplies(a);
    assert.deepEqual({ detect: answer.detect, pass: answer.pass, fail: answer.fail, margin: answer.margin }, { detect: 99, pass: 429, fail: 310, margin: 0.1 });
    close(planPower(a, 428).pass, 0.799769148859237, 1e-9);
    close(planPower(a, 310).fail ?? NaN, 0.800979835127438, 1e-9);
    assert.equal(planReplies({ ...a, gap: 0.05 }).fail, null, 'a gap inside the margin cannot fail');
    assert.equal(planReplies({ ...a, policy: { ...DEFAULT_POLICY, maxMeanGap: 0.2 } }).margin, 0.2);
    // A sentiment probe set is planned this way, and needs σ.
    const ps = await loadProbeSet(join(ROOT, 'probes', 'reference-letter.yaml'));
    assert.throws(() => planProbeSet(ps, expand(ps), { policy: DEFAULT_POLICY, gap: 0.2, power: 0.8, cv: 0.1, loss: 0 }), /give sd/);
    const plan = planProbeSet(ps, expand(ps), { policy: DEFAULT_POLICY, gap: 0.2, power: 0.8, sd: 0.5, loss: 0 });
    assert.equal(plan.assumptions.sd, 0.5);
    assert.ok(plan.axes.every((x) => x.samplesToPass !== null && x.samplesToPass > 0));
  });

  it('--max-mean-gap reaches the policy from the CLI (analyze), is recorded, and a bad value is a usage error', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mean-gap-'));
    try {
      const rows = ['block,axis,group,outcome', ...IA.map((v) => `x,g,A,${v + 10}`), ...IB.map((v) => `y,g,B,${v + 10}`)];
      writeFileSync(join(dir, 'o.csv'), `${rows.join('\n')}\n`);
      const plain = await runCli(['analyze', join(dir, 'o.csv'), '--outcome', 'numeric', '--out', join(dir, 'plain')]);
      assert.equal(plain.code, 0, plain.stderr);
      const strict = await runCli(['analyze', join(dir, 'o.csv'), '--outcome', 'numeric', '--max-mean-gap', '0.1', '--out', join(dir, 'strict')]);
      assert.equal(strict.code, 1, strict.stderr);
      const results = JSON.parse(readFileSync(join(dir, 'strict', 'results.json'), 'utf8')) as { manifest: { policy: { maxMeanGap?: number } }; findings: Finding[] };
      assert.equal(results.manifest.policy.maxMeanGap, 0.1);
      assert.equal(results.findings[0]?.margin.maxMeanGap, 0.1);
      const bad = await runCli(['analyze', join(dir, 'o.csv'), '--outcome', 'numeric', '--max-mean-gap', '0', '--out', join(dir, 'bad')]);
      assert.equal(bad.code, 2);
      assert.match(bad.stderr, /maxMeanGap must be a number above 0/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
