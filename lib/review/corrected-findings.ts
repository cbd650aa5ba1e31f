import { readScoredRun } from '../audit/scored-run.js';
import { detect } from '../detectors/index.js';
import { outcomeValue } from '../scorers/index.js';
import type { CorrectedFinding, Finding, Outcome, OutcomeSpec, Policy, Probe } from '../types.js';
import { correctDisparity, type CorrectionUnit, type EstimabilityRule, type ReadFlags } from './correct.js';
import { correctionOutcome } from './correction-wording.js';
import { reviewId } from './scored.js';

export interface CorrectFindingsOptions {
  /** Seeds the bootstrap (with the axis id). Default: the run's seed. */
  seed?: number;
  /** Bootstrap resamples; default 2000. */
  resamples?: number;
  confidence?: number;
  /** The policy the findings are judged by; default the manifest's (review --import passes results.json's). */
  policy?: Policy;
  /** The estimability thresholds; default ESTIMABILITY (correct.ts). For measuring the rule (bench/correction-coverage.ts). */
  rule?: EstimabilityRule;
}

/**
 * The run's rate findings checked against people's labels (`humanLabels`: review id -> label):
 * (a) the detectors re-run with people's labels in place of the scorer's where people labelled, and
 * (b) each axis's disparity corrected for the scorer's measured misclassification (correct.ts).
 * The run is read exactly as `bias-audit report` scores it (readScoredRun), so the findings are
 * those of results.json. Mean findings (numeric outcomes) have no labels to correct and are skipped.
 */
export async function correctFindings(dir: string, humanLabels: ReadonlyMap<string, string>, opts: CorrectFindingsOptions = {}): Promise<CorrectedFinding[]> {
  // The run exactly as its report scored it: the judge's verdicts, back-translated replies (scored-run.ts).
  const { manifest, probeSet, probes, samples, outcomes } = await readScoredRun(dir, opts.policy ? { policy: opts.policy } : {});
  const detectOpts = { policy: manifest.policy, seed: manifest.seed, samplesPerProbe: samples };
  const findings = detect(probeSet, probes, outcomes, detectOpts);
  const byId = new Map(probes.map((p) => [p.id, p]));
  const relabelled = outcomes.map((o) => {
    const label = humanLabels.get(reviewId(o.probeId, o.sample));
    const probe = byId.get(o.probeId);
    return label === undefined || o.status === 'error' || !probe ? o : peopleOutcome(o, label, probeSet.outcome, probe);
  });
  const withPeople = new Map(detect(probeSet, probes, relabelled, detectOpts).map((f) => [f.axis, f]));

  const single = new Set(probeSet.axes.filter((a) => a.components.length <= 1).map((a) => a.id));
  const seed = opts.seed ?? manifest.seed;
  // The review sample (scored.ts) and this correction read the replies as the report did; say what that means.
  const scorerNotes = [
    ...(manifest.judge ? [`This run was scored by the LLM judge ${manifest.judge.spec}: the review and this correction measure the judge's verdicts against people.`] : []),
    ...(manifest.translator ? ["This run's replies to translated prompts were read in their back-translation to English, by people as by the scorer: a translation error is not measured here."] : []),
  ];
  const out: CorrectedFinding[] = [];
  for (const f of findings) {
    if (f.metric !== 'rate') continue;
    const units: CorrectionUnit[] = [];
    for (let i = 0; i < outcomes.length; i++) {
      const o = outcomes[i] as Outcome;
      const probe = byId.get(o.probeId);
      const group = probe?.groups[f.axis];
      if (o.status === 'error' || !probe || group === undefined) continue;
      const h = relabelled[i] as Outcome;
      const human = humanLabels.has(reviewId(o.probeId, o.sample)) ? flags(h) : undefined;
      units.push({ group, stratum: stratumOf(probe, single, o), scorer: flags(o), ...(human ? { human } : {}) });
    }
    const c = correctDisparity(units, {
      groups: f.groups.map((g) => g.group),
      reference: f.reference,
      policy: manifest.policy,
      seed: `${seed}/${f.axis}`,
      ...(opts.resamples === undefined ? {} : { resamples: opts.resamples }),
      ...(opts.confidence === undefined ? {} : { confidence: opts.confidence }),
      ...(opts.rule === undefined ? {} : { rule: opts.rule }),
    });
    const people = withPeople.get(f.axis);
    out.push({
      findingId: f.id,
      axis: f.axis,
      axisTitle: f.axisTitle,
      verdict: f.verdict,
      withPeopleLabels: { verdict: people?.verdict ?? 'inconclusive', gap: people?.gap ?? 0 },
      correctedVerdict: c.correctedVerdict,
      survives: f.verdict === 'inconclusive' ? null : c.correctedVerdict === f.verdict,
      correctionOutcome: correctionOutcome(f.verdict, c.correctedVerdict),
      estimable: c.estimable,
      notEstimable: c.notEstimable,
      groups: c.groups,
      pairs: c.pairs,
      correctedGap: c.correctedGap,
      bootstrap: c.bootstrap,
      uncovered: c.uncovered,
      notes: [...notesFor(f, c), ...scorerNotes],
    });
  }
  return out;
}

/** A reply as people read it, in the scorer's terms: `refused` and `unparsed` set the reply aside (except for the refusal outcome, where `refused` is the measured label). */
export function peopleOutcome(o: Outcome, label: string, outcome: OutcomeSpec, probe: Pick<Probe, 'meta'>): Outcome {
  const reason = 'label from human review';
  if (label === 'unparsed') return { ...o, status: 'unparsed', value: null, label: null, reason };
  if (label === 'refused' && outcome.type !== 'refusal') return { ...o, status: 'refused', value: null, label: null, reason };
  return { ...o, status: 'scored', value: outcomeValue(outcome, label, probe), label, reason };
}

function flags(o: Outcome): ReadFlags {
  return { answer: o.status === 'scored', favourable: o.status === 'scored' && o.value === 1 };
}

/** The review sample's stratum of a reply (sample.ts): its single-axis groups and the scorer's label. */
function stratumOf(probe: Probe, single: ReadonlySet<string>, o: Outcome): string {
  const groups = Object.entries(probe.groups)
    .filter(([axis]) => single.has(axis))
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([k, v]) => `${k}=${v}`)
    .join('; ');
  return `${groups} | ${o.status === 'scored' && o.label !== null ? o.label : o.status}`;
}

function notesFor(f: Finding, c: ReturnType<typeof correctDisparity>): string[] {
  const notes: string[] = [];
  // Not estimable: the outcome sentence carries the first shortfall and the fix; notEstimable lists them all.
  if (c.uncovered > 0) notes.push(`${c.uncovered} replies are in strata (group x scorer label) no reviewed reply came from: the scorer's error there is not measured, and the correction leans on the other reviewed replies of the group with the same scorer reading.`);
  if (c.bootstrap.failed > 0) notes.push(`${c.bootstrap.failed} of ${c.bootstrap.resamples} bootstrap resamples could not be corrected (no answer left in a group) and were left out.`);
  if (f.groups.length < 2) notes.push('Fewer than two groups: no gap to correct.');
  return notes;
}
