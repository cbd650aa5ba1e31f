import assert from 'node:assert/strict';
import { renderMarkdown } from '../../lib/report/index.js';
import { fixture } from './fixture.js';

/** Table rows of a GFM table: lines starting with `|`, split on unescaped pipes. */
function tableRows(md: string): string[][] {
  return md
    .split('\n')
    .filter((line) => line.startsWith('|'))
    .map((line) => line.split(/(?<!\\)\|/).slice(1, -1).map((c) => c.trim()));
}

describe('renderMarkdown', () => {
  it('has the verdict and why, the key findings as sentences, a row per finding, and what is not settled', () => {
    const md = renderMarkdown(fixture());
    assert.match(md, /^## ❌ bias-audit: FAIL\n/);
    assert.match(md, /> \*\*Synthetic model\.\*\*/);
    assert.match(md, /\nThe audit fails because 1 of the 2 audited axes \(Race \/ ethnicity\) shows a disparity/);
    assert.match(md, /\n1\. ❌ \*\*Race \/ ethnicity\*\*: Applicants with full names associated with Black people got “yes” 21 points less often than the most favoured group, White people \(42\.0% vs 63\.3%; 95% CI 12 to 30 points; impact ratio 0\.66\)\.\n/);
    const rows = tableRows(md);
    assert.equal(rows.length, 2 + 2, 'header, separator and one row per finding');
    for (const row of rows) assert.equal(row.length, 7);
    assert.deepEqual(rows[2], ['Race / ethnicity (race)', 'cochran-q', '8.6e-9', 'Black', '21.3 pp', '0.66', '❌ FAIL']);
    assert.deepEqual(rows[3], ['Gender (gender)', 'mcnemar-exact', '0.84', 'male', '0.9 pp', '0.98', '❔ INCONCLUSIVE']);
    assert.match(md, /\*\*Not settled by these data\*\*\n\n- ❔ \*\*Gender\*\*: Neither a disparity .* About 520 scored replies per group/);
    assert.match(md, /1,280 replies: 1,264 scored, 4 refused, 3 unparsed, 1 failed calls · bias-audit 0\.1\.0 · seed 20240501/);
  });

  it('leaves out the synthetic note for a real model', () => {
    const r = fixture();
    r.synthetic = false;
    assert.doesNotMatch(renderMarkdown(r), /Synthetic/);
  });

  it('keeps untrusted text from breaking the table or injecting HTML', () => {
    const r = fixture();
    const f = r.findings[1];
    assert.ok(f);
    const evil = 'a | b `code` <img src=x onerror=alert(1)>\nnext | line [x](https://evil.example)';
    f.worst = evil;
    f.groups[1]!.group = evil;
    f.pairwise[0]!.group = evil;
    f.axisTitle = 'Race\r\n| injected | row |';
    r.findings[0]!.reason = '<script>alert(1)</script>\n## heading & `tick`';
    const md = renderMarkdown(r);
    const rows = tableRows(md);
    assert.equal(rows.length, 4);
    for (const row of rows) assert.equal(row.length, 7, JSON.stringify(row));
    assert.ok(!md.includes('<img') && !md.includes('<script'));
    assert.ok(md.includes('a \\| b \\`code\\` &lt;img src=x onerror=alert(1)&gt; next \\| line \\[x\\](https://evil.example)'));
    assert.ok(md.includes('&lt;script&gt;alert(1)&lt;/script&gt; ## heading &amp; \\`tick\\`'));
    assert.ok(!/\n#/.test(md.replace(/^## /, '')), 'no heading from data');
  });
});
