import assert from 'node:assert/strict';
import { summariseDistributions } from '../../lib/report/index.js';
import { quantileSorted } from '../../lib/report/distributions.js';
import type { Outcome, Probe } from '../../lib/types.js';

function probe(id: string, group: string): Probe {
  return { id, template: 't', messages: [], context: {}, attributes: {}, groups: { sex: group }, blocks: {} };
}
function outcome(probeId: string, value: number | null, status: Outcome['status'] = 'scored'): Outcome {
  return { probeId, sample: 0, status, value, label: null, reason: '' };
}

describe('summariseDistributions', () => {
  it('interpolates quantiles like R type 7 and NumPy', () => {
    // Rscript -e 'print(quantile(c(3,1,4,1,5,9,2,6), c(0.1,0.25,0.5,0.75,0.9), type=7), digits=17)'  (R 4.2)
    // -> 1.0 1.75 3.5 5.25 6.8999999999999995; numpy.quantile gives the same.
    const sorted = [1, 1, 2, 3, 4, 5, 6, 9];
    assert.deepEqual([0.1, 0.25, 0.5, 0.75, 0.9].map((p) => quantileSorted(sorted, p)), [1, 1.75, 3.5, 5.25, 6.8999999999999995]);
    assert.equal(quantileSorted([7], 0.9), 7);
  });

  it('gives each group its quantiles and the Local Law 144 scoring rate against the axis median', () => {
    const axes = [{ id: 'sex', title: 'Sex', attribute: 'a', components: ['sex'], groups: ['f', 'm', 'x'] }];
    const probes = ['f', 'f', 'f', 'f', 'm', 'm', 'm', 'm'].map((g, i) => probe(`p${i}`, g));
    const outcomes = [10, 20, 30, 40, 30, 40, 50, 60].map((v, i) => outcome(`p${i}`, v));
    outcomes.push(outcome('p0', null, 'refused'));
    const numeric = { type: 'numeric', min: 0, max: 100, favourable: 'higher' } as const;
    const [d] = summariseDistributions({ axes }, numeric, probes, outcomes);
    assert.ok(d);
    // Everyone: 10 20 30 30 40 40 50 60 -> median 35. Above it: f 1 of 4, m 3 of 4.
    assert.equal(d.median, 35);
    assert.deepEqual(
      d.groups.map((g) => [g.group, g.n, g.min, g.median, g.max, g.scoringRate, g.scoringImpactRatio]),
      [
        ['f', 4, 10, 25, 40, 0.25, 1 / 3],
        ['m', 4, 30, 45, 60, 0.75, 1],
      ],
      'a group without scored values ("x") is left out, and the refusal does not count',
    );
    const lower = summariseDistributions({ axes }, { ...numeric, favourable: 'lower' }, probes, outcomes)[0];
    assert.deepEqual(lower?.groups.map((g) => g.scoringRate), [0.75, 0.25], 'below the median when lower is favourable');
    assert.deepEqual(summariseDistributions({ axes }, { type: 'binary', favourable: 'yes' }, probes, outcomes), []);
  });
});
