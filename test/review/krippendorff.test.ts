import assert from 'node:assert/strict';
import { fleissKappa, krippendorffAlpha } from '../../lib/review/index.js';

const close = (got: number, want: number, tol: number) => assert.ok(Math.abs(got - want) <= tol, `${got} vs ${want}`);

/** Units from a coders x units table with null for a missing label. */
const units = (table: (string | number | null)[][]): string[][] =>
  (table[0] as unknown[]).map((_, u) => table.map((row) => row[u]).filter((x): x is string | number => x !== null).map(String));

describe("review: Krippendorff's alpha (nominal)", () => {
  it('matches the worked example of Krippendorff (2011) and an independent R computation', () => {
    // Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section C: 4 coders,
    // 12 units, missing values; published nominal alpha 0.743.
    // Rscript test/fixtures/r/krippendorff.R (coincidence matrix in base R; R 4.2.2) -> k2011 0.74342105263157898
    const k2011 = [
      [1, 2, 3, 3, 2, 1, 4, 1, 2, null, null, null],
      [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, null, 3],
      [null, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, null],
      [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, null],
    ];
    const a = krippendorffAlpha(units(k2011));
    close(a.alpha, 0.743, 5e-4); // the paper prints three decimals
    close(a.alpha, 0.74342105263157898, 1e-12); // the R script, same formula: rounding error only
    // Unit 12 has one label: not pairable. n = 40 pairable values (the paper's n..).
    assert.deepEqual([a.units, a.values, a.coders], [11, 40, 4]);
  });

  it('matches R on a three-reviewer review with missing labels', () => {
    // Rscript test/fixtures/r/krippendorff.R -> rev3 0.60106382978723394
    const rev3 = [
      ['yes', 'no', 'yes', 'yes', 'no', 'unparsed', 'yes', null, 'no', 'yes'],
      ['yes', 'no', 'no', 'yes', 'no', 'no', 'yes', 'yes', null, 'yes'],
      ['yes', null, 'yes', 'yes', 'no', 'unparsed', 'no', 'yes', 'no', null],
    ];
    close(krippendorffAlpha(units(rev3)).alpha, 0.60106382978723394, 1e-12);
  });

  it("is close to Fleiss' kappa with complete data and many units (they differ by a small-sample term)", () => {
    const rows: string[][] = [];
    for (let i = 0; i < 200; i++) rows.push(i % 5 === 0 ? ['yes', 'no', 'yes'] : i % 3 === 0 ? ['no', 'no', 'no'] : ['yes', 'yes', 'yes']);
    const k = fleissKappa(rows).kappa;
    const a = krippendorffAlpha(rows).alpha;
    // alpha = 1 - (1 - kappa)(nm - 1)/(nm) for complete nominal data; 600 values -> within 1/600.
    close(a, 1 - ((1 - k) * (600 - 1)) / 600, 1e-12);
  });

  it('is 1 when every label is the same, and needs a pairable unit', () => {
    assert.equal(krippendorffAlpha([['yes', 'yes'], ['yes']]).alpha, 1);
    assert.throws(() => krippendorffAlpha([['yes'], []]), /at least one unit with two or more labels/);
  });
});
