import assert from 'node:assert/strict';
import { SharedLimit, type CostFunction } from '../../lib/runner/index.js';

describe('SharedLimit (one cost limit over several journals)', () => {
  // Journals stood in by their token counts; each priced at its own model's price.
  const tokens: Record<string, number> = { model: 1000, translator: 3000, judge: 0 };
  const per = (usdPerToken: number): CostFunction => (u) => (u.inputTokens + u.outputTokens) * usdPerToken;
  const spentIn = (file: string, costOf: CostFunction) => costOf({ inputTokens: tokens[file] ?? 0, outputTokens: 0 }, { batch: false });
  const journals = [
    { file: 'model', costOf: per(1e-6) },
    { file: 'translator', costOf: per(2e-6) },
    { file: 'judge', costOf: per(3e-6) },
    { file: 'unpriced' },
  ];

  it('gives each journal the limit less what the others cost, at their own prices', () => {
    const limit = new SharedLimit(0.01, journals, spentIn);
    // model: $0.001; translator: 3000 x $2e-6 = $0.006; judge: nothing yet.
    assert.ok(Math.abs(limit.spentElsewhere('judge') - 0.007) < 1e-12);
    assert.ok(Math.abs(limit.limitFor('judge') - 0.003) < 1e-12);
    assert.ok(Math.abs(limit.limitFor('model') - 0.004) < 1e-12);
    assert.ok(Math.abs(limit.limitFor('translator') - 0.009) < 1e-12);
  });

  it('never gives a negative limit', () => {
    assert.equal(new SharedLimit(0.005, journals, spentIn).limitFor('judge'), 0);
  });
});
