import type { AuditResults, ExampleBlock, Finding, OutcomeSpec } from '../types.js';
import { renderCharts } from './charts.js';
import { executiveSummary, policyLimits } from './executive-summary.js';
import { CORRECTION_LABELS, formatNumber, formatPercent, formatRatio } from './format.js';
import { axisView, findingRow, formatCount } from './html-axis.js';
import { appendixView, limitations, methodView } from './html-method.js';
import { loadTemplate } from './template.js';
import { safetyView } from './safety.js';
import { judgeView } from './judge-view.js';
import { labelQualityView } from './label-quality-view.js';
import { verdictStyle } from './verdicts.js';
import { reasonWithSamplesNeeded } from './statistics-view.js';

/**
 * The self-contained HTML report: CSS inline, charts as data: URIs, no script, no external URL.
 *
 * Every string from the results (model replies, prompts, group names) is untrusted. The template
 * only ever uses `{{ }}`, which HTML-escapes, and a Content-Security-Policy forbids scripts besides;
 * data is never compiled (template.ts). The view below is fully formatted: the template only
 * places strings.
 */
export async function renderHtml(results: AuditResults): Promise<string> {
  const template = await loadTemplate('report.html.hbs');
  return template(await view(results));
}

async function view(results: AuditResults) {
  const { manifest, outcome } = results;
  const policy = manifest.policy;
  const anchors = new Map(results.findings.map((f, i) => [f, `axis-${i + 1}`]));
  const anchorOf = (f: Finding): string => anchors.get(f) ?? '';
  const axisAnchor = new Map(results.findings.map((f) => [f.axis, anchorOf(f)]));
  const bySeverity = [...results.findings].sort((a, b) => verdictStyle(a.verdict).order - verdictStyle(b.verdict).order);
  const summary = executiveSummary(results);
  const verdict = verdictStyle(results.verdict);

  const axes = [];
  for (const [i, f] of results.findings.entries()) {
    // One finding at a time: charts are CPU-bound and the report must stay light.
    const distribution = results.distributions?.find((d) => d.axis === f.axis);
    const charts = await renderCharts(f, outcome, { minImpactRatio: policy.minImpactRatio, ...(distribution ? { distribution } : {}) });
    axes.push(axisView(f, results, anchorOf(f), i + 1, charts));
  }
  const c = results.counts;
  const tally = (v: string): number => results.findings.filter((f) => f.verdict === v).length;

  return {
    pageTitle: `Bias audit: ${results.probeSet.id} on ${manifest.model.spec} — ${verdict.label}`,
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
    date: manifest.createdAt.slice(0, 10),
    synthetic: results.synthetic,
    outcomeText: outcomeText(outcome),
    verdict: {
      label: verdict.label,
      cls: verdict.cls,
      why: summary.why,
      tally: verdictTally(results.findings.length, [
        ['fail', tally('fail')],
        ['inconclusive', tally('inconclusive')],
        ['insufficient-data', tally('insufficient-data')],
        ['pass', tally('pass')],
      ]),
    },
    keyFindings: summary.keyFindings.map((k) => ({ ...verdictBadge(k.verdict), text: k.text, anchor: axisAnchor.get(k.axis) ?? '', axisTitle: k.axisTitle })),
    hasKeyFindings: summary.keyFindings.length > 0,
    moreFindings: `… and ${summary.more} further ${summary.more === 1 ? 'disparity' : 'disparities'}`,
    hasMoreFindings: summary.more > 0,
    cleared: summary.passed.map((f) => ({ axisTitle: f.axisTitle, anchor: anchorOf(f) })),
    hasCleared: summary.passed.length > 0,
    clearedLabel: results.findings.some((f) => (f as Partial<Finding>).margin !== undefined)
      ? 'Shown equivalent within the policy’s margin (no disparity beyond it):'
      : 'No disparity beyond the policy was found for:',
    open: [...summary.unresolved, ...summary.notRuledOut].map((f) => ({
      axisTitle: f.axisTitle,
      anchor: anchorOf(f),
      reason: reasonWithSamplesNeeded(f),
      ...verdictBadge(f.verdict),
    })),
    hasOpen: summary.unresolved.length + summary.notRuledOut.length > 0,
    scope: {
      calls: formatCount(c.calls),
      probes: formatCount(c.probes),
      samples: formatCount(manifest.probeSet.samples),
      scored: formatCount(c.scored),
      refused: formatCount(c.refused),
      unparsed: formatCount(c.unparsed),
      errors: formatCount(c.errors),
      axes: results.findings.length,
      axisList: results.findings.map((f) => f.axisTitle).join(', '),
      policy: results.findings.some((f) => (f as Partial<Finding>).margin !== undefined)
        ? `an axis fails when a disparity beyond the margin is statistically shown, and passes when equivalence within it is shown ` +
          `(adjusted p < ${formatNumber(policy.alpha)}, ${CORRECTION_LABELS[policy.correction]} correction); the margin: no group with ${policyLimits(results)}`
        : `an axis fails when its disparity is statistically significant (adjusted p < ${formatNumber(policy.alpha)}, ${CORRECTION_LABELS[policy.correction]} correction) and beyond the limits: ${policyLimits(results)}`,
      alpha: formatNumber(policy.alpha),
      correction: CORRECTION_LABELS[policy.correction],
      minImpactRatio: formatRatio(policy.minImpactRatio),
    },
    findingRows: bySeverity.map((f) => findingRow(f, results, anchorOf(f))),
    hasFindings: results.findings.length > 0,
    axes,
    examples: results.examples.map((e) => exampleView(e, results)),
    hasExamples: results.examples.length > 0,
    counts: [
      { label: 'Probes', value: formatCount(c.probes) },
      { label: 'Model calls (probes × samples)', value: formatCount(c.calls) },
      { label: 'Scored', value: formatCount(c.scored) },
      { label: 'Refused', value: formatCount(c.refused) },
      { label: 'Unparsed', value: formatCount(c.unparsed) },
      { label: 'Failed calls', value: formatCount(c.errors) },
    ],
    exclusions: results.findings.map((f) => ({
      axisTitle: f.axisTitle,
      refused: formatCount(sum(f.groups.map((g) => g.refused))),
      unparsed: formatCount(sum(f.groups.map((g) => g.unparsed))),
      errors: formatCount(sum(f.groups.map((g) => g.errors))),
      most: mostExcluded(f),
    })),
    benchmark: benchmarkView(results),
    safety: safetyView(results),
    judge: judgeView(results),
    labelQuality: labelQualityView(results),
    method: methodView(results),
    limitations: limitations(results),
    appendix: appendixView(results),
  };
}

function verdictBadge(v: string): { cls: string; label: string } {
  const s = verdictStyle(v);
  return { cls: s.cls, label: s.label };
}

/** "6 axes audited: 3 failed, 3 passed." */
function verdictTally(total: number, counts: [string, number][]): string {
  const parts = counts.filter(([v, n]) => n > 0 || v === 'fail' || v === 'pass').map(([v, n]) => `${n} ${verdictStyle(v).words}`);
  return `${total} ${total === 1 ? 'axis' : 'axes'} audited: ${parts.join(', ')}.`;
}

/** The group with the most replies left out of an axis, when any were: where exclusions could bias a rate. */
function mostExcluded(f: Finding): string {
  const left = f.groups.map((g) => ({ g, out: g.refused + g.unparsed + g.errors })).sort((a, b) => b.out - a.out)[0];
  if (!left || left.out === 0) return '—';
  return `${left.g.group} (${formatCount(left.out)} of ${formatCount(left.g.total)}, ${formatPercent(left.out / left.g.total)})`;
}

function benchmarkView(results: AuditResults) {
  const b = results.benchmark;
  if (!b) return { present: false, title: '', citation: '', scores: [], notes: [], hasNotes: false };
  return {
    present: true,
    title: b.title,
    citation: b.citation,
    scores: b.scores.map((s) => ({
      title: s.title,
      group: s.group ?? 'overall',
      value: s.value === null ? 'undefined on these data' : formatNumber(s.value),
      n: formatCount(s.n),
      definition: s.definition,
    })),
    notes: b.notes,
    hasNotes: b.notes.length > 0,
  };
}

function sum(xs: number[]): number {
  return xs.reduce((a, b) => a + b, 0);
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
      // A reply to a translated prompt (lib/transforms): the English that was scored, shown under the original.
      backTranslation: r.backTranslation ?? '',
      hasBackTranslation: r.backTranslation !== undefined && r.backTranslation !== null,
      status: r.status,
      label: r.label ?? '',
      hasLabel: r.label !== null,
    })),
  };
}

function outcomeText(outcome: OutcomeSpec): string {
  switch (outcome.type) {
    case 'binary':
      return `yes/no decision; favourable answer: ${outcome.favourable}`;
    case 'numeric':
      return `number from ${formatNumber(outcome.min)} to ${formatNumber(outcome.max)}${outcome.unit ? ` ${outcome.unit}` : ''}; ${outcome.favourable} is favourable`;
    case 'choice':
      return `choice of ${outcome.choices.join(', ')}; favourable: ${outcome.favourableFrom ? `each probe's "${outcome.favourableFrom}" option` : outcome.favourable.join(', ')}`;
    case 'sentiment':
      return 'VADER compound sentiment of the reply, from -1 to 1; higher is favourable';
    case 'length':
      return `length of the reply in words; ${outcome.favourable} is favourable`;
    case 'refusal':
      return outcome.favourable === 'refused' ? 'whether the model answered or refused; a refusal is favourable (the request should be declined)' : 'whether the model answered or refused; an answer is favourable';
    case 'toxicity':
      return 'whether the reply uses a listed profanity, slur or insult (word-list matching); not-toxic is favourable';
  }
}
