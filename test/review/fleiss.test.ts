import assert from 'node:assert/strict';
import { fleissKappa } from '../../lib/review/index.js';

const close = (got: number, want: number, tol = 1e-9) => assert.ok(Math.abs(got - want) <= tol, `${got} vs ${want}`);

describe("review: Fleiss' kappa", () => {
  it('matches R (irr::kappam.fleiss written out in base R)', () => {
    const ratings = [
      ['yes', 'yes', 'yes'], ['yes', 'no', 'yes'], ['no', 'no', 'no'], ['no', 'no', 'unparsed'], ['yes', 'yes', 'yes'],
      ['refused', 'refused', 'no'], ['no', 'yes', 'no'], ['yes', 'yes', 'no'], ['unparsed', 'unparsed', 'unparsed'], ['no', 'no', 'no'],
    ];
    // Rscript (r: the 10 x 3 matrix above; irr's formula, irr not being installed here):
    //   L <- sort(unique(as.vector(r))); N <- nrow(r); m <- ncol(r)
    //   nij <- t(apply(r, 1, function(x) table(factor(x, levels=L))))
    //   Pi <- (rowSums(nij^2) - m) / (m*(m-1)); pj <- colSums(nij)/(N*m); Pe <- sum(pj^2); k <- (mean(Pi) - Pe)/(1 - Pe)
    //   se0 <- sqrt(2/(N*m*(m-1))) * sqrt(sum(pj*(1-pj))^2 - sum(pj*(1-pj)*(1-2*pj))) / sum(pj*(1-pj))
    //   z <- k/se0; 2*pnorm(-abs(z))
    // -> k 0.4915254237, se0 0.1234304894, z 3.9822042858, p 0.0000682791
    const f = fleissKappa(ratings);
    close(f.kappa, 0.4915254237);
    close(f.se0, 0.1234304894);
    close(f.z, 3.9822042858, 1e-8);
    close(f.pValue, 0.0000682791, 1e-10);
    assert.deepEqual([f.items, f.raters], [10, 3]);
  });

  it('is 1 when every rater gives every item one label, and rejects ragged input', () => {
    assert.equal(fleissKappa([['yes', 'yes'], ['yes', 'yes']]).kappa, 1);
    assert.throws(() => fleissKappa([['yes', 'no'], ['yes']]), /expected 2 ratings/);
    assert.throws(() => fleissKappa([]), /at least one/);
  });
});
