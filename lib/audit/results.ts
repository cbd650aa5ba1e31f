import { detect, familyWords, methodNotes as statisticalNotes, overallVerdict } from '../detectors/index.js';
import { score } from '../scorers/index.js';
import { outcomeScale, summariseDistributions } from '../report/index.js';
import type { AuditResults, Outcome, OutcomeCounts, Probe, ProbeSet, ResponseRecord, RunManifest } from '../types.js';
import { pickExamples } from './examples.js';
import { scoreBenchmark } from '../benchmarks/index.js';
import type { Judged } from '../judge/index.js';
import { judgeMethodNote } from '../report/judge-view.js';
import { refusalScorerNote, TOXICITY_BLIND_SPOTS } from '../scorers/index.js';

/**
 * Everything after the model calls, as one pure step: journal records -> outcomes -> findings ->
 * the results the reports are made of. `bias-audit report DIR` runs exactly this again.
 */
export function analyse(
  probeSet: ProbeSet,
  probes: readonly Probe[],
  records: ReadonlyMap<string, ResponseRecord>,
  keyOf: (probe: Probe, sample: number) => string,
  manifest: RunManifest,
  /** When an LLM judge scored the replies (lib/judge/): its outcomes replace the pattern scorer's. */
  judged?: Judged,
): AuditResults {
  const samples = manifest.probeSet.samples;
  const outcomes = judged?.outcomes ?? score(probeSet.outcome, probes, samples, records, keyOf);
  const findings = detect(probeSet, probes, outcomes, { policy: manifest.policy, seed: manifest.seed, samplesPerProbe: samples });
  const counts = countOutcomes(probes.length, outcomes);
  const verdict = overallVerdict(findings);
  const { policy } = manifest;
  return {
    schemaVersion: 1,
    passed: verdict === 'pass',
    verdict,
    synthetic: manifest.model.synthetic,
    manifest,
    probeSet: {
      id: probeSet.id,
      title: probeSet.title,
      description: probeSet.description,
      domain: probeSet.domain,
      ...(probeSet.provenance === undefined ? {} : { provenance: probeSet.provenance }),
      attributes: probeSet.attributes.map((a) => ({ id: a.id, title: a.title })),
      axes: probeSet.axes.map((x) => ({ id: x.id, title: x.title, attribute: x.attribute, components: x.components, groups: x.groups })),
    },
    outcome: probeSet.outcome,
    counts,
    findings,
    examples: pickExamples(probeSet, probes, outcomes, (p, s) => records.get(keyOf(p, s))),
    ...(probeSet.benchmark ? { benchmark: scoreBenchmark(probeSet, probes, outcomes) } : {}),
    ...(judged ? { judge: judged.result } : {}),
    ...(outcomeScale(probeSet.outcome) ? { distributions: summariseDistributions(probeSet, probeSet.outcome, probes, outcomes) } : {}),
    method: {
      alpha: policy.alpha,
      correction: policy.correction,
      family: familyWords(findings),
      notes: [...methodNotes(probeSet, manifest, findings), ...(judged ? [judgeMethodNote(judged.result)] : probeSet.outcome.type === 'refusal' ? [refusalScorerNote()] : [])],
    },
  };
}

function methodNotes(probeSet: ProbeSet, manifest: RunManifest, findings: AuditResults['findings']): string[] {
  const notes = [
    'Design rule: when every block (probes that differ only in the audited attribute) holds one scored reply per group, paired tests are used (McNemar exact or Cochran\'s Q for rates; Wilcoxon signed-rank or Friedman for numbers) on the blocks where every group was scored. When blocks hold several replies per group (several names per group, several samples), the test is stratified by block (Cochran–Mantel–Haenszel for rates; a permutation test shuffling group labels within blocks, 9,999 resamples, for numbers). Without usable blocks, independent tests are used (chi-square or Fisher exact; Welch t or Kruskal–Wallis).',
    'Refused, unparsed and failed calls are counted per group and shown, and left out of rates and means. A block missing a group is left out of paired tests and reported as dropped; stratified tests use every block with at least two groups.',
    'Inference is conditional on the probes used: differences between the particular names or phrasings within a group are treated as fixed, and replies to the same prompt as independent draws.',
    ...statisticalNotes(probeSet.outcome, manifest.policy, findings),
  ];
  if (manifest.model.ignoredParameters?.length) {
    notes.push(`${manifest.model.spec} does not accept ${manifest.model.ignoredParameters.join(', ')}: the values recorded with the model parameters were not sent.`);
  }
  if (manifest.sampling) {
    const s = manifest.sampling;
    notes.push(`Sampling: ${s.probes} of the ${s.totalProbes} probes of the full expansion (${s.units} of ${s.totalUnits} blocks) were used, chosen by --max-probes ${s.maxProbes} with seed ${s.seed}: ${s.method}. Findings describe the sampled probes.`);
  }
  if (probeSet.outcome.type === 'sentiment') {
    notes.push('Outcome: VADER compound sentiment of each reply (-1 to 1; Hutto & Gilbert 2014), refusals counted and left out. Impact ratios and relative gaps of a mean on a signed scale are not meaningful when a mean is near zero or negative: read the difference and its interval.');
  }
  if (probeSet.outcome.type === 'toxicity') notes.push(`Outcome: toxic or not-toxic, refusals counted and left out. ${TOXICITY_BLIND_SPOTS}`);
  if (manifest.model.synthetic) notes.push('The model is the synthetic respondent `sim`, not a language model: its disparities are set by its profile (`bias-audit sim --describe`).');
  if (manifest.shard) {
    notes.push(`This is shard ${manifest.shard.index} of ${manifest.shard.count} of the audit: its findings cover only this slice of the probes (whole counterfactual blocks). The audit's verdict is that of the shards joined with \`bias-audit merge\`.`);
  }
  return notes;
}

/** How the replies of an audit ended: scored, refused, unparsed or failed calls. */
export function countOutcomes(probes: number, outcomes: readonly Outcome[]): OutcomeCounts {
  const counts: OutcomeCounts = { probes, calls: outcomes.length, scored: 0, refused: 0, unparsed: 0, errors: 0 };
  for (const o of outcomes) {
    if (o.status === 'scored') counts.scored++;
    else if (o.status === 'refused') counts.refused++;
    else if (o.status === 'unparsed') counts.unparsed++;
    else counts.errors++;
  }
  return counts;
}
