/**
 * The safety section's charts and group gaps (issue 7, part 4), on real audits of the safety sets
 * against sim:unsafe (a few hundred calls each, seed 1): one PNG chart per audited axis with alt text
 * that states every rate, the plain control or the most favoured group marked, the gaps in words, the
 * same numbers in report.md, and untrusted group names and replies escaped everywhere, alt text included.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { audit, renderHtml, renderMarkdown, type AuditResult } from '../../lib/index.js';
import { safetyChart, safetyChartText } from '../../lib/report/safety-charts.js';
import type { AuditResults, Finding } from '../../lib/types.js';
import { ROOT } from '../helpers/cli.js';
import { HOSTILE_REPLY } from './fixture.js';

const SAFETY = join(ROOT, 'probes', 'safety');
const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const HOSTILE_GROUP = 'Bl<img src=x onerror=alert(1)>ack" onload="alert(2) {{constructor}} | *x*';

const decode = (s: string): string => s.replace(/&quot;/g, '"').replace(/&#x27;/g, "'").replace(/&#x3D;/g, '=').replace(/&#x60;/g, '`').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;

/** The safety section's HTML: from its heading to the end of its <section>. */
function section(html: string): string {
  const start = html.indexOf('id="safety-heading"');
  assert.ok(start > 0, 'the report has a safety section');
  return html.slice(start, html.indexOf('</section>', start));
}

/** The safety section's charts: the data: URI and the alt text (decoded) of each <img>. */
function charts(html: string): { src: string; alt: string; png: Buffer }[] {
  return [...section(html).matchAll(/<figure class="safety-chart">\s*<img src="([^"]*)" alt="([^"]*)">/g)].map((m) => {
    const src = m[1] as string;
    return { src, alt: decode(m[2] as string), png: Buffer.from(src.replace(/^data:image\/png;base64,/, ''), 'base64') };
  });
}

/** The refusal rate of each group as the section draws it: refusal of harmful requests, over-refusal of safe ones. */
function drawnRates(f: Finding, harmful: boolean): Map<string, number> {
  return new Map(f.groups.map((g) => [g.group, harmful ? g.value : 1 - g.value]));
}

describe('safety section: charts and group gaps (sim:unsafe)', function () {
  this.timeout(60_000);
  let tmp: string;
  const runs = new Map<string, AuditResult>();
  const run = async (set: string, extra: { maxProbes: number; samples?: number; translator?: string }): Promise<AuditResult> => {
    let r = runs.get(set);
    if (!r) {
      r = await audit({ probeSet: join(SAFETY, `${set}.yaml`), model: 'sim:unsafe', seed: 1, outDir: join(tmp, set), cwd: ROOT, cache: false, ...extra });
      runs.set(set, r);
    }
    return r;
  };
  before(() => (tmp = mkdtempSync(join(tmpdir(), 'ba-safety-charts-'))));
  after(() => rmSync(tmp, { recursive: true, force: true }));

  it('harmful requests: one chart of refusal by attack transform, the plain control first, every rate and attack success in the alt text', async () => {
    const r = await run('harmful-requests', { maxProbes: 60 });
    const html = readFileSync(r.files.html, 'utf8');
    const [chart, ...more] = charts(html);
    assert.ok(chart && more.length === 0, 'one chart for the one axis');
    assert.ok(chart.png.subarray(0, 8).equals(PNG_MAGIC) && chart.png.length > 5000, 'a PNG with content');
    const f = r.findings[0] as Finding;
    assert.match(chart.alt, /^Bar chart of the refusal rate on harmful requests by attack transform, higher is safer, with 95% confidence intervals, the plain request \(the control\) first: plain \(control\) /);
    for (const g of f.groups) {
      const shown = `${g.group}${g.group === 'plain' ? ' (control)' : ''} ${pct(g.value)} (95% CI ${pct(g.ciLow)} – ${pct(g.ciHigh)}, n = ${g.n}; attack success ${pct(1 - g.value)}`;
      assert.ok(chart.alt.includes(shown), `alt text lacks "${shown}": ${chart.alt}`);
    }
    // base64 (profile: 30% refusal against 90% plain) is shown significantly below the control.
    assert.match(chart.alt, /base64 \d+\.\d% \([^)]*; significantly below plain, adjusted p = [^)]+\)/);
    assert.match(section(html), /<figcaption>The share of harmful requests the model refused, sent plain \(the control/);
    // The gap in words: the transform against the plain request, with the pairwise interval.
    const base64 = f.groups.find((g) => g.group === 'base64')!;
    const plain = f.groups.find((g) => g.group === 'plain')!;
    assert.match(decode(section(html)), new RegExp(`<li>With the base64 transform, harmful requests were refused ${pct(base64.value).replace('.', '\\.')} of the time, against ${pct(plain.value).replace('.', '\\.')} sent plain: an attack success rate of ${pct(1 - base64.value).replace('.', '\\.')} \\(refusal down \\d+\\.\\d points, 95% CI \\d+\\.\\d to \\d+\\.\\d points; adjusted p = `));
    // report.md has no images: the same numbers in words.
    const md = readFileSync(r.files.markdown, 'utf8');
    assert.match(md, /\*\*Safety\.\*\* Refusal rate on harmful requests: /);
    assert.ok(md.includes(`plain (control) ${pct(plain.value)} (95% CI ${pct(plain.ciLow)} – ${pct(plain.ciHigh)}, n = ${plain.n}; attack success ${pct(1 - plain.value)})`), md);
    assert.doesNotMatch(html, /<script/i);
  });

  it('translated harmful requests: the plain and translation bars', async () => {
    const r = await run('harmful-requests-translated', { maxProbes: 40, translator: 'sim:fair' });
    const [chart, ...more] = charts(readFileSync(r.files.html, 'utf8'));
    assert.ok(chart && more.length === 0);
    const rates = drawnRates(r.findings[0]!, true);
    assert.match(chart.alt, new RegExp(`: plain \\(control\\) ${pct(rates.get('plain')!).replace('.', '\\.')} .*; translation ${pct(rates.get('translation')!).replace('.', '\\.')} `));
  });

  it('over-refusal (XSTest): one chart of over-refusal by prompt type, lower is better, the least refused type first and marked', async () => {
    const r = await run('over-refusal', { maxProbes: 100 });
    const html = readFileSync(r.files.html, 'utf8');
    const [chart, ...more] = charts(html);
    assert.ok(chart && more.length === 0);
    const f = r.findings[0]!;
    assert.match(chart.alt, new RegExp(`^Bar chart of the over-refusal rate \\(safe requests refused\\) by Type, lower is better, with 95% confidence intervals, the most favoured group first: ${f.reference} \\(most favoured\\) `));
    for (const [group, rate] of drawnRates(f, false)) assert.ok(chart.alt.includes(`${group}${group === f.reference ? ' (most favoured)' : ''} ${pct(rate)} (95% CI `), `${group} ${pct(rate)}`);
    // The bars run from least to most over-refused: the alt text lists them in that order.
    const listed = [...chart.alt.matchAll(/(?:: |; )([a-z_]+)(?: \(most favoured\))? (\d+\.\d)% \(95% CI/g)].map((m) => Number(m[2]));
    assert.equal(listed.length, f.groups.length);
    assert.deepEqual(listed, [...listed].sort((a, b) => a - b));
  });

  it('safety-by-persona: a chart and the gaps in words per axis; Black and Muslim askers over-refused beyond the most favoured group', async () => {
    const r = await run('safety-by-persona', { maxProbes: 200, samples: 4 });
    const html = readFileSync(r.files.html, 'utf8');
    const found = charts(html);
    assert.equal(found.length, r.findings.length, 'a chart per axis');
    assert.deepEqual(r.findings.map((f) => f.axis), ['race', 'gender', 'race x gender', 'religion']);
    for (const [i, f] of r.findings.entries()) {
      const chart = found[i]!;
      assert.ok(chart.png.subarray(0, 8).equals(PNG_MAGIC));
      assert.ok(chart.alt.startsWith(`Bar chart of the over-refusal rate (safe requests refused) by ${f.axisTitle}, lower is better`), chart.alt);
      for (const [group, rate] of drawnRates(f, false)) assert.ok(chart.alt.includes(`${group}${group === f.reference ? ' (most favoured)' : ''} ${pct(rate)} (95% CI `), `${f.axis}: ${group}`);
    }
    const race = r.findings[0]!;
    const black = race.groups.find((g) => g.group === 'Black')!;
    const ref = race.groups.find((g) => g.group === race.reference)!;
    const pair = race.pairwise.find((p) => p.group === 'Black')!;
    assert.ok(pair.pAdjusted < 0.05, 'the sim profile over-refuses Black askers (31% against 10%)');
    assert.match(found[0]!.alt, /Black \d+\.\d% \([^)]*; significantly worse than \w+, adjusted p = /);
    const text = decode(section(html)).replace(/\s+/g, ' ');
    const sentence =
      `Askers with first names associated with Black people were refused ${pct(1 - black.value)} of the time on safe requests, against ${pct(1 - ref.value)} ` +
      `for the most favoured group, ${race.reference} people (gap ${((ref.value - black.value) * 100).toFixed(1)} points, 95% CI ${(-pair.ciHigh * 100).toFixed(1)} to ${(-pair.ciLow * 100).toFixed(1)} points; adjusted p = `;
    assert.ok(text.includes(sentence), `missing: ${sentence}`);
    assert.match(text, /Askers whose religion is given as “Muslim” were refused \d+\.\d% of the time on safe requests, against \d+\.\d% for the most favoured group, “\w+” \(gap \d+\.\d points/);
    const md = readFileSync(r.files.markdown, 'utf8');
    assert.ok(md.includes(sentence), 'report.md states the same gap');
  });

  it('escapes a hostile group name and reply everywhere, alt text included; the page has no script', async () => {
    const r = await run('safety-by-persona', { maxProbes: 200, samples: 4 });
    // Rename the group "Black" (the worst, so it is in the chart, the gap sentence and the examples).
    const tampered = JSON.parse(JSON.stringify(r as AuditResults).replaceAll('"Black"', JSON.stringify(HOSTILE_GROUP))) as AuditResults;
    const row = tampered.examples.flatMap((e) => e.rows).find((x) => x.label === 'refused');
    assert.ok(row, 'a refused safe request among the examples');
    row.response = HOSTILE_REPLY;
    const html = await renderHtml(tampered);
    assert.doesNotMatch(html, /<script|<img src=x|onerror=alert|onload="alert/i);
    const alt = charts(html)[0]!.alt;
    assert.ok(alt.includes(`${HOSTILE_GROUP} `), 'the alt text holds the name, escaped in the attribute');
    assert.ok(section(html).includes('Bl&lt;img src&#x3D;x onerror&#x3D;alert(1)&gt;ack&quot; onload&#x3D;&quot;alert(2) {{constructor}}'));
    assert.ok(section(html).includes('&lt;script&gt;alert(1)&lt;/script&gt;'), 'the reply, escaped, among the worst examples');
    const md = renderMarkdown(tampered);
    assert.doesNotMatch(md, /<img|<script/);
    assert.ok(md.includes('Bl&lt;img src=x onerror=alert(1)&gt;ack" onload="alert(2) {{constructor}} \\| \\*x\\*'), 'report.md escapes the name');
  });

  it('marks the plain control even when another transform is refused more often, and draws without a finite interval', () => {
    const base = {
      id: 's/attack', axis: 'attack', axisTitle: 'Attack', attribute: 'attack', metric: 'rate', design: 'paired', test: 'cochran-q', statistic: 1, pValue: 0.5, pAdjusted: 0.5,
      reference: 'role-play', worst: 'base64', gap: 0.3, relativeGap: 0.3, minImpactRatio: 0.6, blocks: { total: 10, used: 10, dropped: 0 }, verdict: 'inconclusive',
      reason: '', summary: '', effectSizes: [], notes: [],
    } as unknown as Finding;
    const stat = (group: string, value: number, n = 10) => ({ group, n, value, ciLow: n ? value - 0.1 : Number.NaN, ciHigh: n ? value + 0.05 : Number.NaN, impactRatio: 1, refused: 0, unparsed: 0, errors: 0, total: n });
    const f: Finding = {
      ...base,
      groups: [stat('base64', 0.6), stat('plain', 0.8), stat('role-play', 0.9), stat('empty', Number.NaN, 0)],
      pairwise: [{ group: 'base64', reference: 'role-play', test: 'mcnemar-exact', statistic: 1, pValue: 0.01, pAdjusted: 0.01, difference: -0.3, ciLow: -0.5, ciHigh: -0.1, impactRatio: 0.67, effectSizes: [] }],
    };
    const text = safetyChartText(f, true, 0.05);
    assert.deepEqual(text.bars.map((b) => b.group), ['plain', 'role-play', 'base64', 'empty']);
    // The only significant pair is against role-play, not the control: nothing is flagged against plain.
    assert.ok(text.bars.every((b) => !b.worse));
    assert.match(text.alt, /plain \(control\) 80\.0% .*; role-play 90\.0% .*; base64 60\.0% .*; empty n\/a \(95% CI n\/a – n\/a, n = 0; attack success n\/a\)\.$/);
    const chart = safetyChart(f, true, 0.05, 1);
    assert.ok(chart.png.subarray(0, 8).equals(PNG_MAGIC));
  });
});
