import assert from 'node:assert/strict';
import { formatDifference, formatP, formatPercent, formatRatio, formatStatistic, formatValue } from '../../lib/report/format.js';

describe('report number formatting', () => {
  it('formats p-values with two significant digits, scientific below 0.001, 0 only for exactly 0', () => {
    assert.equal(formatP(0.0117), '0.012');
    assert.equal(formatP(0.84), '0.84');
    assert.equal(formatP(1), '1');
    assert.equal(formatP(0.001), '0.001');
    assert.equal(formatP(0.00099), '9.9e-4');
    assert.equal(formatP(3.2e-30), '3.2e-30');
    assert.equal(formatP(5e-324), '4.9e-324');
    assert.equal(formatP(0), '0');
    assert.equal(formatP(Number.NaN), 'n/a');
  });

  it('formats statistics, rates, ratios and differences', () => {
    assert.equal(formatStatistic(41.8712), '41.87');
    assert.equal(formatStatistic(0.00123), '0.00123');
    assert.equal(formatPercent(0.420382), '42.0%');
    assert.equal(formatRatio(0.664204), '0.66');
    assert.equal(formatDifference(-0.212529, 'rate', { type: 'binary', favourable: 'yes' }), '−21.3 pp');
    const salary = { type: 'numeric', min: 0, max: 200000, favourable: 'higher', unit: 'USD' } as const;
    assert.equal(formatValue(56960.4, 'mean', salary), '56,960 USD');
    assert.equal(formatDifference(1500, 'mean', salary), '+1,500 USD');
  });
});
