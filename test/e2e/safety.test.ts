/**
 * Done-means of issue 7: `bias-audit run probes/safety/<set>.yaml --model sim:unsafe` reports refusal,
 * over-refusal and attack success rates that match the profile within sampling error. Each rate is
 * read from results.json and compared with the profile's rate, within 4 binomial standard errors (a
 * fixed seed makes each run deterministic; 4 SE keeps a re-worded probe set from failing by chance).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, runCli } from '../helpers/cli.js';
import { renderHtml } from '../../lib/report/index.js';
import type { AuditResults } from '../../lib/types.js';

const SAFETY = join(ROOT, 'probes', 'safety');
const logistic = (x: number): number => 1 / (1 + Math.exp(-x));
const logit = (p: number): number => Math.log(p / (1 - p));

function results(dir: string): AuditResults {
  return JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as AuditResults;
}

/** The report's safety section as text: tags dropped, entities decoded, whitespace collapsed. */
function safetySection(html: string): string {
  const start = html.indexOf('id="safety-heading"');
  assert.ok(start > 0, 'the report has no safety section');
  const section = html.slice(start, html.indexOf('</section>', start));
  return section.replace(/<[^>]+>/g, ' ').replace(/&#x27;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&').replace(/\s+/g, ' ');
}

/** The favourable rate of each group of one axis, with its number of scored replies. */
function rates(r: AuditResults, axis: string): Map<string, { n: number; value: number }> {
  const f = r.findings.find((x) => x.axis === axis);
  assert.ok(f, `no finding for axis ${axis}`);
  return new Map(f.groups.map((g) => [g.group, { n: g.n, value: g.value }]));
}

function assertNear(observed: number, expected: number, n: number, what: string): void {
  const se = Math.sqrt((expected * (1 - expected)) / n);
  assert.ok(Math.abs(observed - expected) < 4 * se, `${what}: observed ${observed.toFixed(3)}, profile ${expected.toFixed(3)} (n ${n}, 4 SE = ${(4 * se).toFixed(3)})`);
}

describe('safety audits of sim:unsafe (end to end)', function () {
  this.timeout(120_000);
  let tmp: string;
  before(() => (tmp = mkdtempSync(join(tmpdir(), 'ba-safety-'))));
  after(() => rmSync(tmp, { recursive: true, force: true }));

  it('harmful-requests: refusal 90% plain; attack success per transform as the profile sets it; fails on the attack axis', async () => {
    const out = join(tmp, 'harmful');
    const r = await runCli(['run', join(SAFETY, 'harmful-requests.yaml'), '--model', 'sim:unsafe', '--seed', '1', '--out', out, '--no-cache']);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stdout, /FAIL: safety-harmful-requests on sim:unsafe/);
    const res = results(out);
    assert.equal(res.outcome.type, 'refusal');
    const attack = rates(res, 'attack');
    // favourable = refused, so a group's value is its refusal rate and 1 - value its attack success rate.
    const refusal = { plain: 0.9, 'role-play': 0.5, 'prefix-injection': 0.6, 'refusal-suppression': 0.7, base64: 0.3, 'multi-turn': 0.4 };
    assert.deepEqual([...attack.keys()].sort(), Object.keys(refusal).sort());
    for (const [group, expected] of Object.entries(refusal)) {
      const g = attack.get(group)!;
      assert.equal(g.n, 160, group);
      assertNear(g.value, expected, g.n, `refusal rate, ${group}`);
      assertNear(1 - g.value, 1 - expected, g.n, `attack success rate, ${group}`);
    }
    const f = res.findings.find((x) => x.axis === 'attack')!;
    assert.equal(f.verdict, 'fail');
    assert.equal(f.reference, 'plain');
    assert.equal(f.worst, 'base64');

    // The report's safety section restates the rates: refusal, attack success and change from plain.
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    const text = safetySection(html);
    assert.match(text, /Refusal rate on harmful requests: 55\.4% \(Attack axis, 960 scored replies; higher is better/);
    assert.match(text, /plain 160 90\.0% 84\.4% to 93\.8% 10\.0% —/);
    assert.match(text, /base64 160 28\.1% 21\.7% to 35\.5% 71\.9% −61\.9 points/);
    // Worst examples are collapsed by default, behind a content warning, and escaped.
    assert.match(html, /<details class="safety-examples">\s*<summary>Worst examples \(harmful requests answered\) — content warning/);
    assert.doesNotMatch(html, /<details class="safety-examples" open/);
    const tampered = structuredClone(res);
    const row = tampered.examples.flatMap((e) => e.rows).find((x) => x.label === 'answered');
    assert.ok(row, 'an answered harmful request among the examples');
    row.response = '<script>alert(1)</script><img src=x onerror=alert(2)>';
    const rendered = await renderHtml(tampered);
    assert.ok(!rendered.includes('<script>alert(1)'), 'a reply is never written unescaped');
    assert.ok(rendered.includes('&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src&#x3D;x onerror&#x3D;alert(2)&gt;'));
  });

  it('over-refusal: the XSTest safe prompts are refused about 10% of the time, alike across prompt types', async () => {
    const out = join(tmp, 'over');
    const r = await runCli(['run', join(SAFETY, 'over-refusal.yaml'), '--model', 'sim:unsafe', '--seed', '1', '--out', out, '--no-cache']);
    assert.notEqual(r.code, 1, r.stdout);
    const groups = [...rates(results(out), 'type').values()];
    assert.equal(groups.length, 10);
    const n = groups.reduce((s, g) => s + g.n, 0);
    const answered = groups.reduce((s, g) => s + g.n * g.value, 0) / n;
    assert.equal(n, 500);
    assertNear(1 - answered, 0.1, n, 'over-refusal rate');
    const text = safetySection(readFileSync(join(out, 'report.html'), 'utf8'));
    assert.match(text, new RegExp(`Over-refusal rate on safe requests: ${((1 - answered) * 100).toFixed(1)}% \\(Type axis, 500 scored replies; lower is better`));
  });

  it('safety-by-persona: over-refusal 10%, 31% for Black names and 36% for Muslim askers; fails on race and religion, passes gender', async () => {
    const out = join(tmp, 'persona');
    const r = await runCli(['run', join(SAFETY, 'safety-by-persona.yaml'), '--model', 'sim:unsafe', '--seed', '1', '--out', out, '--no-cache']);
    assert.equal(r.code, 1, r.stderr);
    const res = results(out);
    const verdicts = Object.fromEntries(res.findings.map((f) => [f.axis, f.verdict]));
    assert.deepEqual(verdicts, { race: 'fail', gender: 'pass', 'race x gender': 'fail', religion: 'fail' });
    const shifted = (shift: number): number => logistic(logit(0.1) + shift);
    for (const [axis, group, refusal] of [
      ['race', 'White', 0.1],
      ['race', 'Black', shifted(1.4)],
      ['race', 'Hispanic', 0.1],
      ['religion', 'Muslim', shifted(1.6)],
      ['religion', 'Christian', 0.1],
    ] as const) {
      const g = rates(res, axis).get(group)!;
      assertNear(1 - g.value, refusal, g.n, `over-refusal, ${axis} ${group}`);
    }
    const text = safetySection(readFileSync(join(out, 'report.html'), 'utf8'));
    assert.match(text, /Religion: refusal rate by group \(all groups: 12\.6%\)/);
    assert.match(text, /Muslim 240 31\.7%/);
    assert.match(text, /Worst examples \(safe requests refused\)/);
  });

  it('answer-quality-by-persona: answers to women 30% shorter; Black askers refused more but, refusals set aside, answered at the same length', async () => {
    const out = join(tmp, 'quality');
    const r = await runCli(['run', join(SAFETY, 'answer-quality-by-persona.yaml'), '--model', 'sim:unsafe', '--seed', '1', '--max-probes', '300', '--out', out, '--no-cache']);
    assert.equal(r.code, 1, r.stderr);
    const res = results(out);
    assert.equal(res.outcome.type, 'length');
    const byAxis = (axis: string) => new Map(res.findings.find((f) => f.axis === axis)!.groups.map((g) => [g.group, g]));
    // Words = 8 (opening) + 8 per sentence; sentences = round(10 (1 + shift) exp(0.3 z)), so E ~ 8 + 80 (1 + shift) exp(0.045).
    const expected = (shift: number) => 8 + 80 * (1 + shift) * Math.exp(0.3 ** 2 / 2);
    const gender = byAxis('gender');
    for (const [group, shift] of [['female', -0.3], ['male', 0]] as const) {
      const g = gender.get(group)!;
      const se = (g.sd ?? 0) / Math.sqrt(g.n);
      assert.ok(Math.abs(g.value - expected(shift)) < 4 * se + 1, `${group}: mean ${g.value.toFixed(1)} words, expected ${expected(shift).toFixed(1)} (4 SE = ${(4 * se).toFixed(1)}; rounding to whole sentences adds up to 1 word of bias)`);
    }
    assert.equal(res.findings.find((f) => f.axis === 'gender')!.verdict, 'fail');
    // Black askers are refused about 31% of the time, White ones 10%: those refusals are counted, not averaged in.
    const race = byAxis('race');
    const black = race.get('Black')!;
    const white = race.get('White')!;
    assert.ok(black.refused / black.total > 0.2 && white.refused / white.total < 0.16, `refused: Black ${black.refused}/${black.total}, White ${white.refused}/${white.total}`);
    const gapSe = Math.sqrt((black.sd ?? 0) ** 2 / black.n + (white.sd ?? 0) ** 2 / white.n);
    assert.ok(Math.abs(black.value - white.value) < 4 * gapSe, `Black ${black.value.toFixed(1)} vs White ${white.value.toFixed(1)} words among answers (4 SE = ${(4 * gapSe).toFixed(1)})`);
    assert.notEqual(res.findings.find((f) => f.axis === 'race')!.verdict, 'fail');
  });

  it('leaves the report of a non-safety set without a safety section', async () => {
    const out = join(tmp, 'hiring');
    await runCli(['run', join(ROOT, 'probes', 'hiring-screen.yaml'), '--model', 'sim:unsafe', '--seed', '1', '--max-probes', '200', '--out', out, '--no-cache']);
    assert.doesNotMatch(readFileSync(join(out, 'report.html'), 'utf8'), /safety-heading/);
  });
});
