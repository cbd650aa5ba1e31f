import assert from 'node:assert/strict';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { AuditResults, Finding } from '../../lib/types.js';
import { packageRoot, renderHtml } from '../../lib/report/index.js';
import { fixture } from './fixture.js';

/** The text of an HTML fragment, tags dropped and the entities the templates produce decoded. */
function text(html: string): string {
  return html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'")
    .replace(/&#x3D;/g, '=')
    .replace(/&#x60;/g, '`')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .replace(/\( /g, '(')
    .replace(/ ([):,.;])/g, '$1')
    .trim();
}

function section(html: string, id: string): string {
  const start = html.indexOf(`id="${id}"`);
  assert.ok(start > 0, `section ${id}`);
  const end = html.indexOf('</section>', start);
  return html.slice(start, end);
}

/** A numeric (salary) version of the fixture, with the distributions a real run carries. */
function numericFixture(): AuditResults {
  const r = fixture();
  r.outcome = { type: 'numeric', min: 30000, max: 300000, favourable: 'higher', unit: 'USD' };
  const race = r.findings[1] as Finding;
  const scale = (x: number): number => 60000 + x * 100000;
  const numeric: Finding = {
    ...race,
    metric: 'mean',
    test: 'friedman',
    groups: race.groups.map((g) => ({ ...g, value: scale(g.value), ciLow: scale(g.ciLow), ciHigh: scale(g.ciHigh), sd: 9000 })),
    pairwise: race.pairwise.map((p) => ({ ...p, difference: p.difference * 100000, ciLow: p.ciLow * 100000, ciHigh: p.ciHigh * 100000, effectSizes: [] })),
    gap: 21252.9,
    relativeGap: 0.1717,
  };
  r.findings = [numeric];
  r.distributions = [
    {
      axis: 'race',
      median: 110000,
      groups: numeric.groups.map((g, i) => ({
        group: g.group,
        n: g.n,
        min: g.value - 30000,
        p10: g.value - 12000,
        p25: g.value - 6000,
        median: g.value,
        p75: g.value + 6000,
        p90: g.value + 12000,
        max: g.value + 30000,
        scoringRate: [0.62, 0.31, 0.45, 0.58][i] as number,
        scoringImpactRatio: ([0.62, 0.31, 0.45, 0.58][i] as number) / 0.62,
      })),
    },
  ];
  return r;
}

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
    r.probeSet.attributes = [{ id: 'applicant', title: `${evil}'s name (signals ${evil})` }];
    r.manifest.model.spec = `sim:${evil}`;
    r.manifest.command = evil;
    r.method.notes = [evil];
    const f = r.findings[1];
    assert.ok(f);
    f.axisTitle = evil;
    f.summary = evil;
    f.reason = evil;
    f.notes = [evil];
    f.groups[1] = { ...f.groups[1]!, group: evil };
    f.worst = evil;
    f.pairwise[0] = { ...f.pairwise[0]!, group: evil };
    const [example] = r.examples;
    assert.ok(example);
    example.context = { [evil]: evil };
    example.rows[0] = { ...example.rows[0]!, group: evil, value: evil, prompt: evil };
    const out = await renderHtml(r);
    assert.ok(!out.includes('<b '), 'no element from data');
    assert.ok(out.includes('&lt;b onmouseover&#x3D;alert(1)&gt;{{#with constructor}}{{/with}}&quot;&#x27;'));
  });

  it('opens with the verdict, why, and the disparities that matter in plain sentences', () => {
    const summary = text(section(html, 'summary-heading'));
    assert.match(html, /<title>Bias audit: hiring-screen on sim:biased-hiring — FAIL<\/title>/);
    assert.match(html, /<h1>Résumé screening for a software engineer role<\/h1>/);
    assert.match(summary, /Verdict: FAIL/);
    assert.match(summary, /The audit fails because 1 of the 2 audited axes \(Race \/ ethnicity\) shows a disparity that is both statistically significant \(adjusted p < 0\.05, Holm step-down correction across the 2 axes\) and beyond the policy \(an impact ratio below 0\.80 or a gap over 10 points\)\./);
    assert.ok(
      summary.includes(
        'Applicants with full names associated with Black people got “yes” 21 points less often than the most favoured group, White people (42.0% vs 63.3%; 95% CI 12 to 30 points; impact ratio 0.66).',
      ),
      summary,
    );
    assert.ok(summary.includes('Applicants with full names associated with Hispanic & Latino people got “yes” 10 points less often'), 'significant and beyond the gap limit');
    assert.ok(!summary.includes('associated with Asian people got'), 'a group within the policy is not a key finding');
    assert.match(summary, /Not settled by these data INCONCLUSIVE Gender: Neither a disparity .* About 520 scored replies per group \(7 samples per probe\)/);
    assert.match(summary, /What was audited .*1,280 \(320 prompts × 4 samples\): 1,264 scored, 4 refused, 3 unparsed, 1 failed calls/);
    assert.ok(html.indexOf('summary-heading') < html.indexOf('findings-heading'), 'the summary comes first');
    assert.match(html, /SYNTHETIC MODEL/);
  });

  it('has a findings table with test, design, p, adjusted p, gap, effect size, impact ratio, power and verdict, failing first', () => {
    const table = section(html, 'findings-heading');
    const rows = [...table.matchAll(/<tr>\s*<th scope="row">([\s\S]*?)<\/tr>/g)].map((m) => text(m[1] ?? ''));
    assert.equal(rows.length, 2);
    assert.equal(rows[0], "Race / ethnicity cochran-q paired 4.3e-9 8.6e-9 21.3 pp +11.9 pp to +30.3 pp Black vs White Cramér's V = 0.18 0.11 to 0.25 0.66 16.2 points FAIL");
    assert.match(rows[1]!, /^Gender .* INCONCLUSIVE$/);
    assert.match(table, /badge-inconclusive/);
  });

  it('gives each axis a Local Law 144-style table, the group detail, effect sizes, margin tests, power and notes', () => {
    const race = section(html, 'axis-2');
    const ll144 = race.slice(race.indexOf('NYC Local Law 144'), race.indexOf('</table>', race.indexOf('NYC Local Law 144')));
    assert.match(text(ll144), /Category Number scored Selection rate Impact ratio Left out \(refused, unparsed, failed\) White 158 63\.3% 1\.00 2 Black 157 42\.0% 0\.66 below threshold 3 Hispanic & Latino 159 52\.8% 0\.83 1 Asian 158 61\.4% 0\.97 2/);
    assert.match(text(race), /Omnibus test: Cochran's Q test \(cochran-q\), statistic = 41\.87, df = 3, p = 4\.3e-9, adjusted p = 8\.6e-9; design: paired; blocks: 38 used, 2 dropped of 40\./);
    assert.match(text(race), /Group Rate difference Impact ratio Black −21\.3 pp −30\.3 pp to −11\.9 pp 0\.66 0\.57 to 0\.76/);
    assert.match(text(race), /Axis effect size: Cramér's V = 0\.18 \(95% CI 0\.11 to 0\.25\)/);
    assert.match(text(race), /Equivalence .*p = 0\.97, hardest pair White vs Black — not shown/);
    assert.match(text(race), /Beyond the margin .*adjusted p = 4\.2e-6, strongest pair White vs Black — shown/);
    assert.match(text(race), /Power: With 158 scored replies per group, the test detects a gap of 16\.2 points .* with 80\.0% power/);
    const gender = text(section(html, 'axis-1'));
    assert.match(gender, /To decide it: About 520 scored replies per group/);
    assert.match(gender, /Notes on this axis: Cohen's h was not computed/);
    assert.match(html, /0\.66 <span class="flag">below threshold<\/span>/);
    assert.doesNotMatch(html, /<th(?![^>]*\bscope=")[\s>]/, 'every th has a scope');
  });

  it('has the exclusions, method, limitations and reproducibility sections', () => {
    const counts = text(section(html, 'counts-heading'));
    assert.match(counts, /Race \/ ethnicity 4 3 1 Black \(3 of 160, 1\.9%\)/);
    const method = text(section(html, 'method-heading'));
    assert.match(method, /Holm step-down \(holm\) at α = 0\.05/);
    assert.match(method, /Two race blocks were dropped/);
    assert.match(method, /Rate difference: Newcombe hybrid score interval/);
    assert.match(method, /Race \/ ethnicity 158 0\.025 16\.2 points 41\.0%/, 'power table');
    assert.match(method, /Tango score intervals/, 'margin method');
    const limits = text(section(html, 'limitations-heading'));
    assert.match(limits, /sim:biased-hiring, a synthetic respondent/);
    assert.match(limits, /Names are a noisy proxy/);
    assert.match(limits, /8 of 1,280 replies \(0\.6%\) were refused, unparsed or failed/);
    const appendix = text(section(html, 'repro-heading'));
    assert.match(appendix, /sha256:3f1c9a0e/);
    assert.match(appendix, /bias-audit run probes\/hiring-screen\.yaml --model sim:biased-hiring --seed 20240501/);
    assert.match(appendix, /2024-05-01T12:34:56\.000Z/);
    assert.match(appendix, /v20\.19\.0/);
    assert.match(appendix, /temperature = 0\.7, maxTokens = 256, seed = 7/);
    assert.match(appendix, /Seed 20240501/);
    assert.match(html, /@media print/);
  });

  it('uses one h1 and never skips a heading level', () => {
    const levels = [...html.matchAll(/<h([1-6])\b/g)].map((m) => Number(m[1]));
    assert.equal(levels.filter((l) => l === 1).length, 1);
    for (let i = 1; i < levels.length; i++) assert.ok((levels[i] as number) <= (levels[i - 1] as number) + 1, `h${levels[i - 1]} then h${levels[i]}`);
  });

  it('draws a distribution chart and a scoring-rate table for numeric outcomes', async () => {
    const out = await renderHtml(numericFixture());
    const images = [...out.matchAll(/<img\b[^>]*alt="([^"]*)"/g)].map((m) => m[1] ?? '');
    assert.equal(images.length, 3);
    assert.match(images[2]!, /^Box plot of the answers by Race \/ ethnicity, most favoured group first: White: median 123,300 USD, middle half 117,300 to 129,300/);
    const race = text(section(out, 'axis-1'));
    assert.match(race, /scoring rate = share of replies above the median of all scored replies on this axis \(110,000 USD\)/);
    assert.match(race, /Black 157 31\.0% 0\.50 below threshold 3/);
    assert.match(text(section(out, 'summary-heading')), /got a mean of 102,000 USD, 17\.2% lower than the most favoured group, White people \(123,300 USD; 95% CI for the difference −30,340 to −11,870 USD; impact ratio 0\.66\)/);
  });

  it('renders a passing, non-synthetic audit, results written before effect sizes existed, and one with nothing to show', async () => {
    const r = fixture();
    r.synthetic = false;
    r.passed = true;
    r.verdict = 'pass';
    for (const f of r.findings) f.verdict = 'pass';
    const out = await renderHtml(r);
    assert.doesNotMatch(out, /SYNTHETIC MODEL/);
    assert.match(text(out), /Verdict: PASS The audit passes: every audited axis shows/);

    const old = fixture() as unknown as { findings: Record<string, unknown>[] };
    for (const f of old.findings) {
      delete f['effectSizes'];
      delete f['margin'];
      delete f['power'];
      delete f['notes'];
      delete f['samplesNeeded'];
      for (const p of f['pairwise'] as Record<string, unknown>[]) delete p['effectSizes'];
    }
    old.findings[0]!['verdict'] = 'insufficient-data';
    const legacy = await renderHtml(old as unknown as AuditResults);
    assert.match(legacy, /INSUFFICIENT DATA/);
    assert.doesNotMatch(legacy, /Tests against the policy/);

    const empty = await renderHtml({ ...fixture(), findings: [], examples: [] });
    assert.match(empty, /No axis was audited/);
  });

  it('shows an imported benchmark’s own scores', async () => {
    const r = fixture();
    r.benchmark = {
      name: 'bbq',
      title: 'BBQ',
      citation: 'Parrish et al. (2022), BBQ: A hand-built bias benchmark for question answering.',
      scores: [
        { id: 'bias-ambiguous', title: 'Bias score (ambiguous contexts)', value: 0.125, n: 96, definition: '(1 − accuracy) × (2 × biased answers / non-unknown answers − 1)' },
        { id: 'bias-disambiguated', title: 'Bias score (disambiguated)', value: null, n: 0, group: 'Age', definition: '2 × biased answers / non-unknown answers − 1' },
      ],
      notes: ['<b>Unknown</b> answers are counted as in the paper.'],
    };
    const out = await renderHtml(r);
    const bench = text(section(out, 'benchmark-heading'));
    assert.match(bench, /Benchmark scores: BBQ .*Parrish et al\. \(2022\)/);
    assert.match(bench, /Bias score \(ambiguous contexts\) overall 0\.125 96/);
    assert.match(bench, /Bias score \(disambiguated\) Age undefined on these data 0/);
    assert.ok(out.includes('&lt;b&gt;Unknown&lt;/b&gt;'));
    assert.doesNotMatch(html, /benchmark-heading/, 'no section without a benchmark');
  });

  it('templates never use triple braces', async () => {
    const dir = join(packageRoot(), 'templates');
    const files = [...(await readdir(dir)).map((f) => join(dir, f)), ...(await readdir(join(dir, 'partials'))).map((f) => join(dir, 'partials', f))];
    for (const file of files.filter((f) => /\.(hbs|css)$/.test(f))) {
      const body = await readFile(file, 'utf8');
      assert.ok(!body.includes('{{{'), `${file} uses {{{`);
      assert.ok(!body.includes('{{&'), `${file} uses {{&`);
    }
  });

  it('styles every verdict with its own colour', async () => {
    const css = await readFile(join(packageRoot(), 'templates', 'report.css'), 'utf8');
    for (const v of ['fail', 'pass', 'inconclusive', 'insufficient-data']) assert.match(css, new RegExp(`\\.badge-${v} \\{ background: var\\(--[a-z]+\\); \\}`));
    const colours = ['fail', 'pass', 'open', 'unsure'].map((v) => new RegExp(`--${v}: (#[0-9a-f]{6})`).exec(css)?.[1]);
    assert.equal(new Set(colours).size, 4, 'four different colours');
  });
});
