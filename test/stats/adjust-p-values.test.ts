import assert from 'node:assert/strict';
import { adjustBh, adjustBonferroni, adjustHolm, adjustPValues } from '../../lib/stats/index.js';
import { readFixture } from '../helpers/assert-close.js';

interface PAdjustFixture {
  cases: { families: { p: number[]; holm: number[]; bh: number[]; bonferroni: number[] }[] };
}

// Rscript test/fixtures/r/p_adjust.R (R 4.2.2, p.adjust)
const { cases } = readFixture<PAdjustFixture>('r/p_adjust.json');

describe('adjustPValues', () => {
  // Same floating-point operations in the same order as R's p.adjust ((m − i + 1)·p, m/i·p,
  // running max/min, then pmin(1, ·)): the results must be identical, not just close.
  it("is exactly R's p.adjust(p, 'holm')", () => {
    for (const f of cases.families) {
      assert.deepEqual(adjustHolm(f.p), f.holm);
      assert.deepEqual(adjustPValues(f.p, 'holm'), f.holm);
    }
  });

  it("is exactly R's p.adjust(p, 'BH')", () => {
    for (const f of cases.families) {
      assert.deepEqual(adjustBh(f.p), f.bh);
      assert.deepEqual(adjustPValues(f.p, 'bh'), f.bh);
    }
  });

  it("is exactly R's p.adjust(p, 'bonferroni')", () => {
    for (const f of cases.families) {
      assert.deepEqual(adjustBonferroni(f.p), f.bonferroni);
      assert.deepEqual(adjustPValues(f.p, 'bonferroni'), f.bonferroni);
    }
  });

  it("'none' returns a copy; an empty family gives []", () => {
    const p = [0.2, 0.01];
    const out = adjustPValues(p, 'none');
    assert.deepEqual(out, p);
    assert.notEqual(out, p);
    assert.deepEqual(adjustPValues([], 'holm'), []);
  });

  it('never lowers a p-value, stays in [0, 1], and Holm >= BH', () => {
    for (const f of cases.families) {
      const holm = adjustHolm(f.p);
      const bh = adjustBh(f.p);
      f.p.forEach((p, i) => {
        assert.ok((holm[i] as number) >= p && (holm[i] as number) <= 1);
        assert.ok((bh[i] as number) >= p && (bh[i] as number) <= (holm[i] as number));
      });
    }
  });

  it('rejects values that are not probabilities and unknown methods', () => {
    assert.throws(() => adjustHolm([0.1, 1.2]), { name: 'RangeError', message: /p\[1\].*1\.2/ });
    assert.throws(() => adjustBh([NaN]), { name: 'RangeError', message: /p\[0\].*NaN/ });
    assert.throws(() => adjustPValues([0.1], 'BY' as 'bh'), { name: 'RangeError', message: /method.*BY/ });
  });
});
