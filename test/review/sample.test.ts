import assert from 'node:assert/strict';
import { drawReviewSample, planReviewSample, REVIEW_TARGETS, type ScoredItem } from '../../lib/review/index.js';

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

/**
 * Two crossed axes (race 3 groups x gender 2), an intersection axis built from them, and scorer
 * labels with favourability known: per race x gender cell `n` replies, yes-share `yes`, 4% refused
 * and, in Black / female only, 8% unparsed (a set-aside reading holding over 5% of that group).
 */
function crossed(n = 200): ScoredItem[] {
  const out: ScoredItem[] = [];
  for (const race of ['White', 'Black', 'Asian']) {
    for (const gender of ['female', 'male']) {
      const yes = race === 'Black' ? 0.3 : 0.7;
      const unparsed = race === 'Black' && gender === 'female' ? 0.08 : 0;
      for (let i = 0; i < n; i++) {
        const u = i / n;
        const [status, label]: [ScoredItem['status'], string] = u < 0.04 ? ['refused', 'refused'] : u < 0.04 + unparsed ? ['unparsed', 'unparsed'] : u < 0.04 + unparsed + yes ? ['scored', 'yes'] : ['scored', 'no'];
        out.push({ id: `${race}-${gender}-${i}`, probeId: `${race}-${gender}-${i}`, sample: 0, prompt: 'p', reply: 'r', status, scorerLabel: label, favourable: label === 'yes', groups: { race, gender } });
      }
    }
  }
  return out;
}
const withIntersection = (it: ScoredItem) => ({ ...it.groups, 'race x gender': `${it.groups['race']} / ${it.groups['gender']}` });
const reading = (it: ScoredItem) => (it.status !== 'scored' ? 'aside' : it.favourable ? 'fav' : 'unfav');

/** Per axis, group and reading: replies drawn, and replies in the run. */
function tally(run: readonly ScoredItem[], drawn: readonly ScoredItem[], axesOf: (it: ScoredItem) => Record<string, string>) {
  const count = (xs: readonly ScoredItem[]) => {
    const m = new Map<string, number>();
    for (const it of xs) for (const [axis, group] of Object.entries(axesOf(it))) for (const k of [`${axis}|${group}|${reading(it)}`, `${axis}|${group}|*`]) m.set(k, (m.get(k) ?? 0) + 1);
    return m;
  };
  return { run: count(run), drawn: count(drawn) };
}

function weightsAddUp(s: ReturnType<typeof drawReviewSample>): void {
  for (const st of s.strata) {
    const w = s.items.filter((i) => i.stratum === st.stratum).reduce((t, i) => t + i.weight, 0);
    assert.ok(Math.abs(w - (st.drawn > 0 ? st.size : 0)) < 1e-9, `${st.stratum}: ${w} vs ${st.size}`);
  }
}

describe('review: sample for the correction (the default allocation)', () => {
  it('meets every group\'s targets on every axis, intersections included, with fewer replies than the axes taken one by one', () => {
    const run = crossed();
    const plan = planReviewSample(run, { axesOf: withIntersection });
    const s = drawReviewSample(run, { size: plan.size, seed: 5, axesOf: withIntersection });
    assert.equal(s.allocation, 'correction');
    assert.equal(s.items.length, plan.size);
    assert.deepEqual(s.shortOfPlan, []);
    assert.deepEqual(plan.axes, ['gender', 'race', 'race x gender']);
    assert.deepEqual(plan.unreachable, []);
    const t = tally(run, s.items, withIntersection);
    for (const [key, size] of t.run) {
      const [axis, group, r] = key.split('|') as [string, string, string];
      const got = t.drawn.get(key) ?? 0;
      const groupSize = t.run.get(`${axis}|${group}|*`) as number;
      if (r === 'fav' || r === 'unfav') assert.ok(got >= Math.min(REVIEW_TARGETS.perReading, size), `${key}: ${got} drawn`);
      if (r === 'aside' && size / groupSize >= REVIEW_TARGETS.setAsideShare) assert.ok(got >= REVIEW_TARGETS.perSetAside, `${key}: ${got} drawn`);
    }
    // Black / female's unparsed replies are 8% of the group: 10 reviewed; the refusals (4%) need none for the rule, but the label is seen.
    assert.ok((t.drawn.get('race x gender|Black / female|aside') ?? 0) >= REVIEW_TARGETS.perSetAside);
    assert.ok(s.items.filter((i) => i.scorerLabel === 'refused').length >= REVIEW_TARGETS.perLabel);
    // Overlap counts: 6 intersection groups x 2 readings x 15 plus Black / female's set-aside 10 covers race and gender too.
    assert.ok(plan.size <= 6 * 2 * REVIEW_TARGETS.perReading + REVIEW_TARGETS.perSetAside + REVIEW_TARGETS.perLabel, `plan ${plan.size}`);
    const single = planReviewSample(run);
    assert.ok(single.size < plan.size, `single axes ${single.size} vs with the intersection ${plan.size}`);
    weightsAddUp(s);
    assert.equal(s.uncovered, run.length - s.strata.filter((x) => x.drawn > 0).reduce((n, x) => n + x.size, 0));
  });

  it('is seeded: up to the plan the allocation per stratum does not depend on the seed, the replies drawn do', () => {
    const run = crossed(120);
    const size = planReviewSample(run).size;
    const a = drawReviewSample(run, { size, seed: 7 });
    assert.deepEqual(drawReviewSample([...run].reverse(), { size, seed: 7 }).items.map((i) => i.id), a.items.map((i) => i.id));
    const b = drawReviewSample(run, { size, seed: 8 });
    assert.notDeepEqual(b.items.map((i) => i.id), a.items.map((i) => i.id));
    assert.deepEqual(b.strata, a.strata);
    assert.equal(planReviewSample(run).size, planReviewSample([...run].reverse()).size);
  });

  it('says which targets a sample smaller than the plan leaves short, and spends larger N on the accuracy rounds', () => {
    const run = crossed();
    const plan = planReviewSample(run, { axesOf: withIntersection });
    const small = drawReviewSample(run, { size: 60, seed: 1, axesOf: withIntersection });
    assert.equal(small.items.length, 60);
    assert.equal(small.plan?.size, plan.size);
    assert.ok((small.shortOfPlan?.length ?? 0) > 0);
    for (const c of small.shortOfPlan ?? []) assert.ok(c.drawn < c.target);
    weightsAddUp(small);
    // What race and gender alone need (about half the plan): whole axes first (race and gender fit,
    // race x gender does not), then a share for the rest.
    const singles = planReviewSample(run).size;
    assert.ok(singles < plan.size * 0.6, `${singles} of ${plan.size}`);
    const half = drawReviewSample(run, { size: singles, seed: 1, axesOf: withIntersection });
    const t = tally(run, half.items, withIntersection);
    for (const [key, size] of t.run) {
      if (!/\|(fav|unfav)$/.test(key)) continue;
      const got = t.drawn.get(key) ?? 0;
      if (key.startsWith('race x gender|')) assert.ok(got >= 3, `${key}: ${got}`);
      else assert.ok(got >= Math.min(REVIEW_TARGETS.perReading, size), `${key}: ${got}`);
    }
    assert.deepEqual([...new Set((half.shortOfPlan ?? []).map((c) => c.axis))], ['race x gender']);
    weightsAddUp(half);
    const big = drawReviewSample(run, { size: plan.size + 100, seed: 1, axesOf: withIntersection });
    assert.equal(big.items.length, plan.size + 100);
    // The same seed and a larger N keep every reply of the plan's draw: labels already given carry over.
    const atPlan = new Set(drawReviewSample(run, { size: plan.size, seed: 1, axesOf: withIntersection }).items.map((i) => i.id));
    const bigIds = new Set(big.items.map((i) => i.id));
    assert.ok([...atPlan].every((id) => bigIds.has(id)));
    assert.deepEqual(big.shortOfPlan, []);
    assert.equal(big.uncovered, 0, 'the extra replies cover every stratum first');
    weightsAddUp(big);
  });

  it('names a group whose favourable reading is too rare for any review to make the axis estimable', () => {
    // Scorer-yes replies are indices 8-147 of each race x gender cell: keep the first k per gender of Asian.
    const keep = (k: number) => crossed().filter((it) => !(it.groups['race'] === 'Asian' && it.scorerLabel === 'yes' && Number(it.id.split('-')[2]) >= 8 + k));
    // 12 Asian scorer-yes replies: people can still read 10 of them favourable.
    assert.deepEqual(planReviewSample(keep(6)).unreachable, []);
    // 8: not 10 even if people agree with every one.
    assert.deepEqual(planReviewSample(keep(4)).unreachable, [{ axis: 'race', group: 'Asian', reading: 'favourable', replies: 8 }]);
    // 50 replies per race x gender: Black / female's 2 refused and 4 unparsed replies are 12% of the group (Black's 8 are 8%),
    // fewer than the rule's 10, but a set-aside reading is met by reviewing all of its replies: reachable, and the plan
    // takes every one of them.
    const plan = planReviewSample(crossed(50), { axesOf: withIntersection });
    assert.deepEqual(plan.unreachable, []);
    const drawn = drawReviewSample(crossed(50), { size: plan.size, seed: 1, axesOf: withIntersection });
    const blackFemaleSetAside = (it: { groups: Record<string, string>; scorerLabel: string }) =>
      it.groups['race'] === 'Black' && it.groups['gender'] === 'female' && (it.scorerLabel === 'refused' || it.scorerLabel === 'unparsed');
    assert.equal(drawn.items.filter(blackFemaleSetAside).length, crossed(50).filter(blackFemaleSetAside).length);
  });

  it('refuses an axis whose groups would split a stratum (the weights would be wrong)', () => {
    assert.throws(() => planReviewSample(crossed(20), { axesOf: (it) => ({ odd: it.id.endsWith('1') ? 'a' : 'b' }) }), /split stratum/);
  });
});

describe('review: sample for accuracy (--for accuracy)', () => {
  it('is seeded: the same seed draws the same replies in the same order, another seed others', () => {
    const a = drawReviewSample(items(), { size: 40, seed: 7, allocation: 'accuracy' }).items.map((i) => i.id);
    assert.deepEqual(drawReviewSample(items().reverse(), { size: 40, seed: 7, allocation: 'accuracy' }).items.map((i) => i.id), a);
    assert.notDeepEqual(drawReviewSample(items(), { size: 40, seed: 8, allocation: 'accuracy' }).items.map((i) => i.id), a);
  });

  it('balances groups and labels, over-represents uncertain replies and records weights', () => {
    const s = drawReviewSample(items(), { size: 40, seed: 1, allocation: 'accuracy' });
    assert.equal(s.items.length, 40);
    assert.equal(new Set(s.items.map((i) => i.id)).size, 40);
    const count = (f: (i: ScoredItem) => boolean) => s.items.filter(f).length;
    // B is a quarter of the run but gets about half the sample.
    assert.ok(count((i) => i.groups['race'] === 'B') >= 16, `B drew ${count((i) => i.groups['race'] === 'B')}`);
    // Unparsed replies are 6% of the run; B has only 4, all drawn; A's unparsed get 3 shares.
    assert.equal(count((i) => i.groups['race'] === 'B' && i.status === 'unparsed'), 4);
    assert.ok(count((i) => i.status === 'unparsed') >= 14);
    weightsAddUp(s);
    assert.equal(s.uncovered, 0);
  });

  it('draws everything when asked for more than the run holds', () => {
    for (const allocation of ['accuracy', 'correction'] as const) {
      const s = drawReviewSample(items(), { size: 1000, seed: 1, allocation });
      assert.equal(s.items.length, 400);
      assert.ok(s.items.every((i) => i.weight === 1));
    }
  });

  it('reaches every scorer label first when N is smaller than the number of strata', () => {
    const s = drawReviewSample(items(), { size: 3, seed: 2, allocation: 'accuracy' });
    assert.deepEqual([...new Set(s.items.map((i) => i.scorerLabel))].sort(), ['no', 'unparsed', 'yes']);
    assert.ok(s.uncovered > 0);
  });
});
