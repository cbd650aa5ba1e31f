import assert from 'node:assert/strict';
import { chiSquareIndependence, cmh, cochranQ } from '../../lib/stats/index.js';
import { assertClose, readFixture } from '../helpers/assert-close.js';

interface CmhFixture {
  cases: { cmh: { note: string; strata: number[][][]; statistic: number; pValue: number; df: number }[] };
}

// Rscript test/fixtures/r/cmh.R (R 4.2.2, mantelhaen.test(x, correct = FALSE))
const { cases } = readFixture<CmhFixture>('r/cmh.json');

describe('cmh', () => {
  it('matches R mantelhaen.test(x, correct = FALSE) for k = 2 and k >= 3', () => {
    // R solves with qr.solve, we eliminate with pivoting: the statistic agrees to ~1e-14; the
    // p-value inherits X²/2 times that relative error in the tail (X² ≈ 470 here), hence 1e-11.
    for (const c of cases.cmh) {
      const got = cmh(c.strata);
      assertClose(got.statistic, c.statistic, 1e-12, `${c.note} statistic`);
      assertClose(got.pValue, c.pValue, 1e-11, `${c.note} p`);
      assert.equal(got.df, c.df, `${c.note} df`);
    }
  });

  it('is Cochran’s Q when every stratum is one block of k single binary outcomes', () => {
    const data = [[1, 1, 0], [1, 0, 0], [1, 1, 1], [1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 1, 0]];
    const q = cochranQ(data);
    const c = cmh(data.map((row) => row.map((x) => [x, 1 - x])));
    assertClose(c.statistic, q.statistic, 1e-13);
    assert.equal(c.df, q.df);
  });

  it('is (N − 1)/N times Pearson’s chi-square for a single stratum', () => {
    const table = [[10, 5], [4, 12], [7, 7]];
    const total = 45;
    assertClose(cmh([table]).statistic, (chiSquareIndependence(table).statistic * (total - 1)) / total, 1e-13);
  });

  it('does not depend on the order of groups or strata', () => {
    const strata = cases.cmh.find((c) => c.note === 'k = 3')?.strata ?? [];
    const base = cmh(strata);
    const reordered = cmh([...strata].reverse().map((t) => [t[2], t[0], t[1]] as number[][]));
    assertClose(reordered.statistic, base.statistic, 1e-12);
    assert.ok(base.pValue >= 0 && base.pValue <= 1);
  });

  it('skips strata with fewer than 2 observations', () => {
    const strata = [[[3, 1], [1, 3]], [[4, 2], [2, 4]]];
    assert.deepEqual(cmh([...strata, [[1, 0], [0, 0]], [[0, 0], [0, 0]]]), cmh(strata));
  });

  it('reports statistic 0, p 1 when no stratum has variance', () => {
    assert.deepEqual(cmh([[[2, 0], [3, 0]], [[0, 4], [0, 1]], [[1, 0], [0, 0]]]), { statistic: 0, pValue: 1, df: 0 });
  });

  it('drops a direction without variance (a group absent everywhere) from the df', () => {
    // R stops ("singular"); we use a generalized inverse: the absent group adds nothing.
    const withAbsent = cmh([[[3, 1], [0, 0], [1, 3]], [[4, 2], [0, 0], [2, 4]]]);
    const without = cmh([[[3, 1], [1, 3]], [[4, 2], [2, 4]]]);
    assertClose(withAbsent.statistic, without.statistic, 1e-13);
    assert.equal(withAbsent.df, 1);
  });

  it('rejects tables of different shapes and bad counts', () => {
    assert.throws(() => cmh([]), { name: 'RangeError', message: /strata.*\[\]/ });
    assert.throws(() => cmh([[[1, 2], [3, 4]], [[1, 2], [3, 4], [5, 6]]]), { name: 'RangeError', message: /strata\[1\]/ });
    assert.throws(() => cmh([[[1, 2, 0], [3, 4, 0]]]), { name: 'RangeError', message: /strata\[0\].*x 2/ });
    assert.throws(() => cmh([[[1, -2], [3, 4]]]), { name: 'RangeError', message: /strata\[0\]\[0\]\[1\].*-2/ });
  });
});
