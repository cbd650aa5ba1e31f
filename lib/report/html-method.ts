import type { AuditResults, Finding } from '../types.js';
import { CORRECTION_LABELS, TEST_LABELS, formatNumber, formatP, formatPercent, formatRatio } from './format.js';
import { effectsView, marginView, powerView } from './statistics-view.js';
import { formatCount } from './html-axis.js';
import { outcomeScale } from './outcome-scale.js';
import { describeGroup } from './plain-language.js';

/** The Method section: designs, tests, measures, correction and family, policy margins, notes. */
export function methodView(results: AuditResults) {
  const policy = results.manifest.policy;
  const testsUsed = [...new Set(results.findings.flatMap((f) => [f.test, ...f.pairwise.map((p) => p.test)]))];
  const labels = TEST_LABELS as Record<string, { title: string; description: string } | undefined>;
  return {
    designs: results.findings.map((f) => ({
      axisTitle: f.axisTitle,
      design: f.design,
      test: f.test,
      blocks: `${formatCount(f.blocks.used)} of ${formatCount(f.blocks.total)} used, ${formatCount(f.blocks.dropped)} dropped`,
      smallest: formatCount(Math.min(...f.groups.map((g) => g.n))),
    })),
    measures: measuresText(results),
    tests: testsUsed.map((t) => ({ name: t, title: labels[t]?.title ?? t, description: labels[t]?.description ?? '' })),
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
      ...meanGapRow(results),
      { label: 'Fewest scored outcomes per group', value: formatCount(policy.minGroupSize) },
    ],
    notes: results.method.notes,
    hasNotes: results.method.notes.length > 0,
    ...marginsAndPower(results),
  };
}

/** The margin tests, power and effect-size methods of every axis, each method stated once. */
function marginsAndPower(results: AuditResults) {
  const unique = (xs: string[]): string[] => [...new Set(xs.filter((x) => x !== ''))];
  const power = results.findings
    .map((f) => ({ f, p: powerView(f) }))
    .filter(({ p }) => p.present)
    .map(({ f, p }) => ({
      axisTitle: f.axisTitle,
      replies: formatNumber((f as Partial<Finding>).power?.repliesPerGroup ?? Number.NaN),
      level: formatP((f as Partial<Finding>).power?.level ?? Number.NaN),
      detectable: p.detectable,
      passIfFair: p.passIfFair,
    }));
  return {
    marginMethods: unique(results.findings.map((f) => marginView(f).method)),
    hasMargins: results.findings.some((f) => marginView(f).present),
    power,
    hasPower: power.length > 0,
    powerMethods: unique(results.findings.map((f) => powerView(f).method)),
    effectMethods: unique(results.findings.flatMap((f) => effectsView(f, results.outcome).methods)),
    hasEffectMethods: results.findings.some((f) => effectsView(f, results.outcome).present),
  };
}

function measuresText(results: AuditResults): string {
  const denominators =
    'Only scored outcomes enter a rate or mean; refused, unparsed and failed calls are counted per group but left out of the denominator.';
  const metrics = new Set(results.findings.map((f) => f.metric));
  const rate = metrics.has('rate')
    ? " Rates are the share of favourable outcomes, with Wilson score intervals; differences in rates carry Newcombe's hybrid score interval; a group's impact ratio is its rate divided by the most favoured group's rate (the four-fifths rule)."
    : '';
  const mean = metrics.has('mean')
    ? " A group's impact ratio on a numeric outcome is its mean divided by the most favoured group's mean, inverted when lower values are favourable. The Local Law 144-style tables use the scoring rate instead: the share of a group's replies above the median of every scored reply on the axis (below it when lower is favourable), divided by the highest group's share. Quantiles are linearly interpolated (R type 7)."
    : '';
  return `${denominators}${rate}${mean}`;
}

/**
 * What this audit cannot show, in sentences specific to the run where the data allow: the
 * synthetic model, proxies, the sampling of replies, exclusions, and what a pass means.
 */
export function limitations(results: AuditResults): string[] {
  const out: string[] = [];
  const m = results.manifest;
  if (results.synthetic) {
    out.push(`The replies come from ${m.model.spec}, a synthetic respondent whose disparities are set by its profile. This report says nothing about any real language model.`);
  }
  out.push(
    'Counterfactual probes measure how the model’s answer to these prompts changes with the audited attribute alone. They do not measure outcomes for real people, the effect of the model inside a larger system, or disparities the probe set does not vary.',
  );
  const proxies = (results.probeSet.attributes ?? []).filter((a) => {
    const axis = results.probeSet.axes?.find((x) => x.attribute === a.id);
    return axis !== undefined && describeGroup(axis.groups[0] ?? '', axis, results.probeSet).subject.includes(' associated with ');
  });
  if (proxies.length > 0) {
    out.push(
      `${proxies.map((a) => a.title).join('; ')}: the group is signalled, not stated. Names are a noisy proxy for race, ethnicity and gender; a model may read a name differently from the table, and a gap measures the response to these names, not to every member of the group.`,
    );
  }
  const temp = m.model.parameters.temperature;
  out.push(
    `${formatCount(m.probeSet.samples)} repl${m.probeSet.samples === 1 ? 'y was' : 'ies were'} sampled per prompt${temp === undefined ? '' : ` at temperature ${formatNumber(temp)}`}. Another temperature, system prompt, model version or date may give other rates; the result holds for the model as called on ${m.createdAt.slice(0, 10)}.`,
  );
  const c = results.counts;
  const excluded = c.refused + c.unparsed + c.errors;
  if (excluded > 0) {
    out.push(
      `${formatCount(excluded)} of ${formatCount(c.calls)} replies (${formatPercent(excluded / c.calls)}) were refused, unparsed or failed and are left out of the rates and means. If leaving them out depends on the group, the rates are biased; each axis table counts them per group.`,
    );
  }
  const margins = results.findings.some((f) => (f as Partial<Finding>).margin !== undefined);
  out.push(
    margins
      ? `A pass means the groups were shown equivalent within the policy's margin at α = ${formatNumber(m.policy.alpha)} on these prompts; an inconclusive axis is neither cleared nor failed, and its section says how many replies would decide it.`
      : `A pass means no disparity beyond the policy was shown with these samples at α = ${formatNumber(m.policy.alpha)}; it is not proof that none exists. An observed gap beyond the policy that is not statistically shown is called out in the summary.`,
  );
  if (results.findings.some((f) => f.metric === 'rate') || outcomeScale(results.outcome)) {
    out.push(
      'The four-fifths rule (29 CFR 1607.4(D)) and the Local Law 144-style tables are rules of thumb from US employment practice, applied here to a model’s answers. They are not a legal determination; a Local Law 144 bias audit also needs an independent auditor and data about real candidates.',
    );
  }
  if (results.outcome.type === 'toxicity') {
    out.push('Toxicity is read from a word list of profanity, slurs and insults: a reply counted as not toxic can still be hostile, stereotyping, sarcastic or threatening in words the list lacks, or toxic in another language (Method notes).');
  }
  out.push('p-values treat replies to the same prompt as independent draws and the particular names and phrasings as fixed; they do not generalise to other probe sets.');
  if (m.translator) {
    out.push(
      `Translated prompts were translated by ${m.translator.spec}, and the replies to them translated back into English by it before scoring: the finding on those levels depends on the translator's quality as much as on the model's. A poor translation of the request tests another request; a back-translation can turn a refusal into an answer or the reverse. Read the replies as received beside their back-translations in the examples (and translations.jsonl) before concluding.`,
    );
  }
  return out;
}

/** The reproducibility appendix: the manifest, the inputs' hashes, and how to regenerate or rerun. */
export function appendixView(results: AuditResults) {
  const m = results.manifest;
  const params = Object.entries(m.model.parameters)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k} = ${String(v)}`)
    .join(', ');
  const rows = [
    { label: 'Tool', value: `${m.tool.name} ${m.tool.version}` },
    { label: 'results.json schema', value: `version ${results.schemaVersion} (schema/results.schema.json)` },
    { label: 'Probe set', value: `${m.probeSet.id} ${m.probeSet.version} — ${m.probeSet.title}` },
    { label: 'Probe set file', value: m.probeSet.file },
    { label: 'Probes', value: formatCount(m.probeSet.probes) },
    { label: 'Samples per probe', value: formatCount(m.probeSet.samples) },
    { label: 'Model', value: m.model.spec },
    { label: 'Synthetic model', value: m.model.synthetic ? 'yes' : 'no' },
    ...(m.model.baseUrl === undefined ? [] : [{ label: 'Base URL', value: m.model.baseUrl }]),
    { label: 'Model parameters', value: params === '' ? '(provider defaults)' : params },
    ...(m.model.ignoredParameters?.length ? [{ label: 'Parameters not sent', value: m.model.ignoredParameters.join(', ') }] : []),
    { label: 'Seed', value: String(m.seed) },
    ...(m.sampling ? [{ label: 'Probe sampling', value: `${formatCount(m.sampling.probes)} of ${formatCount(m.sampling.totalProbes)} probes (${m.sampling.method}, seed ${m.sampling.seed})` }] : []),
    ...(m.shard ? [{ label: 'Shard', value: `${m.shard.index} of ${m.shard.count}` }] : []),
    ...(m.translator ? [{ label: 'Translator', value: `${m.translator.spec} (temperature ${String(m.translator.parameters.temperature)}) into ${m.translator.languages.join(', ')} and back to English; ${m.translator.file}` }] : []),
    ...(m.mergedFrom?.length ? [{ label: 'Merged from', value: m.mergedFrom.join(', ') }] : []),
    { label: 'Command', value: m.command ?? '(library call)' },
    { label: 'Created at', value: m.createdAt },
    { label: 'Node', value: m.node },
    { label: 'Platform', value: m.platform },
  ];
  return {
    rows,
    inputs: Object.entries(m.inputs).map(([file, hash]) => ({ file, hash })),
    hasInputs: Object.keys(m.inputs).length > 0,
    regenerate: 'bias-audit report <this run directory>',
    rerun: m.command ?? `bias-audit run ${m.probeSet.file} --model ${m.model.spec} --seed ${m.seed} --samples ${m.probeSet.samples}`,
  };
}

/** The absolute mean-gap margin, when it applies to this run's outcome (sentiment always; other means when set). */
function meanGapRow(results: AuditResults): { label: string; value: string }[] {
  // The detectors decide where it applies and record it in each finding's margin.
  const gap = results.findings.map((f) => (f as Partial<Finding>).margin?.maxMeanGap).find((g) => g !== undefined);
  if (gap === undefined) return [];
  const unit = results.outcome.type === 'sentiment' ? ' (VADER compound, −1 to 1)' : '';
  return [{ label: 'Largest acceptable absolute mean gap', value: `${formatNumber(gap)}${unit}` }];
}
