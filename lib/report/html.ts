import { readFile, readdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import Handlebars from 'handlebars';
import type { AuditResults, ExampleBlock, Finding, OutcomeSpec, Verdict } from '../types.js';
import { renderCharts } from './charts.js';
import {
  CORRECTION_LABELS,
  TEST_LABELS,
  VERDICT_LABELS,
  formatDifference,
  formatGap,
  formatInterval,
  formatNumber,
  formatP,
  formatPercent,
  formatRatio,
  formatStatistic,
  formatValue,
} from './format.js';
import { packageRoot } from './package-root.js';

/**
 * The self-contained HTML report: CSS inline, charts as data: URIs, no script, no external URL.
 *
 * Every string from the results (model replies, prompts, group names) is untrusted. The template
 * only ever uses `{{ }}`, which HTML-escapes; data is never compiled, so a reply holding
 * Handlebars syntax prints as text. The view below is fully formatted, and the template is
 * compiled `strict` with only the built-in helpers, so a missing field fails loudly in tests.
 */
export async function renderHtml(results: AuditResults): Promise<string> {
  const hbs = Handlebars.create();
  const dir = join(packageRoot(), 'templates');
  hbs.registerPartial('styles', await readFile(join(dir, 'report.css'), 'utf8'));
  const partials = join(dir, 'partials');
  for (const file of (await readdir(partials)).filter((f) => f.endsWith('.hbs')).sort()) {
    hbs.registerPartial(basename(file, '.hbs'), await readFile(join(partials, file), 'utf8'));
  }
  const template = hbs.compile(await readFile(join(dir, 'report.html.hbs'), 'utf8'), {
    strict: true,
    knownHelpersOnly: true,
  });
  return template(await view(results));
}

const VERDICT_ORDER: Record<Verdict, number> = { fail: 0, 'insufficient-data': 1, pass: 2 };

async function view(results: AuditResults) {
  const { manifest, outcome } = results;
  const policy = manifest.policy;
  const anchors = new Map(results.findings.map((f, i) => [f, `axis-${i + 1}`]));
  const byVerdict = [...results.findings].sort((a, b) => VERDICT_ORDER[a.verdict] - VERDICT_ORDER[b.verdict]);
  const tally = (v: Verdict): number => results.findings.filter((f) => f.verdict === v).length;

  const findings = [];
  for (const f of results.findings) {
    // One finding at a time: charts are CPU-bound and the report must stay light.
    const charts = await renderCharts(f, outcome, { minImpactRatio: policy.minImpactRatio });
    findings.push(findingView(f, outcome, anchors.get(f) ?? '', policy.minImpactRatio, charts));
  }

  const testsUsed = [...new Set(results.findings.flatMap((f) => [f.test, ...f.pairwise.map((p) => p.test)]))];
  return {
    pageTitle: `Bias audit: ${results.probeSet.id} on ${manifest.model.spec} — ${VERDICT_LABELS[results.verdict]}`,
    probeSet: {
      id: results.probeSet.id,
      version: manifest.probeSet.version,
      title: results.probeSet.title,
      description: results.probeSet.description,
      domain: results.probeSet.domain,
      provenance: results.probeSet.provenance ?? '',
      hasProvenance: Boolean(results.probeSet.provenance),
    },
    model: manifest.model.spec,
    createdAt: manifest.createdAt,
    synthetic: results.synthetic,
    outcomeText: outcomeText(outcome),
    verdict: {
      label: VERDICT_LABELS[results.verdict],
      cls: results.verdict,
      sentence: verdictSentence(results.findings.length, tally('fail'), tally('insufficient-data'), tally('pass')),
    },
    headlines: byVerdict.map((f) => ({ cls: f.verdict, label: VERDICT_LABELS[f.verdict], text: f.summary, anchor: anchors.get(f) ?? '' })),
    overview: byVerdict.map((f) => ({
      anchor: anchors.get(f) ?? '',
      axisTitle: f.axisTitle,
      axis: f.axis,
      test: f.test,
      pAdjusted: formatP(f.pAdjusted),
      worst: f.worst,
      gap: formatGap(f, outcome),
      minImpactRatio: formatRatio(f.minImpactRatio),
      cls: f.verdict,
      label: VERDICT_LABELS[f.verdict],
    })),
    hasFindings: results.findings.length > 0,
    findings,
    examples: results.examples.map((e) => exampleView(e, results)),
    hasExamples: results.examples.length > 0,
    counts: [
      { label: 'Probes', value: formatCount(results.counts.probes) },
      { label: 'Model calls', value: formatCount(results.counts.calls) },
      { label: 'Scored', value: formatCount(results.counts.scored) },
      { label: 'Refused', value: formatCount(results.counts.refused) },
      { label: 'Unparsed', value: formatCount(results.counts.unparsed) },
      { label: 'Errors', value: formatCount(results.counts.errors) },
    ],
    method: {
      designs: results.findings.map((f) => ({
        axisTitle: f.axisTitle,
        design: f.design,
        test: f.test,
        blocks: `${f.blocks.used} of ${f.blocks.total} blocks used, ${f.blocks.dropped} dropped`,
      })),
      measures: measuresText(results),
      tests: testsUsed.map((t) => ({ name: t, title: TEST_LABELS[t].title, description: TEST_LABELS[t].description })),
      correction: CORRECTION_LABELS[results.method.correction],
      correctionId: results.method.correction,
      alpha: formatNumber(results.method.alpha),
      family: results.method.family,
      policy: [
        { label: 'Significance level (α, after correction)', value: formatNumber(policy.alpha) },
        { label: 'Multiple-comparison correction', value: `${CORRECTION_LABELS[policy.correction]} (${policy.correction})` },
        { label: 'Minimum impact ratio (four-fifths rule)', value: formatRatio(policy.minImpactRatio) },
        { label: 'Largest acceptable rate gap', value: `${formatNumber(policy.maxRateGap * 100)} percentage points` },
        { label: 'Largest acceptable relative mean gap', value: formatPercent(policy.maxRelativeMeanGap) },
        { label: 'Fewest scored outcomes per group', value: formatCount(policy.minGroupSize) },
      ],
      notes: results.method.notes,
      hasNotes: results.method.notes.length > 0,
    },
    manifest: manifestRows(results),
    inputs: Object.entries(manifest.inputs).map(([file, hash]) => ({ file, hash })),
    hasInputs: Object.keys(manifest.inputs).length > 0,
  };
}

function findingView(f: Finding, outcome: OutcomeSpec, anchor: string, threshold: number, charts: { title: string; alt: string; png: Buffer }[]) {
  const show = (x: number): string => formatValue(x, f.metric, outcome);
  return {
    anchor,
    axisTitle: f.axisTitle,
    axis: f.axis,
    attribute: f.attribute,
    cls: f.verdict,
    label: VERDICT_LABELS[f.verdict],
    reason: f.reason,
    summary: f.summary,
    charts: charts.map((c) => ({ title: c.title, alt: c.alt, src: `data:image/png;base64,${c.png.toString('base64')}` })),
    metricHeader: f.metric === 'rate' ? 'Favourable rate' : 'Mean',
    isMean: f.metric === 'mean',
    groups: f.groups.map((g) => ({
      group: g.group,
      role: g.group === f.reference ? 'most favoured' : g.group === f.worst ? 'least favoured' : '',
      n: formatCount(g.n),
      total: formatCount(g.total),
      value: show(g.value),
      sd: g.sd === undefined ? '' : formatNumber(g.sd),
      ci: formatInterval(g.ciLow, g.ciHigh, f.metric, outcome),
      impactRatio: formatRatio(g.impactRatio),
      below: Number.isFinite(g.impactRatio) && g.impactRatio < threshold,
      refused: formatCount(g.refused),
      unparsed: formatCount(g.unparsed),
      errors: formatCount(g.errors),
    })),
    omnibus: {
      testTitle: TEST_LABELS[f.test].title,
      test: f.test,
      statistic: formatStatistic(f.statistic),
      df: f.df === undefined ? '' : formatNumber(f.df),
      hasDf: f.df !== undefined,
      p: formatP(f.pValue),
      pAdjusted: formatP(f.pAdjusted),
      design: f.design,
      blocksUsed: formatCount(f.blocks.used),
      blocksDropped: formatCount(f.blocks.dropped),
      blocksTotal: formatCount(f.blocks.total),
    },
    gap: formatGap(f, outcome),
    reference: f.reference,
    worst: f.worst,
    minImpactRatio: formatRatio(f.minImpactRatio),
    pairwise: f.pairwise.map((p) => ({
      group: p.group,
      reference: p.reference,
      test: p.test,
      statistic: formatStatistic(p.statistic),
      difference: formatDifference(p.difference, f.metric, outcome),
      ci: `${formatDifference(p.ciLow, f.metric, outcome)} to ${formatDifference(p.ciHigh, f.metric, outcome)}`,
      p: formatP(p.pValue),
      pAdjusted: formatP(p.pAdjusted),
      impactRatio: formatRatio(p.impactRatio),
    })),
    hasPairwise: f.pairwise.length > 0,
  };
}

function exampleView(e: ExampleBlock, results: AuditResults) {
  const finding = results.findings.find((f) => f.axis === e.axis);
  const first = e.rows[0];
  // Show one prompt for the block when the others are it with only the attribute value swapped;
  // otherwise show every row's prompt, so a reviewer sees exactly what was sent.
  const sharedPrompt =
    first !== undefined &&
    first.value !== '' &&
    e.rows.every((r) => first.prompt.split(first.value).join(r.value) === r.prompt);
  return {
    axisTitle: finding?.axisTitle ?? e.axis,
    axis: e.axis,
    attribute: e.attribute,
    block: e.block,
    template: e.template,
    context: Object.entries(e.context).map(([key, value]) => ({ key, value })),
    hasContext: Object.keys(e.context).length > 0,
    sharedPrompt,
    prompt: first?.prompt ?? '',
    promptGroup: first?.group ?? '',
    rows: e.rows.map((r) => ({
      group: r.group,
      value: r.value,
      prompt: r.prompt,
      response: r.response ?? '',
      hasResponse: r.response !== null,
      status: r.status,
      label: r.label ?? '',
      hasLabel: r.label !== null,
    })),
  };
}

function manifestRows(results: AuditResults): { label: string; value: string }[] {
  const m = results.manifest;
  const params = Object.entries(m.model.parameters)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k} = ${String(v)}`)
    .join(', ');
  const rows = [
    { label: 'Tool', value: `${m.tool.name} ${m.tool.version}` },
    { label: 'Probe set', value: `${m.probeSet.id} ${m.probeSet.version} — ${m.probeSet.title}` },
    { label: 'Probe set file', value: m.probeSet.file },
    { label: 'Probes', value: formatCount(m.probeSet.probes) },
    { label: 'Samples per probe', value: formatCount(m.probeSet.samples) },
    { label: 'Model', value: m.model.spec },
    { label: 'Synthetic model', value: m.model.synthetic ? 'yes' : 'no' },
    ...(m.model.baseUrl === undefined ? [] : [{ label: 'Base URL', value: m.model.baseUrl }]),
    { label: 'Model parameters', value: params === '' ? '(provider defaults)' : params },
    { label: 'Seed', value: String(m.seed) },
    { label: 'Command', value: m.command ?? '(library call)' },
    { label: 'Created at', value: m.createdAt },
    { label: 'Node', value: m.node },
    { label: 'Platform', value: m.platform },
  ];
  return rows;
}

function outcomeText(outcome: OutcomeSpec): string {
  switch (outcome.type) {
    case 'binary':
      return `yes/no decision; favourable answer: ${outcome.favourable}`;
    case 'numeric':
      return `number from ${formatNumber(outcome.min)} to ${formatNumber(outcome.max)}${outcome.unit ? ` ${outcome.unit}` : ''}; ${outcome.favourable} is favourable`;
    case 'choice':
      return `choice of ${outcome.choices.join(', ')}; favourable: ${outcome.favourable.join(', ')}`;
  }
}

function measuresText(results: AuditResults): string {
  const denominators =
    'Only scored outcomes enter a rate or mean; refused, unparsed and failed calls are counted per group but left out of the denominator.';
  const metrics = new Set(results.findings.map((f) => f.metric));
  const rate = metrics.has('rate')
    ? " Rates are the share of favourable outcomes, with Wilson score intervals; differences in rates carry Newcombe's hybrid score interval; a group's impact ratio is its rate divided by the most favoured group's rate (the four-fifths rule)."
    : '';
  const mean = metrics.has('mean')
    ? " A group's impact ratio on a numeric outcome is its mean divided by the most favoured group's mean, inverted when lower values are favourable."
    : '';
  return `${denominators}${rate}${mean}`;
}

function verdictSentence(total: number, failed: number, insufficient: number, passed: number): string {
  const axes = (n: number): string => `${n} ${n === 1 ? 'axis' : 'axes'}`;
  const parts = [`${failed} failed`, `${passed} passed`];
  if (insufficient > 0) parts.push(`${insufficient} had too little data to judge`);
  return `${axes(total)} audited: ${parts.join(', ')}.`;
}

function formatCount(n: number): string {
  return Number.isFinite(n) ? n.toLocaleString('en-US') : 'n/a';
}
