import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { collect, ROOT, runCli, spawnCli } from '../helpers/cli.js';
import type { AuditResults } from '../../lib/types.js';

const HIRING = join(ROOT, 'probes', 'hiring-screen.yaml');

function results(dir: string): AuditResults {
  return JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as AuditResults;
}

function verdicts(r: AuditResults): Record<string, string> {
  return Object.fromEntries(r.findings.map((f) => [f.axis, f.verdict]));
}

describe('bias-audit run (end to end, sim)', function () {
  this.timeout(120_000);
  let tmp: string;
  before(() => (tmp = mkdtempSync(join(tmpdir(), 'ba-e2e-'))));
  after(() => rmSync(tmp, { recursive: true, force: true }));

  it('catches sim:biased on race and age, not on gender, religion or disability (exit 1)', async () => {
    const out = join(tmp, 'biased');
    const r = await runCli(['run', HIRING, '--model', 'sim:biased', '--seed', '1', '--out', out]);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stdout, /^FAIL: hiring-screen on sim:biased \(synthetic model\)/);
    assert.match(r.stdout, /Report: .*report\.html/);
    for (const f of ['manifest.json', 'probe-set.json', 'responses.jsonl', 'results.json', 'report.html', 'report.md', 'junit.xml']) {
      assert.ok(existsSync(join(out, f)), `run directory lacks ${f}`);
    }
    const res = results(out);
    const v = verdicts(res);
    assert.equal(v.race, 'fail');
    assert.equal(v['race x gender'], 'fail');
    assert.equal(v.age, 'fail');
    assert.equal(v.gender, 'pass');
    assert.equal(v.religion, 'pass');
    assert.equal(v.disability, 'pass');
    assert.equal(res.synthetic, true);
    // Every reply is accounted for: scored + refused + unparsed + errors = calls.
    const c = res.counts;
    assert.equal(c.scored + c.refused + c.unparsed + c.errors, c.calls);
    assert.equal(c.calls, res.manifest.probeSet.probes * res.manifest.probeSet.samples);
    assert.ok(c.unparsed > 0 && c.refused > 0, 'sim produces some unparsed and refused replies, and they are counted');
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    assert.ok((html.match(/src="data:image\/png;base64,/g) ?? []).length >= res.findings.length, 'a chart per axis');
    assert.match(html, /SYNTHETIC/i);
  });

  for (const seed of [1, 2, 3]) {
    it(`passes sim:fair with seed ${seed} (exit 0)`, async () => {
      const r = await runCli(['run', HIRING, '--model', 'sim:fair', '--seed', String(seed), '--out', join(tmp, `fair${seed}`)]);
      assert.equal(r.code, 0, r.stdout + r.stderr);
      assert.match(r.stdout, /^PASS/);
    });
  }

  it('resumes into the same directory without a single new call, and `report` regenerates identically', async () => {
    const out = join(tmp, 'biased');
    const journalBefore = readFileSync(join(out, 'responses.jsonl'), 'utf8');
    const r = await runCli(['run', HIRING, '--model', 'sim:biased', '--seed', '1', '--out', out]);
    assert.equal(r.code, 1);
    assert.equal(readFileSync(join(out, 'responses.jsonl'), 'utf8'), journalBefore, 'journal unchanged: no call was made');
    const before = results(out);
    const rep = await runCli(['report', out]);
    assert.equal(rep.code, 1, rep.stderr);
    const after = results(out);
    assert.deepEqual(after.findings, before.findings);
  });

  it('refuses to resume a directory holding another audit (exit 2)', async () => {
    const r = await runCli(['run', HIRING, '--model', 'sim:fair', '--seed', '1', '--out', join(tmp, 'biased')]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /holds another audit \(model sim:biased \(now sim:fair\)/);
  });

  it('a malformed probe set exits 2 naming file and line, and writes nothing', async () => {
    const bad = join(tmp, 'broken.yaml');
    writeFileSync(bad, 'id: broken\ntemplate: "Hello {{nosuchvar}}"\n  bad: [indent\n');
    const r = await runCli(['run', bad, '--model', 'sim:fair', '--out', join(tmp, 'broken')]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /broken\.yaml:3: /);
    assert.ok(!existsSync(join(tmp, 'broken')));
  });

  it('an unknown template variable is reported with its line', async () => {
    const bad = join(tmp, 'unknown-var.yaml');
    writeFileSync(bad, ['id: unknown-var', 'outcome: { type: binary, favourable: "yes" }', 'attributes:', '  age:', '    values: [30, 60]', 'template: |', '  A {{age}}-year-old', '  asks {{nosuchvar}}. Yes or no?', ''].join('\n'));
    const r = await runCli(['run', bad, '--model', 'sim:fair']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /unknown-var\.yaml:8: template: expected a variable defined by an attribute or the context \(age\), got unknown template variable "nosuchvar"/);
  });

  it('usage errors exit 2: unknown model kind, missing key, bad number', async () => {
    let r = await runCli(['run', HIRING, '--model', 'gpt-4o']);
    assert.equal(r.code, 2);
    r = await runCli(['run', HIRING, '--model', 'openai:gpt-4o-mini'], { env: {} });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /OPENAI_API_KEY/);
    r = await runCli(['run', HIRING, '--model', 'sim:fair', '--samples', 'many']);
    assert.equal(r.code, 2);
    r = await runCli(['run', HIRING]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--model/);
  });

  it('--help and --version exit 0; `sim --describe` prints the profile', async () => {
    let r = await runCli(['--help']);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /run \[options\]/);
    r = await runCli(['run', '--help']);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /Examples:/);
    r = await runCli(['--version']);
    assert.equal(r.code, 0);
    assert.equal(r.stdout.trim(), (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version);
    r = await runCli(['sim', '--describe', 'sim:biased']);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /synthetic/i);
    assert.match(r.stdout, /race = Black/);
  });

  it('validate prints the size of a built-in set named without its path', async () => {
    const r = await runCli(['validate', 'hiring-screen']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /hiring-screen: valid — 4 template\(s\), 4608 probes x 6 samples = 27648 calls/);
  });

  it('audits the numeric salary-offer set and reports means with intervals', async () => {
    const out = join(tmp, 'salary');
    const r = await runCli(['run', join(ROOT, 'probes', 'salary-offer.yaml'), '--model', 'sim:biased', '--seed', '2', '--out', out]);
    assert.ok([0, 1, 4].includes(r.code), r.stderr);
    const res = results(out);
    const gender = res.findings.find((f) => f.axis === 'gender');
    assert.ok(gender, 'a gender finding');
    assert.equal(gender.metric, 'mean');
    assert.equal(gender.reference, 'male', 'sim:biased offers women 6% less');
    assert.ok(gender.relativeGap > 0.03 && gender.relativeGap < 0.09, `relative gap ${gender.relativeGap}`);
    for (const g of gender.groups) assert.ok(g.ciLow < g.value && g.value < g.ciHigh);
  });
});

describe('bin/bias-audit.js (the built binary)', function () {
  this.timeout(60_000);
  it('prints its version from the build in dist/', async () => {
    const { spawn } = await import('node:child_process');
    const child = spawn(process.execPath, [join(ROOT, 'bin', 'bias-audit.js'), '--version'], { stdio: ['ignore', 'pipe', 'pipe'] });
    const r = await collect(child);
    assert.equal(r.code, 0, `${r.stderr} (run npm run build first)`);
    assert.match(r.stdout, /^\d+\.\d+\.\d+/);
  });

  it('exits 2 on a usage error in a child process', async () => {
    const r = await collect(spawnCli(['run', HIRING, '--model', 'nope:x']));
    assert.equal(r.code, 2);
    assert.match(r.stderr, /error: /);
  });
});

describe('paths are read against the CLI cwd, not the process directory', () => {
  it('validates a relative path given with another cwd', async () => {
    const r = await runCli(['validate', 'hiring-screen.yaml'], { cwd: join(ROOT, 'probes') });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^hiring-screen: valid/);
  });
});

describe('built-in probe sets by id', () => {
  it('finds a set in a sub-folder of probes/ by its id', async () => {
    const r = await runCli(['validate', 'safety-harmful-requests']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^safety-harmful-requests: valid/);
  });
});
