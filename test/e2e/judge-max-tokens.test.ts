import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { audit, estimateAudit } from '../../lib/audit/index.js';
import { createSimProvider } from '../../lib/providers/sim/index.js';
import type { AuditResults, CompletionRequest, Provider } from '../../lib/types.js';
import { ROOT, runCli } from '../helpers/cli.js';

const OVER_REFUSAL = join(ROOT, 'probes', 'safety', 'over-refusal.yaml');

/** A judge that records the parameters of every request and otherwise is `inner`. */
function recording(inner: Provider): Provider & { maxTokens: Set<number | undefined> } {
  const maxTokens = new Set<number | undefined>();
  return { id: inner.id, synthetic: true, maxTokens, complete: (req: CompletionRequest) => (maxTokens.add(req.parameters?.maxTokens), inner.complete(req)) };
}

/**
 * A reasoning model spends tokens before its one-word verdict: --judge-max-tokens gives it room.
 * The default stays 5 (a one-word answer).
 */
describe('judge: --judge-max-tokens', function () {
  this.timeout(60_000);
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'ba-judge-tokens-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('sends the budget to the judge, records it in the manifest and prices the dry run with it', async () => {
    const judge = recording(await createSimProvider('fair', { seed: 0, cwd: ROOT }));
    const r = await audit({ probeSet: OVER_REFUSAL, model: 'sim:unsafe', judge, judgeMaxTokens: 64, judgeSample: 20, maxProbes: 10, outDir: join(dir, 'a'), cache: false });
    assert.deepEqual([...judge.maxTokens], [64]);
    assert.equal(r.manifest.judge?.parameters.maxTokens, 64);
    assert.equal(r.manifest.judge?.parameters.temperature, 0);
    const plain = recording(await createSimProvider('fair', { seed: 0, cwd: ROOT }));
    await audit({ probeSet: OVER_REFUSAL, model: 'sim:unsafe', judge: plain, judgeSample: 20, maxProbes: 10, outDir: join(dir, 'b'), cache: false });
    assert.deepEqual([...plain.maxTokens], [5]);
    const est = await estimateAudit({ probeSet: OVER_REFUSAL, model: 'sim:unsafe', judge: 'sim:fair', judgeMaxTokens: 64, judgeSample: 20, maxProbes: 10 });
    assert.ok(est.judge, 'the dry run has a judge part');
    assert.match(est.judge.basis, /64 tokens per verdict at most/);
    assert.equal(est.judge.maxOutputTokens, 64 * est.judge.calls);
  });

  it('is a usage error below 1 (exit 2), and a resumed run keeps the budget its manifest names', async () => {
    const bad = await runCli(['run', OVER_REFUSAL, '--model', 'sim:unsafe', '--judge', 'sim:fair', '--judge-max-tokens', '0', '--max-probes', '10', '--out', join(dir, 'c')]);
    assert.equal(bad.code, 2, bad.stderr);
    const out = join(dir, 'd');
    const first = await runCli(['run', OVER_REFUSAL, '--model', 'sim:unsafe', '--judge', 'sim:fair', '--judge-max-tokens', '32', '--judge-sample', '20', '--max-probes', '10', '--out', out]);
    assert.ok([0, 1, 4].includes(first.code), first.stderr);
    const again = await runCli(['run', '--resume', out]);
    assert.ok([0, 1, 4].includes(again.code), again.stderr);
    const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as AuditResults;
    assert.equal(results.manifest.judge?.parameters.maxTokens, 32);
  });
});
