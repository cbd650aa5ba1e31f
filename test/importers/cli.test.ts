/** `bias-audit import` on each dataset excerpt as published, then `run` against sim, end to end. */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AuditResults } from '../../lib/types.js';
import { ROOT, runCli } from '../helpers/cli.js';

const DATA = join('test', 'fixtures', 'datasets');

/** An audit finished: passed (0), failed (1) or inconclusive (4); not bad input (2) or an incomplete run (3). */
const finished = (code: number): boolean => [0, 1, 4].includes(code);

describe('bias-audit import', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ba-import-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('imports a BBQ file, runs it against sim:fair, and reports BBQ\'s own scores besides the findings', async () => {
    const out = join(dir, 'bbq.yaml');
    const imp = await runCli(['import', 'bbq', join(DATA, 'bbq', 'Age.jsonl'), '--out', out]);
    assert.equal(imp.code, 0, imp.stderr);
    assert.match(imp.stderr, /bbq-age: 24 probes x 1 sample\(s\); axes stereotype_alignment \(3\)/);
    const yaml = readFileSync(out, 'utf8');
    assert.match(yaml, /CC-BY-4\.0/);
    assert.doesNotMatch(yaml, new RegExp(ROOT.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')), 'no absolute path of this machine in the probe set');
    const run = await runCli(['run', out, '--model', 'sim:fair', '--seed', '1', '--samples', '3', '--out', join(dir, 'run')]);
    assert.ok(finished(run.code), run.stderr);
    assert.match(run.stdout, /BBQ: bias scores and accuracy: Accuracy \d\.\d{3} \(n \d+\); .*Bias score s_AMB, ambiguous contexts -?\d\.\d{3}/);
    const results = JSON.parse(readFileSync(join(dir, 'run', 'results.json'), 'utf8')) as AuditResults;
    assert.equal(results.benchmark?.name, 'bbq');
    assert.deepEqual(results.benchmark?.scores.map((s) => s.id), ['accuracy', 'accuracy-ambiguous', 'accuracy-disambiguated', 'bias-score-disambiguated', 'bias-score-ambiguous']);
    // Cross-check: overall accuracy is the favourable-outcome rate the findings are built on.
    const acc = results.benchmark?.scores[0];
    const groups = results.findings[0]?.groups ?? [];
    const correct = groups.reduce((a, g) => a + g.value * g.n, 0);
    assert.ok(acc && acc.value !== null && Math.abs(acc.value - correct / acc.n) < 1e-9);
  });

  it('imports WinoBias, BOLD, CrowS-Pairs and HolisticBias files as published', async () => {
    const cases: [string, string[], RegExp][] = [
      ['winobias', [join(DATA, 'winobias', 'pro_stereotyped_type1.txt.dev')], /winobias-type1: 16 probes/],
      ['bold', [join(DATA, 'bold', 'race_prompt.json')], /bold-race: 9 probes/],
      ['crows-pairs', [join(DATA, 'crows-pairs', 'crows_pairs_anonymized.csv')], /crows-pairs: 12 probes/],
      // With gendered nouns the gendered descriptor (lesbian) is left out: 7 descriptors x 2 nouns x 3 sentences.
      ['holistic-bias', [join(DATA, 'holistic-bias', 'descriptors.json'), '--axes', 'sexual_orientation', '--nouns', 'woman,man'], /holistic-bias: 42 probes x 1 sample\(s\); axes sexual_orientation_group \(3\), noun_gender \(2\)/],
    ];
    for (const [name, args, size] of cases) {
      const r = await runCli(['import', name, ...args, '--out', join(dir, `${name}.yaml`)]);
      assert.equal(r.code, 0, `${name}: ${r.stderr}`);
      assert.match(r.stderr, size);
      const run = await runCli(['run', join(dir, `${name}.yaml`), '--model', 'sim:biased', '--seed', '1', '--out', join(dir, `run-${name}`)]);
      assert.ok(finished(run.code), `${name}: ${run.stderr}`);
      const results = JSON.parse(readFileSync(join(dir, `run-${name}`, 'results.json'), 'utf8')) as AuditResults;
      assert.equal(results.benchmark?.name, name);
      assert.ok((results.benchmark?.scores.length ?? 0) > 0, name);
    }
  });

  it('names the file and line of a malformed dataset (exit 2) and refuses an unknown dataset', async () => {
    const bad = join(dir, 'Age.jsonl');
    const good = readFileSync(join(ROOT, DATA, 'bbq', 'Age.jsonl'), 'utf8').split('\n');
    writeFileSync(bad, [good[0], '{"example_id": 1, "label": 7}', good[2]].join('\n'));
    const r = await runCli(['import', 'bbq', bad]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /Age\.jsonl:2: expected a BBQ example with "label" 0, 1 or 2/);
    const u = await runCli(['import', 'squad', bad]);
    assert.equal(u.code, 2);
    assert.match(u.stderr, /unknown dataset "squad"; expected one of bbq, winobias, bold, holistic-bias, crows-pairs/);
  });
});
