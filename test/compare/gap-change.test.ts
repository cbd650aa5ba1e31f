import assert from 'node:assert/strict';
import { gapChange } from '../../lib/compare/index.js';
import { assertClose } from '../helpers/assert-close.js';

// Tolerances: 1e-12 relative for the closed-form estimate, standard error and interval (a few
// floating-point operations); 1e-10 for p-values, which go through @stdlib's normal CDF.
describe('gapChange', () => {
  it('tests a change of a rate gap with the Price–Bonett adjusted Wald contrast', () => {
    // B: 70/100 vs 40/100; A: 65/100 vs 60/100. Reference (SciPy 1.17):
    // p = [(x + 0.5) / (n + 1)]; est = p0 - p1 - p2 + p3; se = sqrt(sum(p(1-p)/(n+1)))
    // est 0.2475247524752474, se 0.09539524740242354, z 2.5947283456487895,
    // 2*norm.sf(z) 0.009466570750214742, est ± norm.ppf(.975)*se 0.060553503270209114, 0.4344960016802857
    const t = gapChange('rate', { high: { n: 100, value: 0.65 }, low: { n: 100, value: 0.6 } }, { high: { n: 100, value: 0.7 }, low: { n: 100, value: 0.4 } });
    assert.ok(t);
    assertClose(t.change, 0.25, 1e-12, 'the reported change is the observed one');
    assertClose(t.se, 0.09539524740242354, 1e-12);
    assertClose(t.z, 2.5947283456487895, 1e-12);
    assertClose(t.pValue, 0.009466570750214742, 1e-10);
    assertClose(t.ciLow, 0.060553503270209114, 1e-12);
    assertClose(t.ciHigh, 0.4344960016802857, 1e-12);
  });

  it('tests a change of a mean gap with a Welch-type z contrast', () => {
    // est = (100 - 90) - (100 - 97) = 7; se = sqrt(10²/50 + 12²/40 + 10²/50 + 11²/45) = 3.2076297929918423
    // z 2.1822967274134566, 2*norm.sf(z) 0.029087640388139564 (SciPy 1.17)
    const t = gapChange(
      'mean',
      { high: { n: 50, value: 100, sd: 10 }, low: { n: 45, value: 97, sd: 11 } },
      { high: { n: 50, value: 100, sd: 10 }, low: { n: 40, value: 90, sd: 12 } },
    );
    assert.ok(t);
    assertClose(t.change, 7, 1e-12);
    assertClose(t.se, 3.2076297929918423, 1e-12);
    assertClose(t.pValue, 0.029087640388139564, 1e-10);
  });

  it('gives p = 1 for the same gap, stays finite at rates of 0 and 1, and refuses what it cannot test', () => {
    const same = { high: { n: 80, value: 0.7 }, low: { n: 80, value: 0.5 } };
    assert.equal(gapChange('rate', same, same)?.pValue, 1);
    const extreme = gapChange('rate', { high: { n: 20, value: 1 }, low: { n: 20, value: 1 } }, { high: { n: 20, value: 1 }, low: { n: 20, value: 0 } });
    assert.ok(extreme && Number.isFinite(extreme.z) && extreme.se > 0 && extreme.pValue < 1e-4);
    assert.equal(gapChange('mean', { high: { n: 5, value: 1 }, low: { n: 5, value: 1 } }, { high: { n: 5, value: 1, sd: 1 }, low: { n: 5, value: 1, sd: 1 } }), undefined, 'no sd');
    assert.equal(gapChange('rate', same, { high: { n: 0, value: Number.NaN }, low: { n: 80, value: 0.5 } }), undefined, 'an empty group');
  });
});
