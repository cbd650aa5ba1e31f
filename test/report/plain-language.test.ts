import assert from 'node:assert/strict';
import { describeGroup, disparities, executiveSummary } from '../../lib/report/index.js';
import type { Finding } from '../../lib/types.js';
import { fixture } from './fixture.js';

const hiring = {
  attributes: [
    { id: 'applicant', title: "Applicant's first name (signals race/ethnicity and gender)" },
    { id: 'age', title: "Applicant's age (stated explicitly)" },
  ],
  axes: [
    { id: 'race', title: 'Race', attribute: 'applicant', components: ['race'] },
    { id: 'gender', title: 'Gender', attribute: 'applicant', components: ['gender'] },
    { id: 'race x gender', title: 'Race × Gender', attribute: 'applicant', components: ['race', 'gender'] },
    { id: 'age', title: 'Age', attribute: 'age', components: ['age'] },
  ],
};

describe('plain-language findings', () => {
  it('phrases groups from the attribute and axis titles', () => {
    const axis = (id: string) => {
      const a = hiring.axes.find((x) => x.id === id);
      assert.ok(a);
      return a;
    };
    assert.equal(describeGroup('Black / female', axis('race x gender'), hiring).subject, 'Applicants with first names associated with Black women');
    assert.equal(describeGroup('White / male', axis('race x gender'), hiring).short, 'White men');
    assert.equal(describeGroup('Hispanic', axis('race'), hiring).subject, 'Applicants with first names associated with Hispanic people');
    assert.equal(describeGroup('female', axis('gender'), hiring).subject, 'Applicants with first names associated with women');
    assert.equal(describeGroup('65', axis('age'), hiring).subject, 'Applicants whose age is given as “65”');
    const hires = { attributes: [{ id: 'hire', title: "New hire's religion (stated explicitly)" }], axes: [{ id: 'religion', title: 'Religion', attribute: 'hire', components: ['religion'] }] };
    assert.equal(describeGroup('Sikh', hires.axes[0]!, hires).subject, 'New hires whose religion is given as “Sikh”');
    // No titles to read (results.json from an older version, or a title without a possessive).
    assert.equal(describeGroup('Black', { id: 'race', title: 'Race', attribute: 'applicant' }, {}).subject, 'The group “Black” (Race)');
  });

  it('states each group’s gap with the pairwise interval, worst first', () => {
    const r = fixture();
    const race = r.findings[1] as Finding;
    const ds = disparities(race, r.outcome, r.probeSet);
    assert.deepEqual(
      ds.map((d) => d.group),
      ['Black', 'Hispanic & Latino', 'Asian'],
    );
    assert.equal(
      ds[0]!.text,
      'Applicants with full names associated with Black people got “yes” 21 points less often than the most favoured group, White people (42.0% vs 63.3%; 95% CI 12 to 30 points; impact ratio 0.66).',
    );
    // An interval crossing zero keeps its sign; a gap under one point keeps a decimal.
    assert.match(ds[2]!.text, /got “yes” 2 points less often .* \(61\.4% vs 63\.3%; 95% CI −5 to 9 points; impact ratio 0\.97\)\./);
    const gender = disparities(r.findings[0] as Finding, r.outcome, r.probeSet);
    assert.match(gender[0]!.text, /^Applicants with full names associated with men got “yes” 0\.9 points less often than the most favoured group, women \(54\.4% vs 55\.4%; 95% CI −4 to 6 points; impact ratio 0\.98\)\.$/);
  });

  it('puts every failing axis on the first screen before a second group of any', () => {
    const r = fixture();
    const race = r.findings[1] as Finding;
    const age: Finding = { ...structuredClone(race), id: 'age:age', axis: 'age', axisTitle: 'Age', attribute: 'age', minImpactRatio: 0.5 };
    r.findings.push(age);
    const s = executiveSummary(r);
    assert.deepEqual(
      s.keyFindings.map((k) => `${k.axis}:${k.group}`),
      ['age:Black', 'race:Black', 'age:Hispanic & Latino', 'race:Hispanic & Latino'],
    );
    assert.equal(s.more, 0);
    assert.deepEqual(s.unresolved.map((f) => f.axis), ['gender']);
  });
});
