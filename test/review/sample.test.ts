import assert from 'node:assert/strict';
import { drawReviewSample, type ScoredItem } from '../../lib/review/index.js';

/** 400 replies: group A 300 (yes-heavy), group B 100; 20 unparsed in A, 4 in B. */
function items(): ScoredItem[] {
  const out: ScoredItem[] = [];
  const add = (group: string, label: string, status: ScoredItem['status'], n: number) => {
    for (let i = 0; i < n; i++) {
      out.push({ id: `${group}-${label}-${i}`, probeId: `${group}${i}`, sample: 0, prompt: 'p', reply: 'r', status, scorerLabel: label, groups: { race: group } });
    }
  };
  add('A', 'yes', 'scored', 230);
  add('A', 'no', 'scored', 50);
  add('A', 'unparsed', 'unparsed', 20);
  add('B', 'yes', 'scored', 60);
  add('B', 'no', 'scored', 36);
  add('B', 'unparsed', 'unparsed', 4);
  return out;
}

describe('review: sample', () => {
  it('is seeded: the same seed draws the same replies in the same order, another seed others', () => {
    const a = drawReviewSample(items(), { size: 40, seed: 7 }).items.map((i) => i.id);
    assert.deepEqual(drawReviewSample(items().reverse(), { size: 40, seed: 7 }).items.map((i) => i.id), a);
    assert.notDeepEqual(drawReviewSample(items(), { size: 40, seed: 8 }).items.map((i) => i.id), a);
  });

  it('balances groups and labels, over-represents uncertain replies and records weights', () => {
    const s = drawReviewSample(items(), { size: 40, seed: 1 });
    assert.equal(s.items.length, 40);
    assert.equal(new Set(s.items.map((i) => i.id)).size, 40);
    const count = (f: (i: ScoredItem) => boolean) => s.items.filter(f).length;
    // B is a quarter of the run but gets about half the sample.
    assert.ok(count((i) => i.groups['race'] === 'B') >= 16, `B drew ${count((i) => i.groups['race'] === 'B')}`);
    // Unparsed replies are 6% of the run; B has only 4, all drawn; A's unparsed get 3 shares.
    assert.equal(count((i) => i.groups['race'] === 'B' && i.status === 'unparsed'), 4);
    assert.ok(count((i) => i.status === 'unparsed') >= 14);
    // Weight = stratum size / drawn: the weights of each stratum add up to its size.
    for (const st of s.strata) {
      const w = s.items.filter((i) => i.stratum === st.stratum).reduce((t, i) => t + i.weight, 0);
      assert.ok(Math.abs(w - (st.drawn > 0 ? st.size : 0)) < 1e-9, `${st.stratum}: ${w} vs ${st.size}`);
    }
    assert.equal(s.uncovered, 0);
  });

  it('draws everything when asked for more than the run holds', () => {
    const s = drawReviewSample(items(), { size: 1000, seed: 1 });
    assert.equal(s.items.length, 400);
    assert.ok(s.items.every((i) => i.weight === 1));
  });

  it('reaches every scorer label first when N is smaller than the number of strata', () => {
    const s = drawReviewSample(items(), { size: 3, seed: 2 });
    assert.deepEqual([...new Set(s.items.map((i) => i.scorerLabel))].sort(), ['no', 'unparsed', 'yes']);
    assert.ok(s.uncovered > 0);
  });
});
