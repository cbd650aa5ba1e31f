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
  it('has the verdict, the synthetic note, a row per finding and the headlines, failing first', () => {
    const md = renderMarkdown(fixture());
    assert.match(md, /^## ❌ bias-audit: FAIL\n/);
    assert.match(md, /> \*\*Synthetic model\.\*\*/);
    const rows = tableRows(md);
    assert.equal(rows.length, 2 + 2, 'header, separator and one row per finding');
    for (const row of rows) assert.equal(row.length, 7);
    assert.deepEqual(rows[2], ['Race / ethnicity (race)', 'cochran-q', '8.6e-9', 'Black', '21.3 pp', '0.66', '❌ FAIL']);
    assert.deepEqual(rows[3], ['Gender (gender)', 'mcnemar-exact', '0.84', 'male', '0.9 pp', '0.98', '✅ PASS']);
    const race = md.indexOf('- ❌ Black applicants');
    const gender = md.indexOf('- ✅ female and male');
    assert.ok(race > 0 && gender > race);
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
    f.worst = 'a | b `code` <img src=x onerror=alert(1)>\nnext | line [x](https://evil.example)';
    f.axisTitle = 'Race\r\n| injected | row |';
    f.summary = '<script>alert(1)</script>\n## heading & `tick`';
    const md = renderMarkdown(r);
    const rows = tableRows(md);
    assert.equal(rows.length, 4);
    for (const row of rows) assert.equal(row.length, 7, JSON.stringify(row));
    assert.ok(!md.includes('<img') && !md.includes('<script'));
    assert.ok(md.includes('a \\| b \\`code\\` &lt;img src=x onerror=alert(1)&gt; next \\| line \\[x\\](https://evil.example)'));
    assert.ok(md.includes('- ❌ &lt;script&gt;alert(1)&lt;/script&gt; ## heading &amp; \\`tick\\`'));
  });
});
