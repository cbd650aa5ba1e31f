import assert, { AssertionError } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assertLabelQuality, labelQuality, UsageError, type LabelPair, type ReviewResults } from '../../lib/index.js';

/** n reviewed replies on one axis: the scorer is wrong on `wrongA` of group A's and `wrongB` of group B's. */
function pairs(nPerGroup: number, wrongA: number, wrongB: number): LabelPair[] {
  const out: LabelPair[] = [];
  for (const [group, wrong] of [['A', wrongA], ['B', wrongB]] as const) {
    for (let i = 0; i < nPerGroup; i++) {
      const human = i % 2 === 0 ? 'yes' : 'no';
      const scorer = i < wrong ? (human === 'yes' ? 'no' : 'yes') : human;
      out.push({ id: `${group}${i}`, scorer, human, weight: 1, groups: { race: group } });
    }
  }
  return out;
}

function review(p: LabelPair[]): ReviewResults {
  return { probeSet: 'hiring-screen', model: 'sim:biased', scorerVsPeople: labelQuality(p) } as unknown as ReviewResults;
}

function message(fn: () => void): string {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof AssertionError, String(err));
    return err.message;
  }
  assert.fail('expected an AssertionError');
}

describe('assertions: assertLabelQuality', () => {
  const good = review(pairs(50, 1, 1)); // 98% agreement
  const poor = review(pairs(50, 5, 20)); // 75% agreement, errors concentrated in group B

  it('passes when kappa and accuracy reach the minimums', () => {
    assertLabelQuality(good, { minKappa: 0.9, minAccuracy: 0.95 });
    assertLabelQuality(good.scorerVsPeople, { minKappa: 0.9 });
  });

  it('fails with a message naming kappa, its interval and accuracy', () => {
    const k = poor.scorerVsPeople.kappa;
    assert.ok(k);
    const m = message(() => assertLabelQuality(poor, { minKappa: 0.8 }));
    assert.match(m, /^bias-audit: scorer vs people on hiring-screen \/ sim:biased: /);
    assert.ok(m.includes(`Cohen's kappa ${k.kappa.toFixed(3)} (95% CI ${k.lower.toFixed(3)} to ${k.upper.toFixed(3)})`), m);
    assert.match(m, /accuracy 75\.0% \(95% CI [\d.]+% to [\d.]+%, 75 of 100\); 100 replies labelled by people\./);
    assert.match(m, /\n {2}- Cohen's kappa is below the required 0\.8 \(the estimate: 0\.500\)/);
  });

  it('judges the lower end of the interval on request', () => {
    const k = good.scorerVsPeople.kappa;
    assert.ok(k && k.kappa >= 0.95 && k.lower < 0.95);
    assertLabelQuality(good, { minKappa: 0.95 });
    assert.match(message(() => assertLabelQuality(good, { minKappa: 0.95, use: 'lower-bound' })), /below the required 0\.95 \(the lower end of its interval: /);
  });

  it('fails on accuracy, on too few labels, and on differential error between groups', () => {
    assert.match(message(() => assertLabelQuality(poor, { minAccuracy: 0.9 })), /accuracy is below the required 90\.0% \(the estimate: 75\.0%\)/);
    assert.match(message(() => assertLabelQuality(good, { minKappa: 0.5, minLabelled: 200 })), /only 100 replies labelled by people; at least 200 required/);
    // 5 of 50 vs 20 of 50 wrong: Fisher's exact test, p well below 0.05.
    const diff = message(() => assertLabelQuality(poor, { differentialAlpha: 0.05 }));
    assert.match(diff, /the scorer errs more for some race groups than others \(fisher-exact p = [\d.e-]+ < 0\.05\): A 10\.0% \(5\/50\), B 40\.0% \(20\/50\)/);
    assertLabelQuality(good, { differentialAlpha: 0.05 });
  });

  it("reads a run directory's review-results.json", () => {
    const dir = mkdtempSync(join(tmpdir(), 'bias-audit-label-quality-'));
    try {
      writeFileSync(join(dir, 'review-results.json'), JSON.stringify(poor));
      assert.match(message(() => assertLabelQuality(dir, { minKappa: 0.8 })), /Cohen's kappa is below the required 0\.8/);
      assertLabelQuality(join(dir, 'review-results.json'), { minKappa: 0.4 });
      assert.throws(() => assertLabelQuality(join(dir, 'nothing'), { minKappa: 0.8 }), (e: unknown) => e instanceof UsageError && /import people's labels first/.test(e.message));
      assert.throws(() => assertLabelQuality(good, { minKappa: 8 }), UsageError);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
