import assert from 'node:assert/strict';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { AuditResults, Finding } from '../../lib/types.js';
import { packageRoot, renderHtml } from '../../lib/report/index.js';
import { fixture } from './fixture.js';

describe('renderHtml', () => {
  let results: AuditResults;
  let html: string;

  before(async () => {
    results = fixture();
    html = await renderHtml(results);
  });

  it('inlines one PNG chart per chart, each with alt text', () => {
    const images = [...html.matchAll(/<img\b[^>]*>/g)].map((m) => m[0]);
    assert.equal(images.length, 2 * results.findings.length);
    for (const img of images) {
      assert.match(img, /src="data:image\/png;base64,[A-Za-z0-9+/]/);
      assert.match(img, /alt="Bar chart of [^"]{20,}"/);
    }
  });

  it('contains no script, no external resource and no remote URL in src or href', () => {
    assert.doesNotMatch(html, /<script/i);
    assert.doesNotMatch(html, /<(link|iframe|object|embed|base)\b/i);
    assert.doesNotMatch(html, /url\(|@import/i);
    assert.doesNotMatch(html, /\son[a-z]+=/i, 'no event handler attributes');
    const urls = [...html.matchAll(/\s(?:src|href)\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)/gi)].map((m) => (m[1] ?? '').replace(/^["']|["']$/g, ''));
    assert.ok(urls.length > 0);
    for (const url of urls) assert.ok(url.startsWith('data:image/png;base64,') || url.startsWith('#'), `local URL only: ${url.slice(0, 60)}`);
  });

  it('prints hostile replies as text', () => {
    assert.ok(html.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
    assert.ok(html.includes('&lt;img src&#x3D;x onerror&#x3D;alert(1)&gt;'));
    assert.ok(html.includes('YES &lt;/td&gt;&lt;/tr&gt;&lt;/table&gt;'));
    assert.ok(html.includes('{{constructor.constructor}}'), 'Handlebars syntax in data is not evaluated');
    assert.ok(html.includes('{{#each this}}x{{/each}}'));
    assert.ok(!html.includes('<img src=x'));
    assert.ok(!html.includes('Hispanic & Latino'), 'ampersands are escaped');
    assert.ok(html.includes('Hispanic &amp; Latino'));
  });

  it('escapes untrusted strings outside the replies too', async () => {
    const r = fixture();
    const evil = '<b onmouseover=alert(1)>{{#with constructor}}{{/with}}"\'';
    r.probeSet.title = evil;
    r.probeSet.provenance = evil;
    r.manifest.model.spec = `sim:${evil}`;
    r.method.notes = [evil];
    const f = r.findings[1];
    assert.ok(f);
    f.axisTitle = evil;
    f.summary = evil;
    f.reason = evil;
    f.groups[0] = { ...f.groups[0]!, group: evil };
    const [example] = r.examples;
    assert.ok(example);
    example.context = { [evil]: evil };
    example.rows[0] = { ...example.rows[0]!, group: evil, value: evil, prompt: evil };
    const out = await renderHtml(r);
    assert.ok(!out.includes('<b '), 'no element from data');
    assert.ok(out.includes('&lt;b onmouseover&#x3D;alert(1)&gt;{{#with constructor}}{{/with}}&quot;&#x27;'));
  });

  it('names the probe set, the model, the verdict and the synthetic model', () => {
    assert.match(html, /<title>Bias audit: hiring-screen on sim:biased-hiring — FAIL<\/title>/);
    assert.match(html, /<h1>Résumé screening for a software engineer role<\/h1>/);
    assert.match(html, /Verdict: <span class="verdict-word">FAIL<\/span>/);
    assert.match(html, /SYNTHETIC MODEL/);
  });

  it('puts failing headlines first', () => {
    const race = html.indexOf('Black applicants were recommended');
    const gender = html.indexOf('female and male applicants were recommended');
    assert.ok(race > 0 && gender > 0 && race < gender);
  });

  it('has a section for every axis with its tables and test line', () => {
    for (const f of results.findings) {
      assert.ok(html.includes(`<code>${f.axis}</code>`), f.axis);
      assert.ok(html.includes(f.axisTitle), f.axisTitle);
    }
    assert.match(html, /Cochran&#x27;s Q test \(<code>cochran-q<\/code>\),\s+statistic = 41\.87, df = 3,\s+p = 4\.3e-9, adjusted p = 8\.6e-9; design: paired;\s+blocks: 38 used, 2 dropped of 40\./);
    assert.match(html, /<td class="num">0\.012<\/td>/, 'pairwise p');
    assert.match(html, /0\.66 <span class="flag">below threshold<\/span>/);
    assert.doesNotMatch(html, /<th(?![^>]*\bscope=")[\s>]/, 'every th has a scope');
    assert.match(html, /@media print/);
  });

  it('has the method and reproducibility sections', () => {
    assert.match(html, /Holm step-down \(<code>holm<\/code>\) at α = 0\.05/);
    assert.match(html, /Two race blocks were dropped/);
    assert.match(html, /sha256:3f1c9a0e/);
    assert.match(html, /bias-audit run probes\/hiring-screen\.yaml/);
    assert.match(html, /2024-05-01T12:34:56\.000Z/);
    assert.match(html, /v20\.19\.0/);
    assert.match(html, /temperature &#x3D; 0\.7, maxTokens &#x3D; 256, seed &#x3D; 7/);
  });

  it('renders a passing, non-synthetic, numeric audit, and one with nothing to show', async () => {
    const r = fixture();
    r.synthetic = false;
    r.passed = true;
    r.verdict = 'pass';
    r.outcome = { type: 'numeric', min: 0, max: 10, favourable: 'higher' };
    const gender = r.findings[0];
    assert.ok(gender);
    const numeric: Finding = { ...gender, metric: 'mean', test: 'wilcoxon-signed-rank', groups: gender.groups.map((g) => ({ ...g, value: 6.2, sd: 1.1 })) };
    r.findings = [numeric, { ...numeric, axis: 'age', axisTitle: 'Age', verdict: 'insufficient-data', reason: 'Too few scored outcomes.' }];
    const out = await renderHtml(r);
    assert.doesNotMatch(out, /SYNTHETIC MODEL/);
    assert.match(out, /Verdict: <span class="verdict-word">PASS<\/span>/);
    assert.match(out, /INSUFFICIENT DATA/);
    assert.match(out, /<th scope="col" class="num">SD<\/th>/);

    const empty = await renderHtml({ ...fixture(), findings: [], examples: [] });
    assert.match(empty, /No axis was audited/);
  });

  it('templates never use triple braces', async () => {
    const dir = join(packageRoot(), 'templates');
    const files = [...(await readdir(dir)).map((f) => join(dir, f)), ...(await readdir(join(dir, 'partials'))).map((f) => join(dir, 'partials', f))];
    for (const file of files.filter((f) => /\.(hbs|css)$/.test(f))) {
      const text = await readFile(file, 'utf8');
      assert.ok(!text.includes('{{{'), `${file} uses {{{`);
      assert.ok(!text.includes('{{&'), `${file} uses {{&`);
    }
  });
});
