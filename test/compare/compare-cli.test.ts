import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Comparison } from '../../lib/index.js';
import { ROOT, runCli } from '../helpers/cli.js';

const FIXTURES = join(ROOT, 'test', 'compare', 'fixtures');
// The probe set is ours (fixtures/screen.yaml), so the test's power does not move with the built-in sets.
const SCREEN = join(FIXTURES, 'screen.yaml');
const SALARY = join(ROOT, 'probes', 'salary-offer.yaml');

/**
 * `bias-audit compare` end to end: two `sim` profiles written for this test (fixtures/), one a
 * slight race disparity and one the same disparity made worse, audited with the real binary.
 */
describe('bias-audit compare (end to end, sim)', function () {
  this.timeout(120_000);
  let tmp: string;
  const dir = (name: string): string => join(tmp, name);

  before(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'ba-compare-'));
    const runs: [string, string, string, number][] = [
      ['baseline', SCREEN, 'baseline.yaml', 1],
      ['baseline-seed2', SCREEN, 'baseline.yaml', 2],
      ['worse', SCREEN, 'worse.yaml', 1],
      ['salary', SALARY, 'baseline.yaml', 1],
    ];
    for (const [name, probeSet, profile, seed] of runs) {
      const r = await runCli(['run', probeSet, '--model', `sim:${join(FIXTURES, profile)}`, '--seed', String(seed), '--out', dir(name)]);
      // 0 pass, 1 fail, 4 inconclusive: any verdict will do, the comparison is what is tested.
      assert.ok([0, 1, 4].includes(r.code), `${name}: exit ${r.code}: ${r.stderr}`);
    }
  });
  after(() => rmSync(tmp, { recursive: true, force: true }));

  it('catches a disparity made worse between two sim profiles (exit 1) and says which', async () => {
    const out = dir('cmp-worse');
    const r = await runCli(['compare', dir('baseline'), dir('worse'), '--out', out]);
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.match(r.stdout, /^REGRESSION: compare-screen, A = sim:.*baseline\.yaml, B = sim:.*worse\.yaml — \d+ of 35 gaps between groups got significantly worse/);
    assert.match(r.stdout, /✗ Race: the gap between \w+ people and Black people widened from -?\d+(\.\d)? to \d+ points/);
    assert.match(r.stdout, /✗ Race × Gender: the gap between .* and Black (women|men) widened/);
    assert.match(r.stdout, /Report: .*compare\.html/);
    for (const f of ['compare.html', 'compare.md', 'comparison.json']) assert.ok(existsSync(join(out, f)), f);
    const c = JSON.parse(readFileSync(join(out, 'comparison.json'), 'utf8')) as Comparison;
    assert.equal(c.regressed, true);
    const race = c.axes.find((a) => a.axis === 'race');
    assert.equal(race?.status, 'worse');
    assert.ok(race?.pairs.filter((p) => p.regression).every((p) => p.low === 'Black'), 'only gaps to Black names got worse');
    assert.ok(!c.axes.find((a) => a.axis === 'gender')?.pairs.some((p) => p.regression), 'gender: the profiles do not differ there');
    const black = race?.groups.find((g) => g.group === 'Black');
    assert.ok(black && black.b.impactRatio < black.a.impactRatio - 0.2, 'the impact ratio fell');
    const html = readFileSync(join(out, 'compare.html'), 'utf8');
    assert.doesNotMatch(html, /<script/i);
    assert.ok([...html.matchAll(/<img src="data:image\/png;base64,[^"]+" alt="Bar chart of [^"]+"/g)].length === c.axes.length);
    assert.match(readFileSync(join(out, 'compare.md'), 'utf8'), /^## ❌ bias-audit compare: REGRESSION/);
  });

  it('passes two identical runs (exit 0) with no change at all', async () => {
    const r = await runCli(['compare', dir('baseline'), dir('baseline'), '--json']);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    const c = JSON.parse(r.stdout) as Comparison;
    assert.equal(c.regressed, false);
    assert.ok(c.axes.flatMap((a) => a.pairs).every((p) => p.change === 0 && p.pValue === 1));
    assert.ok(existsSync(join(dir('baseline'), 'compare-vs-baseline', 'compare.html')), 'default output next to run B');
  });

  it('passes the same profile run with another seed (no false alarm)', async () => {
    const r = await runCli(['compare', dir('baseline'), dir('baseline-seed2'), '--out', dir('cmp-seed')]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /^NO REGRESSION: compare-screen/);
  });

  it('reports improvements when the order is reversed, without failing', async () => {
    const r = await runCli(['compare', dir('worse'), dir('baseline'), '--out', dir('cmp-better')]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /✓ Race: the gap between .* narrowed/);
  });

  it('exits 2 on bad input: not a run directory, an unfinished run, different probe sets', async () => {
    const missing = await runCli(['compare', join(tmp, 'nope'), dir('baseline')]);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /nope is not a run directory: no such directory/);

    const empty = dir('empty');
    mkdirSync(empty);
    const notRun = await runCli(['compare', dir('baseline'), empty]);
    assert.equal(notRun.code, 2);
    assert.match(notRun.stderr, /empty is not a run directory: it has no manifest\.json/);

    const unfinished = dir('unfinished');
    mkdirSync(unfinished);
    writeFileSync(join(unfinished, 'manifest.json'), readFileSync(join(dir('baseline'), 'manifest.json')));
    const noResults = await runCli(['compare', dir('baseline'), unfinished]);
    assert.equal(noResults.code, 2);
    assert.match(noResults.stderr, /has no results\.json/);

    const broken = dir('broken');
    mkdirSync(broken);
    writeFileSync(join(broken, 'manifest.json'), '{}');
    writeFileSync(join(broken, 'results.json'), '{"schemaVersion": 1, "findings": "nope"');
    const badJson = await runCli(['compare', dir('baseline'), broken]);
    assert.equal(badJson.code, 2);
    assert.match(badJson.stderr, /results\.json: expected JSON/);

    const different = await runCli(['compare', dir('baseline'), dir('salary')]);
    assert.equal(different.code, 2);
    assert.match(different.stderr, /the runs audit different probe sets \(compare-screen and salary-offer\)/);
  });
});
