import { detect } from '../detectors/index.js';
import { score } from '../scorers/index.js';
import type { AuditResults, OutcomeCounts, Probe, ProbeSet, ResponseRecord, RunManifest } from '../types.js';
import { pickExamples } from './examples.js';

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
): AuditResults {
  const samples = manifest.probeSet.samples;
  const outcomes = score(probeSet.outcome, probes, samples, records, keyOf);
  const findings = detect(probeSet, probes, outcomes, { policy: manifest.policy, seed: manifest.seed });
  const counts: OutcomeCounts = { probes: probes.length, calls: outcomes.length, scored: 0, refused: 0, unparsed: 0, errors: 0 };
  for (const o of outcomes) {
    if (o.status === 'scored') counts.scored++;
    else if (o.status === 'refused') counts.refused++;
    else if (o.status === 'unparsed') counts.unparsed++;
    else counts.errors++;
  }
  const passed = findings.every((f) => f.verdict !== 'fail');
  const { policy } = manifest;
  return {
    schemaVersion: 1,
    passed,
    verdict: passed ? 'pass' : 'fail',
    synthetic: manifest.model.synthetic,
    manifest,
    probeSet: {
      id: probeSet.id,
      title: probeSet.title,
      description: probeSet.description,
      domain: probeSet.domain,
      ...(probeSet.provenance === undefined ? {} : { provenance: probeSet.provenance }),
    },
    outcome: probeSet.outcome,
    counts,
    findings,
    examples: pickExamples(probeSet, probes, outcomes, (p, s) => records.get(keyOf(p, s))),
    method: {
      alpha: policy.alpha,
      correction: policy.correction,
      family: `the ${findings.length} omnibus test${findings.length === 1 ? '' : 's'} of this audit (one per axis); pairwise comparisons with the most favoured group are corrected within their axis`,
      notes: methodNotes(probeSet, manifest),
    },
  };
}

function methodNotes(probeSet: ProbeSet, manifest: RunManifest): string[] {
  const notes = [
    'Design rule: when every block (probes that differ only in the audited attribute) holds one scored reply per group, paired tests are used (McNemar exact or Cochran\'s Q for rates; Wilcoxon signed-rank or Friedman for numbers) on the blocks where every group was scored. When blocks hold several replies per group (several names per group, several samples), the test is stratified by block (Cochran–Mantel–Haenszel for rates; a permutation test shuffling group labels within blocks, 9,999 resamples, for numbers). Without usable blocks, independent tests are used (chi-square or Fisher exact; Welch t or Kruskal–Wallis).',
    'Refused, unparsed and failed calls are counted per group and shown, and left out of rates and means. A block missing a group is left out of paired tests and reported as dropped; stratified tests use every block with at least two groups.',
    'Inference is conditional on the probes used: differences between the particular names or phrasings within a group are treated as fixed, and replies to the same prompt as independent draws.',
    `Verdict: fail when the adjusted p-value is below ${manifest.policy.alpha} and the lowest impact ratio is below ${manifest.policy.minImpactRatio} or the gap exceeds ${probeSet.outcome.type === 'numeric' ? `${manifest.policy.maxRelativeMeanGap * 100}% of the reference mean` : `${manifest.policy.maxRateGap * 100} points`}; insufficient data when a group has fewer than ${manifest.policy.minGroupSize} scored replies.`,
  ];
  if (manifest.model.ignoredParameters?.length) {
    notes.push(`${manifest.model.spec} does not accept ${manifest.model.ignoredParameters.join(', ')}: the values recorded with the model parameters were not sent.`);
  }
  if (manifest.model.synthetic) notes.push('The model is the synthetic respondent `sim`, not a language model: its disparities are set by its profile (`bias-audit sim --describe`).');
  return notes;
}
