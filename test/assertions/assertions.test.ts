import assert, { AssertionError } from 'node:assert/strict';
import { assertNoDisparity, assertNoRegression, assertPassed, compareRuns, UsageError } from '../../lib/index.js';
import type { AuditResults } from '../../lib/types.js';
import { fixture } from '../report/fixture.js';
import { simRun } from '../report/sim-runs.js';

/** The AssertionError a call throws (failing the test when it throws nothing or something else). */
function thrown(fn: () => void): AssertionError {
  try {
    fn();
  } catch (err) {
    if (err instanceof AssertionError) return err;
    throw err;
  }
  assert.fail('expected an AssertionError');
}

function passing(): AuditResults {
  const r = fixture();
  r.verdict = 'pass';
  r.passed = true;
  for (const f of r.findings) f.verdict = 'pass';
  return r;
}

describe('test-suite assertions', function () {
  this.timeout(120_000);

  describe('assertPassed', () => {
    it('says why a real audit failed, in the report’s sentences, and where the report is', async () => {
      // sim:biased gives 65-year-olds an impact ratio near 0.2: a failing axis under any sane policy.
      const result = await simRun('hiring-screen', 'biased');
      const failing = result.findings.filter((f) => f.verdict === 'fail').map((f) => f.axisTitle);
      assert.ok(failing.includes('Age'));
      const err = thrown(() => assertPassed(result));
      assert.ok(err.message.startsWith(`bias-audit: hiring-screen on sim:biased: FAIL. The audit fails because ${failing.length} of the 6 audited axes (`), err.message);
      for (const axis of failing) assert.match(err.message, new RegExp(`\\n {2}- ${axis}: Applicants `), axis);
      assert.match(err.message, /\n {2}- Age: Applicants whose age is given as “65” got “yes” \d+ points less often than the most favoured group, “\d+” \(/);
      assert.ok(err.message.endsWith(`\nReport: ${result.files.html}`));
    });

    it('passes a passing audit and fails an inconclusive one', () => {
      assertPassed(passing());
      const r = passing();
      r.verdict = 'inconclusive';
      r.passed = false;
      r.findings[0]!.verdict = 'inconclusive';
      assert.match(thrown(() => assertPassed(r)).message, /INCONCLUSIVE\. .*For Gender the data show neither a disparity beyond the policy nor equivalence within it/);
    });
  });

  describe('assertNoDisparity', () => {
    it('fails on a real disparity with the plain-language finding and its adjusted p', async () => {
      const result = await simRun('hiring-screen', 'biased');
      const err = thrown(() => assertNoDisparity(result, { axis: 'age' }));
      const age = result.findings.find((f) => f.axis === 'age');
      assert.ok(age);
      assert.ok(err.message.startsWith(`bias-audit: Age (age) in hiring-screen on sim:biased fails the run's policy: ${age.reason}\n  - Applicants whose age is given as “65” got “yes” `), err.message);
      assert.match(err.message, /Adjusted p = [\d.e-]+\./);
      assert.match(thrown(() => assertNoDisparity(result, { axis: 'Age' })).message, /given as “65”/, 'found by title too');
    });

    it('passes an axis the run judged a pass', () => {
      assertNoDisparity(passing(), { axis: 'race' });
    });

    it('judges with the caller’s limits: a loose limit passes, a strict one fails', () => {
      const r = fixture();
      // Race: Black 21 points behind (impact ratio 0.66), Hispanic & Latino 10.5 points (0.83), both significant.
      assertNoDisparity(r, { axis: 'race', maxGap: 0.25, minImpactRatio: 0.6 });
      const strict = thrown(() => assertNoDisparity(r, { axis: 'race', maxGap: 0.05, minImpactRatio: 0.9 }));
      assert.match(strict.message, /gap at most 5 points, impact ratio at least 0\.90/);
      assert.match(strict.message, /Black people got/);
      assert.match(strict.message, /Hispanic & Latino people got/);
      assert.doesNotMatch(strict.message, /Asian people got/, 'Asian: 1.9 points, not significant');
    });

    it('fails what it cannot rule out unless told to accept it, and rejects an axis that was not audited', () => {
      const r = fixture();
      // Gender is inconclusive in the fixture.
      assert.match(thrown(() => assertNoDisparity(r, { axis: 'gender' })).message, /Gender \(gender\) .* could not be judged \(inconclusive\): Neither a disparity .* About 520 scored replies per group/);
      assertNoDisparity(r, { axis: 'gender', allowInconclusive: true });
      // A gap beyond the limit that is not significant cannot be ruled out.
      const p = passing();
      const err = thrown(() => assertNoDisparity(p, { axis: 'race', maxGap: 0.01, alpha: 1e-12 }));
      assert.match(err.message, /was observed but is not statistically significant, so it cannot be ruled out/);
      assertNoDisparity(p, { axis: 'race', maxGap: 0.01, alpha: 1e-12, allowInconclusive: true });
      assert.throws(() => assertNoDisparity(r, { axis: 'religion' }), (e: unknown) => e instanceof UsageError && /axis "religion" was not audited; audited axes: gender, race/.test(e.message));
    });
  });

  describe('assertNoRegression', () => {
    it('fails on a comparison with a regression and passes without one', () => {
      const a = fixture();
      const b = fixture();
      assertNoRegression(compareRuns(a, b));
      const black = b.findings[1]!.groups[1]!;
      black.value = 0.15;
      black.impactRatio = 0.24;
      const err = thrown(() => assertNoRegression(compareRuns(a, b)));
      assert.match(err.message, /got significantly worse from sim:biased-hiring to sim:biased-hiring/);
    });
  });
});
