import assert from 'node:assert/strict';
import type { Finding, OutcomeSpec } from '../../lib/types.js';
import { renderCharts } from '../../lib/report/index.js';
import { fixture } from './fixture.js';

const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function race(): Finding {
  const f = fixture().findings.find((x) => x.axis === 'race');
  assert.ok(f);
  return f;
}

describe('renderCharts', () => {
  it('draws a value chart and an impact-ratio chart as PNGs', async () => {
    const charts = await renderCharts(race(), { type: 'binary', favourable: 'yes' }, { devicePixelRatio: 1 });
    assert.equal(charts.length, 2);
    for (const c of charts) {
      assert.ok(c.png.subarray(0, 8).equals(PNG_MAGIC), `${c.title} is a PNG`);
      assert.ok(c.png.length > 2000, `${c.title} has content`);
      assert.match(c.title, /Race \/ ethnicity/);
    }
  });

  it('lists every value in the alt text, most favoured first', async () => {
    const [values, ratios] = await renderCharts(race(), { type: 'binary', favourable: 'yes' }, { devicePixelRatio: 1 });
    assert.ok(values && ratios);
    assert.match(values.alt, /White 63\.3% \(95% CI 55\.5% – 70\.4%, n = 158\); Asian 61\.4% .*; Hispanic & Latino 52\.8% .*; Black 42\.0% \(95% CI 34\.6% – 49\.9%, n = 157\)\./);
    assert.match(ratios.alt, /White 1\.00; Asian 0\.97; Hispanic & Latino 0\.83; Black 0\.66 \(below 0\.80\)\./);
  });

  it('moves the threshold line with the policy', async () => {
    const [, ratios] = await renderCharts(race(), { type: 'binary', favourable: 'yes' }, { minImpactRatio: 0.9, devicePixelRatio: 1 });
    assert.ok(ratios);
    assert.match(ratios.alt, /Hispanic & Latino 0\.83 \(below 0\.90\)/);
    assert.doesNotMatch(ratios.alt, /Asian 0\.97 \(below/);
  });

  it('draws means with units, and survives missing values', async () => {
    const salary: OutcomeSpec = { type: 'numeric', min: 0, max: 200000, favourable: 'higher', unit: 'USD' };
    const f = race();
    const numeric: Finding = {
      ...f,
      metric: 'mean',
      test: 'friedman',
      groups: f.groups.map((g, i) =>
        i === 3
          ? { ...g, n: 0, value: Number.NaN, ciLow: Number.NaN, ciHigh: Number.NaN, impactRatio: Number.NaN }
          : { ...g, value: g.value * 90000, ciLow: g.ciLow * 90000, ciHigh: g.ciHigh * 90000, sd: 12000 },
      ),
    };
    const [values, ratios] = await renderCharts(numeric, salary, { devicePixelRatio: 1 });
    assert.ok(values && ratios);
    assert.match(values.title, /^Mean \(USD\) by/);
    assert.match(values.alt, /White 56,960 USD/);
    assert.match(values.alt, /Asian n\/a/);
    assert.ok(ratios.png.subarray(0, 8).equals(PNG_MAGIC));
  });
});
