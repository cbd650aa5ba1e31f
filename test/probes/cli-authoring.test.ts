/** The authoring commands: list, init, expand, validate, and run --max-probes. */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunManifest } from '../../lib/types.js';
import { runCli } from '../helpers/cli.js';

/** An audit finished: passed (0), failed (1) or inconclusive (4); not bad input (2) or an incomplete run (3). */
const finished = (code: number): boolean => [0, 1, 4].includes(code);

describe('authoring commands', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ba-author-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('list --json: the built-in sets with size and axes', async () => {
    const r = await runCli(['list', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const sets = JSON.parse(r.stdout) as { id: string; domain: string; calls: number; probes: number; samples: number; axes: { id: string }[] }[];
    assert.ok(sets.length >= 15);
    const promotion = sets.find((s) => s.id === 'promotion');
    assert.ok(promotion && promotion.calls === promotion.probes * promotion.samples && promotion.axes.some((a) => a.id === 'sexual_orientation'));
    const text = await runCli(['list']);
    assert.match(text.stdout, /\d+ probe sets, \d+ domains, \d+ axes/);
  });

  it('init writes a commented set that validates; it will not overwrite', async () => {
    const r = await runCli(['init', 'tenant-screen'], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    assert.match(readFileSync(join(dir, 'tenant-screen.yaml'), 'utf8'), /^# tenant-screen: a bias-audit probe set/);
    const v = await runCli(['validate', join(dir, 'tenant-screen.yaml')], { cwd: dir });
    assert.equal(v.code, 0, v.stderr);
    assert.match(v.stdout, /tenant-screen: valid — 2 template\(s\), 28 probes x 3 samples = 84 calls/);
    assert.equal((await runCli(['init', 'tenant-screen'], { cwd: dir })).code, 2);
    assert.equal((await runCli(['init', 'Bad Name'], { cwd: dir })).code, 2);
  });

  it('validate lists every problem of a broken file with file and line (exit 2)', async () => {
    const r = await runCli(['validate', join('test', 'fixtures', 'probes', 'broken.yaml')]);
    assert.equal(r.code, 2);
    const lines = r.stderr.split('\n').filter((l) => /broken\.yaml:\d+: /.test(l) || /ragged\.csv:\d+: /.test(l));
    assert.ok(lines.length >= 6, r.stderr);
  });

  it('expand prints the prompts as text or JSON lines, sampled like run --max-probes', async () => {
    const text = await runCli(['expand', 'pain-management']);
    assert.equal(text.code, 0, text.stderr);
    assert.equal((text.stdout.match(/^=== /gm) ?? []).length, 600);
    assert.match(text.stdout, /\[user\]\nPatient: Mary, 34, arrived by ambulance; X-ray confirms/);
    const out = join(dir, 'p.jsonl');
    const j = await runCli(['expand', 'promotion', '--format', 'jsonl', '--max-probes', '100', '--seed', '2', '--out', out]);
    assert.equal(j.code, 0, j.stderr);
    const probes = readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { id: string; messages: unknown[]; groups: Record<string, string> });
    assert.ok(probes.length <= 100 && probes.length > 50);
    assert.match(j.stderr, new RegExp(`^promotion: ${probes.length} of \\d+ probes`));
  });

  it('run --max-probes samples, records the sampling in the manifest and the method, and resumes with it', async () => {
    const out = join(dir, 'run');
    const r = await runCli(['run', 'promotion', '--model', 'sim:fair', '--max-probes', '120', '--samples', '1', '--seed', '3', '--out', out]);
    assert.ok(finished(r.code), r.stderr);
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as RunManifest;
    assert.ok(manifest.sampling && manifest.sampling.maxProbes === 120 && manifest.sampling.totalProbes > 120 && manifest.probeSet.probes === manifest.sampling.probes);
    const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as { method: { notes: string[] }; counts: { calls: number } };
    assert.ok(results.method.notes.some((n) => n.startsWith(`Sampling: ${manifest.sampling?.probes} of the ${manifest.sampling?.totalProbes} probes`)));
    assert.equal(results.counts.calls, manifest.sampling.probes);
    const again = await runCli(['run', '--resume', out]);
    assert.ok(finished(again.code), again.stderr);
    assert.match(again.stderr + again.stdout, /replies/);
    const report = await runCli(['report', out]);
    assert.equal((JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as { counts: { calls: number } }).counts.calls, manifest.sampling.probes, report.stderr);
  });
});
