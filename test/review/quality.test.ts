import assert from 'node:assert/strict';
import { kappaInterval, labelQuality, type LabelPair } from '../../lib/review/index.js';

// 30 replies: what the scorer read (a) and what a person read (b).
const scorer = [...rep('yes', 12), ...rep('no', 9), ...rep('refused', 4), ...rep('unparsed', 5)];
const human = [...rep('yes', 10), 'no', 'unparsed', ...rep('no', 7), 'yes', 'refused', ...rep('refused', 3), 'no', ...rep('unparsed', 3), 'yes', 'no'];

function rep(s: string, n: number): string[] {
  return Array.from({ length: n }, () => s);
}

const close = (got: number, want: number, tol = 1e-9) => assert.ok(Math.abs(got - want) <= tol, `${got} vs ${want}`);

describe('review: label quality', () => {
  it("Cohen's kappa and its interval match R", () => {
    // Rscript: L <- c("yes","no","refused","unparsed"); tab <- table(factor(a, levels=L), factor(b, levels=L)); n <- sum(tab)
    //   po <- sum(diag(tab))/n; pe <- sum(rowSums(tab)*colSums(tab))/n^2; k <- (po-pe)/(1-pe)
    //   se <- sqrt(po*(1-po)/(n*(1-pe)^2)); k + c(-1,1)*qnorm(0.975)*se
    // -> po 0.7666666667, pe 0.3, k 0.6666666667, se 0.1103146054, [0.4504540131, 0.8828793203]
    const k = kappaInterval(scorer, human);
    close(k.observed, 0.7666666667);
    close(k.expected, 0.3);
    close(k.kappa, 0.6666666667);
    close(k.se, 0.1103146054);
    close(k.lower, 0.4504540131);
    close(k.upper, 0.8828793203);
  });

  it('computes accuracy, precision and recall with Wilson intervals (R prop.test, correct = FALSE)', () => {
    const pairs: LabelPair[] = scorer.map((s, i) => ({ id: `r${i}`, scorer: s, human: human[i] as string, weight: 1, groups: {} }));
    const q = labelQuality(pairs);
    assert.equal(q.n, 30);
    // prop.test(23, 30, correct = FALSE)$conf.int -> 0.5907167384 0.8820761186
    close(q.accuracy.estimate as number, 23 / 30);
    close(q.accuracy.lower, 0.5907167384);
    close(q.accuracy.upper, 0.8820761186);
    const yes = q.perLabel.find((l) => l.label === 'yes');
    // Scorer said yes 12 times, 10 of them right; people said yes 12 times, the scorer caught 10.
    // prop.test(10, 12, correct = FALSE)$conf.int -> 0.5519691377 0.9530348578
    assert.deepEqual([yes?.precision.successes, yes?.precision.trials, yes?.recall.successes, yes?.recall.trials], [10, 12, 10, 12]);
    close(yes?.precision.lower as number, 0.5519691377);
    close(yes?.recall.upper as number, 0.9530348578);
    close(q.kappa?.kappa as number, 0.6666666667);
  });

  it('weights accuracy by the sampling weights', () => {
    const q = labelQuality([
      { id: 'a', scorer: 'yes', human: 'yes', weight: 3, groups: {} },
      { id: 'b', scorer: 'yes', human: 'no', weight: 1, groups: {} },
    ]);
    assert.equal(q.accuracy.estimate, 0.5);
    assert.equal(q.weightedAccuracy, 0.75);
  });

  it("tests whether the scorer's error rate differs between groups (R fisher.test / chisq.test)", () => {
    const pairs: LabelPair[] = [];
    const add = (group: string, errors: number, right: number) => {
      for (let i = 0; i < errors; i++) pairs.push({ id: `${group}e${i}`, scorer: 'yes', human: 'no', weight: 1, groups: { race: group } });
      for (let i = 0; i < right; i++) pairs.push({ id: `${group}r${i}`, scorer: 'no', human: 'no', weight: 1, groups: { race: group } });
    };
    add('A', 7, 13);
    add('B', 1, 19);
    // fisher.test(matrix(c(7, 13, 1, 19), nrow = 2, byrow = TRUE))$p.value -> 0.0435960436
    let axis = labelQuality(pairs).perAxis[0];
    assert.equal(axis?.test?.name, 'fisher-exact');
    close(axis?.test?.pValue as number, 0.0435960436, 1e-8);
    assert.deepEqual(axis?.groups.map((g) => [g.group, g.errorRate.estimate]), [['A', 0.35], ['B', 0.05]]);
    add('C', 4, 16);
    // chisq.test(matrix(c(7, 13, 1, 19, 4, 16), nrow = 3, byrow = TRUE), correct = FALSE)$p.value -> 0.0600546679
    axis = labelQuality(pairs).perAxis[0];
    assert.equal(axis?.test?.name, 'chi-square');
    close(axis?.test?.pValue as number, 0.0600546679, 1e-8);
  });

  it('has no kappa and no test when there is nothing to measure', () => {
    const q = labelQuality([]);
    assert.equal(q.kappa, null);
    assert.equal(q.accuracy.estimate, null);
    const one = labelQuality([{ id: 'a', scorer: 'yes', human: 'yes', weight: 1, groups: { race: 'A' } }]);
    assert.equal(one.perAxis[0]?.test, null);
  });
});
