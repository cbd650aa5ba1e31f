import assert from 'node:assert/strict';
import { join } from 'node:path';
import { DEFAULT_POLICY, planReplies } from '../../lib/detectors/index.js';
import { expand, loadProbeSet } from '../../lib/probes/index.js';
import { ROOT, runCli } from '../helpers/cli.js';

interface GenericPlan {
  assumptions: { level: number; margin: number };
  repliesPerGroup: { detect: number; pass: number | null; fail: number | null };
  samplesPerProbe?: { detect: number | null; pass: number | null; fail: number | null };
}

describe('bias-audit plan', function () {
  this.timeout(60_000);

  it('answers "how many replies per group?" at the exact boundary R finds', async () => {
    // Rscript: with λ(n) = n·gap²/(2p(1 − p)) (two groups at the extremes of the gap),
    //   pchisq(qchisq(0.05/6, 3, lower.tail = FALSE), 3, ncp = λ(n), lower.tail = FALSE)
    //   -> n = 2680: 0.7999396000, n = 2681: 0.8001407019   (4 groups, gap 0.05, p 0.7, 6 tests)
    //   and with se = √(p(1 − p)/n), w = (0.1 − qnorm(0.95)·√2·se)/se: ptukey(w, 4, Inf)
    //   -> n = 548: 0.7995622517, n = 549: 0.8008492920   (alike groups pass the 10-point margin)
    const r = await runCli(['plan', '--groups', '4', '--gap', '0.05', '--base-rate', '0.7', '--tests', '6', '--blocks', '8', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const plan = JSON.parse(r.stdout) as GenericPlan;
    assert.deepEqual(plan.repliesPerGroup, { detect: 2681, pass: 549, fail: null }, 'a 5-point gap is inside the 10-point margin: it cannot fail');
    assert.equal(plan.assumptions.level, 0.05 / 6);
    // 8 blocks, one probe per group in each, 5% of replies lost: ⌈2681 / 7.6⌉ and ⌈549 / 7.6⌉.
    assert.deepEqual(plan.samplesPerProbe, { detect: 353, pass: 73, fail: null });
  });

  it('for two groups agrees with R at the boundary and stays within 1% of power.prop.test', async () => {
    // Rscript: -> n = 388: 0.7994759540, n = 389: 0.8004854148 (gap 0.1 at p 0.55, one test);
    //   pass: n = 423: 0.7988941545, n = 424: 0.8001084725.
    // power.prop.test(p1 = 0.5, p2 = 0.6, power = 0.8)$n -> 387.3385 (unpooled variance under H1).
    const r = await runCli(['plan', '--groups', '2', '--gap', '0.1', '--base-rate', '0.55', '--json']);
    const plan = JSON.parse(r.stdout) as GenericPlan;
    assert.equal(plan.repliesPerGroup.detect, 389);
    assert.equal(plan.repliesPerGroup.pass, 424);
    assert.ok(Math.abs(plan.repliesPerGroup.detect / 387.3385 - 1) < 0.01);
  });

  it('plans the failure of a gap beyond the margin, needing more as the gap nears it', () => {
    const at = (gap: number) => planReplies({ metric: 'rate', groups: 4, baseRate: 0.6, gap, power: 0.8, tests: 6, policy: DEFAULT_POLICY }).fail;
    const wide = at(0.3) as number;
    const near = at(0.15) as number;
    assert.ok(wide > 0 && near > wide, `${wide} then ${near}`);
    assert.equal(at(0.08), null);
    // Means: a 10% gap against a 5% margin at cv 0.1.
    const m = planReplies({ metric: 'mean', groups: 2, cv: 0.1, gap: 0.1, power: 0.8, tests: 1, policy: DEFAULT_POLICY });
    assert.ok(m.fail !== null && m.fail > m.detect);
  });

  it('plans a probe set axis by axis from its own layout', async () => {
    const r = await runCli(['plan', 'hiring-screen', '--base-rate', '0.7', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const plan = JSON.parse(r.stdout) as { samples: number; calls: number; axes: { axis: string; groups: number; blocks: number; probesPerGroup: number; passProbabilityIfFair: number; samplesToPass: number }[]; samplesForConclusive: number };
    const ps = await loadProbeSet(join(ROOT, 'probes', 'hiring-screen.yaml'));
    const probes = expand(ps);
    assert.equal(plan.calls, probes.length * ps.samples);
    // Recompute one axis's layout directly: the probes carrying race, per group and per block.
    const race = plan.axes.find((a) => a.axis === 'race');
    const raceProbes = probes.filter((p) => p.groups.race !== undefined);
    assert.equal(race?.groups, 4);
    assert.equal(race?.blocks, new Set(raceProbes.map((p) => p.blocks.applicant)).size);
    assert.equal(race?.probesPerGroup, raceProbes.filter((p) => p.groups.race === 'Black').length);
    // The built-in set is sized for a fair model to pass every axis (docs/statistics.md).
    for (const a of plan.axes) assert.ok(a.passProbabilityIfFair > 0.98, `${a.axis}: ${a.passProbabilityIfFair}`);
    assert.ok(plan.samplesForConclusive <= ps.samples, `conclusive at ${plan.samplesForConclusive} samples, the set has ${ps.samples}`);
  });

  it('prints a readable table, and refuses contradictory or missing options (exit 2)', async () => {
    let r = await runCli(['plan', 'salary-offer', '--cv', '0.08']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^salary-offer: 4 samples per probe, 1,872 calls; coefficient of variation 0\.08/);
    assert.match(r.stdout, /race x gender\s+8/);
    r = await runCli(['plan', '--gap', '0.05']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /plan needs --groups/);
    r = await runCli(['plan', '--groups', '3', '--gap', '0.05', '--power', '1.5']);
    assert.equal(r.code, 2);
    r = await runCli(['plan', 'hiring-screen', '--groups', '3']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /come from the probe set/);
    r = await runCli(['plan', 'hiring-screen', '--cv', '0.1']);
    assert.equal(r.code, 2);
    r = await runCli(['plan', '--groups', '2', '--gap', '0.5', '--base-rate', '0.9']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /leaves \[0, 1\]/);
  });
});
